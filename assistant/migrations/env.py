"""Alembic's entry point. `assistant.db` passes an open connection (in a transaction,
under a cross-process lock); `alembic upgrade head` from a shell uses the configured
ASSISTANT_DATABASE_URL (or the SQLite file in the data dir) instead."""

from alembic import context

from assistant.tables import metadata


def run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_server_default=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from assistant.config import load_settings
    from assistant.db import make_engine

    engine = make_engine(load_settings().db_url)
    with engine.begin() as conn:
        run(conn)
    engine.dispose()

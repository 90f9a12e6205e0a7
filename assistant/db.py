"""The app database: feedback, conversations and the audit log, behind SQLAlchemy 2.

SQLite (`app.db` in the data dir, WAL) unless ASSISTANT_DATABASE_URL names a
PostgreSQL server, which several replicas can share. One engine per URL per process;
the schema is brought to the newest Alembic migration the first time a process uses
the database (and by the app on start), under a cross-process lock so replicas that
start together do not race. Every database failure leaves here as StorageError, whose
message says what to do and names no path or password.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterator
from urllib.parse import quote

from .errors import StorageError

if TYPE_CHECKING:  # SQLAlchemy is imported when a process first uses the database, not
    # before its first answer (~0.25 s of a warm restart, issue 13: `peek`).
    from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002"  # the newest migration; a test checks it against the scripts
_PG_MIGRATION_LOCK = 0x61737374  # pg_advisory_xact_lock key: "asst"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def make_engine(url: str) -> Engine:
    """An engine with the settings each backend needs for several threads and processes."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 10, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout=10000")  # writers queue instead of failing
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    # pre_ping: a replica survives a database restart; connect_timeout: a dead server fails fast.
    return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10,
                         connect_args={"connect_timeout": 5})


class Database:
    """One database URL: its engine, migrated once per process before first use."""

    def __init__(self, url: str):
        self.url = url
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._migrated = False
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """Made on first use, so a process imports SQLAlchemy only when it needs it."""
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = make_engine(self.url)
        return self._engine

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        database = self.engine.url.database
        return Path(database) if self.backend == "sqlite" and database else None

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- use ------------------------------------------------------------------------
    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction (committed on success), schema up to date;
        database failures become StorageError."""
        self.migrate()
        with self._mapped(), self.engine.begin() as conn:
            yield conn

    def peek(self, sql: str, params: tuple = ()) -> list[sqlite3.Row] | None:
        """The rows of a read-only query, read with the standard library's sqlite3
        instead of SQLAlchemy while this process has not made its engine yet: the API's
        key check before the first answer (issue 13), before the start-up's migration
        has imported SQLAlchemy. None when that cannot answer: the engine exists, the
        URL is not a plain SQLite file, the file or its newest schema is not there yet,
        or any SQLite error; the caller then asks the engine, which migrates and reports
        failures as usual."""
        path = _plain_sqlite_file(self.url)
        if self._engine is not None or path is None or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, timeout=10,
                                   check_same_thread=False)
        except sqlite3.Error:
            return None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("BEGIN")  # one snapshot for the revision check and the query
            if [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")] != [HEAD]:
                return None
            return conn.execute(sql, params).fetchall()
        except sqlite3.Error:
            return None
        finally:
            conn.close()

    @contextlib.contextmanager
    def _mapped(self) -> Iterator[None]:
        from sqlalchemy.exc import IntegrityError, SQLAlchemyError

        try:
            yield
        except IntegrityError:
            raise  # a constraint said no: the caller's business, not a storage failure
        except SQLAlchemyError as exc:
            raise self.storage_error(exc) from None

    def storage_error(self, exc: Exception) -> StorageError:
        """A short message people can act on; the details go to the server log only."""
        cause = getattr(exc, "orig", None) or exc
        log.error("app database %r unusable: %s: %s", self, type(cause).__name__, cause)
        return StorageError(storage_message(cause))

    # -- schema ---------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to HEAD (once per process; cheap when it already is)."""
        if self._migrated:
            return
        with self._lock:
            if self._migrated:
                return
            with self._mapped():
                if self.revision() != HEAD:
                    # checked again under the cross-process lock: a replica that started at the
                    # same moment may have migrated (and switched the file to WAL) meanwhile
                    with self._migration_lock():
                        if self.revision() != HEAD:
                            self._upgrade()
            self._migrated = True

    def revision(self) -> str | None:
        """The schema's Alembic revision (None: not migrated yet)."""
        from sqlalchemy import text

        with self.engine.connect() as conn:
            if not conn.dialect.has_table(conn, "alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def _upgrade(self) -> None:
        from alembic import command
        from alembic.config import Config
        from sqlalchemy import text

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:  # under _migration_lock (see migrate)
            if self.backend == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        log.info("app database %r migrated to %s", self, HEAD)

    @contextlib.contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """SQLite: a file lock beside the file (the `filelock` the index writers use), so two
        processes never switch it to WAL or migrate it at once (PostgreSQL uses an advisory
        lock inside the migration's transaction)."""
        path = self.path  # set for SQLite only
        if path is None:
            yield
            return
        from filelock import FileLock  # only a process that must migrate gets here

        with FileLock(path.with_name(path.name + ".migrate.lock")):
            self._set_wal()  # needs the file to itself: only one replica tries at a time
            yield

    def _set_wal(self) -> None:
        """WAL is a property of the file (persistent): readers never block the writer."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")

    # -- health ---------------------------------------------------------------------
    def problem(self) -> str | None:
        """None when the database can be read and written; else what health reports."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            self.migrate()
            with self.engine.connect() as conn:
                found = self._probe(conn)
        except StorageError as exc:
            return f"database: {exc}"
        except SQLAlchemyError as exc:
            return f"database: {self.storage_error(exc)}"
        return f"database: the app database {found}" if found else None

    def _probe(self, conn: Connection) -> str | None:
        if self.backend == "sqlite":
            verdict = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if verdict != "ok":
                return f"failed its integrity check ({verdict})"
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # takes the write lock: fails on a read-only file
            conn.exec_driver_sql("ROLLBACK")
            return None
        if conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on":
            return "is read-only (a standby server?)"
        return None

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _plain_sqlite_file(url: str) -> Path | None:
    """The file of a `sqlite:///<path>` URL with no driver or options (the default
    app.db), else None."""
    prefix = "sqlite:///"
    name = url[len(prefix):] if url.startswith(prefix) and "?" not in url else ""
    return Path(name) if name and name != ":memory:" else None


_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def open_database(target: str | Path) -> Database:
    """The process's Database for a URL (or an SQLite file path), created once."""
    url = target if isinstance(target, str) and "://" in target else sqlite_url(target)
    with _databases_lock:
        if url not in _databases:
            _databases[url] = Database(url)
        return _databases[url]


def database_for(settings) -> Database:
    return open_database(settings.db_url)


def close_database(target: str | Path) -> None:
    """Forget and dispose a Database (tests that drop theirs)."""
    url = target if isinstance(target, str) and "://" in target else sqlite_url(target)
    with _databases_lock:
        db = _databases.pop(url, None)
    if db is not None:
        db.dispose()


def storage_message(exc: BaseException) -> str:
    """What went wrong with the app database and what to do, without paths or tracebacks."""
    text_ = str(exc).lower()
    if "not a database" in text_ or "malformed" in text_ or "corrupt" in text_:
        return ("the app database is damaged, so ratings cannot be saved or read right now. An operator can restore "
                "app.db from a backup or move it aside (a new one is created on the next start).")
    if "readonly" in text_ or "read-only" in text_ or "permission" in text_ or "unable to open" in text_:
        return ("the app database is read-only, so ratings cannot be saved right now. An operator can make the data "
                "directory and app.db writable for the app.")
    if "locked" in text_ or "busy" in text_:
        return "the app database is busy; try again in a moment."
    if "connection" in text_ or "could not connect" in text_ or "timeout" in text_ or "password" in text_:
        return ("the app database server cannot be reached, so ratings cannot be saved right now. An operator can "
                "check ASSISTANT_DATABASE_URL and that the server is up.")
    return f"the app database cannot be used ({type(exc).__name__}); an operator can check the server log."

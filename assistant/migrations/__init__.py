"""Alembic migrations of the app database (run on start by `assistant.db`)."""

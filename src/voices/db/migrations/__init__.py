"""Alembic migrations for the decisions database; run them with :func:`voices.db.upgrade`."""

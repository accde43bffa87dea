"""Where the decisions database lives: an explicit URL, ``VOICES_DATABASE_URL``, or ``voices.db`` here."""

from __future__ import annotations

import os
from pathlib import Path

from voices.db.errors import DatabaseError

ENV_VAR = "VOICES_DATABASE_URL"
_POSTGRES_PREFIXES = ("postgres://", "postgresql://", "postgres+psycopg://")


def database_url(explicit: str | None = None) -> str:
    """Resolve the database URL: ``explicit``, else ``$VOICES_DATABASE_URL``, else ``sqlite:///<cwd>/voices.db``.

    PostgreSQL URLs written the usual ways (``postgres://``, ``postgresql://``) are normalised to the psycopg 3
    driver voices ships with (``postgresql+psycopg://``).

    Args:
        explicit: a URL given by the caller (CLI option, app setting); empty or None means "not given".

    Returns:
        A SQLAlchemy URL string.

    Raises:
        DatabaseError: the URL names a backend other than SQLite or PostgreSQL.

    Example:
        >>> database_url("postgres://u:p@db.example:5432/voices")
        'postgresql+psycopg://u:p@db.example:5432/voices'
        >>> database_url("sqlite:////tmp/x.db")
        'sqlite:////tmp/x.db'
    """
    url = (explicit or "").strip() or os.environ.get(ENV_VAR, "").strip()
    if not url:
        return f"sqlite:///{Path.cwd() / 'voices.db'}"
    for prefix in _POSTGRES_PREFIXES:
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("sqlite:", "postgresql+psycopg:")):
        return url
    raise DatabaseError(
        f"database URL {redact(url)!r}",
        expected="a sqlite:///path or postgresql://user:password@host/database URL",
        found=f"the scheme {url.split(':', 1)[0]!r}",
        fix=f"pass a SQLite or PostgreSQL URL, or unset {ENV_VAR} to use voices.db in the current folder",
    )


def redact(url: str) -> str:
    """Hide the password in a URL so it can be logged or shown in an error.

    Args:
        url: any database URL.

    Returns:
        The URL with its password replaced by ``***``.

    Example:
        >>> redact("postgresql+psycopg://voices:secret@localhost/voices")
        'postgresql+psycopg://voices:***@localhost/voices'
    """
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    if ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"

"""Engines and sessions: SQLite tuned for several writers at once, PostgreSQL with pre-ping."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from voices.db.errors import DatabaseError
from voices.db.url import database_url, redact

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 30
"""How long a SQLite writer waits for another writer's lock before giving up."""

_BEGIN_OPTION = "voices_sqlite_begin"


def connect(url: str | None = None) -> Engine:
    """Open an engine on the decisions database (no connection is made until first use).

    SQLite gets write-ahead logging (readers never block the writer), foreign keys on, and a busy timeout so
    concurrent writers queue rather than fail; each transaction starts with ``BEGIN IMMEDIATE`` so a
    transaction that reads before it writes cannot lose a race for the write lock. PostgreSQL gets
    ``pool_pre_ping`` so connections dropped by the server or a proxy are replaced silently.

    Args:
        url: a database URL; see :func:`voices.db.database_url` for the default.

    Returns:
        A SQLAlchemy engine. Call ``engine.dispose()`` when done with it.

    Raises:
        DatabaseError: the SQLite file's folder does not exist, or psycopg is missing for a PostgreSQL URL.

    Example:
        >>> import tempfile, sqlalchemy
        >>> engine = connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db")
        >>> with engine.connect() as conn:
        ...     [conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in ("journal_mode", "foreign_keys")]
        ['wal', 1]
        >>> engine.dispose()
    """
    resolved = database_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(resolved)
    log.debug("connecting to %s", redact(resolved))
    try:
        return create_engine(resolved, pool_pre_ping=True)
    except ModuleNotFoundError as error:
        raise DatabaseError(
            f"database URL {redact(resolved)!r}",
            expected="the psycopg driver for PostgreSQL",
            found=f"no module {error.name!r}",
            fix="pip install 'voices[postgres]' (or psycopg[binary])",
        ) from error


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or "mode=memory" in url
    if not in_memory and not database.startswith("file:"):
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseError(
                f"database URL {url!r}",
                expected="a SQLite file in an existing folder",
                found=f"no folder {folder}",
                fix=f"create the folder (mkdir -p {folder}) or point VOICES_DATABASE_URL somewhere else",
            )
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_SECONDS}}
    if in_memory:
        # One shared connection so every session sees the same in-memory database; no concurrency.
        kwargs = {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    log.debug("connecting to %s", url)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _begin_sqlite_transaction).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_sqlite_transaction(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def session(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """A unit of work: commits when the block ends, rolls back if it raises.

    Objects stay readable after the commit (``expire_on_commit=False``), so a repository function's return
    value can be used once the block has closed.

    Args:
        engine: from :func:`connect`.
        readonly: on SQLite, start the transaction without taking the write lock, so long reads never make
            writers wait. Ignored on PostgreSQL, where readers never block writers.

    Yields:
        A SQLAlchemy ORM session.

    Raises:
        DatabaseError: the database cannot be reached or is locked for longer than the busy timeout.

    Example:
        >>> import tempfile
        >>> from sqlalchemy import text
        >>> engine = connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db")
        >>> with session(engine) as s:
        ...     s.execute(text("SELECT 40 + 2")).scalar_one()
        42
        >>> engine.dispose()
    """
    bind = engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"}) if readonly else engine
    s = Session(bind, expire_on_commit=False)
    try:
        yield s
        s.commit()
    except exc.OperationalError as error:
        s.rollback()
        raise unreachable(engine, error) from error
    except BaseException:
        s.rollback()
        raise
    finally:
        s.close()


def unreachable(engine: Engine, error: exc.OperationalError) -> DatabaseError:
    """Explain a driver-level failure (cannot connect, database locked) as a :class:`DatabaseError`.

    Args:
        engine: the engine that failed.
        error: the SQLAlchemy error it raised.

    Returns:
        The error to raise, chained by the caller with ``from error``.

    Example:
        >>> from sqlalchemy import exc
        >>> engine = connect("sqlite://")
        >>> unreachable(engine, exc.OperationalError("SELECT 1", {}, Exception("database is locked"))).found
        'database is locked'
    """
    url = engine.url.render_as_string(hide_password=True)
    detail = (str(error.orig) if error.orig is not None else str(error)).strip().splitlines()[0]
    if engine.dialect.name == "sqlite":
        fix = (
            "another program held the write lock too long or the file is unreadable; close other writers, "
            "check the file's permissions, or move the team to PostgreSQL with VOICES_DATABASE_URL"
        )
    else:
        fix = "check the server is running and the URL's host, port, user and password (VOICES_DATABASE_URL)"
    return DatabaseError(f"database {url}", expected="a database that accepts the operation", found=detail, fix=fix)

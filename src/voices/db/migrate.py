"""Bring a database's schema up to date with Alembic; the migrations ship inside the package.

Alembic is imported only when a function here runs, so ``import voices.db`` stays light.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, exc

from voices.db.engine import connect, unreachable
from voices.db.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

T = TypeVar("T")

# Alembic's ``context`` and ``op`` are process-wide proxies: two threads migrating at once (two Streamlit
# sessions starting together) would run each other's operations. One migration per process at a time; across
# processes, PostgreSQL's advisory lock (env.py) and SQLite's write lock serialise them.
_ALEMBIC_LOCK = threading.Lock()

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations (no ``alembic.ini`` needed).

    Args:
        connection: run migrations on this connection, inside its transaction.

    Returns:
        An ``alembic.config.Config`` to pass to ``alembic.command`` functions.

    Example:
        >>> alembic_config().get_main_option("script_location").endswith("migrations")
        True
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this version of voices knows.

    Returns:
        An Alembic revision id.

    Example:
        >>> head_revision()
        '0001'
    """
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, f"no migrations found in {MIGRATIONS}"
    return head


def current_revision(target: str | Engine | None = None) -> str | None:
    """The revision a database is at, or None if it has never been migrated.

    Args:
        target: a URL or an engine; see :func:`voices.db.database_url` for the default.

    Returns:
        An Alembic revision id, or None.

    Example:
        >>> import tempfile
        >>> url = f"sqlite:///{tempfile.mkdtemp()}/voices.db"
        >>> current_revision(url) is None
        True
    """
    from alembic.runtime.migration import MigrationContext

    def read(engine: Engine) -> str | None:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    return _with_engine(target, read)


def upgrade(target: str | Engine | None = None, revision: str = "head") -> None:
    """Migrate a database up to ``revision`` (the newest by default); safe to run again and again.

    Everything runs in one transaction, so a failed migration leaves the database as it was. Concurrent calls
    wait for each other: threads on a process lock, processes on PostgreSQL's advisory lock or SQLite's write
    lock.

    Args:
        target: a URL or an engine; see :func:`voices.db.database_url` for the default.
        revision: an Alembic revision id, or ``head``.

    Raises:
        DatabaseError: the database cannot be reached.

    Example:
        >>> import tempfile
        >>> url = f"sqlite:///{tempfile.mkdtemp()}/voices.db"
        >>> upgrade(url); upgrade(url)
        >>> current_revision(url) == head_revision()
        True
    """
    from alembic import command

    def run(engine: Engine) -> None:
        with _ALEMBIC_LOCK, engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)

    _with_engine(target, run)
    log.info("database schema at %s", revision)


def downgrade(target: str | Engine | None = None, revision: str = "base") -> None:
    """Migrate a database down to ``revision`` (``base`` drops every voices table). Destroys data.

    Args:
        target: a URL or an engine; see :func:`voices.db.database_url` for the default.
        revision: an Alembic revision id, or ``base``.

    Raises:
        DatabaseError: the database cannot be reached.

    Example:
        >>> import tempfile
        >>> url = f"sqlite:///{tempfile.mkdtemp()}/voices.db"
        >>> upgrade(url); downgrade(url)
        >>> current_revision(url) is None
        True
    """
    from alembic import command

    def run(engine: Engine) -> None:
        with _ALEMBIC_LOCK, engine.begin() as conn:
            command.downgrade(alembic_config(conn), revision)

    _with_engine(target, run)
    log.warning("database schema downgraded to %s", revision)


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not the one this version of voices expects.

    Args:
        engine: from :func:`voices.db.connect`.

    Raises:
        DatabaseError: the database is unmigrated, behind, or ahead of this version of voices.

    Example:
        >>> import tempfile
        >>> engine = connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db")
        >>> upgrade(engine); require_current(engine)
        >>> engine.dispose()
    """
    found, expected = current_revision(engine), head_revision()
    if found != expected:
        url = engine.url.render_as_string(hide_password=True)
        raise DatabaseError(
            f"database {url}",
            expected=f"schema revision {expected}",
            found="an empty database" if found is None else f"revision {found}",
            fix="run `voices db upgrade` (or voices.db.upgrade()), or install the voices version that wrote it",
        )


def _with_engine(target: str | Engine | None, action: Callable[[Engine], T]) -> T:
    engine = target if isinstance(target, Engine) else connect(target)
    try:
        return action(engine)
    except exc.OperationalError as error:
        raise unreachable(engine, error) from error
    finally:
        if engine is not target:
            engine.dispose()

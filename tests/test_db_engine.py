"""voices.db.connect and voices.db.session: SQLite tuned for concurrent writers, errors that explain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from voices import db
from voices.db.models import Person


def test_connect_sqlite_sets_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = db.connect(f"sqlite:///{tmp_path / 'v.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
    finally:
        engine.dispose()


def test_connect_sqlite_in_missing_folder_explains_the_fix(tmp_path: Path) -> None:
    with pytest.raises(db.DatabaseError, match=r"no folder .*nowhere.*Fix: create the folder"):
        db.connect(f"sqlite:///{tmp_path / 'nowhere' / 'v.db'}")


def test_connect_postgres_uses_pre_ping() -> None:
    engine = db.connect("postgres://u:p@localhost:1/x")
    assert engine.pool._pre_ping is True
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_session_unreachable_server_raises_database_error_without_password() -> None:
    engine = db.connect("postgresql://voices:topsecret@127.0.0.1:9/voices?connect_timeout=2")
    with pytest.raises(db.DatabaseError) as caught, db.session(engine) as s:
        s.execute(text("SELECT 1"))
    assert "topsecret" not in str(caught.value)
    assert "Fix: check the server is running" in str(caught.value)
    engine.dispose()


def test_session_commits_on_success_and_rolls_back_on_error(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        db.create_person(s, "Asha", role="researcher", by=None)
    with pytest.raises(RuntimeError), db.session(db_engine) as s:
        db.create_person(s, "Ghost", role="researcher", by=None)
        raise RuntimeError("abandon")
    with db.session(db_engine, readonly=True) as s:
        assert s.scalars(select(Person.display_name)).all() == ["Asha"]


def test_session_objects_stay_readable_after_commit(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        person, _ = db.create_person(s, "Asha", role="researcher", by=None)
    assert person.display_name == "Asha" and person.id is not None


def test_import_voices_db_does_not_import_alembic() -> None:
    code = "import sys, voices.db; print('alembic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_connect_postgres_without_psycopg_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` raise ModuleNotFoundError
    with pytest.raises(db.DatabaseError, match=r"voices\[postgres\]"):
        db.connect("postgresql://u:p@localhost/x")

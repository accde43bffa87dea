"""Alembic migrations: shipped in the package, idempotent, reversible, and matching the models."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import inspect, select

from voices import db
from voices.db.migrate import MIGRATIONS, alembic_config
from voices.db.models import Base, Person

TABLES = {
    "people",
    "panels",
    "panel_members",
    "panel_runs",
    "reviews",
    "quote_flags",
    "missing_theme_suggestions",
    "decisions",
    "theme_versions",
    "codings",
    "memos",
    "audit_events",
}


def _tables(url: str) -> set[str]:
    engine = db.connect(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_ship_inside_the_package() -> None:
    assert MIGRATIONS.is_dir() and (MIGRATIONS / "env.py").is_file()
    assert "voices/db/migrations" in alembic_config().get_main_option("script_location").replace("\\", "/")


def test_upgrade_creates_every_table_at_head(empty_db_url: str) -> None:
    assert db.current_revision(empty_db_url) is None
    db.upgrade(empty_db_url)
    assert _tables(empty_db_url) == TABLES | {"alembic_version"}
    assert db.current_revision(empty_db_url) == db.head_revision()


def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    with db.session(engine := db.connect(db_url)) as s:
        db.create_person(s, "Asha", role="researcher", by=None)
    db.upgrade(db_url)
    assert db.current_revision(db_url) == db.head_revision()
    with db.session(engine) as s:
        assert s.scalars(select(Person.display_name)).all() == ["Asha"]
    engine.dispose()


def test_downgrade_to_base_then_upgrade_again(db_url: str) -> None:
    db.downgrade(db_url)
    assert db.current_revision(db_url) is None
    assert _tables(db_url) <= {"alembic_version"}
    db.upgrade(db_url)
    assert _tables(db_url) == TABLES | {"alembic_version"}


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = db.connect(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_upgrade_from_several_workers_at_once_applies_once(empty_db_url: str) -> None:
    engine = db.connect(empty_db_url)
    try:
        with ThreadPoolExecutor(4) as pool:
            for future in [pool.submit(db.upgrade, engine) for _ in range(4)]:
                future.result(timeout=60)
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_upgrade_from_several_processes_at_once_applies_once(empty_db_url: str) -> None:
    code = "import sys, voices.db; voices.db.upgrade(sys.argv[1])"
    workers = [subprocess.Popen([sys.executable, "-c", code, empty_db_url], stderr=subprocess.PIPE) for _ in range(3)]
    errors = [worker.communicate(timeout=60)[1].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0], errors
    assert db.current_revision(empty_db_url) == db.head_revision()


def test_require_current_refuses_an_unmigrated_database(empty_db_url: str) -> None:
    engine = db.connect(empty_db_url)
    try:
        with pytest.raises(db.DatabaseError, match=r"found an empty database\. Fix: run `voices db upgrade`"):
            db.require_current(engine)
        db.upgrade(engine)
        db.require_current(engine)
    finally:
        engine.dispose()

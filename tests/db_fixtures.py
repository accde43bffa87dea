"""Database fixtures: a fresh, migrated decisions database on SQLite and on PostgreSQL.

Registered from ``tests/conftest.py`` with ``pytest_plugins = ["db_fixtures"]``.

Every test that uses :func:`db_url`, :func:`empty_db_url` or :func:`db_engine` runs twice: on a SQLite file in
``tmp_path`` and on PostgreSQL in a schema of its own (created for the test, dropped after it), so tests never
see each other's rows. PostgreSQL comes from ``VOICES_TEST_POSTGRES_URL`` (``.ci/postgres.sh`` starts one and
prints it). Without it the PostgreSQL runs skip, except under ``CI=true`` where they fail: CI must test both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from voices import db
from voices.db import access
from voices.db.models import Person

POSTGRES_ENV = "VOICES_TEST_POSTGRES_URL"
HOW_TO_START = f'start one with: eval "export $(sudo .ci/postgres.sh | tail -n 1)" (sets {POSTGRES_ENV})'

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def postgres_server_url() -> str:
    """The test server's URL, or skip (fail under ``CI=true``) when it is not configured."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        return db.database_url(url)
    message = f"{POSTGRES_ENV} is not set, so the PostgreSQL half of the database tests cannot run; {HOW_TO_START}"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true requires PostgreSQL tests to run: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on the test server used only to create and drop per-test schemas."""
    engine = create_engine(postgres_server_url(), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # a configured but unreachable server is a failure, never a skip
        engine.dispose()
        pytest.fail(f"{POSTGRES_ENV} is set but the server does not answer ({error}); {HOW_TO_START}", pytrace=False)
    yield engine
    engine.dispose()


def _postgres_schema_url(request: pytest.FixtureRequest) -> Iterator[str]:
    admin: Engine = request.getfixturevalue("postgres_admin")
    schema = f"voices_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = postgres_server_url()
    separator = "&" if "?" in base else "?"
    # search_path puts every table (and alembic_version) in the test's own schema; application_name lets the
    # teardown find connections the test forgot to close; commits skip waiting for the disk (test data only).
    options = f"-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"
    yield f"{base}{separator}options={options}&application_name={schema}"
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": schema},
        )
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A URL to an empty, unmigrated database: a SQLite file, then a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'voices.db'}"
    else:
        yield from _postgres_schema_url(request)


@pytest.fixture
def db_url(empty_db_url: str) -> str:
    """A URL to a fresh database migrated to head, on each backend."""
    db.upgrade(empty_db_url)
    return empty_db_url


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh migrated database, on each backend; disposed after the test."""
    engine = db.connect(db_url)
    yield engine
    engine.dispose()


@dataclass(frozen=True)
class Team:
    """A researcher and two panel members on one panel that may see ``run_id``, with their access codes."""

    lead: Person
    member: Person
    other_member: Person
    codes: dict[str, str]
    run_id: str = "2025-06-housing"


@pytest.fixture
def team(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Team:
    """A small team in the fresh database: one researcher, one panel with two members and one run.

    Hashes its access codes with a cheaper scrypt cost (stored in each hash, so verification still works) to
    keep the suite fast; ``test_db_people`` checks the production cost without this fixture.
    """
    monkeypatch.setattr(access, "SCRYPT_N", 2**10)
    with db.session(db_engine) as s:
        lead, lead_code = db.create_person(s, "Asha", role="researcher", by=None)
        member, member_code = db.create_person(s, "Jo", role="panel_member", by=lead)
        other, other_code = db.create_person(s, "Kez", role="panel_member", by=lead)
        panel = db.create_panel(s, "Tenants panel", by=lead)
        db.invite(s, panel, member, by=lead)
        db.invite(s, panel, other, by=lead)
        db.grant_run(s, panel, Team.run_id, by=lead)
    return Team(lead, member, other, {"Asha": lead_code, "Jo": member_code, "Kez": other_code})

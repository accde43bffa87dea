"""voices.db.database_url: where the decisions database lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.db import DatabaseError, database_url
from voices.db.url import redact


def test_database_url_prefers_explicit_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICES_DATABASE_URL", "sqlite:////from/env.db")
    assert database_url("sqlite:////explicit.db") == "sqlite:////explicit.db"


def test_database_url_reads_env_when_no_explicit_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICES_DATABASE_URL", "sqlite:////from/env.db")
    assert database_url() == "sqlite:////from/env.db"
    assert database_url("") == "sqlite:////from/env.db"


def test_database_url_defaults_to_voices_db_in_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VOICES_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_url() == f"sqlite:///{tmp_path / 'voices.db'}"


@pytest.mark.parametrize(
    "given",
    ["postgres://u:p@h:5432/d", "postgresql://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"],
)
def test_database_url_normalises_postgres_to_psycopg(given: str) -> None:
    assert database_url(given) == "postgresql+psycopg://u:p@h:5432/d"


def test_database_url_rejects_other_backends_without_leaking_password() -> None:
    with pytest.raises(DatabaseError) as caught:
        database_url("mysql://root:hunter2@db/voices")
    message = str(caught.value)
    assert "hunter2" not in message
    assert "'mysql'" in message and "Fix:" in message


def test_redact_hides_only_the_password() -> None:
    assert (
        redact("postgresql+psycopg://voices:s3cret@localhost:5432/x")
        == "postgresql+psycopg://voices:***@localhost:5432/x"
    )
    assert redact("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"

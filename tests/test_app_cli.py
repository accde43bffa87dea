"""``voices app`` and ``voices panel``: thin CLI wrappers, tested through a Typer app with ``register``."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app_runs import build_run
from voices import db
from voices.db import access

app_cli = importlib.import_module("voices.cli.review")  # `voices.cli.review` the attribute is the Typer app itself
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setattr(access, "SCRYPT_N", 2**10)
    monkeypatch.delenv("VOICES_ACCESS_CODE", raising=False)
    app = typer.Typer()
    app_cli.register(app)
    return app


def invoke(app: typer.Typer, *args: str, **env: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env=env or None)


def test_cli_panel_commands_create_invite_grant_and_list(cli: typer.Typer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    first = invoke(cli, "panel", "researcher", "Asha", "--database", url)
    assert first.exit_code == 0, first.output
    lead_code = CODE.search(first.output).group(0)
    assert "shown once" in first.output
    created = invoke(cli, "panel", "create", "Tenants panel", "--run", "run-1", "--database", url, "--code", lead_code)
    assert created.exit_code == 0, created.output
    invited = invoke(
        cli, "panel", "invite", "Tenants panel", "Jo", "Kez", "--database", url, VOICES_ACCESS_CODE=lead_code
    )
    assert invited.exit_code == 0, invited.output
    codes = CODE.findall(invited.output)
    assert len(codes) == 2
    granted = invoke(cli, "panel", "grant", "Tenants panel", "run-2", "--database", url, "--code", lead_code)
    assert granted.exit_code == 0, granted.output
    listed = invoke(cli, "panel", "list", "--database", url)
    assert "Tenants panel" in listed.output and "Jo, Kez" in listed.output and "run-1, run-2" in listed.output
    assert not CODE.search(listed.output)  # codes are never listed
    engine = db.connect(url)
    with db.session(engine, readonly=True) as s:
        jo = db.verify_access_code(s, codes[0])
        assert jo.display_name == "Jo" and db.runs_for(s, jo) == ["run-1", "run-2"]
    engine.dispose()


def test_cli_panel_commands_need_a_researchers_code(cli: typer.Typer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    invoke(cli, "panel", "researcher", "Asha", "--database", url)
    second = invoke(cli, "panel", "researcher", "Bo", "--database", url, "--code", "AAAA-BBBB-CCCC-DDDD")
    assert second.exit_code == 2 and "not an active researcher" in second.output
    missing = invoke(cli, "panel", "invite", "Nope", "Jo", "--database", url, "--code", "AAAA-BBBB-CCCC-DDDD")
    assert missing.exit_code == 2


def test_cli_app_refuses_a_folder_without_runs(cli: typer.Typer, tmp_path: Path) -> None:
    result = invoke(cli, "app", str(tmp_path), "--database", f"sqlite:///{tmp_path / 'voices.db'}")
    assert result.exit_code == 2 and "expected a run directory" in " ".join(result.output.split())


def test_cli_app_creates_the_first_researcher_and_starts_streamlit_headless(
    cli: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = build_run(tmp_path / "runs")
    url = f"sqlite:///{tmp_path / 'voices.db'}"
    calls = []
    monkeypatch.setattr(app_cli.subprocess, "call", lambda cmd, env: calls.append((cmd, env)) or 0)
    result = invoke(cli, "app", str(run), "--port", "8611", "--host", "127.0.0.1", "--database", url)
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:8611/?run={run.name}" in result.output.replace("\n", "")
    code = CODE.search(result.output).group(0)
    engine = db.connect(url)
    with db.session(engine, readonly=True) as s:
        assert db.verify_access_code(s, code).role == "researcher"
    engine.dispose()
    ((cmd, env),) = calls
    assert cmd[1:4] == ["-m", "streamlit", "run"] and cmd[4].endswith("app/streamlit_app.py")
    assert "--server.headless=true" in cmd and "--server.port=8611" in cmd and "--theme.primaryColor=#1D4ED8" in cmd
    assert env["VOICES_APP_RUNS"] == str(run.resolve()) and env["VOICES_DATABASE_URL"] == url
    again = invoke(cli, "app", str(run), "--database", url)
    assert not CODE.search(again.output)  # a researcher exists now: no new code


def test_cli_streamlit_command_uses_the_app_theme() -> None:
    cmd = app_cli.streamlit_command(Path("app/streamlit_app.py"), port=8600, host="0.0.0.0")
    assert "--server.address=0.0.0.0" in cmd and "--client.toolbarMode=viewer" in cmd
    assert app_cli.app_script().name == "streamlit_app.py"

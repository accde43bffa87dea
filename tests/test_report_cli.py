"""``voices report RUN``: writes beside the run (never in it) and prints the two paths."""

# ruff: noqa: F811  (the report_runs fixtures are imported by name)

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from report_runs import paired_run  # noqa: F401 (fixtures)
from voices.cli import report as report_cli
from voices.report import default_output_dir, write_report
from voices.report.errors import ReportError
from voices.runstore import open_run


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, as in the real app: `voices report RUN`
        """voices"""

    report_cli.register(app)
    return app


def _files(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")}


@pytest.fixture
def own_run(paired_run: Path, tmp_path: Path) -> Path:
    """A copy of the paired run in a folder of its own (so default outputs land in tmp_path)."""
    target = tmp_path / "runs" / paired_run.name
    shutil.copytree(paired_run, target)
    return target


def test_report_cli_writes_beside_the_run_and_prints_both_paths(own_run: Path) -> None:
    before = _files(own_run)
    result = CliRunner().invoke(_app(), ["report", str(own_run)])
    assert result.exit_code == 0, result.output
    out = default_output_dir(open_run(own_run))
    assert out == own_run.parent / f"{own_run.name}-report"
    assert result.output.split() == [str(out / "report.html"), str(out / "report.xlsx")]
    assert (out / "report.html").stat().st_size > 1_000_000  # plotly.js is inlined
    assert _files(own_run) == before and open_run(own_run).verify() == []


def test_report_cli_takes_a_runs_folder_and_reports_its_newest_run(own_run: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["report", str(own_run.parent), "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "report.html").exists() and (tmp_path / "out" / "report.xlsx").exists()
    assert not (own_run.parent / f"{own_run.name}-report").exists()


def test_report_cli_refuses_an_output_folder_inside_the_run(own_run: Path) -> None:
    before = _files(own_run)
    result = CliRunner().invoke(_app(), ["report", str(own_run), "--output", str(own_run / "report")])
    assert result.exit_code == 1
    assert "expected a folder outside the run" in " ".join(result.output.split())
    assert _files(own_run) == before


def test_write_report_refuses_the_run_directory_itself(own_run: Path) -> None:
    with pytest.raises(ReportError, match="outside the run"):
        write_report(own_run, own_run)


def test_report_cli_fails_plainly_on_something_that_is_not_a_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a voices run" in " ".join(result.output.split())


def test_write_report_replaces_an_earlier_report(own_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    first = write_report(own_run, out, title="First")
    second = write_report(own_run, out, title="Second")
    assert first == second
    text = second[0].read_text(encoding="utf-8")
    assert "<title>Second</title>" in text and "<title>First</title>" not in text
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.xlsx"]

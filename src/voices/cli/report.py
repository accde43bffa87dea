"""``voices report RUN``: write a run's report (one self-contained HTML page and an XLSX workbook) beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from voices.cli.console import console, fail, setup_logging
from voices.errors import VoicesError


def report(
    run: Annotated[
        Path, typer.Argument(help="A run directory (or a runs folder: its newest run).", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write report.html and report.xlsx to (default: <runs folder>/<run id>-report; "
            "never inside the run).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="The report's title (default: from the run's name).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Write RUN's report: themes with quotes, breakdowns, pairings, anonymisation and method, as HTML and XLSX.

    Prints the two paths. Small cells stay suppressed exactly as the run published them.
    """
    from voices.report import write_report

    setup_logging(verbose)
    try:
        html_path, xlsx_path = write_report(run, output, title=title)
    except VoicesError as exc:
        raise fail(exc) from exc
    console.print(str(html_path), soft_wrap=True)
    console.print(str(xlsx_path), soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the main app."""
    app.command("report")(report)

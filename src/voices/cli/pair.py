"""``voices pair RUN``: pair a run's themes with deprivation, area indicators and time series (a new run)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from voices.cli.console import console, err_console, fail, setup_logging
from voices.errors import VoicesError


def pair(
    run: Annotated[
        Path, typer.Argument(help="A run directory (or a runs folder: its newest run).", show_default=False)
    ],
    indicators: Annotated[
        list[str] | None,
        typer.Option(
            "--indicators",
            "-i",
            help="An indicator file: tidy CSV/XLSX (indicator, geography, "
            "area_code, period, value, source, licence) or an ONS time-series CSV; 'builtin:cpi' for the "
            "bundled CPI annual rate. Repeat for several.",
        ),
    ] = None,
    runs_dir: Annotated[Path | None, typer.Option(help="Where to write the new run (default: beside RUN).")] = None,
    freq: Annotated[str, typer.Option(help="Periods for theme volumes: week, month, quarter or year.")] = "month",
    threshold: Annotated[int, typer.Option(help="Suppress counts below this many people.")] = 10,
    group_by: Annotated[
        list[str] | None,
        typer.Option(
            "--group-by",
            help="A grouping: a segment column or meta path (demographics.age_band). "
            "Repeat for several; default: every demographics field.",
        ),
    ] = None,
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Leave out the bundled IMD 2019.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Pair RUN's themes with IMD 2019 and any --indicators; write the tables into a NEW run beside RUN.

    Runs are immutable: RUN is only read. The new run holds RUN's segments, tables and artifacts plus
    pair_deciles, pair_groups, pair_tests, pair_indicators, pair_time, pair_lags (small cells suppressed) and
    the 'pairing' artifact with matches, caveats and attribution.
    """
    from voices.indicators.files import pair_run
    from voices.runstore import open_run

    setup_logging(verbose)
    if freq not in ("week", "month", "quarter", "year"):
        err_console.print(f"[bold red]error:[/] --freq must be week, month, quarter or year, got {freq!r}.")
        raise typer.Exit(2)
    try:
        path = pair_run(
            run,
            indicators=indicators or [],
            runs_dir=runs_dir,
            freq=freq,
            threshold=threshold,
            group_by=group_by or None,
            builtin=not no_builtin,
        )
        new = open_run(path)
        report = new.artifact("pairing")
    except VoicesError as exc:
        raise fail(exc) from exc
    table = Table(title=f"Paired → {path}", show_header=True)
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("suppressed", justify="right")
    for name in ("pair_deciles", "pair_groups", "pair_tests", "pair_indicators", "pair_time", "pair_lags"):
        frame = new.table(name)
        hidden = int(frame["suppressed"].sum()) if "suppressed" in frame.columns else 0
        table.add_row(name, str(len(frame)), str(hidden) if "suppressed" in frame.columns else "–")
    console.print(table)
    geo = report["geography"]

    def count(value: int | None) -> str:
        return "suppressed" if value is None else str(value)

    levels = ", ".join(f"{k} {count(v)}" for k, v in sorted(geo["by_level"].items()))
    console.print(f"People by area match: {levels}")
    if geo["not_at_lsoa"]:
        shown = ", ".join(f"{i['area']} ({count(i['count'])})" for i in geo["not_at_lsoa"][:8])
        console.print(f"Not placed at LSOA: {count(geo['not_at_lsoa_total'])} people — {shown}")
    tests = report["tests"]
    console.print(
        f"{tests['significant']} of {tests['run']} group differences significant after "
        f"Benjamini–Hochberg at {tests['fdr']:.0%}."
    )
    if report.get("indicator_rows_quarantined_total"):
        first = report["indicator_rows_quarantined"][0]
        err_console.print(
            f"[bold yellow]warning:[/] {report['indicator_rows_quarantined_total']} indicator rows "
            f"quarantined (first: {first['file']} row {first['row']}: {first['reason']})."
        )


def register(app: typer.Typer) -> None:
    """Add the ``pair`` command to the main app."""
    app.command("pair")(pair)

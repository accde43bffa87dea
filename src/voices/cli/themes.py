"""``voices themes``: find themes in one text column of a CSV, JSONL or Parquet file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from voices.cli.console import console, err_console, fail, progress_bar, setup_logging
from voices.errors import VoicesError


def themes(
    input: Annotated[
        Path, typer.Argument(help="A .csv, .jsonl or .parquet file.", show_default=False, metavar="INPUT")
    ],
    text_column: Annotated[str, typer.Option("--text-column", help="The free-text column.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write into.", show_default=False)],
    seed: Annotated[int, typer.Option(help="The one seed: the same seed and input give the same themes.")] = 0,
    embedder: Annotated[str, typer.Option(help="default, fast, or a model folder.")] = "default",
    split_by: Annotated[
        str | None, typer.Option(help="A column to find separate themes per value of (e.g. the question).")
    ] = None,
    stability_runs: Annotated[int, typer.Option(help="Refits used to score each theme's stability (0 to skip).")] = 3,
    no_anonymise: Annotated[
        bool,
        typer.Option("--no-anonymise", help="The text is already anonymised: skip masking (recorded in the manifest)."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Find themes in TEXT_COLUMN of INPUT and write them to OUTPUT.

    The text is anonymised first. OUTPUT gets assignments.csv (row = 1-based record number, theme_id,
    probability; several rows for a record with several themes; theme_id -1 when none fits), themes.json (labels,
    keywords, descriptions, quotes, shares with 95% intervals, stability), manifest.json and model/ (to assign
    new text later).
    """
    from voices.themes.files import themes_file

    setup_logging(verbose)
    try:
        with progress_bar() as progress:
            summary = themes_file(
                input,
                output,
                text_column=text_column,
                seed=seed,
                embedder=embedder,
                anonymise=not no_anonymise,
                split_by=split_by,
                stability_runs=stability_runs,
                progress=progress,
            )
    except VoicesError as exc:
        raise fail(exc) from exc
    import json

    doc = json.loads((Path(summary["output"]) / "themes.json").read_text(encoding="utf-8"))
    table = Table(title=f"{summary['themes']} themes in {summary['rows']} rows → {summary['output']}")
    for col, justify in (("id", "right"), ("theme", "left"), ("share", "right"), ("stability", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for rec in doc["themes"]:
        if rec["level"] == 0:
            stab = "" if rec["stability"] is None else f"{rec['stability']:.2f}"
            table.add_row(str(rec["theme_id"]), rec["label"], f"{100 * rec['share']:.1f}%", stab)
    console.print(table)
    console.print(f"{100 * summary['unassigned_share']:.1f}% of rows unassigned; {summary['seconds']} s.")
    if no_anonymise:
        err_console.print("[bold yellow]warning:[/] --no-anonymise: the text was used as given (recorded).")


def register(app: typer.Typer) -> None:
    """Add the ``themes`` command to the main app."""
    app.command("themes")(themes)

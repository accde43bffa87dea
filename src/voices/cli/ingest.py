"""``voices ingest``: read export files into one table of segments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from voices.cli.console import console, err_console, fail, progress_bar, setup_logging
from voices.errors import VoicesError


def sidecar(output: Path, kind: str) -> Path:
    """``out.csv`` → ``out.quarantine.csv`` (kind = quarantine or dropped)."""
    return output.with_name(f"{output.stem}.{kind}.csv")


def ingest(
    files: Annotated[list[Path], typer.Argument(help="Export files to read.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write segments (.csv, .jsonl, .parquet).")],
    kind: Annotated[str, typer.Option(help="consultation, transcript, social, or auto.")] = "auto",
    platform: Annotated[str | None, typer.Option(help="Force a platform/format instead of detecting it.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Read FILES into segments (one per answer, turn or post) and write them to OUTPUT.

    Rows that cannot be read go to OUTPUT's stem + .quarantine.csv (file, row, reason); rows left out on
    purpose go to .dropped.csv. Exits non-zero only when a whole file cannot be read. The output holds raw
    text: run `voices anonymise` on it before sharing.
    """
    from voices import ingest as ingest_lib
    from voices.corpus import conform, validate
    from voices.tables import table_format, write_table

    setup_logging(verbose)
    try:
        table_format(output)
    except VoicesError as exc:
        raise fail(exc, 2) from exc
    results, failures = [], []
    with progress_bar() as progress:
        for i, path in enumerate(files):
            progress("reading", i, len(files))
            options = {}
            if platform:
                options["format" if _kind_of(path, kind) == "transcript" else "platform"] = platform
            try:
                results.append(ingest_lib.read(path, kind=kind, **options))
            except VoicesError as exc:
                failures.append((path, exc))
                err_console.print(f"[bold red]error:[/] {exc}")
        progress("reading", len(files), len(files))
    frames = [conform(r.segments) for r in results if len(r.segments)]
    segments = pd.concat(frames, ignore_index=True) if frames else conform(pd.DataFrame())
    if any(
        r.source_format.startswith(
            ("x_", "reddit", "mastodon", "bluesky", "youtube", "tiktok", "crowdtangle", "generic")
        )
        for r in results
    ) and len(segments):
        from voices.ingest import social

        social_rows = segments["source_kind"] == "social"
        if social_rows.any():
            marked = social.mark_duplicates(segments.loc[social_rows].reset_index(drop=True))
            segments.loc[social_rows, "duplicate_of"] = marked["duplicate_of"].to_numpy()
    try:
        validate(segments)
    except VoicesError as exc:
        raise fail(exc) from exc
    write_table(segments, output)
    quarantine = (
        pd.concat([r.quarantine_frame() for r in results], ignore_index=True)
        if results
        else pd.DataFrame(columns=["file", "row", "reason"])
    )
    dropped = (
        pd.concat([r.dropped_frame() for r in results], ignore_index=True)
        if results
        else pd.DataFrame(columns=["file", "row", "reason"])
    )
    quarantine.to_csv(sidecar(output, "quarantine"), index=False)
    dropped.to_csv(sidecar(output, "dropped"), index=False)
    _print_summary(results, segments, output)
    if failures:
        raise typer.Exit(1)


def _kind_of(path: Path, kind: str) -> str:
    from voices import ingest as ingest_lib

    return ingest_lib.guess_kind(path) if kind == "auto" else kind


def _print_summary(results: list, segments: pd.DataFrame, output: Path) -> None:
    table = Table(title="ingest", show_lines=False)
    for col in ("file", "format", "records in", "kept", "quarantined", "dropped", "segments"):
        table.add_column(col, justify="right" if col not in ("file", "format") else "left")
    for r in results:
        table.add_row(
            r.source_file,
            r.source_format,
            str(r.records_in),
            str(r.records_kept),
            str(len(r.quarantine)),
            str(len(r.dropped)),
            str(len(r.segments)),
        )
    console.print(table)
    console.print(f"wrote {len(segments)} segments to {output}")
    console.print(f"quarantine: {sidecar(output, 'quarantine')}   dropped: {sidecar(output, 'dropped')}")


def register(app: typer.Typer) -> None:
    """Add the ingest command to ``app``."""
    app.command("ingest")(ingest)

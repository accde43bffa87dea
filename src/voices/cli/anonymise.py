"""``voices anonymise``: mask personal data in one column of a CSV, JSONL or Parquet file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from voices.cli.console import console, err_console, fail, progress_bar, setup_logging
from voices.errors import VoicesError


def anonymise(
    input: Annotated[
        Path, typer.Argument(help="A .csv, .jsonl or .parquet file.", show_default=False, metavar="INPUT")
    ],
    text_column: Annotated[str, typer.Option("--text-column", help="The column to anonymise.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write (.csv, .jsonl, .parquet).", show_default=False)
    ],
    key_file: Annotated[
        Path | None,
        typer.Option(help="Write an encrypted re-identification key here (keep it apart from the output)."),
    ] = None,
    key_env: Annotated[str, typer.Option(help="Environment variable holding the Fernet key.")] = "VOICES_KEY",
    scope: Annotated[str, typer.Option(help="Pseudonym scope: document (per row / --id-column) or corpus.")] = (
        "document"
    ),
    names_file: Annotated[Path | None, typer.Option(help="A text file of names to always mask, one per line.")] = None,
    id_column: Annotated[str | None, typer.Option(help="Rows sharing this column's value form one document.")] = None,
    speaker_column: Annotated[
        str | None, typer.Option(help="Speaker names or author handles to pseudonymise (and mask in the text).")
    ] = None,
    salt_env: Annotated[
        str | None,
        typer.Option(help="Environment variable with a secret salt, so handles hash the same across outputs."),
    ] = None,
    no_names: Annotated[
        bool, typer.Option("--no-names", help="Skip person-name detection (spaCy); names are then NOT masked.")
    ] = False,
    names_model: Annotated[
        str | None,
        typer.Option(
            help="spaCy pipeline for names: 'voices-fast-ner' (packaged, ~2x faster, slightly less precise), "
            "an installed package or a path (default: en_core_web_sm)."
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Anonymise TEXT_COLUMN of INPUT and write the same rows, in the same order, to OUTPUT.

    OUTPUT gets the anonymised column and a `redactions` column: a list of {start, end, label, confidence}
    with offsets into the original text (a JSON string in CSV and Parquet). Names, contact details, UK
    identifiers, addresses, dates of birth and ages are masked with typed placeholders such as [PERSON_1].
    """
    from voices.anonymise.files import anonymise_file

    setup_logging(verbose)
    if scope not in ("document", "corpus"):
        err_console.print(f"[bold red]error:[/] --scope must be 'document' or 'corpus', got {scope!r}.")
        raise typer.Exit(2)
    key = None
    if key_file is not None:
        key = os.environ.get(key_env)
        if not key:
            err_console.print(
                f"[bold red]error:[/] --key-file needs a Fernet key in the environment variable {key_env}, which is "
                "not set. Fix: export it, e.g. "
                f"`export {key_env}=$(python -c 'from voices.anonymise.keyfile import generate_key; "
                "print(generate_key())')`, and keep it safe: without it the key file cannot be read."
            )
            raise typer.Exit(2)
    salt = None
    if salt_env is not None:
        salt = os.environ.get(salt_env)
        if not salt:
            err_console.print(f"[bold red]error:[/] --salt-env {salt_env}: that environment variable is not set.")
            raise typer.Exit(2)
    known: list[str] = []
    if names_file is not None:
        if not names_file.is_file():
            err_console.print(f"[bold red]error:[/] --names-file {names_file} does not exist.")
            raise typer.Exit(2)
        known = [ln.strip() for ln in names_file.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
    try:
        with progress_bar() as progress:
            summary = anonymise_file(
                input,
                output,
                text_column=text_column,
                key_file=key_file,
                key=key,
                scope=scope,  # type: ignore[arg-type]
                id_column=id_column,
                speaker_column=speaker_column,
                known_names=known,
                names=not no_names,
                names_model=names_model,
                salt=salt,
                progress=progress,
            )
    except VoicesError as exc:
        raise fail(exc) from exc
    table = Table(title=f"Anonymised {summary['rows']} rows → {summary['output']}", show_header=True)
    table.add_column("label")
    table.add_column("masked", justify="right")
    for label, count in summary["by_label"].items():
        table.add_row(label, str(count))
    table.add_row("[bold]total[/]", f"[bold]{summary['redactions']}[/]")
    console.print(table)
    empty = summary["rows"] - summary["rows_with_text"]
    console.print(
        f"{summary['rows_with_redactions']} of {summary['rows_with_text']} rows with text had something masked; "
        + (f"{empty} rows had no text (empty or missing) and were written back as they were; " if empty else "")
        + f"{summary['review_items']} items queued for human review; {summary['seconds']} s."
    )
    if no_names:
        err_console.print("[bold yellow]warning:[/] person-name detection was off: names were not masked.")
    if summary["key_file"]:
        console.print(f"Re-identification key (encrypted with ${key_env}): {summary['key_file']}")


def register(app: typer.Typer) -> None:
    """Add the ``anonymise`` command to the main app."""
    app.command("anonymise")(anonymise)

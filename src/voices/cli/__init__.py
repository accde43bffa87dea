"""The ``voices`` command line: thin wrappers over library functions.

Each command group lives in its own module with a ``register(app)`` function; this module only assembles them.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="voices",
    help="Qualitative evidence and social listening: ingest, anonymise, find themes, review.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Command modules, in the order their commands appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "voices.cli.ingest",
    "voices.cli.pipeline",
    "voices.cli.anonymise",
    "voices.cli.themes",
    "voices.cli.pair",
    "voices.cli.report",
    "voices.cli.review",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Entry point for ``python -m voices``."""
    app()

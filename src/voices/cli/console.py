"""Console output for the CLI: rich logging, progress bars and error reporting."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from voices.errors import VoicesError

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)


def setup_logging(verbose: bool = False) -> None:
    """Send library logs to a rich handler on stderr (INFO with --verbose, WARNING otherwise)."""
    level = logging.INFO if verbose else logging.WARNING
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # model load reports are noise for users
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    root = logging.getLogger("voices")
    root.handlers[:] = [RichHandler(console=err_console, show_path=False, rich_tracebacks=False)]
    root.setLevel(level)


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback ``(task, done, total)`` drawing rich progress bars for long work."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        tasks: dict[str, Any] = {}

        def update(task: str, done: int, total: int) -> None:
            key = task.split(" ")[0]
            if key not in tasks:
                tasks[key] = progress.add_task(task, total=max(total, 1))
            progress.update(tasks[key], description=task, completed=done, total=max(total, 1))

        yield update


def fail(exc: VoicesError, code: int = 1) -> typer.Exit:
    """Print a VoicesError plainly (no traceback) and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {exc}")
    return typer.Exit(code)

"""``voices app`` (the review app) and ``voices panel create / invite / grant / researcher / list``.

``voices app RUN`` migrates the decisions database, creates the first researcher if there is none (printing
their access code once), and runs the Streamlit app headless with the project's theme, printing the URL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from voices.cli.console import console, err_console, fail
from voices.errors import VoicesError

if TYPE_CHECKING:  # heavy imports stay lazy so `voices --help` is fast
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from voices.db.models import Person

APP_DIR_ENV = "VOICES_APP_DIR"
CODE_ENV = "VOICES_ACCESS_CODE"

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database", help="Database URL (default: $VOICES_DATABASE_URL, else ./voices.db).", show_default=False
    ),
]
CodeOption = Annotated[
    str | None,
    typer.Option(
        "--code",
        envvar=CODE_ENV,
        help=f"Your researcher access code (or ${CODE_ENV}); asked for if missing.",
        show_default=False,
    ),
]


def app_script() -> Path:
    """Where the app's entry script is: ``$VOICES_APP_DIR/streamlit_app.py`` or ``app/`` in the source tree.

    Raises:
        VoicesError: the script cannot be found.
    """
    folder = os.environ.get(APP_DIR_ENV)
    candidates = [Path(folder)] if folder else []
    candidates.append(Path(__file__).resolve().parents[3] / "app")  # source checkout / editable install
    candidates.append(Path(__file__).resolve().parents[1] / "_app")  # installed wheel (force-included)
    for candidate in candidates:
        script = candidate / "streamlit_app.py"
        if script.is_file():
            return script
    from voices.review.errors import ReviewError

    raise ReviewError(
        "the review app",
        expected="app/streamlit_app.py next to the voices sources",
        found=f"nothing at {', '.join(str(c) for c in candidates)}",
        fix=f"run from a source checkout (pip install -e .) or set {APP_DIR_ENV} to the app folder",
    )


def streamlit_command(script: Path, *, port: int, host: str) -> list[str]:
    """The ``streamlit run`` command line for the app (headless, themed, quiet).

    Example:
        >>> streamlit_command(Path("app/streamlit_app.py"), port=8600, host="127.0.0.1")[3:7]
        ['run', 'app/streamlit_app.py', '--server.port=8600', '--server.address=127.0.0.1']
    """
    from voices.review.theme import streamlit_flags

    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        f"--server.port={port}",
        f"--server.address={host}",
        *streamlit_flags(),
    ]


def _engine(database: str | None) -> tuple[str, Engine]:
    from voices import db

    url = db.database_url(database)
    engine = db.connect(url)
    db.upgrade(engine)
    return url, engine


def _researcher(s: Session, code: str | None) -> Person:
    from voices import db
    from voices.review.access import is_researcher

    code = code or typer.prompt("Your researcher access code", hide_input=True)
    person = db.verify_access_code(s, code)
    if person is None or not is_researcher(person):
        err_console.print("[bold red]error:[/] that is not an active researcher's access code.")
        raise typer.Exit(2)
    return person


def _show_code(name: str, code: str) -> None:
    console.print(f"[bold]{name}[/]: access code [bold green]{code}[/]  (shown once: hand it over now)")


def launch(
    run: Annotated[Path, typer.Argument(help="A run directory, or a folder of runs (default: ./runs).")] = Path("runs"),
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "localhost",
    database: DatabaseOption = None,
    researcher: Annotated[
        str, typer.Option(help="Name for the first researcher, created when the database has none.")
    ] = "Lead researcher",
) -> None:
    """Open the review app on RUN: panels check themes, researchers decide. Prints the URL to open."""
    from voices import db
    from voices.review.catalogue import ENV_VAR, RunCatalogue
    from voices.review.team import first_researcher, has_researcher

    try:
        catalogue = RunCatalogue.discover([run])
        if not catalogue.ids():
            err_console.print(
                f"[bold red]error:[/] {run}: expected a run directory (with manifest.json) or a folder of runs, "
                "found none. Fix: run a pipeline first (`voices run pipelines/consultation.toml`) and pass its folder."
            )
            raise typer.Exit(2)
        url, engine = _engine(database)
        with db.session(engine) as s:
            if not has_researcher(s):
                person, code = first_researcher(s, researcher)
                console.print("No researcher yet, so one was created to sign in with:")
                _show_code(person.display_name, code)
        engine.dispose()
        script = app_script()
    except VoicesError as exc:
        raise fail(exc) from exc
    ids = catalogue.ids()
    shown = "localhost" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/" + (f"?run={ids[0]}" if len(ids) == 1 else "")
    console.print(f"voices app: serving {len(ids)} run(s) from {run} with the database {db.url.redact(url)}")
    console.print(f"Open [bold]{address}[/] in a browser. Press Ctrl+C to stop.")
    env = {**os.environ, ENV_VAR: str(run.resolve()), db.url.ENV_VAR: url}
    try:
        status = subprocess.call(streamlit_command(script, port=port, host=host), env=env)
    except KeyboardInterrupt:
        status = 0
    raise typer.Exit(status)


def panel_create(
    name: Annotated[str, typer.Argument(help="The panel's name, e.g. 'Tenants panel 2025'.")],
    description: Annotated[str | None, typer.Option(help="What it is for (shown to members).")] = None,
    run_ids: Annotated[list[str] | None, typer.Option("--run", help="A run id the panel may see (repeat).")] = None,
    code: CodeOption = None,
    database: DatabaseOption = None,
) -> None:
    """Create a panel (and let it see runs)."""
    from voices import db

    try:
        _, engine = _engine(database)
        with db.session(engine) as s:
            by = _researcher(s, code)
            panel = db.create_panel(s, name, by=by, description=description)
            for run_id in run_ids or []:
                db.grant_run(s, panel, run_id, by=by)
    except VoicesError as exc:
        raise fail(exc) from exc
    console.print(f"created panel [bold]{panel.name}[/]" + (f", may see {', '.join(run_ids)}" if run_ids else ""))


def panel_invite(
    panel: Annotated[str, typer.Argument(help="The panel's name.")],
    names: Annotated[list[str], typer.Argument(help="Members' first names or pseudonyms.")],
    code: CodeOption = None,
    database: DatabaseOption = None,
) -> None:
    """Invite new members to a panel; prints each member's access code once."""
    from voices import db
    from voices.review.team import find_panel, invite_new_member

    try:
        _, engine = _engine(database)
        with db.session(engine) as s:
            by = _researcher(s, code)
            target = find_panel(s, panel)
            invited = [invite_new_member(s, target, name, by=by) for name in names]
    except VoicesError as exc:
        raise fail(exc) from exc
    for person, access_code in invited:
        _show_code(person.display_name, access_code)


def panel_grant(
    panel: Annotated[str, typer.Argument(help="The panel's name.")],
    run_id: Annotated[str, typer.Argument(help="The run id (its folder name).")],
    code: CodeOption = None,
    database: DatabaseOption = None,
) -> None:
    """Let a panel see a run."""
    from voices import db
    from voices.review.team import find_panel

    try:
        _, engine = _engine(database)
        with db.session(engine) as s:
            by = _researcher(s, code)
            db.grant_run(s, find_panel(s, panel), run_id, by=by)
    except VoicesError as exc:
        raise fail(exc) from exc
    console.print(f"{panel} may now see {run_id}")


def panel_researcher(
    name: Annotated[str, typer.Argument(help="The researcher's name.")],
    code: CodeOption = None,
    database: DatabaseOption = None,
) -> None:
    """Add a researcher (the first needs no code); prints their access code once."""
    from voices import db
    from voices.review.team import first_researcher, has_researcher

    try:
        _, engine = _engine(database)
        with db.session(engine) as s:
            if has_researcher(s):
                person, access_code = db.create_person(s, name, role="researcher", by=_researcher(s, code))
            else:
                person, access_code = first_researcher(s, name)
    except VoicesError as exc:
        raise fail(exc) from exc
    _show_code(person.display_name, access_code)


def panel_list(database: DatabaseOption = None) -> None:
    """List panels, their members and the runs they may see (never codes)."""
    from voices import db
    from voices.review.team import panels_table

    try:
        _, engine = _engine(database)
        with db.session(engine, readonly=True) as s:
            frame = panels_table(s)
    except VoicesError as exc:
        raise fail(exc) from exc
    if frame.empty:
        console.print("no panels yet: create one with `voices panel create NAME`")
        return
    table = Table("panel", "members", "runs")
    for row in frame.itertuples(index=False):
        table.add_row(row.panel, row.members or "-", row.runs or "-")
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``voices app`` and the ``voices panel`` group to the CLI."""
    app.command("app")(launch)
    panel = typer.Typer(help="Lived-experience panels: create, invite, grant runs, list.", no_args_is_help=True)
    panel.command("create")(panel_create)
    panel.command("invite")(panel_invite)
    panel.command("grant")(panel_grant)
    panel.command("researcher")(panel_researcher)
    panel.command("list")(panel_list)
    app.add_typer(panel, name="panel")

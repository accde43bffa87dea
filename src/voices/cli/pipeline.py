"""``voices run``, ``voices validate``, ``voices inspect`` and ``voices stages``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from voices.cli.console import console, fail, progress_bar, setup_logging
from voices.errors import VoicesError


def run(
    pipeline: Annotated[Path, typer.Argument(help="Pipeline file (TOML).")],
    seed: Annotated[int | None, typer.Option(help="Override the pipeline's seed.")] = None,
    runs_dir: Annotated[Path | None, typer.Option(help="Where to write the run (default: ./runs).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Validate and run PIPELINE, writing an immutable run directory."""
    from voices import pipeline as pipeline_lib
    from voices.runstore import open_run

    setup_logging(verbose)
    try:
        spec = pipeline_lib.load(pipeline)
        with progress_bar() as progress:
            path = pipeline_lib.run(spec, seed=seed, runs_dir=runs_dir, progress=progress)
    except VoicesError as exc:
        raise fail(exc) from exc
    show_run(open_run(path))
    console.print(f"\n[bold]run written to[/] {path}")
    console.print(f"inspect it:  voices inspect {path}")


def validate(
    pipelines: Annotated[list[Path], typer.Argument(help="Pipeline files to check.")],
) -> None:
    """Check pipeline files (stage names, arguments, order, privacy) without running anything."""
    from voices import pipeline as pipeline_lib

    bad = 0
    for path in pipelines:
        try:
            spec = pipeline_lib.load(path)
        except VoicesError as exc:
            bad += 1
            fail(exc)
            continue
        console.print(f"[green]ok[/] {path}: {len(spec.stages)} stages, seed {spec.seed}")
        for s in spec.resolved:
            args = ", ".join(f"{k}={v!r}" for k, v in s.items() if k != "use")
            console.print(f"   {s['use']}({args})")
    if bad:
        raise typer.Exit(2)


def inspect(
    run_dir: Annotated[Path, typer.Argument(help="A run directory, or a runs folder (newest run).")],
) -> None:
    """Show a run's counts, sources, stages, quarantine and anonymisation summary."""
    from voices.runstore import open_run

    try:
        show_run(open_run(run_dir), detail=True)
    except VoicesError as exc:
        raise fail(exc) from exc


def stages() -> None:
    """List the registered stages."""
    from voices import registry

    table = Table(title="registered stages")
    table.add_column("name")
    table.add_column("requires")
    table.add_column("produces")
    for name in registry.names():
        try:
            cls = registry.get(name)
        except VoicesError as exc:
            table.add_row(name, "[red]unavailable[/]", str(exc)[:60])
            continue
        table.add_row(name, ", ".join(sorted(cls.requires)), ", ".join(sorted(cls.produces)))
    console.print(table)


def _kv(title: str, pairs: dict[str, Any]) -> Table:
    table = Table(title=title, show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    for k, v in pairs.items():
        table.add_row(str(k), str(v))
    return table


def show_run(run: Any, *, detail: bool = False) -> None:
    """Print the parts of a run a person wants first."""
    m = run.manifest
    c = m["counts"]
    console.print(
        _kv(
            f"run {m['run_id']}",
            {
                "pipeline": m.get("name"),
                "seed": m.get("seed"),
                "created": m.get("created_at"),
                "privacy": m["privacy"]["state"]
                + (f" ({m['privacy']['declaration'].get('reason')})" if "declaration" in m["privacy"] else ""),
                "records in": c["records_in"],
                "kept": c["records_kept"],
                "quarantined": c["records_quarantined"],
                "dropped (reason given)": c["records_dropped"],
                "counts add up": "yes" if c["records_add_up"] else "[red]NO[/]",
                "segments": c["segments"],
                "documents": m["summary"]["documents"],
            },
        )
    )
    if m.get("inputs"):
        t = Table(title="sources")
        for col in ("file", "format", "records in", "segments", "quarantined", "dropped"):
            t.add_column(col)
        for s in m["inputs"]:
            t.add_row(
                s["file"],
                s["format"],
                str(s["records_in"]),
                str(s["segments"]),
                str(s["quarantined"]),
                str(s["dropped"]),
            )
        console.print(t)
    if detail:
        t = Table(title="stages")
        for col in ("stage", "in", "out", "quarantined", "dropped", "wall s", "peak MB"):
            t.add_column(col)
        for s in m["stages"]:
            t.add_row(
                s["use"],
                str(s["segments_in"]),
                str(s["segments_out"]),
                str(s["quarantined"]),
                str(s["dropped"]),
                f"{s['wall_s']:.2f}",
                f"{s['peak_rss_mb']:.0f}",
            )
        console.print(t)
        if c["quarantined_total"]:
            q = run.quarantine
            t = Table(title=f"quarantine ({len(q)} rows; full list in quarantine.csv)")
            for col in ("file", "reason", "rows"):
                t.add_column(col)
            for (file, reason), group in q.groupby(["file", "reason"], sort=False):
                rows = ", ".join(group["row"].astype(str).head(8)) + (" …" if len(group) > 8 else "")
                t.add_row(file, reason, rows)
            console.print(t)
        if c["dropped_by_reason"]:
            console.print(_kv("dropped, by reason", c["dropped_by_reason"]))
    if "anonymisation" in run.artifacts():
        show_anonymisation(run.artifact("anonymisation"))
    if "summary" in run.artifacts():
        summary = run.artifact("summary")
        terms = ", ".join(t for t, _ in summary.get("top_terms", [])[:12])
        if terms:
            console.print(f"[bold]top terms:[/] {terms}")
        for q in summary.get("questions", [])[:12]:
            console.print(
                f"  {q['question_id']}: {q['answers']} answers, "
                f"{q.get('mean_words', 0)} words on average — {q['question_text'][:70]}"
            )
    if "themes" in run.tables():
        show_themes(run)


def show_anonymisation(report: dict[str, Any]) -> None:
    """Print the redaction summary of a run."""
    by_label = report.get("by_label") or report.get("counts_by_label") or {}
    pairs = {k: v for k, v in sorted(by_label.items(), key=lambda kv: -kv[1])}
    for key in ("segments_with_redactions", "review_queue", "capitalised_left_unmasked"):
        if key in report:
            value = report[key]
            pairs[key.replace("_", " ")] = len(value) if isinstance(value, list) else value
    console.print(_kv("redactions", pairs))


def show_themes(run: Any) -> None:
    """Print the themes of a run with a quote each."""
    themes = run.table("themes")
    top = themes[themes["parent_id"].isna() | (themes["parent_id"] < 0)] if "parent_id" in themes else themes
    t = Table(title=f"themes ({len(top)})", show_lines=True)
    for col in ("id", "label", "share", "stability", "a quote"):
        t.add_column(col)
    for _, row in top.sort_values("size", ascending=False).iterrows():
        quotes = row.get("quotes")
        quote = ""
        if isinstance(quotes, str):
            import json

            quotes = json.loads(quotes)
        if quotes is not None and len(quotes):
            q0 = quotes[0]
            quote = str(q0.get("text") or "" if isinstance(q0, dict) else q0)[:110]
        share = row.get("share")
        stab = row.get("stability")
        t.add_row(
            str(row["theme_id"]),
            str(row.get("label", "")),
            f"{share:.0%}" if isinstance(share, float) else str(share),
            f"{stab:.2f}" if isinstance(stab, float) else str(stab),
            quote,
        )
    console.print(t)


def register(app: typer.Typer) -> None:
    """Add run, validate, inspect and stages to ``app``."""
    app.command("run")(run)
    app.command("validate")(validate)
    app.command("inspect")(inspect)
    app.command("stages")(stages)

"""Gather what a report shows from a run: :func:`build_report`.

Reads the manifest (and those of the runs it was derived from), the ``summary``, ``anonymisation``,
``themes_quality`` and ``pairing`` artifacts, and the ``themes``, ``review_queue`` and ``pair_*`` tables — each
optional. A replacement themes table (a reviewed version from the review app) takes the place of the run's:
its labels are also shown in the breakdowns for themes that kept their id, and the report says that breakdowns
and pairings were computed on the machine's themes.

Example:
    >>> import pandas as pd
    >>> from voices.corpus import Corpus
    >>> from voices.runstore import conform_example, open_run, write_run
    >>> import tempfile
    >>> path = write_run(Corpus(conform_example(), privacy="anonymised"), runs_dir=tempfile.mkdtemp(), name="t", seed=0)
    >>> report = build_report(open_run(path))
    >>> report.noun, len(report.scopes)
    ('posts', 0)
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import pandas as pd

from voices.report import breakdowns as breakdowns_
from voices.report import lineage, overview, pairings, sheets, words
from voices.report import themes as themes_
from voices.report.model import Report, Section
from voices.runstore import Run

log = logging.getLogger(__name__)

PAIR_TABLES: tuple[str, ...] = (
    "pair_deciles",
    "pair_groups",
    "pair_tests",
    "pair_indicators",
    "pair_time",
    "pair_lags",
)
#: Workbook sheet name for each pairing table.
PAIR_SHEETS: dict[str, str] = {
    "pair_groups": "By group",
    "pair_deciles": "By deprivation decile",
    "pair_time": "Over time",
    "pair_tests": "Group differences",
    "pair_indicators": "Area indicators",
    "pair_lags": "Time series",
}
_SEGMENT_COLUMNS: tuple[str, ...] = ("source_file", "source_kind", "question_id", "question_text", "document_id")


def _segment_columns(run: Run) -> pd.DataFrame:
    """The few segment columns the report needs (never the text), read without loading the rest."""
    import pyarrow.parquet as pq

    path = run.path / "segments.parquet"
    if not path.exists():
        return pd.DataFrame(columns=list(_SEGMENT_COLUMNS))
    names = set(pq.read_schema(path).names)
    return pd.read_parquet(path, columns=[c for c in _SEGMENT_COLUMNS if c in names])


def _artifact(run: Run, name: str) -> Any:
    return run.artifact(name) if name in run.artifacts() else None


def _questions(summary: dict[str, Any], seg: pd.DataFrame) -> list[dict[str, Any]]:
    if summary.get("questions"):
        return [dict(q) for q in summary["questions"]]
    if "question_id" not in seg.columns or seg["question_id"].isna().all():
        return []
    text = seg["question_text"] if "question_text" in seg.columns else pd.Series("", index=seg.index)
    frame = pd.DataFrame({"question_id": seg["question_id"], "question_text": text}).dropna(subset=["question_id"])
    return [
        {"question_id": str(q), "question_text": str(g["question_text"].iloc[0] or ""), "answers": len(g)}
        for q, g in frame.groupby("question_id", sort=False)
    ]


def _report_versions() -> dict[str, str]:
    out = {}
    for name in ("voices", "plotly", "jinja2", "openpyxl"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def _unassigned(quality: dict[str, Any] | None, run: Run) -> float | None:
    for key, value in (quality or {}).items():
        if "unassigned" in str(key).lower() and words.number(value) is not None:
            return words.number(value)
    if "assignments" not in run.tables():
        return None
    asg = run.table("assignments")
    if not {"segment_id", "theme_id"} <= set(asg.columns) or asg.empty:
        return None
    assigned = asg.loc[[themes_.theme_key(t) != themes_.UNASSIGNED for t in asg["theme_id"]], "segment_id"]
    total = asg["segment_id"].nunique()
    return 1 - assigned.nunique() / total if total else None


def _title(manifest: dict[str, Any], chain: list[dict[str, Any]]) -> str:
    name = str(chain[0].get("name") or manifest.get("name") or "run").removesuffix("-pair")
    pretty = name.replace("-", " ").replace("_", " ").strip() or "run"
    return f"What people said: {pretty[0].upper()}{pretty[1:]}"


def build_report(
    run: Run,
    *,
    themes: pd.DataFrame | None = None,
    version_note: str | None = None,
    title: str | None = None,
) -> Report:
    """Everything a report on ``run`` shows, with the workbook's tables.

    Args:
        run: an opened run (:func:`voices.runstore.open_run`).
        themes: a replacement themes table (e.g. a reviewed version); default: the run's ``themes`` table.
        version_note: a line saying which version this is (e.g. "Reviewed version 3 (panel names adopted)").
        title: the report's title (default: from the run's name).

    Returns:
        A :class:`~voices.report.model.Report`; nothing in it is a number the run hid.
    """
    manifest = run.manifest
    chain = lineage.manifests(run, first=manifest)
    tables = run.tables()
    summary = _artifact(run, "summary") or {}
    seg = _segment_columns(run)
    kinds = (manifest.get("summary") or {}).get("by_kind") or (
        seg["source_kind"].value_counts().to_dict() if "source_kind" in seg.columns else {}
    )
    noun = words.noun_for({str(k): int(v) for k, v in kinds.items()})
    questions = _questions(summary, seg)
    question_text = {str(q["question_id"]): str(q.get("question_text") or "") for q in questions}

    def title_of(key: str) -> str:
        return themes_.scope_title(key, question_text, noun)

    notes: list[str] = []
    replaced = themes is not None
    run_themes = run.table("themes") if "themes" in tables else None
    shown_themes = themes if replaced else run_themes
    if replaced:
        notes.append(
            "The themes shown are a reviewed version that replaces the machine's themes. Breakdowns and pairings "
            "were computed on the machine's themes: renamed themes show their new names there; merged or split "
            "themes are shown as they were before review."
        )
    quality = _artifact(run, "themes_quality")
    quality = quality if isinstance(quality, dict) else None
    scopes = themes_.scopes(shown_themes, noun=noun, questions=question_text, quality=quality)
    relabel = themes_.labels(themes) if replaced else {}
    order = themes_.sizes(shown_themes) | {k: v for k, v in themes_.sizes(run_themes).items() if k not in relabel}

    pair = {name: run.table(name) for name in PAIR_TABLES if name in tables}
    pairing = _artifact(run, "pairing") or {}
    threshold = int(pairing["threshold"]) if words.number(pairing.get("threshold")) is not None else None
    breakdowns = breakdowns_.breakdowns(pair, labels=relabel, order=order, title_of=title_of)
    for name in ("pair_deciles", "pair_groups", "pair_time"):
        if name in pair and breakdowns_.missing_columns(pair[name]):
            notes.append(f"The table {name} is not shown: it lacks suppression flags.")
    associations = []
    if "pair_indicators" in pair:
        associations += pairings.indicator_associations(pair["pair_indicators"], labels=relabel, title_of=title_of)
    if "pair_lags" in pair:
        associations += pairings.lag_associations(pair["pair_lags"], labels=relabel, title_of=title_of)
    pairing_sections: list[Section] = []
    if "pair_tests" in pair:
        fdr = words.number((pairing.get("tests") or {}).get("fdr")) or 0.05
        pairing_sections.append(
            pairings.group_differences(pair["pair_tests"], labels=relabel, title_of=title_of, fdr=fdr)
        )
    if pairing.get("geography"):
        pairing_sections.append(pairings.geography(pairing))

    counts = lineage.root_counts(chain)
    inputs = [i for m in chain for i in (m.get("inputs") or []) if isinstance(i, dict)]
    files = seg["source_file"].astype("str").value_counts().to_dict() if "source_file" in seg.columns else {}
    documents = int(seg["document_id"].nunique()) if "document_id" in seg.columns else summary.get("documents")
    analysed = overview.analysed_section(
        counts, inputs, files, summary, noun=noun, segments=len(seg), documents=documents, questions=questions
    )
    anonymisation = overview.anonymisation_section(
        _artifact(run, "anonymisation"),
        declared=_artifact(run, "declared_anonymous"),
        review_queue=run.table("review_queue") if "review_queue" in tables else None,
    )
    method = overview.method_section(
        chain, lineage.stages(chain), lineage.packages(chain), quality, report_versions=_report_versions()
    )
    unassigned = _unassigned(quality, run)
    caveats = overview.general_caveats(noun, unassigned=unassigned, threshold=threshold, paired=bool(pair))

    n_themes = sum(len(s.themes) for s in scopes)
    n_sub = sum(len(c.children) for s in scopes for c in s.themes)
    glance = [f"{words.count_text(len(seg))} {noun} {'was' if len(seg) == 1 else 'were'} analysed."]
    if n_themes:
        glance.append(
            words.plural(n_themes, "theme", "themes")
            + (f" ({words.plural(n_sub, 'sub-theme', 'sub-themes')})" if n_sub else "")
            + (f" across {len(scopes)} questions." if len(scopes) > 1 else ".")
        )
    else:
        glance.append("This run has no themes yet.")
    if unassigned is not None:
        glance.append(f"{words.percent(unassigned)} of {noun} did not fit any theme.")
    anon = _artifact(run, "anonymisation") or {}
    if anon:
        queued = words.number((anon.get("review_queue") or {}).get("rows"))
        glance.append(
            f"{words.plural(anon.get('redactions', 0), 'personal detail was', 'personal details were')} masked"
            + (f"; {words.plural(queued, 'place is', 'places are')} queued for a person to check." if queued else ".")
        )
    if pairing:
        tests = pairing.get("tests") or {}
        series = (pairing.get("time") or {}).get("series") or []
        paired_with = "area deprivation (IMD 2019)" if pairing.get("sources") else "area indicators"
        if series:
            paired_with += f" and the time series {', '.join(map(str, series))}"
        glance.append(
            f"Themes were paired with {paired_with}: {tests.get('significant', 0)} of {tests.get('run', 0)} "
            "differences between groups stand out after allowing for multiple testing."
        )
    else:
        notes.append("This run has not been paired with indicators (run `voices pair RUN`), so it has no breakdowns.")

    attribution = [str(a) for a in pairing.get("attribution") or []]
    attribution += [
        f"Indicator: {i.get('indicator')} — {i.get('source')} ({i.get('licence')})"
        for i in pairing.get("indicators") or []
    ]
    sources = [str(s) for s in pairing.get("sources") or []]

    frames: dict[str, pd.DataFrame] = {}
    frames["Themes"] = sheets.themes_frame(scopes)
    frames["Quotes"] = sheets.quotes_frame(scopes)
    for name, sheet in PAIR_SHEETS.items():
        if name in pair and not (name in breakdowns_.TABLE_KINDS and breakdowns_.missing_columns(pair[name])):
            frames[sheet] = sheets.published(pair[name], relabel)
    for section in (analysed, anonymisation, method, *pairing_sections):
        for table in section.tables:
            frames.setdefault(table.caption, sheets.table_frame(table))
    if sources:
        frames["Sources"] = pd.DataFrame({"source": sources})

    made = datetime.now(UTC)
    subtitle = f"From run {manifest.get('run_id', run.path.name)}"
    return Report(
        title=title or _title(manifest, chain),
        subtitle=subtitle,
        version_note=version_note or ("Reviewed version of the themes" if replaced else ""),
        run_id=str(manifest.get("run_id", run.path.name)),
        made_at=made.isoformat(timespec="seconds"),
        noun=noun,
        glance=glance,
        analysed=analysed,
        anonymisation=anonymisation,
        scopes=scopes,
        breakdowns=breakdowns,
        associations=associations,
        pairings=pairing_sections,
        pairing_caveats=[str(c) for c in pairing.get("caveats") or []],
        method=method,
        caveats=caveats,
        attribution=[*attribution, *(f"Source: {s}" for s in sources)],
        threshold=threshold,
        tables=frames,
        notes=notes,
    )

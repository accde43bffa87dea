"""The report's plain-English sections about the run itself: what was analysed, how it was anonymised, and how
the report was made (steps, quality of the themes, versions).

Only counts from the manifest and the run's artifacts appear, and file names only as the anonymised segments
carry them (an input file name can hold a person's name; the manifest keeps the original).

Example:
    >>> s = anonymisation_section({"segments": 10, "texts_with_redactions": 3, "redactions": 5,
    ...     "by_label": {"PHONE": 2, "PERSON": 3}, "review_queue": {"rows": 1, "by_reason": {"rare_term": 1}}})
    >>> s.lines[0]
    '5 personal details were masked in 3 of 10 texts.'
    >>> s.tables[0].rows
    [['names of people', '3'], ['phone numbers', '2']]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from voices.report import words
from voices.report.model import Section, Table

#: What each kind of stage did, in words (matched by prefix).
STAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("voices.ingest.", "read the export files into one table of texts"),
    ("voices.filter.", "left out texts too short to analyse"),
    ("voices.anonymise.declare_anonymous", "recorded that the text was already anonymised"),
    ("voices.anonymise.", "masked personal details (names, contact details, addresses, identifiers)"),
    ("voices.summarise.", "counted texts, questions and common words"),
    ("voices.embed.", "turned each text into numbers that capture its meaning (a sentence-embedding model)"),
    ("voices.themes.deductive", "matched texts to the themes of a codebook"),
    ("voices.themes.", "grouped similar texts into themes, chose quotes and labels, and measured stability"),
    ("voices.pair.", "paired themes with area deprivation, other indicators, groups and time series"),
)
#: Theme-quality measures, in words (matched by a part of the key).
QUALITY_WORDS: tuple[tuple[str, str], ...] = (
    ("npmi", "coherence (NPMI): do a theme's key words appear together in the texts? (−1 to 1; above 0 is good)"),
    ("coherence", "coherence: do a theme's key words appear together in the texts? (higher is better)"),
    ("diversity", "diversity: how different the themes' key words are from each other (0 to 1; higher is better)"),
    ("unassigned", "share of texts that fit no theme"),
    ("multi", "share of texts in more than one theme"),
    ("agreement", "agreement between re-runs with different seeds (0 to 1; higher is better)"),
    ("ari", "agreement between re-runs with different seeds (adjusted Rand index; 1 is identical)"),
    ("stability", "average stability of the themes across re-runs (0 to 1)"),
)


def stage_words(use: str) -> str:
    """What a stage did, in words.

    Example:
        >>> stage_words("voices.embed.v1")
        'turned each text into numbers that capture its meaning (a sentence-embedding model)'
    """
    for prefix, text in STAGE_WORDS:
        if use.startswith(prefix):
            return text
    return use


def quality_words(key: str) -> str | None:
    """What a theme-quality measure means, in words (None for counts and settings that are not measures).

    Example:
        >>> quality_words("unassigned_share"), quality_words("keyword_sample")
        ('share of texts that fit no theme', None)
    """
    low = key.lower()
    for part, text in QUALITY_WORDS:
        if part in low:
            return text
    return None


def _n(value: Any) -> str:
    return words.count_text(value) if words.number(value) is not None else "–"


def analysed_section(
    counts: Mapping[str, Any],
    inputs: Sequence[Mapping[str, Any]],
    files: Mapping[str, int],
    summary: Mapping[str, Any],
    *,
    noun: str,
    segments: int,
    documents: int | None,
    questions: Sequence[Mapping[str, Any]],
) -> Section:
    """What was analysed: records read, kept, quarantined and dropped; files; questions; dates.

    Args:
        counts: the manifest's ``counts`` (of the first run of the lineage).
        inputs: the manifest's ``inputs`` (one per file read).
        files: segments per file as the anonymised segments name them.
        summary: the ``summary`` artifact (may be empty).
        noun: what a segment is called.
        segments: how many segments the run holds.
        documents: how many documents (respondents, transcripts, threads) they come from.
        questions: ``question_id``, ``question_text``, ``answers`` per question.
    """
    lines = []
    if counts.get("records_in"):
        n_files = len(files) or len(inputs)
        lines.append(
            f"{words.plural(counts.get('records_in'), 'record was', 'records were')} read from "
            f"{words.plural(n_files, 'file', 'files')}: {_n(counts.get('records_kept'))} kept, "
            f"{_n(counts.get('records_quarantined'))} quarantined (could not be read; each is listed with its "
            f"reason) and {_n(counts.get('records_dropped'))} left out on purpose (blank or duplicate answers)."
        )
    people = f" from {_n(documents)} respondents, transcripts or threads" if documents else ""
    lines.append(f"{_n(segments)} {noun}{people} {'was' if segments == 1 else 'were'} analysed.")
    dropped_after = words.number(counts.get("segments_dropped_after_ingest"))
    if dropped_after:
        lines.append(
            f"{words.plural(dropped_after, 'more was', 'more were')} left out after reading (for example, answers "
            "too short)."
        )
    date_range = summary.get("date_range")
    if isinstance(date_range, list | tuple) and len(date_range) == 2:
        lines.append(f"They were written between {str(date_range[0])[:10]} and {str(date_range[1])[:10]}.")
    tables = []
    by_name = {str(i.get("file")): i for i in inputs}
    if files and set(files) <= set(by_name):
        rows = [
            [
                name,
                str(by_name[name].get("format", "")),
                _n(by_name[name].get("records_in")),
                _n(files[name]),
                _n(by_name[name].get("quarantined")),
                _n(by_name[name].get("dropped")),
            ]
            for name in sorted(files)
        ]
        tables.append(
            Table("Files read", ["File", "Format", "Records", noun.capitalize(), "Quarantined", "Left out"], rows)
        )
    elif files:
        tables.append(
            Table(
                "Files read (names as anonymised)",
                ["File", noun.capitalize()],
                [[name, _n(n)] for name, n in sorted(files.items())],
            )
        )
    if questions:
        tables.append(
            Table(
                "Questions",
                ["Question", "Wording", "Answers analysed"],
                [
                    [str(q.get("question_id", "")), str(q.get("question_text", "") or ""), _n(q.get("answers"))]
                    for q in questions
                ],
            )
        )
    reasons = summary.get("quarantine_reasons") or {}
    if reasons:
        tables.append(
            Table(
                "Why records were quarantined (most common reasons)",
                ["Reason", "Records"],
                [[str(k), _n(v)] for k, v in reasons.items()],
            )
        )
    dropped = counts.get("dropped_by_reason") or {}
    if dropped:
        tables.append(
            Table("Why records were left out", ["Reason", "Records"], [[str(k), _n(v)] for k, v in dropped.items()])
        )
    return Section("What was analysed", lines, tables)


def anonymisation_section(
    report: Mapping[str, Any] | None,
    *,
    declared: Mapping[str, Any] | None = None,
    review_queue: pd.DataFrame | None = None,
) -> Section:
    """How personal details were removed: what was masked, by type, and what is queued for a person to check.

    Args:
        report: the ``anonymisation`` artifact (None when the run has none).
        declared: the ``declared_anonymous`` artifact, when the data were declared already anonymised.
        review_queue: the ``review_queue`` table, used for counts when the artifact has none.
    """
    title = "How personal details were removed"
    lines: list[str] = []
    tables: list[Table] = []
    if declared:
        lines.append(
            "voices did not mask this text: it was declared already anonymised, for this reason: "
            f"“{declared.get('reason', '')}”."
        )
    if not report:
        if not declared:
            lines.append("This run has no anonymisation report.")
        return Section(title, lines, tables)
    lines.append(
        f"{words.plural(report.get('redactions'), 'personal detail was', 'personal details were')} masked in "
        f"{_n(report.get('texts_with_redactions'))} of {words.plural(report.get('segments'), 'text', 'texts')}."
    )
    lines.append(
        "Each was replaced by a placeholder such as [PERSON_1] or [PHONE]; the same person keeps the same "
        "placeholder within a document, and the original values are not kept in the run."
    )
    if words.number(report.get("speakers_pseudonymised")):
        lines.append(
            f"{words.plural(report['speakers_pseudonymised'], 'speaker name was', 'speaker names were')} replaced "
            "with pseudonyms."
        )
    if words.number(report.get("area_codes_filled")):
        lines.append(
            f"For {words.plural(report['area_codes_filled'], 'text', 'texts')} the neighbourhood was worked out "
            "from a postcode before the postcode was masked."
        )
    by_label = report.get("by_label") or {}
    if by_label:
        rows = sorted(((words.label_name(str(k)), int(v)) for k, v in by_label.items()), key=lambda r: (-r[1], r[0]))
        tables.append(Table("What was masked, by type", ["Type", "Masked"], [[k, _n(v)] for k, v in rows]))
    queue = report.get("review_queue") or {}
    by_reason = dict(queue.get("by_reason") or {})
    rows_total = words.number(queue.get("rows"))
    if not by_reason and review_queue is not None and "reason" in review_queue.columns:
        by_reason = {str(k): int(v) for k, v in review_queue["reason"].value_counts().items()}
        rows_total = float(len(review_queue))
    if rows_total:
        lines.append(
            f"{words.plural(rows_total, 'place is', 'places are')} queued for a person to check before quotes are "
            "shared widely: possible names the detectors missed, low-confidence masks and details that could "
            "identify someone in context."
        )
        tables.append(
            Table(
                "Queued for a person to check",
                ["Why", "Places"],
                [[words.reason_name(str(k)), _n(v)] for k, v in sorted(by_reason.items())],
            )
        )
    elif queue:
        lines.append("Nothing was queued for a person to check.")
    caps = report.get("capitalised_unmasked") or {}
    if words.number(caps.get("rare_distinct")):
        lines.append(
            f"{words.plural(caps['rare_distinct'], 'rare capitalised word was', 'rare capitalised words were')} "
            f"left unmasked and queued (counted here, never listed: each is used by fewer than "
            f"{_n(caps.get('rare_k'))} documents)."
        )
    by_detector = report.get("by_detector") or {}
    if by_detector:
        tables.append(
            Table(
                "Masked, by detector",
                ["Detector", "Masked"],
                [[str(k), _n(v)] for k, v in sorted(by_detector.items(), key=lambda kv: -int(kv[1]))],
            )
        )
    return Section(title, lines, tables)


def quality_table(quality: Mapping[str, Any] | None) -> Table | None:
    """The ``themes_quality`` artifact's scalar measures, each explained (nested values are left to the workbook)."""
    if not quality:
        return None
    rows = []
    for key, value in quality.items():
        v = words.number(value) if not isinstance(value, bool) else None
        meaning = quality_words(str(key))
        if v is None or meaning is None:
            continue
        shown = words.percent(v) if "share" in key.lower() else f"{v:.2f}".replace("-", "−")
        rows.append([meaning, shown, str(key)])
    if not rows:
        return None
    return Table("How good are the themes?", ["Measure", "Value", "Name in the run"], rows)


def method_section(
    chain: Sequence[Mapping[str, Any]],
    stages: Sequence[Mapping[str, Any]],
    versions: Mapping[str, list[str]],
    quality: Mapping[str, Any] | None,
    *,
    report_versions: Mapping[str, str],
) -> Section:
    """How the run and the report were made: the steps, the seed, the quality of the themes, the versions."""
    first, last = chain[0], chain[-1]
    pipeline = first.get("pipeline") or {}
    lines = []
    if pipeline.get("description"):
        lines.append(f"Pipeline “{pipeline.get('name', '')}”: {pipeline['description']}")
    lines.append(
        f"Every random step used the seed {first.get('seed', '–')}, so running the same pipeline on the same files "
        "gives the same themes."
    )
    ids = " → ".join(str(m.get("run_id", "")) for m in chain)
    lines.append(f"Runs: {ids} (made {str(last.get('created_at', ''))[:19].replace('T', ' ')} UTC).")
    tables = []
    if stages:
        tables.append(
            Table(
                "Steps, in the order they ran",
                ["Step", "What it did", "Texts in", "Texts out", "Seconds"],
                [
                    [
                        str(s.get("use", "")),
                        stage_words(str(s.get("use", ""))),
                        _n(s.get("segments_in")),
                        _n(s.get("segments_out")),
                        f"{words.number(s.get('wall_s')) or 0:.1f}",
                    ]
                    for s in stages
                ],
            )
        )
    quality_rows = quality_table(quality)
    if quality_rows is not None:
        tables.append(quality_rows)
    rows = [[name, " / ".join(v)] for name, v in versions.items()]
    rows += [[f"{name} (report)", v] for name, v in report_versions.items()]
    tables.append(Table("Software versions", ["Package", "Version"], rows))
    return Section("How this report was made", lines, tables)


def general_caveats(noun: str, *, unassigned: float | None, threshold: int | None, paired: bool) -> list[str]:
    """What to keep in mind when reading any voices report, in plain English."""
    out = [
        "Themes were found by a computer from the words people used. Labels and descriptions are short summaries: "
        "check them against the quotes before relying on them.",
        "Quotes are real words with personal details replaced by placeholders such as [PERSON_1]. They are examples "
        "chosen to represent a theme, not a random sample.",
        f"Shares are of the {noun} to each question, not of residents: people who respond are rarely a random "
        "sample of the population.",
        f"Intervals (such as 17–23%) show the uncertainty that comes from the number of {noun}; they cannot "
        "account for who chose to respond.",
        f"One of the {noun} can make several points and so belong to more than one theme: shares can add up to "
        "more than 100%.",
        "Stability says whether a theme is found again when the analysis is re-run with a different random seed "
        "or a resample; unstable themes are tentative.",
    ]
    if unassigned is not None:
        out.append(f"{words.percent(unassigned)} of {noun} did not fit any theme well enough to be assigned to one.")
    if paired and threshold is not None:
        out.append(
            f"Small numbers are hidden: any count of fewer than {threshold} people in a breakdown is shown as "
            "“suppressed”, never as zero, and so are some other counts, so that hidden numbers cannot be worked "
            "out from totals."
        )
    return out

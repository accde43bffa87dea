"""Which platform wrote an export: signature columns and rows (research notes, formats.md §1.2).

Checks run most specific first: Qualtrics (``{"ImportId"`` row, or ``StartDate`` + ``ResponseId``), legacy
Qualtrics (``V1…V10`` then ``ResponseID``), SurveyMonkey (``Respondent ID`` + ``Collector ID``), Microsoft Forms
(``ID`` + ``Start time`` + ``Completion time``), Polis (``comment-id`` + ``comment-body``), Google Forms
(first column ``Timestamp``), Citizen Space (``ANON-`` ids or ``(component_id)`` labels), the i.AI
government layouts (``Ident N`` rows, ``Prop N QN -`` prefixes, a blank row after the header), an obvious long
table (respondent, question, answer columns), and otherwise a generic wide table.

Example:
    >>> platform_of_records([["Timestamp", "Why?"], ["2026/01/15 09:01:12", "Because"]])
    'google_forms'
"""

from __future__ import annotations

import re
from typing import Any

from voices.ingest.consultation.grid import Grid
from voices.ingest.consultation.vocabulary import normal

PLATFORMS: tuple[str, ...] = (
    "google_forms",
    "ms_forms",
    "surveymonkey",
    "qualtrics",
    "qualtrics_legacy",
    "citizen_space_json",
    "citizen_space_csv",
    "iai_biomass",
    "iai_lgr",
    "iai_scr",
    "polis",
    "themefinder_jsonl",
    "generic_wide",
    "generic_long",
)

ANON_ID = re.compile(r"^ANON-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]$")
COMPONENT = re.compile(r"^(?P<label>.*?)\s*\((?P<id>__userinfo_\w+|[A-Za-z_][\w-]*(?:\.[\w-]+)+|[a-z]+_[a-z0-9_]+)\)$")
IDENT = re.compile(r"^Ident \d+$", re.IGNORECASE)
PROP = re.compile(r"^(?P<id>Prop \d+ Q\d+)\s*-\s*(?P<text>.*)$", re.IGNORECASE)
_LEGACY_V = re.compile(r"^V\d+$")

LONG_RESPONDENT = (
    "respondent",
    "respondent id",
    "respondent_id",
    "response id",
    "response_id",
    "participant",
    "participant id",
    "participant_id",
    "person id",
    "respondent number",
)
LONG_QUESTION = (
    "question",
    "question id",
    "question_id",
    "question text",
    "question_text",
    "question number",
    "question_number",
    "item",
)
LONG_TEXT = (
    "response",
    "answer",
    "text",
    "comment",
    "response text",
    "response_text",
    "answer text",
    "answer_text",
    "free text",
    "verbatim",
)


def header_index(records: list[list[str]]) -> int:
    """Index of the first non-blank record (the header row); ``len(records)`` when every record is blank."""
    for i, rec in enumerate(records):
        if rec and any(c.strip() for c in rec):
            return i
    return len(records)


def platform_of(grid: Grid) -> str:
    """The platform that wrote the file in ``grid``."""
    if grid.kind == "dir":
        return "themefinder_jsonl"
    if grid.kind == "json":
        return _json_platform(grid.payload)
    if grid.kind == "jsonl":
        objs = [obj for _, obj, err in grid.payload[:50] if err is None]
        if objs and all(isinstance(o, dict) for o in objs):
            keys = set().union(*(o.keys() for o in objs))
            if "response_id" in keys and ("response" in keys or "demographic_data" in keys):
                return "themefinder_jsonl"
            if "answers" in keys and "id" in keys:
                return "citizen_space_json"
            if long_columns([str(k) for k in keys]) is not None:
                return "generic_long"
        return "generic_wide"
    return platform_of_records(grid.records)


def platform_of_records(records: list[list[str]]) -> str:
    """The platform that wrote a CSV-like file, from its first records."""
    h = header_index(records)
    if h >= len(records):
        return "generic_wide"
    head = [c.strip() for c in records[h]]
    low = [normal(c) for c in head]
    names = set(low)
    nxt = records[h + 1] if h + 1 < len(records) else []
    third = records[h + 2] if h + 2 < len(records) else []
    if third and sum(c.strip().startswith('{"ImportId"') for c in third) >= max(1, len(third) // 2):
        return "qualtrics"
    if {"startdate", "responseid"} <= names:
        return "qualtrics"
    if {"v1", "v2", "v3"} <= names and sum(bool(_LEGACY_V.match(c)) for c in head) >= 5:
        return "qualtrics_legacy"
    if {"respondent id", "collector id"} <= names:
        return "surveymonkey"
    if {"id", "start time", "completion time"} <= names:
        return "ms_forms"
    if {"comment-id", "comment-body"} <= names:
        return "polis"
    if low and low[0] == "timestamp":
        return "google_forms"
    sample = [c.strip() for rec in records[h + 1 : h + 21] for c in rec]
    components = sum(bool(COMPONENT.match(c)) for c in head)
    if any(ANON_ID.match(c) for c in sample) or components >= 2:
        return "citizen_space_csv"
    idents = [c for c in head if c]
    if idents and sum(bool(IDENT.match(c)) for c in idents) >= 0.8 * len(idents):
        return "iai_biomass"
    if any(PROP.match(c) for c in head):
        return "iai_lgr"
    if long_columns(head) is not None and _repeats(records, h, long_columns(head)):
        return "generic_long"
    if h + 2 < len(records) and not any(c.strip() for c in nxt) and any(c.strip() for c in third):
        return "iai_scr"
    return "generic_wide"


def long_columns(header: list[str]) -> dict[str, str] | None:
    """The respondent, question and text columns of an obvious long table, or ``None``.

    Example:
        >>> long_columns(["Respondent ID", "Question", "Response"])
        {'respondent': 'Respondent ID', 'question': 'Question', 'text': 'Response'}
    """
    found: dict[str, str] = {}
    for role, names in (("respondent", LONG_RESPONDENT), ("question", LONG_QUESTION), ("text", LONG_TEXT)):
        for h in header:
            if normal(h) in names and h not in found.values():
                found[role] = h
                break
    return found if len(found) == 3 else None


def _repeats(records: list[list[str]], h: int, cols: dict[str, str] | None) -> bool:
    if cols is None:
        return False
    head = [c.strip() for c in records[h]]
    qi = head.index(cols["question"])
    qs = [rec[qi].strip() for rec in records[h + 1 : h + 501] if len(rec) > qi and rec[qi].strip()]
    return len(qs) < 2 or len(set(qs)) < len(qs)


def _json_platform(payload: Any) -> str:
    if isinstance(payload, dict) and isinstance(payload.get("responses"), list):
        return "citizen_space_json"
    if isinstance(payload, list) and payload:
        first = [p for p in payload[:20] if isinstance(p, dict)]
        if first and all("responses" in p for p in first):
            return "citizen_space_json"
        if first and all("answers" in p for p in first):
            return "citizen_space_json"
        if first and long_columns([str(k) for k in first[0]]) is not None:
            return "generic_long"
    return "generic_wide"

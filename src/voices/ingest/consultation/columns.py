"""Classify every column of a respondent table and give each question a stable id.

Roles: ``open`` (free text: becomes segments), ``closed`` (one choice), ``multi`` (several choices),
``demographic`` (postcode, ward, age band…), ``meta`` (ids, timestamps, platform fields), ``id`` (the respondent
id) and ``ignore`` (personal data no analysis needs, such as IP addresses and e-mail, or empty columns).

The decision for each column, in order: the user's ``columns=`` override; what the layout knows (SurveyMonkey's
``Open-Ended Response``, Citizen Space arrays, Qualtrics text-entry ids); the header's name (metadata and
personal-data columns, then demographics with short answers); delimiter-joined choices; and finally the values,
following i.AI's rule of thumb: a closed column has a uniqueness ratio ≤ 0.2, an open one ≥ 0.2 and long
answers. Every decision carries its reason, reported in ``ReadResult.notes["columns"]``.

Example:
    >>> import pandas as pd
    >>> from voices.ingest.consultation.table import from_records
    >>> t = from_records([["Timestamp", "Age band", "Why?"], ["x", "25-34", "Because the bus is late"]],
    ...                  header=["Timestamp", "Age band", "Why?"], start=1, platform="google_forms")
    >>> [(d.role, d.question_id) for d in classify(t)]
    [('meta', None), ('demographic', 'Q1'), ('open', 'Q2')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from voices.errors import PipelineError
from voices.ingest.consultation import multiselect, vocabulary
from voices.ingest.consultation.table import Field, Table

Role = Literal["open", "closed", "multi", "demographic", "meta", "id", "ignore"]
ROLES: tuple[str, ...] = ("open", "closed", "multi", "demographic", "meta", "id", "ignore")

#: Delimiters tried for delimiter-joined multi-select answers, per platform.
DELIMITERS: dict[str, tuple[str, ...]] = {
    "google_forms": (", ",),
    "ms_forms": (";",),
    "qualtrics": (",",),
    "qualtrics_legacy": (",",),
    "citizen_space_csv": (", ", ";"),
    "surveymonkey": (),
    "polis": (),
    "citizen_space_json": (),
}
_GENERIC_DELIMITERS = (";", ", ", "|")
_SAMPLE = 5000
_NUMERIC = re.compile(r"^-?\d+(?:[.,]\d+)?%?$")


@dataclass
class Decision:
    """What one column is, and why.

    Attributes:
        field: the column.
        role: one of :data:`ROLES`.
        reason: why, in words a person can check.
        kind: the metadata or demographic kind (``submitted``, ``postcode``…) when known.
        delimiter: for a ``multi`` column, the join used (``None`` for SurveyMonkey option columns).
        question_id: stable question id (set for open, closed, multi and demographic columns).
        question_text: the question's wording.
    """

    field: Field
    role: str
    reason: str
    kind: str | None = None
    delimiter: str | None = None
    question_id: str | None = None
    question_text: str | None = None


def classify(
    table: Table,
    *,
    overrides: Mapping[str, str] | None = None,
    id_column: str | None = None,
    delimiter: str | None = None,
) -> list[Decision]:
    """Decide the role of every column of ``table`` and number its questions.

    Args:
        table: the respondent table.
        overrides: column header, platform column id, question id or Excel letter -> role.
        id_column: the column that holds the respondent id.
        delimiter: the multi-select join, when the platform default is wrong.

    Raises:
        PipelineError: an override names an unknown column or role.
    """
    forced = _resolve(table, dict(overrides or {}), id_column)
    delimiters = (delimiter,) if delimiter else DELIMITERS.get(table.platform, _GENERIC_DELIMITERS)
    multi_groups = _surveymonkey_option_groups(table) if table.platform == "surveymonkey" else set()
    decisions = []
    for f in table.fields:
        if f.key in forced:
            role = forced[f.key]
            d = Decision(f, role, "set by the caller (columns= / id_column=)")
            if role == "multi":
                d.delimiter = _forced_delimiter(table.frame[f.key].dropna(), delimiters, f)
            if role in ("meta", "demographic"):
                d.kind = vocabulary.meta_kind(f.header) if role == "meta" else vocabulary.demographic_kind(f.header)
        elif f.group in multi_groups and f.hint == "sub_column":
            d = Decision(f, "multi", "SurveyMonkey option column (cells hold the option label or are blank)")
        else:
            d = _decide(f, table.frame[f.key].dropna(), delimiters)
        decisions.append(d)
    ids = [d for d in decisions if d.role == "id"]
    for d in ids[1:]:
        d.role, d.reason = "meta", f"another respondent id column ({ids[0].field.label}) comes first"
    _number(decisions, table.platform)
    return decisions


def _resolve(table: Table, overrides: dict[str, str], id_column: str | None) -> dict[str, str]:
    if id_column is not None:
        overrides = {**overrides, id_column: "id"}
    forced: dict[str, str] = {}
    for name, role in overrides.items():
        if role not in ROLES:
            raise PipelineError(
                f"columns={{{name!r}: {role!r}}}: expected a role among {list(ROLES)}, found {role!r}. "
                "Fix: use one of those roles."
            )
        matched = [f for f in table.fields if name in _names(f)]
        if not matched:
            known = [f.label for f in table.fields][:30]
            raise PipelineError(
                f"columns= / id_column= names {name!r}, but the file has no such column; expected one of {known}. "
                "Fix: copy the header exactly as it appears in the export (or its column id / letter)."
            )
        for f in matched:
            forced[f.key] = role
    return forced


def _names(f: Field) -> set[str]:
    names = {f.header, f.label, f.key}
    for extra in (f.column_id, f.question_text, f.letter):
        if extra:
            names.add(extra)
    if f.group and f.option:
        names.add(f"{f.group} - {f.option}")
    return names


def _decide(f: Field, s: pd.Series, delimiters: tuple[str, ...]) -> Decision:
    n = len(s)
    hint = f.hint
    if hint in ("ignore", "id", "meta"):
        return Decision(f, hint, "the platform's layout says so", kind=f.meta_kind)
    if hint == "multi_list":
        return Decision(f, "multi", "answers are lists of chosen options", delimiter=multiselect.LIST_DELIMITER)
    words = [f.header] if not (hint == "sub_column" and f.option) else [f.option, f.header]
    for candidate in ([f.column_id] if f.column_id else []) + words:
        kind = vocabulary.meta_kind(candidate)
        if kind in vocabulary.DROPPED_KINDS:
            return Decision(
                f,
                "ignore",
                f"{kind.replace('_', ' ')} column dropped: personal or platform data that no analysis needs",
                kind=kind,
            )
        if kind == "respondent_id":
            return Decision(f, "id", "respondent id column", kind=kind)
        if kind is not None:
            return Decision(f, "meta", f"platform metadata ({kind.replace('_', ' ')})", kind=f.meta_kind or kind)
    if n == 0:
        return Decision(f, "ignore", "no answers in any row")
    sample = s.iloc[:: max(1, n // _SAMPLE)]  # length statistics from an even sample; uniqueness from all
    mean_len = float(sample.str.len().mean())
    mean_words = float((sample.str.count(r"\s+") + 1).mean())
    uniqueness = s.nunique() / n
    stats = f"{n} answers, uniqueness {uniqueness:.2f}, mean {mean_len:.0f} chars"
    if hint == "open":
        return Decision(f, "open", "the platform marks it as free text (e.g. SurveyMonkey Open-Ended Response)")
    if hint == "other_text":
        return Decision(f, "open", "free text given with 'Other (please specify)'")
    for candidate in words:
        dkind = vocabulary.demographic_kind(candidate)
        limit = 150 if dkind in ("address", "postcode") else 60
        if dkind and len(candidate) <= 100 and mean_len <= limit:
            return Decision(f, "demographic", f"demographic question ({dkind.replace('_', ' ')}); {stats}", kind=dkind)
    if hint == "qualtrics_text":
        return Decision(f, "open", f"Qualtrics text-entry column; {stats}")
    prompted = vocabulary.asks_for_many(f.header)
    for d in delimiters:
        ok, why = multiselect.looks_multi(s, d, prompted=prompted)
        if ok:
            return Decision(f, "multi", why, delimiter=d)
    if bool(s.str.fullmatch(_NUMERIC).all()):
        return Decision(f, "closed", f"numeric answers; {stats}")
    asks = vocabulary.asks_for_text(f.header)
    if mean_len >= 40:
        return Decision(f, "open", f"long free-text answers; {stats}")
    if n >= 10 and uniqueness <= 0.2:
        return Decision(f, "closed", f"few distinct answers (uniqueness ≤ 0.2); {stats}")
    if mean_words >= 4 and (n < 10 or uniqueness >= 0.2):
        return Decision(f, "open", f"varied answers of several words; {stats}")
    if asks and (n < 10 or uniqueness >= 0.2):
        return Decision(f, "open", f"the question asks for free text; {stats}")
    return Decision(f, "closed", f"short answers; {stats}")


def _forced_delimiter(s: pd.Series, delimiters: tuple[str, ...], f: Field) -> str:
    if f.hint == "multi_list":
        return multiselect.LIST_DELIMITER
    for d in delimiters or _GENERIC_DELIMITERS:
        if multiselect.looks_multi(s, d, prompted=True)[0] and s.str.contains(re.escape(d.strip())).any():
            return d
    return (delimiters or _GENERIC_DELIMITERS)[0]


def _surveymonkey_option_groups(table: Table) -> set[str]:
    """Groups whose sub-columns each hold only their own option label (a multi-select question)."""
    by_group: dict[str, list[Field]] = {}
    for f in table.fields:
        if f.hint == "sub_column" and f.group:
            by_group.setdefault(f.group, []).append(f)
    out = set()
    for group, fields in by_group.items():
        filled = 0
        ok = True
        for f in fields:
            values = table.frame[f.key].dropna()
            filled += len(values)
            if len(values) and not (values.str.casefold() == (f.option or "").casefold()).all():
                ok = False
                break
        if ok:
            out.add(group)
    return out


def _number(decisions: list[Decision], platform: str) -> None:
    """Give every question column a stable id: the platform's own, else ``Q<n>`` in column order."""
    seen: dict[str, int] = {}
    subs: dict[str, int] = {}
    used: set[str] = set()
    for d in decisions:
        if d.role in ("meta", "id", "ignore"):
            continue
        f = d.field
        group = f.group if (platform == "surveymonkey" and f.group) else f.key
        if group not in seen:
            seen[group] = len(seen) + 1
        base = f"Q{seen[group]}"
        text = f.question_text or f.header
        if f.column_id:
            qid = f.column_id
        elif platform == "surveymonkey" and d.role == "multi":
            qid, text = base, f.group or text
        elif f.hint == "other_text":
            qid, text = f"{base}_other", f"{f.group} – {f.option}"
        elif f.hint == "sub_column":
            subs[group] = subs.get(group, 0) + 1
            qid, text = f"{base}_{subs[group]}", f"{f.group} – {f.option}"
        else:
            qid = base
        qid = qid.replace("/", "_").strip() or base
        if qid in used and not (platform == "surveymonkey" and d.role == "multi"):
            k = 2
            while f"{qid}_{k}" in used:
                k += 1
            qid = f"{qid}_{k}"
        used.add(qid)
        d.question_id, d.question_text = qid, text

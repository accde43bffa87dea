"""Header shapes of CSV and XLSX exports: how many header rows, and what each tells about its column.

==================  =========================================================================================
platform            header rows
==================  =========================================================================================
surveymonkey        2: question text (blank on continuation columns); ``Response`` / ``Open-Ended Response`` /
                    option label / ``Other (please specify)``
qualtrics           3: column ids (``Q3_TEXT``); question text in the exporter's language; ``{"ImportId":…}``
qualtrics_legacy    2: ``V1…V10`` and question ids; question text (and a trailing comma)
iai_biomass         2: ``Ident N``; question text
iai_lgr             1: ``Prop 1 Q1 - <question>`` carries the question id
citizen_space_csv   1: ``<Label> (<component_id>)``
others              1 (a blank row after it, as in i.AI's SCR layout, is skipped like any blank row)
==================  =========================================================================================

Example:
    >>> t = to_table([["Ident 1", "Ident 2"], ["Name?", "Why?"], ["Ann", "Because"]], "iai_biomass")
    >>> [(f.column_id, f.header) for f in t.fields], t.rows.tolist()
    ([('Ident 1', 'Name?'), ('Ident 2', 'Why?')], [3])
"""

from __future__ import annotations

import json
import re

from voices.ingest.consultation.detect import COMPONENT, PROP, header_index
from voices.ingest.consultation.table import Field, Table, excel_letter, from_records

_OTHER = re.compile(r"^other\b.*(specify|describe|detail|tell)|^other \(please", re.IGNORECASE)
_POLIS_ROLES = {
    "comment-body": "open",
    "comment-id": "id",
    "timestamp": "meta",
    "datetime": "meta",
    "author-id": "meta",
    "agrees": "meta",
    "disagrees": "meta",
    "moderated": "meta",
}


def to_table(records: list[list[str]], platform: str, errors: dict[int, str] | None = None) -> Table:
    """Reduce the records of a CSV-like export to a :class:`Table` using ``platform``'s header shape."""
    h = header_index(records)
    if h >= len(records):
        return from_records([], header=[], start=0, platform=platform)
    header = records[h]
    if platform == "surveymonkey":
        sub = records[h + 1] if h + 1 < len(records) else []
        width = max(len(header), len(sub))
        fields = _surveymonkey(_pad(header, width), _pad(sub, width))
        return from_records(
            records, header=_pad(header, width), start=h + 2, platform=platform, errors=errors, fields=fields
        )
    if platform == "qualtrics":
        text = records[h + 1] if h + 1 < len(records) else []
        imports = records[h + 2] if h + 2 < len(records) else []
        start = h + 3 if any(c.strip().startswith("{") for c in imports) else h + 2
        imports = imports if start == h + 3 else []
        width = max(len(header), len(text), len(imports))
        ids = _pad(header, width)
        fields = _qualtrics(ids, _pad(text, width), _pad(imports, width))
        return from_records(records, header=ids, start=start, platform=platform, errors=errors, fields=fields)
    if platform in ("qualtrics_legacy", "iai_biomass"):
        text = records[h + 1] if h + 1 < len(records) else []
        width = max(len(header), len(text))
        ids, text = _pad(header, width), _pad(text, width)
        fields = [
            Field(key=f"c{j}", header=(t.strip() or i.strip()), column_id=i.strip() or None, letter=excel_letter(j))
            for j, (i, t) in enumerate(zip(ids, text, strict=True))
        ]
        if platform == "qualtrics_legacy":
            for f in fields:  # V1..V10 are platform metadata; their row-2 names say which
                if f.column_id and re.match(r"^V\d+$", f.column_id):
                    f.column_id = None
        return from_records(records, header=ids, start=h + 2, platform=platform, errors=errors, fields=fields)
    fields = [Field(key=f"c{j}", header=c.strip(), letter=excel_letter(j)) for j, c in enumerate(header)]
    if platform == "iai_lgr":
        for f in fields:
            m = PROP.match(f.header)
            if m:
                f.column_id, f.question_text = m.group("id"), m.group("text").strip()
    elif platform == "citizen_space_csv":
        for f in fields:
            m = COMPONENT.match(f.header)
            if m:
                f.column_id, f.question_text = m.group("id"), m.group("label").strip()
    elif platform == "polis":
        for f in fields:
            f.hint = _POLIS_ROLES.get(f.header.lower())
            if f.header.lower() == "comment-body":
                f.column_id, f.question_text = "comment", "Polis statement"
            if f.header.lower() == "timestamp":
                f.meta_kind = "submitted"
    return from_records(records, header=header, start=h + 1, platform=platform, errors=errors, fields=fields)


def _pad(rec: list[str], width: int) -> list[str]:
    return list(rec) + [""] * (width - len(rec))


def _surveymonkey(questions: list[str], subs: list[str]) -> list[Field]:
    fields: list[Field] = []
    group = ""
    for j, (q, s) in enumerate(zip(questions, subs, strict=True)):
        q, s = q.strip(), s.strip()
        if q:
            group = q
        header = q or group
        f = Field(key=f"c{j}", header=header, group=group or None, option=s or None, letter=excel_letter(j))
        if s == "Open-Ended Response":
            f.hint = "open"
        fields.append(f)
    # A question spanning several columns: option columns (multi-select), "Other (please specify)", or the rows
    # of a matrix / the parts of a contact block. Which one is decided from the values by the classifier.
    sizes: dict[str, int] = {}
    for f in fields:
        if f.group:
            sizes[f.group] = sizes.get(f.group, 0) + 1
    for f in fields:
        if f.group and sizes[f.group] > 1 and f.option and f.hint is None:
            f.hint = "other_text" if _OTHER.match(f.option) else "sub_column"
    return fields


def _qualtrics(ids: list[str], text: list[str], imports: list[str]) -> list[Field]:
    fields: list[Field] = []
    for j, (i, t, imp) in enumerate(zip(ids, text, imports, strict=True)):
        i, t = i.strip(), t.strip()
        f = Field(key=f"c{j}", header=t or i, column_id=i or None, letter=excel_letter(j))
        try:
            info = json.loads(imp) if imp.strip().startswith("{") else {}
        except json.JSONDecodeError:
            info = {}
        if isinstance(info, dict):
            f.tz = info.get("timeZone") if isinstance(info.get("timeZone"), str) else None
            import_id = str(info.get("ImportId", ""))
            if import_id.endswith("_TEXT") or i.endswith("_TEXT"):
                f.hint = "qualtrics_text"
            if import_id.endswith("Topics") or (" - " in i and i.split(" - ")[-1].lower() in ("topics", "sentiment")):
                f.hint = "ignore"
        fields.append(f)
    return fields

"""JSON exports as respondent tables: Citizen Space Data API responses, and lists of flat records.

Citizen Space's API returns ``{"responses": [{"id": "ANON-…", "completed": true, "deleted": false,
"answers": {"<Label> (<component_id>)": value}}]}``, several such batches if the user saved every page (a list
of them is accepted), multi-value answers as JSON arrays. Deleted responses are dropped with a reason. The
record number (``source_row``) of a response is its 1-based position in the file (or its line, for JSON Lines).

Example:
    >>> t = citizen_space({"responses": [{"id": "ANON-AAAA-BBBB-C", "answers": {"Why? (why_q)": "Bins"}},
    ...                                  {"id": "ANON-AAAA-BBBB-D", "deleted": True, "answers": {}}]})
    >>> [(f.header, f.column_id) for f in t.fields], t.dropped
    ([('Response ID', None), ('Why?', 'why_q')], [(2, 'deleted in Citizen Space')])
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from voices.ingest.consultation.detect import COMPONENT
from voices.ingest.consultation.multiselect import LIST_DELIMITER
from voices.ingest.consultation.table import Field, Table, clean, drop_unnamed_empty
from voices.ingest.consultation.vocabulary import DROPPED_KINDS, meta_kind

_ID = "\x00id"
_TOP = "\x00"


def citizen_space(payload: Any, lines: list[tuple[int, Any, str | None]] | None = None) -> Table:
    """A Citizen Space API export (one JSON document, or JSON Lines of responses) as a :class:`Table`."""
    if lines is not None:
        items: list[tuple[int, Any, str | None]] = lines
    else:
        batches = (
            payload
            if isinstance(payload, list) and payload and all(isinstance(p, dict) and "responses" in p for p in payload)
            else [payload]
        )
        responses: list[Any] = []
        for batch in batches:
            if isinstance(batch, dict) and isinstance(batch.get("responses"), list):
                responses.extend(batch["responses"])
            elif isinstance(batch, list):
                responses.extend(batch)
        items = [(i, r, None) for i, r in enumerate(responses, start=1)]
    entries: list[tuple[int, dict[str, Any]]] = []
    quarantine: list[tuple[int, str]] = []
    dropped: list[tuple[int, str]] = []
    for row, obj, err in items:
        if err is not None:
            quarantine.append((row, err))
        elif not isinstance(obj, dict):
            quarantine.append((row, f"response is a JSON {type(obj).__name__}, not an object"))
        elif obj.get("deleted") is True:
            dropped.append((row, "deleted in Citizen Space"))
        elif not isinstance(obj.get("answers"), dict):
            quarantine.append((row, "response has no 'answers' object"))
        else:
            flat: dict[str, Any] = {_ID: obj.get("id")}
            for k, v in obj.items():
                if k not in ("id", "answers", "deleted") and not isinstance(v, (dict, list)):
                    flat[_TOP + k] = v
            flat.update(obj["answers"])
            entries.append((row, flat))
    return _table(entries, "citizen_space_json", quarantine, dropped, _citizen_space_field)


def records(items: list[tuple[int, Any, str | None]], platform: str = "generic_wide") -> Table:
    """Flat JSON records (a JSON array, or JSON Lines) as a :class:`Table`: one column per key."""
    entries: list[tuple[int, dict[str, Any]]] = []
    quarantine: list[tuple[int, str]] = []
    for row, obj, err in items:
        if err is not None:
            quarantine.append((row, err))
        elif not isinstance(obj, dict):
            quarantine.append((row, f"record is a JSON {type(obj).__name__}, not an object"))
        else:
            entries.append((row, obj))
    return _table(entries, platform, quarantine, [], lambda key, j: Field(key=f"c{j}", header=str(key)))


def _citizen_space_field(key: str, j: int) -> Field:
    if key == _ID:
        return Field(key=f"c{j}", header="Response ID", hint="id")
    if key.startswith(_TOP):
        name = key[len(_TOP) :]
        return Field(key=f"c{j}", header=name, hint="meta", meta_kind=meta_kind(name))
    m = COMPONENT.match(key)
    if not m:
        return Field(key=f"c{j}", header=key)
    f = Field(key=f"c{j}", header=m.group("label").strip() or m.group("id"), column_id=m.group("id"))
    if f.column_id and f.column_id.startswith("__userinfo_") and meta_kind(f.column_id) not in DROPPED_KINDS:
        f.hint = "meta"
    return f


def _table(
    entries: list[tuple[int, dict[str, Any]]],
    platform: str,
    quarantine: list[tuple[int, str]],
    dropped: list[tuple[int, str]],
    make_field: Any,
) -> Table:
    order: dict[str, int] = {}
    for _, flat in entries:
        for k in flat:
            if k not in order:
                order[k] = len(order)
    fields = [make_field(k, j) for k, j in order.items()]
    data: dict[str, pd.Series] = {}
    whitespace: dict[str, int] = {}
    for k, f in zip(order, fields, strict=True):
        values = [_cell(flat.get(k)) for _, flat in entries]
        if any(isinstance(flat.get(k), list) for _, flat in entries) and f.hint is None:
            f.hint = "multi_list"
        data[f.key], whitespace[f.key] = clean(pd.Series(values, dtype="str"))
    table = Table(
        platform=platform,
        fields=fields,
        frame=pd.DataFrame(data, index=range(len(entries))),
        rows=np.asarray([row for row, _ in entries], dtype=np.int64),
        records_in=len(entries) + len(quarantine) + len(dropped),
        quarantine=quarantine,
        dropped=dropped,
        notes={"whitespace_only": whitespace, "source_row": "position of the record in the file (1-based)"},
    )
    return drop_unnamed_empty(table)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) or v is None for v in value):
        return LIST_DELIMITER.join(str(v) for v in value if v is not None and str(v).strip())
    return json.dumps(value, ensure_ascii=False, default=str)

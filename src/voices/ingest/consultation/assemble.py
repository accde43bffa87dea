"""Turn a classified respondent table into segments: one per respondent × open question with an answer.

Work is column-wise (pandas / NumPy) except building each respondent's ``meta`` JSON, which is one small dict per
kept respondent. Respondent rows whose open answers are all empty are dropped with the reason
``"no open-text answer"``; answers that say nothing (empty, whitespace, ``N/A``, ``-``) count as empty and are
counted in the notes.

Example:
    >>> from voices.ingest.consultation.table import from_records
    >>> from voices.ingest.consultation.columns import classify
    >>> t = from_records([["ID", "Why?"], ["7", "Buses are late"], ["8", "n/a"]], header=["ID", "Why?"],
    ...                  start=1, platform="generic_wide")
    >>> r = assemble(t, classify(t), source_file="s.csv")
    >>> r.segments["segment_id"].tolist(), [d["reason"] for d in r.dropped]
    (['s/7/Q1'], ['no open-text answer'])
"""

from __future__ import annotations

import json
import logging
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from voices.corpus import conform, empty_segments
from voices.ingest.consultation import multiselect, timestamps
from voices.ingest.consultation.columns import Decision
from voices.ingest.consultation.table import Table, not_applicable
from voices.ingest.reading import MAX_CELL_CHARS, ReadResult, clip

log = logging.getLogger(__name__)

#: Day/month order documented by a platform, used only when a column of dates does not settle it.
DATE_ORDER: dict[str, timestamps.Order] = {"surveymonkey": "mdy"}
NO_OPEN_TEXT = "no open-text answer"
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def assemble(table: Table, decisions: list[Decision], *, source_file: str) -> ReadResult:
    """Build the :class:`ReadResult` for a classified table.

    Args:
        table: the respondent table.
        decisions: one per field, from :func:`voices.ingest.consultation.columns.classify`.
        source_file: file name (no folders) recorded on every segment.
    """
    stem = PurePath(source_file).stem
    result = ReadResult(source_file, table.platform, segments=empty_segments())
    result.records_in = table.records_in
    for row, reason in table.quarantine:
        result.quarantine_row(row, reason)
    for row, reason in table.dropped:
        result.drop_row(row, reason)
    frame, rows = table.frame, table.rows
    n = len(frame)
    notes = result.notes
    ids = respondent_ids(table, decisions, notes)
    created, notes["timestamps"] = created_at(table, decisions)

    opens = [d for d in decisions if d.role == "open"]
    texts: dict[str, pd.Series] = {}
    empty_by_q: dict[str, int] = {}
    said_nothing = 0
    for d in opens:
        s = frame[d.field.key]
        na = not_applicable(s)
        said_nothing += int(na.sum())
        s = s.where(~na)
        texts[d.field.key] = s
        empty_by_q[str(d.question_id)] = int(s.isna().sum())
    notes["empty_answers"] = sum(empty_by_q.values())
    notes["empty_answers_by_question"] = empty_by_q
    notes["whitespace_only_answers"] = sum(
        int(table.notes.get("whitespace_only", {}).get(d.field.key, 0)) for d in opens
    )
    notes["not_applicable_answers"] = said_nothing

    pos_parts, order_parts, text_parts = [], [], []
    for order, d in enumerate(opens):
        values = texts[d.field.key].to_numpy(dtype=object, na_value=None)
        idx = np.flatnonzero(texts[d.field.key].notna().to_numpy())
        pos_parts.append(idx)
        order_parts.append(np.full(len(idx), order, dtype=np.int64))
        text_parts.append(values[idx])
    pos = np.concatenate(pos_parts) if pos_parts else np.empty(0, dtype=np.int64)
    order_ix = np.concatenate(order_parts) if order_parts else np.empty(0, dtype=np.int64)
    seg_text = np.concatenate(text_parts) if text_parts else np.empty(0, dtype=object)
    perm = np.lexsort((order_ix, pos))
    pos, order_ix, seg_text = pos[perm], order_ix[perm], seg_text[perm]

    kept = np.unique(pos)
    has_text = np.zeros(n, dtype=bool)
    has_text[kept] = True
    result.records_kept = len(kept)
    result.dropped.extend({"file": source_file, "row": int(r), "reason": NO_OPEN_TEXT} for r in rows[~has_text])
    if not opens:
        notes["warning"] = (
            "no column was classified as open text, so no segments were made; pass "
            "columns={'<header>': 'open'} to say which columns hold free-text answers"
        )
        log.warning("%s: %s", source_file, notes["warning"])

    row_meta = np.empty(n, dtype=object)
    if len(kept):
        row_meta[kept] = respondent_meta(table, decisions, ids, kept, notes)
    seg_meta = row_meta[pos]
    truncated = 0
    for i, text in enumerate(seg_text):
        if len(text) > MAX_CELL_CHARS:
            seg_text[i], _ = clip(text)
            meta = json.loads(seg_meta[i])
            meta["truncated"] = {"original_chars": len(text), "kept_chars": MAX_CELL_CHARS}
            seg_meta[i] = json.dumps(meta, ensure_ascii=False)
            truncated += 1
    notes["truncated_answers"] = truncated

    qids = np.array([d.question_id for d in opens], dtype=object)
    qtexts = np.array([d.question_text for d in opens], dtype=object)
    doc_ids = np.array([f"{stem}/{ids[p]}" for p in pos], dtype=object)
    seg_qids = qids[order_ix] if len(opens) else np.empty(0, dtype=object)
    segments = pd.DataFrame(
        {
            "segment_id": [f"{doc}/{q}" for doc, q in zip(doc_ids, seg_qids, strict=True)],
            "document_id": doc_ids,
            "source_kind": "consultation",
            "source_format": table.platform,
            "source_file": source_file,
            "source_row": rows[pos],
            "text": seg_text,
            "question_id": seg_qids,
            "question_text": qtexts[order_ix] if len(opens) else np.empty(0, dtype=object),
            "created_at": created.iloc[pos].reset_index(drop=True),
            "meta": seg_meta,
        }
    )
    result.segments = conform(segments)
    notes["columns"] = [
        {
            "column": d.field.label,
            "role": d.role,
            "question_id": d.question_id,
            "reason": d.reason,
            **({"kind": d.kind} if d.kind else {}),
        }
        for d in decisions
    ]
    dropped_cols = [{"column": d.field.label, "reason": d.reason} for d in decisions if d.role == "ignore" and d.kind]
    if dropped_cols:
        notes["dropped_columns"] = dropped_cols
    for key in ("blank_rows", "unnamed_empty_columns", "encoding", "delimiter", "sheet", "other_sheets", "xlsx_reader"):
        if key in table.notes:
            notes[key] = table.notes[key]
    return result


def respondent_ids(table: Table, decisions: list[Decision], notes: dict[str, Any]) -> np.ndarray:
    """One id per table row: the platform's respondent id (Excel floats like ``12.0`` fixed), else ``row<N>``."""
    fallback = pd.Series([f"row{r}" for r in table.rows], dtype=object)
    id_dec = next((d for d in decisions if d.role == "id"), None)
    if id_dec is None:
        notes["respondent_id"] = "none in the file: documents are named by row number"
        return fallback.to_numpy()
    raw = table.frame[id_dec.field.key].reset_index(drop=True)
    if bool(raw.str.fullmatch(r"\d(?:\.\d+)?[eE]\+\d+").fillna(False).any()):
        notes["id_warning"] = (
            f"some ids in {id_dec.field.label!r} are in scientific notation (Excel rounded them); "
            "ids may collide. Fix: format the id column as text before saving from Excel"
        )
    ids = raw.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True).str.replace("/", "_", regex=False)
    ids = ids.astype(object).where(ids.notna(), fallback)
    dup = ids.duplicated(keep="first").to_numpy()
    if dup.any():
        rows = pd.Series(table.rows, dtype=object).astype(str)
        ids = ids.where(~dup, ids.astype(str) + "~row" + rows)
        notes["duplicate_respondent_ids"] = int(dup.sum())
    notes["respondent_id"] = id_dec.field.label
    return ids.to_numpy(dtype=object)


def created_at(table: Table, decisions: list[Decision]) -> tuple[pd.Series, str]:
    """When each respondent submitted: the platform's completion time, else its start time."""
    for kind in ("submitted", "started", "modified"):
        for d in decisions:
            if d.role == "meta" and d.kind == kind:
                values, note = timestamps.parse(
                    table.frame[d.field.key], prior=DATE_ORDER.get(table.platform), tz=d.field.tz
                )
                return values, f"{d.field.label}: {note}"
    return timestamps.empty(len(table.frame)), "no timestamp column"


def respondent_meta(
    table: Table, decisions: list[Decision], ids: np.ndarray, kept: np.ndarray, notes: dict[str, Any]
) -> list[str]:
    """The ``meta`` JSON of each kept respondent: id, closed answers, multi-select options, demographics and
    platform fields."""
    frame = table.frame
    parts: list[tuple[str | None, str, list[Any]]] = [(None, "respondent_id", list(ids))]
    demo_keys: set[str] = set()
    sm_multi: dict[str, list[Decision]] = {}
    for d in decisions:
        col = frame[d.field.key]
        if d.role == "closed":
            parts.append(("answers", str(d.question_id), _values(col)))
        elif d.role == "demographic":
            key = d.kind or d.field.label
            k, i = key, 2
            while k in demo_keys:
                k, i = f"{key}_{i}", i + 1
            demo_keys.add(k)
            parts.append(("demographics", k, _values(col)))
        elif d.role == "meta":
            parts.append(("platform", d.field.label, _values(col)))
        elif d.role == "multi" and d.delimiter is None:
            sm_multi.setdefault(str(d.question_id), []).append(d)
        elif d.role == "multi" and d.delimiter is not None:
            split = multiselect.split(col, d.delimiter)
            parts.append(("multi", str(d.question_id), split.tolist()))
            if d.delimiter != multiselect.LIST_DELIMITER:
                parts.append(("multi_raw", str(d.question_id), _values(col)))
    for qid, group in sm_multi.items():
        chosen = pd.DataFrame({d.field.option or d.field.header: frame[d.field.key].notna() for d in group})
        labels = np.array(chosen.columns, dtype=object)
        mat = chosen.to_numpy()
        parts.append(("multi", qid, [list(labels[r]) or None for r in mat]))
    encode = _ENCODER.encode
    out = []
    for i in kept:
        m: dict[str, Any] = {}
        for section, key, vals in parts:
            v = vals[i]
            if v is None:
                continue
            if section is None:
                m[key] = v
            elif section in m:
                m[section][key] = v
            else:
                m[section] = {key: v}
        out.append(encode(m))
    return out


def _values(col: pd.Series) -> list[Any]:
    values = col.astype(object).where(col.notna(), None).tolist()
    if bool(col.str.contains(multiselect.LIST_DELIMITER, regex=False).fillna(False).any()):
        values = [
            v.split(multiselect.LIST_DELIMITER) if isinstance(v, str) and multiselect.LIST_DELIMITER in v else v
            for v in values
        ]
    return values

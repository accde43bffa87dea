"""Long tables: one row per answer (respondent, question, text), as analysts and i.AI's ThemeFinder keep them.

Each row is a record: a row with text becomes one segment, a row without is dropped with ``"no open-text
answer"``. Question ids come from the question column when its values look like ids (``Q1``, ``3``, ``2a``);
otherwise each distinct question wording gets ``Q1``, ``Q2``… in order of first appearance. Other columns are
classified like a wide table's and land in ``meta``.

Example:
    >>> from voices.ingest.consultation.table import from_records
    >>> t = from_records([["respondent", "question", "answer"], ["1", "Why?", "Bins"], ["1", "How?", ""]],
    ...                  header=["respondent", "question", "answer"], start=1, platform="generic_long")
    >>> r = assemble_long(from_table(t, {"respondent": "respondent", "question": "question", "text": "answer"}),
    ...                   source_file="l.csv")
    >>> r.segments["segment_id"].tolist(), r.records_in, len(r.dropped)
    (['l/1/Q1'], 2, 1)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from voices.corpus import conform, empty_segments
from voices.errors import PipelineError
from voices.ingest.consultation import columns as classify_columns
from voices.ingest.consultation.assemble import NO_OPEN_TEXT, created_at
from voices.ingest.consultation.table import Table, not_applicable
from voices.ingest.reading import MAX_CELL_CHARS, ReadResult, clip

_QUESTION_ID = re.compile(r"^[A-Za-z_]{0,12}\s?\d+[\w.\-]*$")
LONG_KEYS = ("respondent", "question", "text")


@dataclass
class LongTable:
    """Answers one per row.

    Attributes:
        platform: platform name.
        respondent: respondent id per row (NA when missing).
        question_id: question id per row.
        question_text: question wording per row (NA when unknown).
        text: the answer per row (stripped; NA when empty).
        rows: 1-based source row (or line) per row.
        created: timestamp per row (UTC, NaT when unknown).
        files: source file per row when rows come from several files; else ``None``.
        extra: ``(section, key, values)`` per other column, values aligned with rows.
        respondent_meta: extra meta per respondent id (e.g. ThemeFinder demographics).
        records_in: every record seen (rows + quarantined).
        quarantine: ``{"file", "row", "reason"}`` per unreadable record.
        notes: anything worth reporting.
    """

    platform: str
    respondent: pd.Series
    question_id: pd.Series
    question_text: pd.Series
    text: pd.Series
    rows: np.ndarray
    created: pd.Series
    files: np.ndarray | None = None
    extra: list[tuple[str, str, list[Any]]] = field(default_factory=list)
    respondent_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    records_in: int = 0
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


def from_table(table: Table, long_format: dict[str, str]) -> LongTable:
    """Read a respondent table as a long table using the ``long_format`` columns.

    Raises:
        PipelineError: ``long_format`` lacks a key or names a column the file does not have.
    """
    missing = [k for k in LONG_KEYS if k not in long_format]
    if missing:
        raise PipelineError(
            f"long_format={long_format!r}: expected keys {list(LONG_KEYS)}, missing {missing}. "
            "Fix: pass {'respondent': <id column>, 'question': <question column>, 'text': <answer column>}."
        )
    keys = {}
    for role in LONG_KEYS:
        name = long_format[role]
        match = [f for f in table.fields if name in (f.header, f.column_id, f.letter)]
        if not match:
            raise PipelineError(
                f"long_format[{role!r}]={name!r}: expected one of the file's columns "
                f"{[f.header for f in table.fields][:30]}, found no such column. Fix: copy the header exactly."
            )
        keys[role] = match[0].key
    frame = table.frame
    q = frame[keys["question"]]
    present = q.dropna()
    if len(present) and bool(present.str.fullmatch(_QUESTION_ID).all()):
        qid, qtext = q.str.replace("/", "_", regex=False), pd.Series(pd.NA, index=q.index, dtype="str")
    else:
        order = {v: f"Q{i}" for i, v in enumerate(pd.unique(present), start=1)}
        qid, qtext = q.map(order).astype("str"), q
    qid = qid.fillna("Q0")
    overrides = {table.field(k).header: "ignore" for k in keys.values()}
    decisions = classify_columns.classify(table, overrides=overrides)
    extra: list[tuple[str, str, list[Any]]] = []
    for d in decisions:
        if d.field.key in keys.values() or d.role == "ignore":
            continue
        section = {"demographic": "demographics", "meta": "platform", "id": "platform"}.get(d.role, "fields")
        col = frame[d.field.key]
        extra.append(
            (
                section,
                d.kind if d.role == "demographic" and d.kind else d.field.label,
                col.astype(object).where(col.notna(), None).tolist(),
            )
        )
    created, ts_note = created_at(table, decisions)
    return LongTable(
        platform=table.platform,
        respondent=frame[keys["respondent"]],
        question_id=qid,
        question_text=qtext,
        text=frame[keys["text"]],
        rows=table.rows,
        created=created,
        extra=extra,
        records_in=table.records_in,
        quarantine=[{"row": r, "reason": why} for r, why in table.quarantine],
        notes={
            "timestamps": ts_note,
            "long_format": dict(long_format),
            "columns": [
                {"column": d.field.label, "role": d.role, "question_id": None, "reason": d.reason}
                for d in decisions
                if d.field.key not in keys.values()
            ],
            **{
                k: table.notes[k]
                for k in ("blank_rows", "encoding", "delimiter", "sheet", "xlsx_reader")
                if k in table.notes
            },
        },
    )


def assemble_long(lt: LongTable, *, source_file: str, stem: str | None = None) -> ReadResult:
    """One segment per row with text; rows without text dropped; counts add up.

    Args:
        lt: the long table.
        source_file: file name recorded on the result (and on segments unless ``lt.files`` says otherwise).
        stem: prefix of document ids (the file's stem by default).
    """
    stem = stem or PurePath(source_file).stem
    result = ReadResult(source_file, lt.platform, segments=empty_segments())
    result.records_in = lt.records_in
    result.notes.update(lt.notes)
    for q in lt.quarantine:
        result.quarantine.append({"file": q.get("file", source_file), "row": int(q["row"]), "reason": q["reason"]})
    files = lt.files if lt.files is not None else np.full(len(lt.rows), source_file, dtype=object)
    text = lt.text.reset_index(drop=True)
    na = not_applicable(text)
    text = text.where(~na)
    keep = text.notna().to_numpy()
    result.notes["empty_answers"] = int((~keep).sum())
    result.notes["not_applicable_answers"] = int(na.sum())
    for f, r in zip(files[~keep], lt.rows[~keep], strict=True):
        result.dropped.append({"file": str(f), "row": int(r), "reason": NO_OPEN_TEXT})
    result.records_kept = int(keep.sum())
    idx = np.flatnonzero(keep)
    resp = lt.respondent.reset_index(drop=True)
    resp = resp.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True).str.replace("/", "_", regex=False)
    rows_s = pd.Series(lt.rows).astype(str)
    ids = resp.astype(object).where(resp.notna(), "row" + rows_s).to_numpy(dtype=object)
    qids = lt.question_id.reset_index(drop=True).to_numpy(dtype=object)
    doc = np.array([f"{stem}/{ids[i]}" for i in idx], dtype=object)
    seg = pd.Series([f"{d}/{qids[i]}" for d, i in zip(doc, idx, strict=True)], dtype=object)
    dup = seg.duplicated(keep="first").to_numpy()
    if dup.any():
        seg[dup] = seg[dup] + "~row" + rows_s.to_numpy()[idx][dup]
        result.notes["repeated_answers"] = int(dup.sum())
    texts = text.to_numpy(dtype=object, na_value=None)[idx]
    metas = []
    truncated = 0
    for j, i in enumerate(idx):
        m: dict[str, Any] = {"respondent_id": ids[i], **lt.respondent_meta.get(str(ids[i]), {})}
        for section, key, values in lt.extra:
            if values[i] is not None:
                m.setdefault(section, {})[key] = values[i]
        if len(texts[j]) > MAX_CELL_CHARS:
            m["truncated"] = {"original_chars": len(texts[j]), "kept_chars": MAX_CELL_CHARS}
            texts[j], _ = clip(texts[j])
            truncated += 1
        metas.append(json.dumps(m, ensure_ascii=False))
    result.notes["truncated_answers"] = truncated
    segments = pd.DataFrame(
        {
            "segment_id": seg.to_numpy(),
            "document_id": doc,
            "source_kind": "consultation",
            "source_format": lt.platform,
            "source_file": files[idx],
            "source_row": lt.rows[idx],
            "text": texts,
            "question_id": qids[idx],
            "question_text": lt.question_text.reset_index(drop=True).to_numpy(dtype=object, na_value=None)[idx],
            "created_at": lt.created.reset_index(drop=True).iloc[idx].reset_index(drop=True),
            "meta": np.array(metas, dtype=object),
        }
    )
    result.segments = conform(segments)
    return result

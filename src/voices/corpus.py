"""The corpus: one table of segments, row-aligned arrays, and the bookkeeping that makes counts add up.

A *segment* is the unit of analysis: one consultation answer to one question, one speaker turn, one post.
A *document* groups segments (a respondent, a transcript, a thread). Every stage takes a :class:`Corpus` and
returns a new one; nothing is edited in place.

The segment schema is :data:`SCHEMA`. Required columns are always present and never null; optional columns are
always present (so downstream code never has to ask) and null where a source has no such field. Free-form
fields go into ``meta``, a JSON object per row stored as a string so a million rows stay a million strings in
one Arrow buffer rather than a million Python dicts.

Example:
    >>> import pandas as pd
    >>> seg = conform(pd.DataFrame({"segment_id": ["a/1"], "document_id": ["a"], "source_kind": ["social"],
    ...     "source_format": ["csv"], "source_file": ["a.csv"], "source_row": [2], "text": ["hi"]}))
    >>> Corpus(seg).summary()["segments"]
    1
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from voices.errors import SchemaError

SourceKind = Literal["consultation", "transcript", "social"]
SOURCE_KINDS: tuple[str, ...] = ("consultation", "transcript", "social")
PrivacyState = Literal["raw", "anonymised", "declared_anonymous"]


@dataclass(frozen=True)
class Column:
    """One column of the segment schema."""

    name: str
    dtype: str
    required: bool
    description: str


SCHEMA: tuple[Column, ...] = (
    Column("segment_id", "str", True, "Unique id of the segment within the corpus."),
    Column("document_id", "str", True, "Id of the document (respondent, transcript, thread) it belongs to."),
    Column("source_kind", "str", True, "consultation, transcript or social."),
    Column("source_format", "str", True, "Detected format, e.g. surveymonkey, teams_vtt, x_v2."),
    Column("source_file", "str", True, "File name the segment was read from (no directories)."),
    Column("source_row", "Int64", True, "1-based row, cue or record number in the source file."),
    Column("text", "str", True, "The segment's text (raw until the anonymise stage has run)."),
    Column("question_id", "str", False, "Consultation question id (Q1, Q2…), stable per export."),
    Column("question_text", "str", False, "Consultation question wording as exported."),
    Column("speaker", "str", False, "Transcript speaker label or social post author handle."),
    Column("speaker_role", "str", False, "interviewer, participant, or another configured role."),
    Column("turn_index", "Int64", False, "0-based speaker turn number within a transcript."),
    Column("start_s", "Float64", False, "Turn start time in seconds from the start of the recording."),
    Column("end_s", "Float64", False, "Turn end time in seconds."),
    Column("parent_id", "str", False, "Platform id of the post this one replies to."),
    Column("thread_id", "str", False, "Platform id of the conversation / thread root."),
    Column("post_id", "str", False, "Platform id of the post itself."),
    Column("is_repost", "boolean", False, "True for a repost / retweet / boost."),
    Column("duplicate_of", "str", False, "segment_id of the first exact or near-duplicate text."),
    Column("lang", "str", False, "Language code given by the platform or detected."),
    Column("area_code", "str", False, "ONS area code (LSOA, ward, LAD…) derived before masking."),
    Column("period", "str", False, "Analysis period label, e.g. 2026-01 or 2026-Q1."),
    Column("created_at", "datetime64[us, UTC]", False, "When the answer, turn or post was made (UTC)."),
    Column("meta", "str", True, "JSON object of other fields: closed answers, demographics, metrics…"),
)
COLUMNS: tuple[str, ...] = tuple(c.name for c in SCHEMA)
REQUIRED: frozenset[str] = frozenset(c.name for c in SCHEMA if c.required)
_DTYPES: dict[str, str] = {c.name: c.dtype for c in SCHEMA}
QUARANTINE_COLUMNS: tuple[str, ...] = ("file", "row", "reason", "stage")
DROPPED_COLUMNS: tuple[str, ...] = ("file", "row", "reason", "stage")


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == "str":
        # pandas' string cast keeps missing values missing and turns other scalars into their str().
        return series.astype("str")
    if dtype == "datetime64[us, UTC]":
        return pd.to_datetime(series, utc=True, errors="coerce").astype(dtype)
    if dtype == "Int64":
        return pd.to_numeric(series, errors="coerce").astype("Int64")
    if dtype == "Float64":
        return pd.to_numeric(series, errors="coerce").astype("Float64")
    return series.astype(dtype)


def empty_segments() -> pd.DataFrame:
    """An empty segment table with every schema column and dtype."""
    return pd.DataFrame({c.name: pd.Series([], dtype=_empty_dtype(c.dtype)) for c in SCHEMA})


def _empty_dtype(dtype: str) -> str:
    return "str" if dtype == "str" else dtype


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with every schema column present, in schema order, cast to its dtype.

    Missing optional columns are added as nulls; ``meta`` defaults to ``"{}"``; dict values in ``meta`` are
    JSON-encoded. Extra columns are an error: put them in ``meta``.

    Raises:
        SchemaError: a required column is missing or an unknown column is present.
    """
    extra = [c for c in df.columns if c not in _DTYPES]
    if extra:
        raise SchemaError(
            f"Unknown segment column(s) {extra}: expected only {list(COLUMNS)}. "
            "Fix: put source-specific fields in the 'meta' JSON column."
        )
    n = len(df)
    out: dict[str, pd.Series] = {}
    for col in SCHEMA:
        if col.name in df.columns:
            series = df[col.name]
        elif col.name == "meta":
            series = pd.Series(["{}"] * n, index=df.index)
        elif col.required:
            raise SchemaError(
                f"Segment table is missing required column {col.name!r} ({col.description}). "
                f"Fix: the reader must set it for every row."
            )
        else:
            series = pd.Series([None] * n, index=df.index, dtype="object")
        if col.name == "meta":
            series = series.map(_meta_to_json)
        out[col.name] = _cast(series, col.dtype)
    return pd.DataFrame(out).reset_index(drop=True)


def _meta_to_json(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "{}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def validate(df: pd.DataFrame) -> None:
    """Check ``df`` against :data:`SCHEMA`.

    Raises:
        SchemaError: naming the column or the first offending row and the fix.
    """
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise SchemaError(f"Segment table lacks columns {missing}. Fix: pass it through voices.corpus.conform().")
    for name in REQUIRED:
        nulls = df[name].isna()
        if nulls.any():
            row = int(np.flatnonzero(nulls.to_numpy())[0])
            raise SchemaError(f"Column {name!r} is required but is null at row {row}. Fix: set it in the reader.")
    bad_kind = ~df["source_kind"].isin(SOURCE_KINDS)
    if bad_kind.any():
        row = int(np.flatnonzero(bad_kind.to_numpy())[0])
        raise SchemaError(
            f"source_kind must be one of {SOURCE_KINDS}, got {df['source_kind'].iloc[row]!r} at row {row}."
        )
    dup = df["segment_id"].duplicated()
    if dup.any():
        row = int(np.flatnonzero(dup.to_numpy())[0])
        raise SchemaError(
            f"segment_id {df['segment_id'].iloc[row]!r} is not unique (row {row}). "
            "Fix: two inputs share a file name; rename one of them."
        )


def _frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="Int64" if c == "row" else "str") for c in columns})


@dataclass(frozen=True)
class Corpus:
    """Segments plus everything stages add to them.

    Attributes:
        segments: the segment table (see :data:`SCHEMA`).
        arrays: row-aligned NumPy arrays (e.g. ``embeddings``), one row per segment.
        tables: other tables produced by stages (e.g. ``themes``, ``assignments``).
        artifacts: JSON-serialisable stage outputs (e.g. quality metrics).
        quarantine: rows that could not be read: file, row, reason, stage.
        dropped: rows deliberately left out, each with its reason: file, row, reason, stage.
        privacy: ``raw`` until anonymised; ``declared_anonymous`` for a recorded opt-out.
    """

    segments: pd.DataFrame = field(default_factory=empty_segments)
    arrays: Mapping[str, np.ndarray] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    artifacts: Mapping[str, Any] = field(default_factory=dict)
    quarantine: pd.DataFrame = field(default_factory=lambda: _frame(QUARANTINE_COLUMNS))
    dropped: pd.DataFrame = field(default_factory=lambda: _frame(DROPPED_COLUMNS))
    privacy: PrivacyState = "raw"

    def __post_init__(self) -> None:
        n = len(self.segments)
        for name, arr in self.arrays.items():
            if len(arr) != n:
                raise SchemaError(
                    f"Array {name!r} has {len(arr)} rows but the corpus has {n} segments. "
                    "Fix: arrays must stay row-aligned; use Corpus.filter() to subset both."
                )

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def columns(self) -> frozenset[str]:
        """Every name a stage can require: segment columns with data, arrays, tables and artifacts."""
        have = {c for c in self.segments.columns if c in REQUIRED or self.segments[c].notna().any()}
        return frozenset(have | set(self.arrays) | set(self.tables) | set(self.artifacts))

    def evolve(self, **changes: Any) -> Corpus:
        """Return a copy with some fields replaced (dataclasses.replace)."""
        return replace(self, **changes)

    def with_array(self, name: str, values: np.ndarray) -> Corpus:
        """Return a copy with a row-aligned array added or replaced."""
        return self.evolve(arrays={**self.arrays, name: values})

    def with_table(self, name: str, table: pd.DataFrame) -> Corpus:
        """Return a copy with a named table added or replaced."""
        return self.evolve(tables={**self.tables, name: table})

    def with_artifact(self, name: str, value: Any) -> Corpus:
        """Return a copy with a JSON-serialisable artifact added or replaced."""
        return self.evolve(artifacts={**self.artifacts, name: value})

    def append(
        self,
        segments: pd.DataFrame,
        *,
        quarantine: pd.DataFrame | None = None,
        dropped: pd.DataFrame | None = None,
    ) -> Corpus:
        """Return a copy with more segments (and their quarantine / dropped rows) added at the end.

        Only valid before any arrays exist (ingest stages run first).
        """
        if self.arrays:
            raise SchemaError("Cannot append segments after arrays were added. Fix: put ingest stages first.")
        parts = [self.segments, conform(segments)] if len(self.segments) else [conform(segments)]
        merged = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        validate(merged)
        return self.evolve(
            segments=merged,
            quarantine=_concat(self.quarantine, quarantine, QUARANTINE_COLUMNS),
            dropped=_concat(self.dropped, dropped, DROPPED_COLUMNS),
        )

    def filter(self, keep: np.ndarray | pd.Series, *, reason: str, stage: str) -> Corpus:
        """Keep rows where ``keep`` is true; record every other row as dropped with ``reason``.

        Arrays are subset in step, so they stay row-aligned.
        """
        mask = np.asarray(keep, dtype=bool)
        if len(mask) != len(self):
            raise SchemaError(f"filter mask has {len(mask)} rows, corpus has {len(self)}.")
        gone = self.segments.loc[~mask]
        dropped_rows = pd.DataFrame(
            {
                "file": gone["source_file"].to_numpy(),
                "row": gone["source_row"].to_numpy(),
                "reason": [reason] * len(gone),
                "stage": [stage] * len(gone),
            }
        )
        return self.evolve(
            segments=self.segments.loc[mask].reset_index(drop=True),
            arrays={k: v[mask] for k, v in self.arrays.items()},
            dropped=_concat(self.dropped, dropped_rows, DROPPED_COLUMNS),
        )

    def meta_frame(self, keys: list[str] | None = None) -> pd.DataFrame:
        """Expand the ``meta`` JSON column into a DataFrame (optionally only some keys)."""
        records = [json.loads(m) for m in self.segments["meta"]]
        frame = pd.DataFrame.from_records(records, index=self.segments.index)
        if keys is not None:
            frame = frame.reindex(columns=keys)
        return frame

    def summary(self) -> dict[str, Any]:
        """Counts a person wants first: segments, documents, by source kind and format, quarantine, dropped."""
        seg = self.segments
        return {
            "segments": len(seg),
            "documents": int(seg["document_id"].nunique()),
            "by_kind": {str(k): int(v) for k, v in seg["source_kind"].value_counts().sort_index().items()},
            "by_format": {str(k): int(v) for k, v in seg["source_format"].value_counts().sort_index().items()},
            "quarantined": len(self.quarantine),
            "dropped": len(self.dropped),
            "privacy": self.privacy,
        }


def _concat(base: pd.DataFrame, more: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    if more is None or len(more) == 0:
        return base
    more = more.reindex(columns=list(columns))
    more["row"] = pd.to_numeric(more["row"], errors="coerce").astype("Int64")
    for c in columns:
        if c != "row":
            more[c] = more[c].astype("str")
    if len(base) == 0:
        return more.reset_index(drop=True)
    return pd.concat([base, more], ignore_index=True)

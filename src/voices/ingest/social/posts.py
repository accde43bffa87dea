"""The post table: where every platform reader puts its posts, drops and quarantines, one record at a time.

A platform reader walks its raw records and, for each one, opens ``with table.record(line) as rec:`` and calls
exactly one of ``rec.add(...)`` (a post), ``rec.drop(reason)`` (deliberately left out) or raises
:class:`BadPost` (could not be read). Any other exception inside the block is caught and the record is
quarantined with the exception as its reason, so a malformed post can never crash a read and the counts always
add up (``records_in == kept + quarantined + dropped``).

Columns are kept as plain lists and become one segment table at :meth:`PostTable.finish`, so a million posts
never become a million dicts.

Example:
    >>> from pathlib import Path
    >>> table = PostTable(Path("posts.jsonl"), "generic_jsonl")
    >>> with table.record(1) as rec:
    ...     rec.add("1", "Bus late again", speaker="ann", created_at="2026-01-15T08:00:00Z")
    >>> with table.record(2) as rec:
    ...     rec.drop("deleted by its author")
    >>> result = table.finish()
    >>> (result.records_in, result.records_kept, len(result.dropped), result.segments["segment_id"][0])
    (2, 1, 1, 'generic_jsonl/1')
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from voices.corpus import conform, empty_segments
from voices.errors import VoicesError
from voices.ingest.reading import ReadResult, clip
from voices.ingest.social.threads import resolve_roots

log = logging.getLogger(__name__)

#: Rows are moved from Python lists into Arrow arrays every this many posts, so memory stays compact.
_FLUSH_ROWS = 50_000
_COLUMN_TYPES: dict[str, pa.DataType] = {
    "segment_id": pa.large_string(),
    "source_row": pa.int64(),
    "text": pa.large_string(),
    "speaker": pa.large_string(),
    "parent_id": pa.large_string(),
    "thread_id": pa.large_string(),
    "post_id": pa.large_string(),
    "is_repost": pa.bool_(),
    "created_at": pa.large_string(),
    "lang": pa.large_string(),
    "meta": pa.large_string(),
}
_PANDAS_TYPES = {
    pa.large_string(): pd.StringDtype("pyarrow", na_value=np.nan),
    pa.bool_(): pd.BooleanDtype(),
    pa.int64(): pd.Int64Dtype(),
}
_MISSING_COUNT_STRINGS = frozenset({"", "n/a", "na", "none", "null", "nan", "-"})


def obj(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (for optional nested objects)."""
    return value if isinstance(value, dict) else {}


def _as_list(series: pd.Series) -> list[Any]:
    """Column values as a list, missing values as ``None`` (not NaN)."""
    return series.astype("object").where(series.notna(), None).tolist()


class BadPost(VoicesError):
    """Raised inside ``table.record()`` when a record cannot be read; the record is quarantined."""


class DropPost(VoicesError):
    """Raised inside ``table.record()`` when a record is deliberately left out; the record is dropped."""


def as_count(value: Any) -> int | None:
    """Read a platform count (int, float, ``"1,204"``) as an int; ``None`` when absent or unreadable.

    Example:
        >>> as_count("1,204"), as_count(3.0), as_count("N/A"), as_count(True)
        (1204, 3, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        s = value.strip().replace(",", "").replace("_", "").replace(" ", "").replace("\u00a0", "")
        if s.lower() in _MISSING_COUNT_STRINGS:
            return None
        try:
            return int(s)
        except ValueError:
            try:
                f = float(s)
            except ValueError:
                return None
            return int(f) if math.isfinite(f) else None
    return None


def text_of(value: Any) -> str:
    """A text field as a string ('' for None); numbers become their decimal form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    raise BadPost(f"text is a JSON {type(value).__name__}, expected a string")


def id_of(value: Any) -> str | None:
    """A platform id as a string: ints stay exact, blank strings become None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if math.isfinite(value) and value == int(value) else None
    if isinstance(value, str):
        s = value.strip()
        return s or None
    return None


class Record:
    """One record being read; see :meth:`PostTable.record`."""

    __slots__ = ("done", "row", "table")

    def __init__(self, table: PostTable, row: int) -> None:
        self.table = table
        self.row = row
        self.done = False

    def __enter__(self) -> Record:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        if exc_type is None:
            if not self.done:
                self.table.quarantine(self.row, "record produced no post (reader bug; please report it)")
            return False
        if not issubclass(exc_type, Exception):
            return False
        if self.done:  # the outcome was recorded before the error; keep it, but do not count twice
            log.debug("%s row %d: error after the post was recorded: %s", self.table.source_file, self.row, exc)
            return True
        if isinstance(exc, DropPost):
            self.table.drop(self.row, str(exc))
        elif isinstance(exc, BadPost):
            self.table.quarantine(self.row, str(exc))
        else:
            self.table.quarantine(self.row, f"could not read post: {type(exc).__name__}: {exc}")
        return True

    def add(
        self,
        post_id: str | None,
        text: str,
        *,
        speaker: str | None = None,
        parent_id: str | None = None,
        thread_id: str | None = None,
        is_repost: bool = False,
        created_at: str | None = None,
        lang: str | None = None,
        metrics: Mapping[str, Any] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Record the post read from this record (see :meth:`PostTable.add`)."""
        self.done = True
        self.table.add(
            self.row,
            post_id,
            text,
            speaker=speaker,
            parent_id=parent_id,
            thread_id=thread_id,
            is_repost=is_repost,
            created_at=created_at,
            lang=lang,
            metrics=metrics,
            meta=meta,
        )

    def drop(self, reason: str) -> None:
        """Leave this record out, with a reason."""
        self.done = True
        self.table.drop(self.row, reason)


class PostTable:
    """Collects one file's posts column by column and turns them into a :class:`ReadResult`.

    Args:
        path: the file being read (only its name is kept).
        platform: the platform name, used as ``source_format`` and as the ``segment_id`` prefix.
        resolve_threads: derive ``thread_id`` by following ``parent_id`` within the file, for platforms
            whose posts do not name their thread root (Mastodon, X v1.1).
    """

    def __init__(self, path: Path, platform: str, *, resolve_threads: bool = False) -> None:
        self.path = path
        self.source_file = path.name
        self.platform = platform
        self.resolve_threads = resolve_threads
        self.result = ReadResult(source_file=self.source_file, source_format=platform, segments=empty_segments())
        self.notes = self.result.notes
        self._ordinal = 0
        self._fallback_rows: Counter[int] = Counter()
        self._cols: dict[str, list[Any]] = {k: [] for k in _COLUMN_TYPES}
        self._chunks: dict[str, list[pa.Array]] = {k: [] for k in _COLUMN_TYPES}
        self.missing_metrics: Counter[str] = Counter()

    # -- records ---------------------------------------------------------------------------------------------
    def record(self, line: int | None = None) -> Record:
        """Open one record: its row is ``line`` (NDJSON, CSV) or the running post number (JSON documents)."""
        self._ordinal += 1
        return Record(self, line if line is not None else self._ordinal)

    def quarantine(self, row: int, reason: str) -> None:
        """Count a record that could not be read."""
        self.result.records_in += 1
        self.result.quarantine_row(row, reason)

    def drop(self, row: int, reason: str) -> None:
        """Count a record that was deliberately left out."""
        self.result.records_in += 1
        self.result.drop_row(row, reason)

    def bad_record(self, line: int | None, reason: str) -> None:
        """Quarantine a whole record (an unreadable NDJSON line, a JSON value that is not an object)."""
        self._ordinal += 1
        self.quarantine(line if line is not None else self._ordinal, reason)

    def add(
        self,
        row: int,
        post_id: str | None,
        text: str,
        *,
        speaker: str | None = None,
        parent_id: str | None = None,
        thread_id: str | None = None,
        is_repost: bool = False,
        created_at: str | None = None,
        lang: str | None = None,
        metrics: Mapping[str, Any] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Add one post. Empty text drops it; a post id seen before in this file drops it as a repeat."""
        text = text.strip()
        if not post_id and not text:
            self.quarantine(row, "post has neither an id nor any text")
            return
        if not text:
            self.drop(row, f"empty post {post_id} (no text, e.g. media only)")
            return
        segment_id = f"{self.platform}/{post_id}" if post_id else self._fallback_id(row)
        meta = {k: v for k, v in meta.items() if v is not None} if meta else {}
        if metrics is not None:
            counts: dict[str, int] = {}
            missing: list[str] = []
            for name, raw in metrics.items():
                value = as_count(raw)
                if value is None:
                    missing.append(name)
                    self.missing_metrics[name] += 1
                    value = 0
                counts[name] = value
            meta["metrics"] = counts
            if missing:
                meta["metrics_missing"] = missing
        text, truncated = clip(text)
        if truncated:
            meta["text_truncated"] = True
        cols = self._cols
        cols["segment_id"].append(segment_id)
        cols["source_row"].append(row)
        cols["text"].append(text)
        cols["speaker"].append(speaker or None)
        cols["parent_id"].append(parent_id or None)
        cols["thread_id"].append(thread_id or None)
        cols["post_id"].append(post_id or None)
        cols["is_repost"].append(bool(is_repost))
        cols["created_at"].append(created_at or None)
        cols["lang"].append(lang or None)
        cols["meta"].append(json.dumps(meta, ensure_ascii=False, separators=(",", ":"), default=str))
        self.result.records_in += 1
        self.result.records_kept += 1
        if len(cols["segment_id"]) >= _FLUSH_ROWS:
            self._flush()

    def _fallback_id(self, row: int) -> str:
        self._fallback_rows[row] += 1
        n = self._fallback_rows[row]
        base = f"{self.platform}/{self.path.stem}#{row}"
        return base if n == 1 else f"{base}.{n}"

    def _flush(self) -> None:
        """Move the rows collected so far into Arrow arrays (compact; no Python object per value)."""
        for name, values in self._cols.items():
            if values:
                self._chunks[name].append(pa.array(values, type=_COLUMN_TYPES[name]))
                self._cols[name] = []

    # -- result ----------------------------------------------------------------------------------------------
    def finish(self, *, lenient_time: bool = False) -> ReadResult:
        """Build the segment table, parse timestamps to UTC, and check that the counts add up.

        Args:
            lenient_time: after ISO 8601, also try other date layouts (day first, as in UK data); for
                generic files whose timestamp column could hold anything.
        """
        self._flush()
        frame = pd.DataFrame(
            {
                name: pa.chunked_array(self._chunks[name], type=typ).to_pandas(types_mapper=_PANDAS_TYPES.get)
                for name, typ in _COLUMN_TYPES.items()
            }
        )
        self._chunks = {k: [] for k in _COLUMN_TYPES}
        frame = self._drop_repeats(frame)
        if self.resolve_threads and len(frame):
            roots = resolve_roots(_as_list(frame["post_id"]), _as_list(frame["parent_id"]))
            frame["thread_id"] = frame["thread_id"].fillna(pd.Series(roots, index=frame.index, dtype="str"))
        frame["created_at"] = self._parse_times(frame, lenient=lenient_time)
        frame["document_id"] = frame["thread_id"].fillna(frame["post_id"]).fillna(frame["segment_id"])
        frame["source_kind"] = "social"
        frame["source_format"] = self.platform
        frame["source_file"] = self.source_file
        self.result.segments = conform(frame)
        if self.missing_metrics:
            self.notes["metrics_filled_with_zero"] = dict(sorted(self.missing_metrics.items()))
            log.info(
                "%s: some platform metrics were absent and filled with 0: %s",
                self.source_file,
                self.notes["metrics_filled_with_zero"],
            )
        if self.result.quarantine:
            log.warning(
                "%s: %d record(s) quarantined; first: row %d, %s",
                self.source_file,
                len(self.result.quarantine),
                self.result.quarantine[0]["row"],
                self.result.quarantine[0]["reason"],
            )
        self.result.check()
        return self.result

    def _drop_repeats(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Drop later copies of a post id already read from this file (pages that overlap, repeated lines)."""
        post = frame["post_id"]
        repeat = (post.notna() & post.duplicated(keep="first")).to_numpy()
        if not repeat.any():
            return frame
        first_row = frame.groupby("post_id", sort=False)["source_row"].transform("first")
        for pid, row, first in zip(post[repeat], frame["source_row"][repeat], first_row[repeat], strict=True):
            self.result.drop_row(int(row), f"post {pid} already read at row {int(first)} (repeated in the export)")
        self.result.records_kept -= int(repeat.sum())
        return frame.loc[~repeat].reset_index(drop=True)

    def _parse_times(self, frame: pd.DataFrame, *, lenient: bool) -> pd.Series:
        raw = frame["created_at"]
        if raw.isna().all():
            return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us, UTC]")
        parsed = pd.to_datetime(raw, utc=True, format="ISO8601", errors="coerce")
        failed = parsed.isna() & raw.notna()
        if lenient and failed.any():
            retry = pd.to_datetime(
                raw[failed].astype("object"), utc=True, format="mixed", dayfirst=True, errors="coerce"
            )
            parsed = parsed.where(~failed, retry)
            failed = parsed.isna() & raw.notna()
        if failed.any():
            idx = failed.to_numpy().nonzero()[0]
            first_row = int(frame["source_row"].iloc[idx[0]])
            example = str(raw.iloc[idx[0]])[:80]
            self.notes["unreadable_created_at"] = {"count": len(idx), "first_row": first_row, "example": example}
            log.warning(
                "%s: %d timestamp(s) could not be read (first at row %d: %r); created_at left empty",
                self.source_file,
                len(idx),
                first_row,
                example,
            )
            metas = frame["meta"].to_numpy(dtype=object)
            for i in idx:
                extra = json.dumps(str(raw.iloc[i])[:200], ensure_ascii=False)
                m = metas[i]
                metas[i] = m[:-1] + ("," if m != "{}" else "") + f'"created_at_raw":{extra}}}'
            frame["meta"] = pd.Series(metas, index=frame.index, dtype="str")
        return parsed.astype("datetime64[us, UTC]")

"""Reading one social export file: detect (or take) its platform, map every record, mark duplicates.

Example:
    >>> import json, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "reddit.ndjson"
    >>> rows = [{"id": "a", "name": "t3_a", "title": "Bus fares up", "selftext": "", "created_utc": 1736930531},
    ...         {"id": "b", "name": "t1_b", "link_id": "t3_a", "parent_id": "t3_a", "body": "[deleted]"}]
    >>> _ = p.write_text("\\n".join(json.dumps(r) for r in rows) + "\\nnot json\\n")
    >>> r = read(p)
    >>> (r.source_format, r.records_in, r.records_kept, len(r.dropped), r.quarantine[0]["row"])
    ('reddit', 3, 1, 1, 3)
"""

from __future__ import annotations

import importlib
import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from voices.errors import InputFormatError, VoicesError
from voices.ingest.reading import ReadResult
from voices.ingest.social.columns import find_roles
from voices.ingest.social.detect import CSV_PLATFORMS, PLATFORMS, detect_header, detect_values
from voices.ingest.social.duplicates import mark_duplicates
from voices.ingest.social.posts import PostTable
from voices.ingest.social.sources import Unit, csv_table, file_kind, json_units

log = logging.getLogger(__name__)

_MODULES = {
    "x_v2": "x_v2",
    "x_v1_1": "x_v1_1",
    "reddit": "reddit",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "youtube": "youtube",
    "tiktok": "tiktok",
    "crowdtangle": "crowdtangle",
}
_RESOLVE_THREADS = frozenset({"mastodon", "x_v1_1"})
_PEEK = 50


class PlatformError(VoicesError, ValueError):
    """An unknown platform name was asked for."""


def read(
    path: str | Path,
    *,
    platform: str = "auto",
    text_column: str | None = None,
    id_column: str | None = None,
    author_column: str | None = None,
    time_column: str | None = None,
) -> ReadResult:
    """Read a social media export into one segment per post.

    Args:
        path: a ``.json``, ``.jsonl`` / ``.ndjson`` or ``.csv`` export.
        platform: ``auto`` (detect from the records) or one of
            :data:`~voices.ingest.social.detect.PLATFORMS`.
        text_column, id_column, author_column, time_column: for ``generic_csv`` / ``generic_jsonl``, the
            columns holding each post's text, id, author and time (dotted paths reach into JSONL objects);
            found by common names when not given.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` whose segments have ``duplicate_of`` marked within the
        file, whose unreadable records are quarantined with their line / row / record number, and whose
        deleted, removed, empty and repeated posts are dropped with a reason.

    Raises:
        InputFormatError: the file cannot be read at all (wrong type, binary, not JSON, no text column).
        PlatformError: ``platform`` is not a known name.

    Example:
        >>> read("posts.pdf")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        voices.errors.InputFormatError: posts.pdf: expected a social media export ...
    """
    p = Path(path)
    if platform != "auto" and platform not in PLATFORMS:
        raise PlatformError(
            f"Unknown social platform {platform!r}: expected 'auto' or one of {list(PLATFORMS)}. "
            "Fix: pass one of those names, or 'auto' to detect it from the file."
        )
    kind = file_kind(p)
    columns = {"text": text_column, "id": id_column, "author": author_column, "time": time_column}
    result = _read_csv(p, platform, columns) if kind == "csv" else _read_json(p, kind, platform, columns)
    segments = mark_duplicates(result.segments)
    duplicates = int(segments["duplicate_of"].notna().sum())
    result.segments = segments
    if duplicates:
        result.notes["duplicates"] = duplicates
    result.check()
    log.info(
        "%s: %d posts (%s) from %d records; %d quarantined, %d dropped, %d duplicates",
        p.name,
        result.records_kept,
        result.source_format,
        result.records_in,
        len(result.quarantine),
        len(result.dropped),
        duplicates,
    )
    return result


def _ignored(platform: str, columns: dict[str, str | None], notes: dict[str, Any]) -> None:
    given = {f"{k}_column": v for k, v in columns.items() if v is not None}
    if given:
        notes["ignored_options"] = sorted(given)
        log.warning(
            "%s are only used for generic files, not for %s; pass platform='generic_csv' or "
            "'generic_jsonl' to use them",
            sorted(given),
            platform,
        )


def _read_csv(path: Path, platform: str, columns: dict[str, str | None]) -> ReadResult:
    if platform not in ("auto", *CSV_PLATFORMS):
        raise InputFormatError(
            path,
            expected=f"a {platform} export (JSON or NDJSON)",
            found="a CSV file",
            fix=f"pass the {platform} JSON export, or platform='generic_csv' for a CSV table",
        )
    table_csv = csv_table(path)
    name = detect_header(table_csv.header) if platform == "auto" else platform
    table = PostTable(path, name)
    table.notes["columns"] = list(table_csv.header)
    for row, reason in table_csv.bad_rows:
        table.bad_record(row, reason)
    if name == "crowdtangle":
        from voices.ingest.social import crowdtangle

        _ignored(name, columns, table.notes)
        crowdtangle.read_csv(table_csv, table)
        return table.finish()
    from voices.ingest.social import generic

    roles = find_roles(
        table_csv.header,
        path=path,
        text=columns["text"],
        id=columns["id"],
        author=columns["author"],
        time=columns["time"],
    )
    table.notes["roles"] = _role_note(roles)
    generic.read_csv(table_csv, table, roles)
    return table.finish(lenient_time=True)


def _read_json(path: Path, kind: str, platform: str, columns: dict[str, str | None]) -> ReadResult:
    if platform in CSV_PLATFORMS:
        raise InputFormatError(
            path,
            expected=f"a {platform} CSV export",
            found=f"a {kind.upper()} file",
            fix="pass the CSV export, or platform='auto' to detect the JSON's platform",
        )
    units = json_units(path, kind)
    head = list(itertools.islice(units, _PEEK))
    name = platform if platform != "auto" else detect_values(u.value for u in head if u.error is None)
    table = PostTable(path, name, resolve_threads=name in _RESOLVE_THREADS)
    reader: Callable[[Any, int | None, PostTable], None]
    if name == "generic_jsonl":
        reader = _generic_reader(path, head, columns)
    else:
        _ignored(name, columns, table.notes)
        reader = importlib.import_module(f"voices.ingest.social.{_MODULES[name]}").read_unit
    for unit in itertools.chain(head, units):
        _read_unit(unit, reader, table)
    return table.finish(lenient_time=name == "generic_jsonl")


def _read_unit(unit: Unit, reader: Callable[[Any, int | None, PostTable], None], table: PostTable) -> None:
    if unit.error is not None:
        table.bad_record(unit.line, unit.error)
        return
    try:
        reader(unit.value, unit.line, table)
    except Exception as exc:  # a bug or an unforeseen shape must cost one record, not the file
        log.debug("%s: unit at line %s failed", table.source_file, unit.line, exc_info=True)
        table.bad_record(unit.line, f"could not read record: {type(exc).__name__}: {exc}")


def _generic_reader(
    path: Path, head: list[Unit], columns: dict[str, str | None]
) -> Callable[[Any, int | None, PostTable], None]:
    from voices.ingest.social import generic

    keys: dict[str, None] = {}
    for unit in head:
        if isinstance(unit.value, dict):
            keys.update(dict.fromkeys(unit.value))
    if not keys:
        return lambda value, line, table: table.bad_record(
            line,
            "expected a JSON object with a text field, found "
            + ("an empty object" if isinstance(value, dict) else f"a JSON {type(value).__name__}"),
        )
    roles = find_roles(
        list(keys),
        path=path,
        nested=True,
        text=columns["text"],
        id=columns["id"],
        author=columns["author"],
        time=columns["time"],
    )

    def reader(value: Any, line: int | None, table: PostTable) -> None:
        table.notes.setdefault("roles", _role_note(roles))
        generic.read_object(value, line, table, roles)

    return reader


def _role_note(roles: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(roles).items() if v}

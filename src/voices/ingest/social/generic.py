"""Generic post tables: any CSV or JSONL with one post per row, given or found text / id / author / time columns.

Columns without a role are kept in ``meta.fields``. Timestamps may be ISO 8601, Unix seconds or milliseconds,
or other layouts read day first (UK style: ``03/02/2026`` is 3 February). Counts in columns with common names
(likes, retweets, replies, views...) become ``meta.metrics``.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.columns import find_roles
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("p.jsonl"), "generic_jsonl")
    >>> roles = find_roles(["id", "message", "user.name"], path="p.jsonl", author="user.name", nested=True)
    >>> read_object({"id": 7, "message": "Buses cut", "user": {"name": "ann"}}, 1, table, roles)
    >>> seg = table.finish(lenient_time=True).segments
    >>> seg["segment_id"][0], seg["speaker"][0]
    ('generic_jsonl/7', 'ann')
"""

from __future__ import annotations

from typing import Any

from voices.ingest.social.columns import Roles
from voices.ingest.social.posts import BadPost, PostTable, id_of, text_of
from voices.ingest.social.sources import Table
from voices.ingest.social.timestamps import iso


def lookup(obj: dict[str, Any], key: str | None) -> Any:
    """``obj[key]``, or a dotted path into nested objects (``user.screen_name``); ``None`` when absent."""
    if key is None:
        return None
    if key in obj:
        return obj[key]
    node: Any = obj
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise BadPost(f"expected a single value, found a JSON {'object' if isinstance(value, dict) else 'array'}")
    s = text_of(value).strip()
    return s or None


def read_object(obj: Any, line: int | None, table: PostTable, roles: Roles) -> None:
    """Read one JSONL object (one post)."""
    if not isinstance(obj, dict):
        table.bad_record(line, f"expected a JSON object (one post per line), found {type(obj).__name__}")
        return
    with table.record(line) as rec:
        raw_text = lookup(obj, roles.text)
        if isinstance(raw_text, dict | list):
            raise BadPost(f"text field {roles.text!r} holds a JSON {type(raw_text).__name__}, expected a string")
        fields = _without(obj, roles.used())
        post_id = id_of(lookup(obj, roles.id)) if roles.id else None
        if roles.id and post_id is None and lookup(obj, roles.id) is not None:
            post_id = _scalar(lookup(obj, roles.id))
        rec.add(
            post_id,
            text_of(raw_text),
            speaker=_scalar(lookup(obj, roles.author)),
            parent_id=_scalar(lookup(obj, roles.parent)),
            thread_id=_scalar(lookup(obj, roles.thread)),
            created_at=iso(_time_value(lookup(obj, roles.time))),
            lang=_scalar(lookup(obj, roles.lang)),
            metrics={m: lookup(obj, c) for m, c in roles.metrics.items()} or None,
            meta={"fields": fields} if fields else None,
        )


def _without(obj: dict[str, Any], used: set[str]) -> dict[str, Any]:
    """``obj`` minus the fields given a role; dotted paths are removed from (copies of) nested objects."""
    out = {k: v for k, v in obj.items() if k not in used}
    for path in used:
        if path in obj or "." not in path:
            continue
        parts = path.split(".")
        node = out
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                break
            node[part] = child = dict(child)
            node = child
        else:
            node.pop(parts[-1], None)
    return _prune(out)


def _prune(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (_prune(v) if isinstance(v, dict) else v)
        for k, v in obj.items()
        if not (isinstance(v, dict) and not _prune(v))
    }


def _time_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return None
    return value


def read_csv(table_csv: Table, table: PostTable, roles: Roles) -> None:
    """Read every data row of a CSV (``table_csv``) as one post."""
    header = table_csv.header
    width = len(header)
    position = {name: i for i, name in enumerate(header)}
    others = [(i, name) for i, name in enumerate(header) if name not in roles.used()]

    def cell(cells: list[str], name: str | None) -> str | None:
        if name is None:
            return None
        value = cells[position[name]].strip()
        return value or None

    for row, cells in table_csv.rows:
        with table.record(row) as rec:
            if len(cells) != width:
                raise BadPost(f"row has {len(cells)} cells but the header has {width} columns")
            fields = {name: cells[i] for i, name in others if cells[i] != ""}
            rec.add(
                cell(cells, roles.id),
                cells[position[roles.text]],
                speaker=cell(cells, roles.author),
                parent_id=cell(cells, roles.parent),
                thread_id=cell(cells, roles.thread),
                created_at=iso(cell(cells, roles.time)),
                lang=cell(cells, roles.lang),
                metrics={m: cell(cells, c) for m, c in roles.metrics.items()} or None,
                meta={"fields": fields} if fields else None,
            )

"""Which platform an export comes from, judged from the shape of its first records (or its CSV header).

Example:
    >>> guess({"id_str": "1", "full_text": "hi", "user": {}})
    'x_v1_1'
    >>> guess({"data": {"videos": []}, "error": {"code": "ok"}})
    'tiktok'
    >>> guess({"name": "t1_abc", "body": "hi", "link_id": "t3_x"})
    'reddit'
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from voices.ingest.reading import decode, sniff_binary
from voices.ingest.social.crowdtangle import is_crowdtangle
from voices.ingest.social.sources import file_kind, json_units

JSON_PLATFORMS: tuple[str, ...] = (
    "x_v2",
    "x_v1_1",
    "reddit",
    "mastodon",
    "bluesky",
    "youtube",
    "tiktok",
    "generic_jsonl",
)
CSV_PLATFORMS: tuple[str, ...] = ("crowdtangle", "generic_csv")
PLATFORMS: tuple[str, ...] = JSON_PLATFORMS + CSV_PLATFORMS
_V1_DATE = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}$")
_PEEK = 50


def detect(path: str | Path) -> str:
    """Name the platform of a social export file.

    Args:
        path: a ``.json``, ``.jsonl`` / ``.ndjson`` or ``.csv`` file.

    Returns:
        One of :data:`PLATFORMS`; ``generic_jsonl`` / ``generic_csv`` when no platform shape is recognised.

    Raises:
        InputFormatError: unsupported file type, binary data, or a ``.json`` file that is not JSON.

    Example:
        >>> import json, tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "posts.jsonl"
        >>> _ = p.write_text(json.dumps({"id": "1", "subreddit": "Leeds", "body": "hi"}) + "\\n")
        >>> detect(p)
        'reddit'
    """
    p = Path(path)
    kind = file_kind(p)
    if kind == "csv":
        return detect_header(_csv_header(p))
    return detect_values(u.value for u in itertools.islice(json_units(p, kind), _PEEK) if u.error is None)


def _csv_header(path: Path) -> list[str]:
    with path.open("rb") as fh:
        head = fh.read(65536)
    sniff_binary(path, head, expected="a CSV export of posts")
    text, _ = decode(head, path)
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    except csv.Error:
        return []


def detect_header(header: list[str]) -> str:
    """``crowdtangle`` or ``generic_csv`` from a CSV header."""
    return "crowdtangle" if is_crowdtangle(header) else "generic_csv"


def detect_values(values: Iterable[Any]) -> str:
    """The platform of the first value whose shape is recognised; ``generic_jsonl`` if none is."""
    for value in values:
        found = guess(value)
        if found:
            return found
    return "generic_jsonl"


def guess(value: Any) -> str | None:
    """The platform whose shape ``value`` (one parsed JSON value) has, or ``None``."""
    if isinstance(value, list):
        return next((g for g in map(guess, value[:20]) if g), None)
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("tweet"), dict):
        return guess(value["tweet"])
    kind = value.get("kind")
    if isinstance(kind, str):
        if kind.startswith("youtube#"):
            return "youtube"
        if kind in ("t1", "t3", "Listing", "more"):
            return "reddit"
    data = value.get("data")
    if isinstance(data, dict) and ("videos" in data or "comments" in data):
        return "tiktok"
    if "includes" in value or (
        isinstance(data, list | dict) and ("meta" in value or "errors" in value or _is_v2(_first(data)))
    ):
        return "x_v2"
    if isinstance(value.get("statuses"), list):
        return guess(value["statuses"]) or "x_v1_1"
    for key in ("posts", "feed", "records"):
        if isinstance(value.get(key), list) and value[key]:
            return guess(value[key][0]) if key != "feed" else "bluesky"
    if isinstance(value.get("thread"), dict) or (isinstance(value.get("commit"), dict) and "did" in value):
        return "bluesky"
    if "ancestors" in value and "descendants" in value:
        return "mastodon"
    if isinstance(value.get("post"), dict) and _is_at_uri(value["post"].get("uri")):
        return "bluesky"
    if _is_at_uri(value.get("uri")) or value.get("$type") == "app.bsky.feed.post":
        return "bluesky"
    if isinstance(value.get("account"), dict) and ("content" in value or "reblog" in value):
        return "mastodon"
    if isinstance(value.get("items"), list) and value["items"]:
        return guess(value["items"][0])
    if "id_str" in value or "full_text" in value or "extended_tweet" in value or "retweeted_status" in value:
        return "x_v1_1"
    if isinstance(value.get("created_at"), str) and _V1_DATE.match(value["created_at"]):
        return "x_v1_1"
    if _is_v2(value):
        return "x_v2"
    name = value.get("name")
    if (
        "subreddit" in value
        or "link_id" in value
        or "selftext" in value
        or (isinstance(name, str) and name[:3] in ("t1_", "t3_"))
    ):
        return "reddit"
    if "video_description" in value or ("video_id" in value and "parent_comment_id" in value):
        return "tiktok"
    snippet = value.get("snippet")
    if isinstance(snippet, dict) and ("topLevelComment" in snippet or "textDisplay" in snippet):
        return "youtube"
    return None


def _first(data: Any) -> Any:
    if isinstance(data, list):
        return data[0] if data else None
    return data


def _is_v2(value: Any) -> bool:
    if not isinstance(value, dict) or "text" not in value:
        return False
    return (
        "edit_history_tweet_ids" in value
        or "conversation_id" in value
        or "public_metrics" in value
        or ("author_id" in value and "id" in value)
    )


def _is_at_uri(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("at://")

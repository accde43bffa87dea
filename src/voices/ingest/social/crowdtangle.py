"""CrowdTangle CSV exports of Facebook (and Instagram) posts (archival: CrowdTangle closed in August 2024).

The post id is taken from ``URL``; the text joins ``Message``, ``Link Text``, ``Description`` and ``Image Text``
(the non-empty ones, a blank line apart, named in ``meta.text_parts``). ``Post Created`` reads like
``2026-01-15 08:00:00 GMT``; counts carry thousands separators (``"1,204"``). The score column's header holds
Unicode (``Overperforming Score (weighted  —  Likes 1x ...)``) and is found by its prefix.

Example:
    >>> post_id_from_url("https://www.facebook.com/exampleresidents/posts/123456789")
    '123456789'
    >>> post_id_from_url("https://www.facebook.com/permalink.php?story_fbid=42&id=7")
    '42'
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from voices.ingest.social.columns import normalise
from voices.ingest.social.posts import BadPost, PostTable, as_count
from voices.ingest.social.sources import Table
from voices.ingest.social.timestamps import from_zone_name

PLATFORM = "crowdtangle"
TEXT_PARTS = ("message", "link_text", "description", "image_text")
METRICS = {
    "likes": "likes",
    "replies": "comments",
    "reposts": "shares",
    "love": "love",
    "wow": "wow",
    "haha": "haha",
    "sad": "sad",
    "angry": "angry",
    "care": "care",
    "total_interactions": "total_interactions",
}
OPTIONAL_METRICS = {"views": "post_views", "total_views": "total_views"}
_META = {
    "page_category": "page_category",
    "page_admin_top_country": "page_admin_top_country",
    "post_type": "type",
    "link": "link",
    "final_link": "final_link",
    "video_length": "video_length",
    "sponsor_name": "sponsor_name",
    "followers_at_posting": "followers_at_posting",
    "likes_at_posting": "likes_at_posting",
}
_ID_SEGMENT = re.compile(r"^[0-9A-Za-z_\-]{3,}$")


def is_crowdtangle(header: list[str]) -> bool:
    """Does this CSV header look like a CrowdTangle export?"""
    names = {normalise(h) for h in header}
    return "post_created" in names and bool(
        names & {"message", "total_interactions", "facebook_id", "page_name", "overperforming_score"}
    )


def post_id_from_url(url: str) -> str | None:
    """The post id in a Facebook / Instagram post URL (last path segment, or ``story_fbid``)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = parse_qs(parts.query)
    for key in ("story_fbid", "fbid", "v"):
        if query.get(key):
            return query[key][0]
    segments = [s for s in parts.path.split("/") if s]
    if segments and _ID_SEGMENT.match(segments[-1]):
        return segments[-1]
    return None


def read_csv(table_csv: Table, table: PostTable) -> None:
    """Read every data row of a CrowdTangle export as one post."""
    header = table_csv.header
    pos: dict[str, int] = {}
    for i, name in enumerate(header):
        key = normalise(name)
        if key.startswith("overperforming_score"):
            key = "overperforming_score"
        pos.setdefault(key, i)
    width = len(header)
    for row, cells in table_csv.rows:
        with table.record(row) as rec:
            if len(cells) != width:
                raise BadPost(f"row has {len(cells)} cells but the header has {width} columns")

            def get(key: str, cells: list[str] = cells) -> str:
                i = pos.get(key)
                return cells[i].strip() if i is not None else ""

            parts = [(k, get(k)) for k in TEXT_PARTS]
            parts = [(k, v) for k, v in parts if v]
            url = get("url")
            meta: dict[str, Any] = {
                "author_id": get("facebook_id") or None,
                "author_name": get("page_name") or get("group_name") or get("account") or None,
                "text_parts": [k for k, _ in parts],
                "is_reply": False,
            }
            if url:
                meta["url"] = url
            for out, key in _META.items():
                value = get(key)
                if value and value.upper() != "N/A":
                    meta[out] = as_count(value) if out.endswith("_at_posting") else value
            score = get("overperforming_score")
            if score:
                try:
                    meta["overperforming_score"] = float(score.replace(",", ""))
                except ValueError:
                    meta["overperforming_score"] = score
            created = get("post_created") or " ".join(
                x for x in (get("post_created_date"), get("post_created_time")) if x
            )
            metrics = {name: get(key) or None for name, key in METRICS.items()}
            metrics.update({name: get(key) for name, key in OPTIONAL_METRICS.items() if key in pos})
            rec.add(
                post_id_from_url(url),
                "\n\n".join(v for _, v in parts),
                speaker=get("user_name") or None,
                created_at=from_zone_name(created),
                metrics=metrics,
                meta=meta,
            )

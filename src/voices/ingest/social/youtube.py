"""YouTube Data API comments: ``commentThreads.list`` and ``comments.list`` responses, one page or many.

Each thread gives its ``topLevelComment`` and the replies in ``replies.comments``. The API returns only some
replies there; when ``totalReplyCount`` is larger, the shortfall is noted (fetch the rest with
``comments.list(parentId=...)`` and read that file too). Text is ``textOriginal`` when present, else
``textDisplay`` converted from HTML. ``thread_id`` is the thread id, ``parent_id`` a reply's ``parentId``.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("yt.json"), "youtube")
    >>> read_unit({"kind": "youtube#commentThreadListResponse", "items": [{"kind": "youtube#commentThread",
    ...     "id": "T1", "snippet": {"videoId": "v", "totalReplyCount": 0, "topLevelComment": {"id": "T1",
    ...     "snippet": {"textDisplay": "No BSL &amp; no captions", "authorDisplayName": "@ann"}}}}]}, None, table)
    >>> table.finish().segments["text"][0]
    'No BSL & no captions'
"""

from __future__ import annotations

from typing import Any

from voices.ingest.social.htmltext import to_text
from voices.ingest.social.posts import BadPost, PostTable, Record, as_count, id_of

PLATFORM = "youtube"


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one response page, or a single commentThread or comment."""
    if not isinstance(value, dict):
        table.bad_record(line, f"expected a YouTube API response (a JSON object), found {type(value).__name__}")
        return
    kind = str(value.get("kind", ""))
    if isinstance(value.get("items"), list):
        for item in value["items"]:
            _read_item(item, line, table)
    elif kind == "youtube#commentThread" or kind == "youtube#comment" or "snippet" in value:
        _read_item(value, line, table)
    elif isinstance(value.get("error"), dict):
        err = value["error"]
        table.bad_record(line, f"YouTube API error {err.get('code')}: {err.get('message')}")
    else:
        table.bad_record(line, "not a YouTube API response: expected 'items' or a commentThread")


def _read_item(item: Any, line: int | None, table: PostTable) -> None:
    snippet = item.get("snippet") if isinstance(item, dict) else None
    if isinstance(snippet, dict) and "topLevelComment" in snippet:
        thread_id = id_of(item.get("id"))
        with table.record(line) as rec:
            read_comment(snippet["topLevelComment"], rec, thread_id=thread_id, thread=snippet)
        replies = item.get("replies")
        comments = replies.get("comments") if isinstance(replies, dict) else None
        comments = comments if isinstance(comments, list) else []
        for reply in comments:
            with table.record(line) as rec:
                read_comment(reply, rec, thread_id=thread_id)
        total = as_count(snippet.get("totalReplyCount")) or 0
        if total > len(comments):
            table.notes["replies_not_in_file"] = table.notes.get("replies_not_in_file", 0) + total - len(comments)
    else:
        with table.record(line) as rec:
            read_comment(item, rec, thread_id=None)


def read_comment(comment: Any, rec: Record, *, thread_id: str | None, thread: dict[str, Any] | None = None) -> None:
    """Map one ``youtube#comment`` to a post."""
    if not isinstance(comment, dict) or not isinstance(comment.get("snippet"), dict):
        raise BadPost("expected a youtube#comment with a 'snippet'")
    sn = comment["snippet"]
    cid = id_of(comment.get("id"))
    original = sn.get("textOriginal")
    if isinstance(original, str) and original.strip():
        text = original
    else:
        display = sn.get("textDisplay")
        text = to_text(display) if isinstance(display, str) else ""
    parent = id_of(sn.get("parentId"))
    channel = sn.get("authorChannelId")
    meta: dict[str, Any] = {
        "author_id": channel.get("value") if isinstance(channel, dict) else None,
        "video_id": sn.get("videoId") or (thread or {}).get("videoId"),
        "channel_id": sn.get("channelId") or (thread or {}).get("channelId"),
        "is_reply": parent is not None,
    }
    if sn.get("updatedAt") and sn.get("updatedAt") != sn.get("publishedAt"):
        meta["updated_at"] = sn["updatedAt"]
    metrics: dict[str, Any] = {"likes": sn.get("likeCount")}
    if thread is not None:
        metrics["replies"] = thread.get("totalReplyCount")
    author = sn.get("authorDisplayName")
    rec.add(
        cid,
        text,
        speaker=author if isinstance(author, str) else None,
        parent_id=parent,
        thread_id=thread_id or parent or cid,
        created_at=sn.get("publishedAt") if isinstance(sn.get("publishedAt"), str) else None,
        metrics=metrics,
        meta=meta,
    )

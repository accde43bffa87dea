"""TikTok Research API: video query and comment list responses (``{"data": {"videos"|"comments": [...]}}``).

A video's text is its ``video_description`` followed by the ``voice_to_text`` transcript when present (a blank
line between; ``meta.text_parts`` says which are there). Comments belong to the thread of their ``video_id``
and reply to ``parent_comment_id`` (the video itself for a top-level comment). ``create_time`` is Unix
seconds; ids are large integers and are kept exact as strings. A response whose ``error.code`` is not
``ok`` and that has no data is quarantined with the API's message.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("tt.json"), "tiktok")
    >>> read_unit({"data": {"comments": [{"id": 7300000000000000101, "video_id": 7300000000000000001,
    ...     "text": "same in our block", "parent_comment_id": 7300000000000000001, "create_time": 1736931000}]},
    ...     "error": {"code": "ok"}}, None, table)
    >>> seg = table.finish().segments
    >>> seg["post_id"][0], seg["thread_id"][0]
    ('7300000000000000101', '7300000000000000001')
"""

from __future__ import annotations

from typing import Any

from voices.ingest.social.posts import BadPost, PostTable, Record, id_of, text_of
from voices.ingest.social.timestamps import from_epoch

PLATFORM = "tiktok"
VIDEO_METRICS = {"likes": "like_count", "replies": "comment_count", "reposts": "share_count", "views": "view_count"}
COMMENT_METRICS = {"likes": "like_count", "replies": "reply_count"}


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one response (or one video / comment object, as in NDJSON of items)."""
    if not isinstance(value, dict):
        table.bad_record(line, f"expected a TikTok Research API response (a JSON object), found {type(value).__name__}")
        return
    error = value.get("error")
    data = value.get("data")
    if isinstance(error, dict) and error.get("code") not in (None, "ok") and not data:
        table.bad_record(line, f"TikTok API error {error.get('code')}: {error.get('message') or 'no message'}")
        return
    if "data" in value:
        if not isinstance(data, dict):
            table.bad_record(line, f"response 'data' is {type(data).__name__}, expected an object")
            return
        found = False
        for key, reader in (("videos", read_video), ("comments", read_comment)):
            items = data.get(key)
            if isinstance(items, list):
                found = True
                for item in items:
                    with table.record(line) as rec:
                        reader(item, rec)
        if not found:
            table.bad_record(line, "response 'data' has neither 'videos' nor 'comments'")
        return
    with table.record(line) as rec:
        if "video_id" in value and "video_description" not in value:
            read_comment(value, rec)
        else:
            read_video(value, rec)


def read_video(video: Any, rec: Record) -> None:
    """Map one video to a post."""
    if not isinstance(video, dict):
        raise BadPost(f"expected a video object, found {type(video).__name__}")
    parts = [(k, text_of(video.get(k)).strip()) for k in ("video_description", "voice_to_text")]
    parts = [(k, t) for k, t in parts if t]
    vid = id_of(video.get("id"))
    meta: dict[str, Any] = {"video_id": vid, "text_parts": [k for k, _ in parts], "is_reply": False}
    tags = video.get("hashtag_names")
    if isinstance(tags, list) and tags:
        meta["hashtags"] = [t for t in tags if isinstance(t, str)]
    for key in ("region_code", "video_duration", "music_id", "playlist_id", "is_stem_verified"):
        if video.get(key) not in (None, "", 0):
            meta[key] = video[key]
    metrics = {name: video.get(key) for name, key in VIDEO_METRICS.items()}
    if "favorites_count" in video:
        metrics["bookmarks"] = video["favorites_count"]
    username = video.get("username")
    rec.add(
        vid,
        "\n\n".join(t for _, t in parts),
        speaker=username if isinstance(username, str) else None,
        thread_id=vid,
        created_at=from_epoch(video.get("create_time")),
        metrics=metrics,
        meta=meta,
    )


def read_comment(comment: Any, rec: Record) -> None:
    """Map one comment to a post."""
    if not isinstance(comment, dict):
        raise BadPost(f"expected a comment object, found {type(comment).__name__}")
    video_id = id_of(comment.get("video_id"))
    parent = id_of(comment.get("parent_comment_id"))
    username = comment.get("username")
    rec.add(
        id_of(comment.get("id")),
        text_of(comment.get("text")),
        speaker=username if isinstance(username, str) else None,
        parent_id=parent,
        thread_id=video_id,
        created_at=from_epoch(comment.get("create_time")),
        metrics={name: comment.get(key) for name, key in COMMENT_METRICS.items()},
        meta={"video_id": video_id, "is_reply": parent is not None, "on_video": parent == video_id},
    )

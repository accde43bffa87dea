"""Mastodon ``Status`` objects: an array (timelines, search), NDJSON, or a thread context.

``content`` is HTML and becomes plain text with its line breaks, links showing their full URL (the parts
Mastodon hides in ``span.invisible`` are kept). ``spoiler_text`` (the content warning) goes to ``meta``. A boost
is a wrapper whose ``reblog`` holds the boosted status: it becomes a post with ``is_repost`` true, the
booster as speaker and the boosted status's text. ``speaker`` is ``account.acct`` (``user`` on the home
instance, ``user@domain`` otherwise). Statuses carry no thread root, so ``thread_id`` is found by following
``in_reply_to_id`` within the file; ids are instance-local, so the global ``uri`` is kept in ``meta``.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("m.json"), "mastodon", resolve_threads=True)
    >>> read_unit({"id": "1", "content": "<p>Energy bills<br>again</p>", "account": {"acct": "ann@example.social"},
    ...            "created_at": "2026-01-15T08:00:00.000Z", "language": "en"}, None, table)
    >>> seg = table.finish().segments
    >>> seg["text"][0], seg["speaker"][0]
    ('Energy bills\\nagain', 'ann@example.social')
"""

from __future__ import annotations

import re
from typing import Any

from voices.ingest.social.htmltext import to_text
from voices.ingest.social.posts import BadPost, PostTable, Record, id_of, obj, text_of

PLATFORM = "mastodon"
METRICS = {
    "likes": "favourites_count",
    "reposts": "reblogs_count",
    "replies": "replies_count",
    "quotes": "quotes_count",
}
_URL = re.compile(r"https?://[^\s<>\"]+")


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one top-level value: a status, or a context ``{"ancestors": [...], "descendants": [...]}``."""
    if isinstance(value, dict) and ("ancestors" in value or "descendants" in value) and "content" not in value:
        for key in ("ancestors", "descendants"):
            for status in value.get(key) or []:
                with table.record(line) as rec:
                    read_status(status, rec)
        return
    if not isinstance(value, dict):
        table.bad_record(line, f"expected a Mastodon status (a JSON object), found {type(value).__name__}")
        return
    with table.record(line) as rec:
        read_status(value, rec)


def read_status(status: Any, rec: Record) -> None:
    """Map one status (or boost) to a post."""
    if not isinstance(status, dict):
        raise BadPost(f"expected a status object, found {type(status).__name__}")
    sid = id_of(status.get("id"))
    account = obj(status.get("account"))
    reblog = status.get("reblog")
    source = reblog if isinstance(reblog, dict) else status
    content = source.get("content")
    if content is None and "text" not in source:
        raise BadPost("status has no 'content' (expected the HTML text of a Mastodon status)")
    text = to_text(text_of(content)) if content else ""
    if not text and isinstance(source.get("text"), str):
        text = source["text"]  # delete-and-redraft responses carry the plain source text
    if sid is None and not text:
        raise BadPost("status has neither an 'id' nor any content")
    meta: dict[str, Any] = {"author_id": id_of(account.get("id")), "author_name": account.get("display_name")}
    if account.get("bot") is True:
        meta["bot"] = True
    if isinstance(reblog, dict):
        reblogged_account = obj(reblog.get("account"))
        meta["reblog_of"] = id_of(reblog.get("id"))
        meta["reblogged_user"] = reblogged_account.get("acct")
        meta["reblog_uri"] = reblog.get("uri")
    spoiler = source.get("spoiler_text")
    if isinstance(spoiler, str) and spoiler.strip():
        meta["content_warning"] = to_text(spoiler)
    for key in ("uri", "url", "visibility", "edited_at"):
        if status.get(key):
            meta[key] = status[key]
    if source.get("sensitive") is True:
        meta["sensitive"] = True
    tags = [t.get("name") for t in source.get("tags") or [] if isinstance(t, dict) and t.get("name")]
    mentions = [m.get("acct") for m in source.get("mentions") or [] if isinstance(m, dict) and m.get("acct")]
    urls = _URL.findall(text)
    card = source.get("card")
    if isinstance(card, dict) and card.get("url") and card["url"] not in urls:
        urls.append(card["url"])
    if tags:
        meta["hashtags"] = tags
    if mentions:
        meta["mentions"] = mentions
    if urls:
        meta["urls"] = urls
    media = source.get("media_attachments")
    if isinstance(media, list) and media:
        meta["media"] = len(media)
    parent = id_of(status.get("in_reply_to_id"))
    meta["is_reply"] = parent is not None
    quote = source.get("quote")
    quoted = quote.get("quoted_status") if isinstance(quote, dict) and "quoted_status" in quote else quote
    meta["is_quote"] = isinstance(quoted, dict)
    if isinstance(quoted, dict):
        meta["quoted_id"] = id_of(quoted.get("id"))
    app = status.get("application")
    if isinstance(app, dict) and app.get("name"):
        meta["application"] = app["name"]
    lang = source.get("language") if isinstance(source.get("language"), str) else None
    rec.add(
        sid,
        text,
        speaker=account.get("acct") if isinstance(account.get("acct"), str) else None,
        parent_id=parent,
        is_repost=isinstance(reblog, dict),
        created_at=status.get("created_at") if isinstance(status.get("created_at"), str) else None,
        lang=lang,
        metrics={name: status.get(key) for name, key in METRICS.items()},
        meta=meta,
    )

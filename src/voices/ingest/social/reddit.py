"""Reddit: PRAW / Pushshift NDJSON of submissions (``t3_``) and comments (``t1_``), and Reddit listing JSON.

A submission's text is its ``title`` and ``selftext``; a comment's is its ``body`` (HTML entities unescaped,
``\\r`` removed). ``thread_id`` is the submission id (``link_id`` without ``t3_``), ``parent_id`` the id of the
comment or submission replied to (prefix removed; its kind is kept in ``meta.parent_kind``). Bodies or
selftexts reading ``[deleted]`` or ``[removed]`` are dropped with that reason, respecting the deletion; authors
``[deleted]`` or ``None`` (PRAW) give no speaker. ``created_utc`` may be an int, a float or a string.
Listing JSON (``{"kind": "Listing", "data": {"children": [...]}}``, as from a ``.json`` Reddit URL) is walked
with its nested ``replies``; ``more`` placeholders are counted in the notes.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("r.ndjson"), "reddit")
    >>> read_unit({"id": "c1", "name": "t1_c1", "link_id": "t3_s1", "parent_id": "t3_s1", "author": "ann",
    ...            "body": "Rent up 20% &amp; no repairs", "created_utc": "1736931000"}, 1, table)
    >>> read_unit({"id": "c2", "link_id": "t3_s1", "body": "[removed]", "created_utc": 1736931500}, 2, table)
    >>> r = table.finish()
    >>> r.segments["text"][0], r.segments["thread_id"][0], r.dropped[0]["reason"]
    ('Rent up 20% & no repairs', 's1', 'comment c2 was [removed]')
"""

from __future__ import annotations

import html
from typing import Any

from voices.ingest.social.posts import BadPost, DropPost, PostTable, Record, id_of, text_of
from voices.ingest.social.timestamps import from_epoch

PLATFORM = "reddit"
_GONE = frozenset({"[deleted]", "[removed]"})
_GONE_AUTHORS = frozenset({"[deleted]", "[removed]", ""})


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one top-level value: a submission or comment object, a ``t1``/``t3`` thing, or a Listing."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            table.bad_record(
                line, f"expected a Reddit submission or comment (a JSON object), found {type(item).__name__}"
            )
            continue
        kind = item.get("kind")
        data = item.get("data")
        if kind == "Listing" and isinstance(data, dict):
            children = data.get("children")
            if isinstance(children, list):
                stack.extend(reversed(children))
            continue
        if kind == "more":
            more = data.get("count", 0) if isinstance(data, dict) else 0
            table.notes["comments_not_loaded"] = table.notes.get("comments_not_loaded", 0) + (
                more if isinstance(more, int) else 0
            )
            continue
        if kind in ("t1", "t3") and isinstance(data, dict):
            item = data
        replies = item.get("replies")
        with table.record(line) as rec:
            read_thing(item, rec)
        if isinstance(replies, dict):
            stack.append(replies)


def _strip(fullname: Any) -> tuple[str | None, str | None]:
    """``t3_abc`` -> (``abc``, ``submission``)."""
    s = id_of(fullname)
    if s is None:
        return None, None
    if len(s) > 3 and s[0] == "t" and s[2] == "_":
        return s[3:], {"1": "comment", "3": "submission"}.get(s[1], "other")
    return s, None


def read_thing(d: dict[str, Any], rec: Record) -> None:
    """Map one submission or comment to a post."""
    name = id_of(d.get("name")) or ""
    rid = id_of(d.get("id")) or _strip(name)[0]
    is_comment = name.startswith("t1_") or "body" in d or ("link_id" in d and "title" not in d)
    is_submission = not is_comment and (name.startswith("t3_") or "title" in d or "selftext" in d)
    if not is_comment and not is_submission:
        raise BadPost("not a Reddit submission or comment: expected 'body' (comment) or 'title' (submission)")
    author = d.get("author")
    meta: dict[str, Any] = {"kind": "comment" if is_comment else "submission", "author_id": d.get("author_fullname")}
    if not isinstance(author, str) or author in _GONE_AUTHORS:
        meta["author_deleted"] = True
        author = None
    for key in (
        "subreddit",
        "subreddit_id",
        "permalink",
        "distinguished",
        "stickied",
        "edited",
        "over_18",
        "controversiality",
        "author_flair_text",
        "link_flair_text",
    ):
        if d.get(key) not in (None, "", False):
            meta[key] = d[key]
    metrics: dict[str, Any] = {"score": d.get("score")}
    if is_comment:
        body = text_of(d.get("body"))
        if body.strip() in _GONE:
            raise DropPost(f"comment {rid} was {body.strip()}")
        text = body
        thread_id, _ = _strip(d.get("link_id"))
        parent_id, parent_kind = _strip(d.get("parent_id"))
        if parent_kind:
            meta["parent_kind"] = parent_kind
        meta["is_reply"] = parent_id is not None
    else:
        if d.get("removed_by_category") == "deleted":
            raise DropPost(f"submission {rid} was deleted by its author")
        title = text_of(d.get("title")).strip()
        selftext = text_of(d.get("selftext"))
        if selftext.strip() in _GONE:
            raise DropPost(f"submission {rid} was {selftext.strip()} (only its title remains)")
        text = f"{title}\n\n{selftext}" if title and selftext.strip() else (title or selftext)
        thread_id, parent_id = rid, None
        meta["is_reply"] = False
        if d.get("is_self") is False or (d.get("url") and not str(d.get("domain", "")).startswith("self.")):
            if d.get("url"):
                meta["urls"] = [d["url"]]
            if d.get("domain"):
                meta["domain"] = d["domain"]
        metrics["replies"] = d.get("num_comments")
        if isinstance(d.get("upvote_ratio"), int | float):
            meta["upvote_ratio"] = d["upvote_ratio"]
        if d.get("removed_by_category"):
            meta["removed_by_category"] = d["removed_by_category"]
    text = text.replace("\r", "")
    if "&" in text:
        text = html.unescape(text)
    rec.add(
        rid,
        text,
        speaker=author,
        parent_id=parent_id,
        thread_id=thread_id,
        created_at=from_epoch(d.get("created_utc", d.get("created"))),
        metrics=metrics,
        meta=meta,
    )

"""Which column of a generic CSV / JSONL holds the text, id, author, time (and a few more) of each post.

Column names are compared after lower-casing and turning spaces, dashes and dots into underscores, so
``"Tweet Text"``, ``tweet-text`` and ``tweet_text`` are the same. Names given by the user win; a name the user
gives that is not in the file is an error that lists the columns there are.

Example:
    >>> roles = find_roles(["Post ID", "Author", "Body", "Date"], path="x.csv")
    >>> roles.text, roles.id, roles.author, roles.time
    ('Body', 'Post ID', 'Author', 'Date')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from voices.errors import InputFormatError

CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "full_text",
        "body",
        "message",
        "content",
        "post_text",
        "text_content",
        "tweet_text",
        "tweet",
        "post",
        "comment_text",
        "comment",
        "selftext",
        "caption",
        "status",
        "msg",
        "description",
    ),
    "id": (
        "id",
        "post_id",
        "tweet_id",
        "status_id",
        "comment_id",
        "message_id",
        "id_str",
        "uuid",
        "uri",
        "permalink",
        "url",
        "link",
    ),
    "author": (
        "author",
        "username",
        "user_name",
        "screen_name",
        "user_screen_name",
        "author_username",
        "author_handle",
        "handle",
        "account",
        "acct",
        "from_user",
        "user",
        "author_name",
        "name",
        "from",
    ),
    "time": (
        "created_at",
        "created_utc",
        "createdat",
        "created",
        "timestamp",
        "date_time",
        "datetime",
        "published_at",
        "published",
        "posted_at",
        "post_created",
        "publish_date",
        "date",
        "time",
        "utc",
    ),
    "lang": ("lang", "language"),
    "parent": ("parent_id", "in_reply_to_id", "in_reply_to_status_id", "in_reply_to", "reply_to", "parent"),
    "thread": ("thread_id", "conversation_id", "link_id", "thread"),
}
METRIC_CANDIDATES: dict[str, tuple[str, ...]] = {
    "likes": ("likes", "like_count", "favorite_count", "favourites_count", "favorites", "score"),
    "reposts": ("reposts", "retweets", "retweet_count", "shares", "share_count", "reblogs_count", "repost_count"),
    "replies": ("replies", "reply_count", "comments", "comment_count", "num_comments", "replies_count"),
    "views": ("views", "view_count", "impressions", "impression_count"),
}
_SEP = re.compile(r"[\s\-.]+")


def normalise(name: str) -> str:
    """``"Tweet Text"`` -> ``tweet_text``."""
    return _SEP.sub("_", name.strip().lower()).strip("_")


@dataclass(frozen=True)
class Roles:
    """The column chosen for each role (``None`` when the file has none)."""

    text: str
    id: str | None = None
    author: str | None = None
    time: str | None = None
    lang: str | None = None
    parent: str | None = None
    thread: str | None = None
    metrics: dict[str, str] = field(default_factory=dict)

    def used(self) -> set[str]:
        """Every column given a role (the rest go to ``meta.fields``)."""
        named = {self.text, self.id, self.author, self.time, self.lang, self.parent, self.thread}
        return {c for c in named if c} | set(self.metrics.values())


def find_roles(
    columns: list[str],
    *,
    path: str | Path,
    text: str | None = None,
    id: str | None = None,
    author: str | None = None,
    time: str | None = None,
    nested: bool = False,
) -> Roles:
    """Pick the column for each role from ``columns`` (given names first, then common names).

    Args:
        columns: the file's column names (CSV header, or the keys seen in the first JSONL objects).
        path: the file, for error messages.
        text, id, author, time: names the user gave (``text_column=`` and so on).
        nested: given names may be dotted paths into nested objects (JSONL), so they need not be in
            ``columns``.

    Raises:
        InputFormatError: no text column can be found, or a given name is not a column.
    """
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(normalise(c), c)
    given = {"text": text, "id": id, "author": author, "time": time}
    chosen: dict[str, str | None] = {}
    for role, name in given.items():
        if name is None:
            continue
        if name in columns or (nested and "." in name):
            chosen[role] = name
        elif normalise(name) in by_norm:
            chosen[role] = by_norm[normalise(name)]
        else:
            raise InputFormatError(
                path,
                expected=f"a column named {name!r} ({role}_column)",
                found=f"columns {columns[:40]}",
                fix=f"pass {role}_column= with one of the columns listed",
            )
    taken = {c for c in chosen.values() if c}
    for role, names in CANDIDATES.items():
        if role in chosen:
            continue
        chosen[role] = next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in taken), None)
        if chosen[role]:
            taken.add(chosen[role])  # type: ignore[arg-type]
    if not chosen.get("text"):
        raise InputFormatError(
            path,
            expected="a column holding the post text (text, body, message, content, ...)",
            found=f"columns {columns[:40]}",
            fix="pass text_column= naming the column that holds the text",
        )
    metrics = {}
    for metric, names in METRIC_CANDIDATES.items():
        col = next((by_norm[n] for n in names if n in by_norm and by_norm[n] not in taken), None)
        if col:
            metrics[metric] = col
            taken.add(col)
    return Roles(
        text=chosen["text"],  # type: ignore[arg-type]
        id=chosen.get("id"),
        author=chosen.get("author"),
        time=chosen.get("time"),
        lang=chosen.get("lang"),
        parent=chosen.get("parent"),
        thread=chosen.get("thread"),
        metrics=metrics,
    )

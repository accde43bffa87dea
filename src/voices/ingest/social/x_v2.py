"""X (Twitter) API v2: search / timeline pages, lists of pages, NDJSON of pages or of single tweets.

A page is ``{"data": [tweet, ...], "includes": {"users", "tweets", "places"}, "errors": [...], "meta": ...}``.
Each tweet is merged with what the page includes (the approach of 4CAT's ``enrich_tweet``): the author's
username and name, the full text of a retweet rebuilt as ``"RT @user: " + referenced text`` (the tweet's own
text is truncated), quoted and replied-to ids, the place, and the ``errors`` that concern it (deleted or
suspended users and tweets). twarc2's flattened tweets, which carry ``author`` and ``referenced_tweets[].tweet``
inline, are read the same way.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("x.json"), "x_v2")
    >>> page = {"data": [{"id": "2", "text": "RT @a: Bus late…", "author_id": "9",
    ...     "referenced_tweets": [{"type": "retweeted", "id": "1"}]}],
    ...     "includes": {"users": [{"id": "9", "username": "b"}, {"id": "8", "username": "a"}],
    ...                  "tweets": [{"id": "1", "text": "Bus late again, third time this week", "author_id": "8"}]}}
    >>> read_unit(page, None, table)
    >>> table.finish().segments["text"][0]
    'RT @a: Bus late again, third time this week'
"""

from __future__ import annotations

import html
import re
from typing import Any

from voices.ingest.social.posts import BadPost, PostTable, Record, id_of, text_of

PLATFORM = "x_v2"
METRICS = {
    "likes": "like_count",
    "reposts": "retweet_count",
    "replies": "reply_count",
    "quotes": "quote_count",
    "bookmarks": "bookmark_count",
    "views": "impression_count",
}
_RT_PREFIX = re.compile(r"^RT @([A-Za-z0-9_]{1,30}):")


class _Page:
    """What a page includes, by id."""

    def __init__(self, page: dict[str, Any]) -> None:
        inc = page.get("includes")
        inc = inc if isinstance(inc, dict) else {}
        self.users = _by_id(inc.get("users"))
        self.tweets = _by_id(inc.get("tweets"))
        self.places = _by_id(inc.get("places"))
        self.errors: dict[str, dict[str, Any]] = {}
        errors = page.get("errors")
        for err in errors if isinstance(errors, list) else []:
            if isinstance(err, dict):
                rid = id_of(err.get("resource_id")) or id_of(err.get("value"))
                if rid:
                    self.errors[rid] = err


def _by_id(items: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            key = id_of(item.get("id"))
            if key:
                out[key] = item
    return out


_EMPTY = _Page({})


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one top-level JSON value: a page of tweets or a single tweet."""
    if not isinstance(value, dict):
        table.bad_record(line, f"expected an X API v2 page or tweet (a JSON object), found a JSON {_kind(value)}")
        return
    if "data" in value or "includes" in value or (("errors" in value or "meta" in value) and "text" not in value):
        data = value.get("data")
        if data is None:
            if value.get("errors"):
                table.notes["pages_with_only_errors"] = table.notes.get("pages_with_only_errors", 0) + 1
            return
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            table.bad_record(line, f"page 'data' is a JSON {_kind(data)}, expected a list of tweets")
            return
        page = _Page(value)
        if page.errors:
            table.notes["api_errors"] = table.notes.get("api_errors", 0) + len(page.errors)
        for tweet in data:
            with table.record(line) as rec:
                read_tweet(tweet, page, rec)
    else:
        with table.record(line) as rec:
            read_tweet(value, _EMPTY, rec)


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", type(None): "null", bool: "boolean"}.get(
        type(value), "number"
    )


def _user(page: _Page, user_id: str | None, inline: Any) -> dict[str, Any]:
    if isinstance(inline, dict):
        return inline
    return page.users.get(user_id or "", {})


def _full_text(tweet: dict[str, Any]) -> str:
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str) and note["text"]:
        return note["text"]
    return text_of(tweet.get("text"))


def read_tweet(tweet: Any, page: _Page, rec: Record) -> None:
    """Map one API v2 tweet (with its page's includes) to a post."""
    if not isinstance(tweet, dict):
        raise BadPost(f"expected a tweet object, found a JSON {_kind(tweet)}")
    tid = id_of(tweet.get("id"))
    if tid is None and not tweet.get("text"):
        raise BadPost("tweet has neither an 'id' nor a 'text'")
    text = _full_text(tweet)
    author_id = id_of(tweet.get("author_id"))
    author = _user(page, author_id, tweet.get("author"))
    author_id = author_id or id_of(author.get("id"))
    meta: dict[str, Any] = {"author_id": author_id, "author_name": author.get("name")}
    refs: dict[str, tuple[str, dict[str, Any]]] = {}
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and isinstance(ref.get("type"), str) and id_of(ref.get("id")):
            inline = ref.get("tweet")
            refs.setdefault(ref["type"], (id_of(ref["id"]) or "", inline if isinstance(inline, dict) else {}))
    is_repost = "retweeted" in refs
    errors = [page.errors[x] for x in (author_id, tweet.get("in_reply_to_user_id")) if x and x in page.errors]
    for kind, (ref_id, inline) in refs.items():
        meta[f"{kind}_id"] = ref_id
        referenced = inline or page.tweets.get(ref_id, {})
        if ref_id in page.errors:
            errors.append(page.errors[ref_id])
        ref_author_id = id_of(referenced.get("author_id"))
        if ref_author_id and ref_author_id in page.errors:
            errors.append(page.errors[ref_author_id])
        if kind == "retweeted":
            text = _rebuild_retweet(text, referenced, _user(page, ref_author_id, referenced.get("author")), meta)
    if errors:
        meta["errors"] = [
            {k: e.get(k) for k in ("resource_type", "resource_id", "title", "detail") if e.get(k) is not None}
            for e in errors
        ]
    if "&" in text:
        text = html.unescape(text)
    reply_to = id_of(tweet.get("in_reply_to_user_id"))
    if reply_to:
        meta["in_reply_to_user"] = page.users.get(reply_to, {}).get("username") or reply_to
    meta["is_reply"] = "replied_to" in refs or reply_to is not None
    meta["is_quote"] = "quoted" in refs
    _entities(tweet.get("entities"), meta)
    _geo(tweet.get("geo"), page, meta)
    for key in ("source", "possibly_sensitive", "reply_settings"):
        if tweet.get(key) is not None:
            meta[key] = tweet[key]
    edits = tweet.get("edit_history_tweet_ids")
    if isinstance(edits, list) and len(edits) > 1:
        meta["edits"] = len(edits) - 1
    lang = tweet.get("lang") if isinstance(tweet.get("lang"), str) else None
    lang = platform_lang(lang, meta)
    metrics = tweet.get("public_metrics")
    metrics = metrics if isinstance(metrics, dict) else {}
    rec.add(
        tid,
        text,
        speaker=author.get("username") if isinstance(author.get("username"), str) else None,
        parent_id=refs.get("replied_to", ("", {}))[0] or None,
        thread_id=id_of(tweet.get("conversation_id")),
        is_repost=is_repost,
        created_at=tweet.get("created_at") if isinstance(tweet.get("created_at"), str) else None,
        lang=lang,
        metrics={name: metrics.get(key) for name, key in METRICS.items()},
        meta=meta,
    )


def _rebuild_retweet(text: str, referenced: dict[str, Any], ref_author: dict[str, Any], meta: dict[str, Any]) -> str:
    full = _full_text(referenced) if referenced else ""
    if not full:
        meta["retweet_text_truncated"] = True
        return text
    handle = ref_author.get("username") if isinstance(ref_author.get("username"), str) else None
    if handle is None:
        m = _RT_PREFIX.match(text)
        handle = m.group(1) if m else None
    if handle:
        meta["retweeted_user"] = handle
        return f"RT @{handle}: {full}"
    return full


def platform_lang(lang: str | None, meta: dict[str, Any]) -> str | None:
    """X's language code, or ``None`` for its non-languages (``und``, ``zxx``, ``qme``, ``qht``...)."""
    if not lang:
        return None
    if lang in ("und", "zxx") or (len(lang) == 3 and lang.startswith("q")):
        meta["platform_lang"] = lang
        return None
    return lang


def _entities(entities: Any, meta: dict[str, Any]) -> None:
    if not isinstance(entities, dict):
        return
    tags = [h.get("tag") for h in entities.get("hashtags") or [] if isinstance(h, dict) and h.get("tag")]
    urls = [
        u.get("expanded_url") or u.get("url")
        for u in entities.get("urls") or []
        if isinstance(u, dict) and (u.get("expanded_url") or u.get("url"))
    ]
    mentions = [m.get("username") for m in entities.get("mentions") or [] if isinstance(m, dict) and m.get("username")]
    if tags:
        meta["hashtags"] = tags
    if urls:
        meta["urls"] = urls
    if mentions:
        meta["mentions"] = mentions


def _geo(geo: Any, page: _Page, meta: dict[str, Any]) -> None:
    if not isinstance(geo, dict):
        return
    place = geo.get("place")
    if not isinstance(place, dict):
        place = page.places.get(id_of(geo.get("place_id")) or "")
    if place:
        meta["place"] = {k: place.get(k) for k in ("full_name", "country_code", "place_type") if place.get(k)}
    elif geo.get("place_id"):
        meta["place"] = {"id": geo.get("place_id")}
    coords = geo.get("coordinates")
    if isinstance(coords, dict) and isinstance(coords.get("coordinates"), list) and len(coords["coordinates"]) == 2:
        lon, lat = coords["coordinates"]
        meta["coordinates"] = {"lon": lon, "lat": lat}

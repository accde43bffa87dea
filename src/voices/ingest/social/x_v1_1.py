"""X (Twitter) API v1.1 tweets: a single object, an array, NDJSON, a search response, or an X archive.

Ids come from ``id_str`` (the integer ``id`` loses digits in JavaScript tools); the text from
``extended_tweet.full_text`` (streaming), ``full_text`` (``tweet_mode=extended``) or ``text``, HTML-unescaped
(v1.1 sends ``&amp;``). A retweet's text is rebuilt from ``retweeted_status`` as ``"RT @user: " + full text``.
Dates look like ``"Wed Jan 15 08:42:11 +0000 2026"``. v1.1 has no conversation id, so ``thread_id`` is found by
following ``in_reply_to_status_id_str`` within the file. Archive items ``{"tweet": {...}}`` are unwrapped.

Example:
    >>> from pathlib import Path
    >>> from voices.ingest.social.posts import PostTable
    >>> table = PostTable(Path("t.json"), "x_v1_1", resolve_threads=True)
    >>> read_unit({"id_str": "5", "full_text": "Rent &amp; bills", "user": {"screen_name": "ann"},
    ...            "created_at": "Wed Jan 15 08:42:11 +0000 2026"}, None, table)
    >>> seg = table.finish().segments
    >>> seg["text"][0], seg["speaker"][0], str(seg["created_at"][0])
    ('Rent & bills', 'ann', '2026-01-15 08:42:11+00:00')
"""

from __future__ import annotations

import html
from typing import Any

from voices.ingest.social.posts import BadPost, PostTable, Record, id_of, obj, text_of
from voices.ingest.social.timestamps import from_twitter
from voices.ingest.social.x_v2 import platform_lang

PLATFORM = "x_v1_1"
METRICS = {"likes": "favorite_count", "reposts": "retweet_count"}
OPTIONAL_METRICS = {"replies": "reply_count", "quotes": "quote_count"}


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one top-level value: a tweet, an archive item, or a search response with ``statuses``."""
    if isinstance(value, dict) and isinstance(value.get("statuses"), list):
        for status in value["statuses"]:
            with table.record(line) as rec:
                read_tweet(status, rec)
        return
    if not isinstance(value, dict):
        table.bad_record(line, f"expected an X v1.1 tweet (a JSON object), found {type(value).__name__}")
        return
    with table.record(line) as rec:
        read_tweet(value, rec)


def _full_text(tweet: dict[str, Any]) -> str:
    ext = tweet.get("extended_tweet")
    if isinstance(ext, dict) and isinstance(ext.get("full_text"), str):
        return ext["full_text"]
    if isinstance(tweet.get("full_text"), str):
        return tweet["full_text"]
    return text_of(tweet.get("text"))


def _id(obj: dict[str, Any], key: str) -> str | None:
    return id_of(obj.get(f"{key}_str")) or id_of(obj.get(key))


def read_tweet(tweet: Any, rec: Record) -> None:
    """Map one v1.1 tweet to a post."""
    if isinstance(tweet, dict) and isinstance(tweet.get("tweet"), dict) and len(tweet) == 1:
        tweet = tweet["tweet"]
    if not isinstance(tweet, dict):
        raise BadPost(f"expected a tweet object, found {type(tweet).__name__}")
    tid = _id(tweet, "id")
    text = _full_text(tweet)
    if tid is None and not text:
        raise BadPost("tweet has neither 'id_str' nor any text")
    user = obj(tweet.get("user"))
    meta: dict[str, Any] = {"author_id": _id(user, "id"), "author_name": user.get("name")}
    retweeted = tweet.get("retweeted_status")
    is_repost = isinstance(retweeted, dict)
    if isinstance(retweeted, dict):
        rt_user = obj(retweeted.get("user"))
        handle = rt_user.get("screen_name")
        full = _full_text(retweeted)
        meta["retweeted_id"] = _id(retweeted, "id")
        if handle:
            meta["retweeted_user"] = handle
        if full:
            text = f"RT @{handle}: {full}" if handle else full
    elif text.startswith("RT @"):
        is_repost = True
    quoted = tweet.get("quoted_status")
    quoted_id = _id(tweet, "quoted_status_id") or (_id(quoted, "id") if isinstance(quoted, dict) else None)
    if quoted_id:
        meta["quoted_id"] = quoted_id
    if "&" in text:
        text = html.unescape(text)
    parent = _id(tweet, "in_reply_to_status_id")
    if tweet.get("in_reply_to_screen_name"):
        meta["in_reply_to_user"] = tweet["in_reply_to_screen_name"]
    meta["is_reply"] = parent is not None
    meta["is_quote"] = bool(quoted_id) or tweet.get("is_quote_status") is True
    ext = tweet.get("extended_tweet")
    entities = ext.get("entities") if isinstance(ext, dict) and isinstance(ext.get("entities"), dict) else None
    _entities(entities or tweet.get("entities"), meta)
    _place(tweet, meta)
    if isinstance(tweet.get("source"), str):
        meta["source"] = html.unescape(_strip_tags(tweet["source"]))
    lang = platform_lang(tweet.get("lang") if isinstance(tweet.get("lang"), str) else None, meta)
    metrics = {name: tweet.get(key) for name, key in METRICS.items()}
    metrics.update({name: tweet[key] for name, key in OPTIONAL_METRICS.items() if key in tweet})
    rec.add(
        tid,
        text,
        speaker=user.get("screen_name") if isinstance(user.get("screen_name"), str) else None,
        parent_id=parent,
        is_repost=is_repost,
        created_at=from_twitter(tweet.get("created_at")),
        lang=lang,
        metrics=metrics,
        meta=meta,
    )


def _strip_tags(markup: str) -> str:
    start, end = markup.find(">"), markup.rfind("</")
    return markup[start + 1 : end] if markup.startswith("<") and 0 <= start < end else markup


def _entities(entities: Any, meta: dict[str, Any]) -> None:
    if not isinstance(entities, dict):
        return
    tags = [h.get("text") for h in entities.get("hashtags") or [] if isinstance(h, dict) and h.get("text")]
    urls = [
        u.get("expanded_url") or u.get("url")
        for u in entities.get("urls") or []
        if isinstance(u, dict) and (u.get("expanded_url") or u.get("url"))
    ]
    mentions = [m.get("screen_name") for m in entities.get("user_mentions") or [] if isinstance(m, dict)]
    mentions = [m for m in mentions if m]
    if tags:
        meta["hashtags"] = tags
    if urls:
        meta["urls"] = urls
    if mentions:
        meta["mentions"] = mentions


def _place(tweet: dict[str, Any], meta: dict[str, Any]) -> None:
    place = tweet.get("place")
    if isinstance(place, dict):
        meta["place"] = {k: place.get(k) for k in ("full_name", "country_code", "place_type") if place.get(k)}
    coords = tweet.get("coordinates")
    if isinstance(coords, dict) and isinstance(coords.get("coordinates"), list) and len(coords["coordinates"]) == 2:
        lon, lat = coords["coordinates"]  # GeoJSON order
        meta["coordinates"] = {"lon": lon, "lat": lat}

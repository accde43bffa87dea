"""Bluesky: ``app.bsky.feed.post`` records and the AppView's ``postView`` objects.

Accepted shapes: ``searchPosts`` (``{"posts": [postView]}``), ``getAuthorFeed`` / ``getTimeline``
(``{"feed": [{"post": postView, "reason": ...}]}``, where a ``reasonRepost`` item is a repost by
``reason.by``), ``getPostThread`` (``{"thread": ...}``), ``listRecords`` (``{"records": [{"uri", "value"}]}``),
Jetstream commit events, and bare records, each alone, in an array or as NDJSON.

The post id is its global ``at://`` URI; ``reply.root`` and ``reply.parent`` give ``thread_id`` and
``parent_id``. Facets mark mentions, links and tags with **UTF-8 byte** offsets; they are converted to code
point offsets (what Python indexes) and kept in ``meta.facets``. Counts exist only in a ``postView``.

Example:
    >>> text = "£5 — é 😀 @ann.bsky.social"
    >>> start = len(text[:text.index("@")].encode())
    >>> facets = [{"index": {"byteStart": start, "byteEnd": start + 16},
    ...            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:ann"}]}]
    >>> spans, bad = facet_spans(text, facets)
    >>> spans[0]["start"], text[spans[0]["start"]:spans[0]["end"]], bad
    (9, '@ann.bsky.social', 0)
"""

from __future__ import annotations

from typing import Any

from voices.ingest.social.posts import BadPost, DropPost, PostTable, Record, id_of, obj, text_of

PLATFORM = "bluesky"
POST_TYPE = "app.bsky.feed.post"
METRICS = {"likes": "likeCount", "reposts": "repostCount", "replies": "replyCount", "quotes": "quoteCount"}


def read_unit(value: Any, line: int | None, table: PostTable) -> None:
    """Read one top-level value in any of the accepted shapes."""
    if not isinstance(value, dict):
        table.bad_record(line, f"expected a Bluesky post or API response (a JSON object), found {type(value).__name__}")
        return
    if isinstance(value.get("posts"), list):
        for view in value["posts"]:
            with table.record(line) as rec:
                read_view(view, rec)
    elif isinstance(value.get("feed"), list):
        for item in value["feed"]:
            with table.record(line) as rec:
                read_feed_item(item, rec)
    elif isinstance(value.get("thread"), dict):
        _read_thread(value["thread"], line, table)
    elif isinstance(value.get("records"), list):
        for item in value["records"]:
            with table.record(line) as rec:
                read_listed(item, rec)
    else:
        with table.record(line) as rec:
            read_any(value, rec)


def read_any(value: dict[str, Any], rec: Record) -> None:
    """A single object: a postView, a feed item, a listRecords item, a Jetstream event, or a bare record."""
    if isinstance(value.get("post"), dict):
        read_feed_item(value, rec)
    elif isinstance(value.get("record"), dict) and "uri" in value:
        read_view(value, rec)
    elif isinstance(value.get("value"), dict) and "uri" in value:
        read_listed(value, rec)
    elif isinstance(value.get("commit"), dict) or value.get("kind") in ("commit", "identity", "account"):
        read_jetstream(value, rec)
    elif "text" in value or value.get("$type") == POST_TYPE:
        read_record(value, rec, uri=value.get("uri"), did=None, handle=None)
    else:
        raise BadPost("not a Bluesky post: expected a record with 'text' or a postView with 'record'")


def read_view(view: Any, rec: Record, *, reposted_by: dict[str, Any] | None = None) -> None:
    """Map a ``postView`` (with author and counts) to a post."""
    if not isinstance(view, dict):
        raise BadPost(f"expected a postView object, found {type(view).__name__}")
    if view.get("notFound") or view.get("blocked"):
        raise DropPost(f"post {view.get('uri')} is {'not found (deleted)' if view.get('notFound') else 'blocked'}")
    record = view.get("record")
    if not isinstance(record, dict):
        raise BadPost("postView has no 'record' object")
    author = obj(view.get("author"))
    read_record(
        record,
        rec,
        uri=view.get("uri"),
        did=author.get("did"),
        handle=author.get("handle"),
        name=author.get("displayName"),
        counts=view,
        extra={"indexed_at": view.get("indexedAt"), "cid": view.get("cid")},
        reposted_by=reposted_by,
    )


def read_feed_item(item: Any, rec: Record) -> None:
    """A feed item; a repost (``reason`` of type ``reasonRepost``) becomes a repost by ``reason.by``."""
    if not isinstance(item, dict) or not isinstance(item.get("post"), dict):
        raise BadPost("feed item has no 'post' object")
    reason = item.get("reason")
    if isinstance(reason, dict) and str(reason.get("$type", "")).endswith("reasonRepost"):
        read_view(item["post"], rec, reposted_by=reason)
    else:
        read_view(item["post"], rec)


def read_listed(item: Any, rec: Record) -> None:
    """A ``listRecords`` item ``{"uri", "cid", "value": record}``."""
    if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
        raise BadPost("listRecords item has no 'value' record")
    uri = item.get("uri")
    read_record(item["value"], rec, uri=uri, did=_did_of(uri), handle=None, extra={"cid": item.get("cid")})


def read_jetstream(event: dict[str, Any], rec: Record) -> None:
    """A Jetstream event; only the creation of a post is a post."""
    commit = event.get("commit")
    if event.get("kind") != "commit" and not isinstance(commit, dict):
        raise DropPost(f"not a post ({event.get('kind')} event)")
    if not isinstance(commit, dict):
        raise BadPost("Jetstream commit event without a 'commit' object")
    collection = commit.get("collection")
    if collection != POST_TYPE:
        raise DropPost(f"not a post ({collection} {commit.get('operation')})")
    did = event.get("did")
    uri = f"at://{did}/{collection}/{commit.get('rkey')}"
    if commit.get("operation") == "delete":
        raise DropPost(f"post {uri} was deleted")
    if not isinstance(commit.get("record"), dict):
        raise BadPost("Jetstream post event without a 'record'")
    read_record(commit["record"], rec, uri=uri, did=did, handle=None, extra={"cid": commit.get("cid")})


def _did_of(uri: Any) -> str | None:
    if isinstance(uri, str) and uri.startswith("at://"):
        return uri[5:].split("/", 1)[0] or None
    return None


def _read_thread(node: dict[str, Any], line: int | None, table: PostTable) -> None:
    # Walk a getPostThread tree: the focus post, its chain of parents, and all replies.
    stack: list[Any] = [node]
    parents = node.get("parent")
    while isinstance(parents, dict):
        stack.append({**parents, "replies": None})
        parents = parents.get("parent")
    while stack:
        current = stack.pop()
        with table.record(line) as rec:
            if not isinstance(current, dict):
                raise BadPost(f"thread node is {type(current).__name__}, expected an object")
            post = current.get("post")
            if isinstance(post, dict):
                read_view(post, rec)
            else:
                read_view(current, rec)  # notFoundPost / blockedPost carry uri + flag
        if isinstance(current, dict) and isinstance(current.get("replies"), list):
            stack.extend(reversed(current["replies"]))


def read_record(
    record: dict[str, Any],
    rec: Record,
    *,
    uri: Any,
    did: Any,
    handle: Any,
    name: Any = None,
    counts: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    reposted_by: dict[str, Any] | None = None,
) -> None:
    """Map an ``app.bsky.feed.post`` record (and what is known about it) to a post."""
    rtype = record.get("$type")
    if rtype is not None and rtype != POST_TYPE:
        raise DropPost(f"not a post ({rtype})")
    text = text_of(record.get("text"))
    uri = uri if isinstance(uri, str) and uri else None
    did = did if isinstance(did, str) else _did_of(uri)
    meta: dict[str, Any] = {"author_id": did, "author_name": name if isinstance(name, str) else None}
    meta.update({k: v for k, v in (extra or {}).items() if v is not None})
    facets = record.get("facets")
    if isinstance(facets, list) and facets:
        spans, bad = facet_spans(text, facets)
        if spans:
            meta["facets"] = spans
            for kind, key in (("mention", "mentions"), ("link", "urls"), ("tag", "hashtags")):
                values = [s["value"] for s in spans if s["type"] == kind]
                if values:
                    meta[key] = values
        if bad:
            meta["facets_unreadable"] = bad
    tags = record.get("tags")
    if isinstance(tags, list) and tags:
        meta["hashtags"] = [*meta.get("hashtags", []), *(t for t in tags if isinstance(t, str))]
    reply = obj(record.get("reply"))
    root = obj(reply.get("root"))
    parent = obj(reply.get("parent"))
    _embed(record.get("embed"), meta)
    langs = [x for x in record.get("langs") or [] if isinstance(x, str)]
    if len(langs) > 1:
        meta["langs"] = langs
    labels = record.get("labels")
    if isinstance(labels, dict) and isinstance(labels.get("values"), list):
        meta["labels"] = [v.get("val") for v in labels["values"] if isinstance(v, dict)]
    metrics = {n: (counts or {}).get(k) for n, k in METRICS.items()}
    post_id: str | None = uri
    speaker = handle if isinstance(handle, str) and handle else did
    created = record.get("createdAt") if isinstance(record.get("createdAt"), str) else None
    is_repost = reposted_by is not None
    if reposted_by is not None:
        by = obj(reposted_by.get("by"))
        meta.update(reposted_uri=uri, reposted_user=speaker, author_id=by.get("did"), author_name=by.get("displayName"))
        speaker = by.get("handle") or by.get("did")
        post_id = id_of(reposted_by.get("uri")) or (f"{uri}#repost-by-{by.get('did')}" if uri else None)
        created = reposted_by.get("indexedAt") if isinstance(reposted_by.get("indexedAt"), str) else None
        metrics = dict.fromkeys(METRICS)
        root, parent = {}, {}
    meta["is_reply"] = bool(parent)
    meta["is_quote"] = "quoted_uri" in meta
    rec.add(
        post_id,
        text,
        speaker=speaker,
        parent_id=id_of(parent.get("uri")),
        thread_id=id_of(root.get("uri")),
        is_repost=is_repost,
        created_at=created,
        lang=langs[0] if langs else None,
        metrics=metrics,
        meta=meta,
    )


def _embed(embed: Any, meta: dict[str, Any]) -> None:
    if not isinstance(embed, dict):
        return
    etype = str(embed.get("$type", ""))
    if etype.startswith("app.bsky.embed.recordWithMedia"):
        inner = embed.get("record")
        _embed({"$type": "app.bsky.embed.record", **inner} if isinstance(inner, dict) else None, meta)
        _embed(embed.get("media"), meta)
    elif etype.startswith("app.bsky.embed.record"):
        target = embed.get("record")
        if isinstance(target, dict) and isinstance(target.get("uri"), str):
            meta["quoted_uri"] = target["uri"]
    elif etype.startswith("app.bsky.embed.external"):
        ext = embed.get("external")
        if isinstance(ext, dict) and isinstance(ext.get("uri"), str):
            urls = meta.setdefault("urls", [])
            if ext["uri"] not in urls:
                urls.append(ext["uri"])
    elif etype.startswith("app.bsky.embed.images"):
        images = embed.get("images")
        meta["images"] = len(images) if isinstance(images, list) else 1
    elif etype.startswith("app.bsky.embed.video"):
        meta["video"] = True


def facet_spans(text: str, facets: list[Any]) -> tuple[list[dict[str, Any]], int]:
    """Convert facets' UTF-8 byte slices to code point spans.

    Args:
        text: the post text.
        facets: the record's ``facets`` list.

    Returns:
        (spans, unreadable): one ``{"type", "start", "end", "value"}`` per feature (``value`` is the DID, URI
        or tag), and how many facets had offsets outside the text or inside a multi-byte character.
    """
    data = text.encode("utf-8")
    spans: list[dict[str, Any]] = []
    bad = 0
    for facet in facets:
        index = facet.get("index") if isinstance(facet, dict) else None
        start_b = index.get("byteStart") if isinstance(index, dict) else None
        end_b = index.get("byteEnd") if isinstance(index, dict) else None
        if not (isinstance(start_b, int) and isinstance(end_b, int) and 0 <= start_b <= end_b <= len(data)):
            bad += 1
            continue
        try:
            start = len(data[:start_b].decode("utf-8"))
            end = start + len(data[start_b:end_b].decode("utf-8"))
        except UnicodeDecodeError:
            bad += 1
            continue
        for feature in facet.get("features") or []:
            if not isinstance(feature, dict):
                continue
            ftype = str(feature.get("$type", ""))
            if ftype.endswith("#mention"):
                kind, value = "mention", feature.get("did")
            elif ftype.endswith("#link"):
                kind, value = "link", feature.get("uri")
            elif ftype.endswith("#tag"):
                kind, value = "tag", feature.get("tag")
            else:
                continue
            spans.append({"type": kind, "start": start, "end": end, "value": value})
    return spans, bad

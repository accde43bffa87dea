"""Reddit, Mastodon and Bluesky readers (platforms whose posts form threads)."""

from __future__ import annotations

import json
import pathlib

import pandas as pd

from voices.corpus import validate
from voices.ingest import social
from voices.ingest.social.bluesky import facet_spans
from voices.ingest.social.threads import resolve_roots

FIX = pathlib.Path(__file__).parent / "fixtures" / "social"


def _by_id(result, post_id: str) -> dict:
    rows = result.segments[result.segments["post_id"] == post_id]
    assert len(rows) == 1, f"expected one post {post_id}, found {len(rows)}"
    row = rows.iloc[0].to_dict()
    row["meta"] = json.loads(row["meta"])
    return row


# -- Reddit ------------------------------------------------------------------------------------------------------


def test_reddit_pushshift_sample_submission_comment_and_removed():
    r = social.read(FIX / "reddit_pushshift.ndjson")
    validate(r.segments)
    assert r.source_format == "reddit" and (r.records_in, r.records_kept) == (3, 2)
    sub = _by_id(r, "1abcd2")
    assert sub["text"] == (
        "Damp in council flat - who do I call?\n\n"
        "Mould in the bedroom since last winter, repairs line never answers. Any advice?"
    )
    assert sub["thread_id"] == sub["document_id"] == "1abcd2"
    assert sub["created_at"] == pd.Timestamp(1736930531, unit="s", tz="UTC")
    assert sub["meta"]["subreddit"] == "Leeds" and sub["meta"]["metrics"] == {"score": 42, "replies": 2}
    comment = _by_id(r, "m9x8y7")
    assert comment["parent_id"] == "1abcd2" and comment["thread_id"] == "1abcd2"
    assert comment["meta"]["parent_kind"] == "submission" and comment["meta"]["is_reply"] is True
    assert r.dropped == [{"file": "reddit_pushshift.ndjson", "row": 3, "reason": "comment m9x8z1 was [removed]"}]


def test_reddit_mixed_dump_times_authors_drops_and_listing():
    r = social.read(FIX / "reddit_mixed.ndjson")
    r.check()
    validate(r.segments)
    sub = _by_id(r, "s100")
    assert sub["text"] == (
        "School uniform costs & the new logo rule\n\n"
        "£120 for one child's uniform because it has to have the logo.\nAnyone know a swap shop?"
    )
    assert sub["created_at"] == pd.Timestamp(1738490400, unit="s", tz="UTC")  # float created_utc
    c101 = _by_id(r, "c101")
    assert c101["created_at"] == pd.Timestamp(1738491000, unit="s", tz="UTC")  # string created_utc
    assert pd.isna(c101["speaker"]) and c101["meta"]["author_deleted"] is True
    assert c101["text"].endswith("Tuesdays > worth a look")
    link = _by_id(r, "s104")
    assert link["text"] == "Energy price cap to rise in April"
    assert link["meta"]["urls"] == ["https://example.org/price-cap"]
    nested = _by_id(r, "c107")
    assert nested["parent_id"] == "c106" and nested["thread_id"] == "s104" and nested["text"] == "Nested reply 👍"
    assert nested["source_row"] == 9
    dropped = {d["row"]: d["reason"] for d in r.dropped}
    assert dropped == {
        3: "comment c102 was [deleted]",
        4: "submission s103 was [removed] (only its title remains)",
        7: "empty post c105 (no text, e.g. media only)",
    }
    assert [q["row"] for q in r.quarantine] == [5, 8]
    assert "not a Reddit submission or comment" in r.quarantine[1]["reason"]
    assert r.notes["comments_not_loaded"] == 4


# -- Mastodon ----------------------------------------------------------------------------------------------------


def test_mastodon_html_to_text_restores_hidden_link_parts():
    r = social.read(FIX / "mastodon_statuses.json")
    validate(r.segments)
    assert r.source_format == "mastodon"
    first = _by_id(r, "113000000000000001")
    assert first["text"] == (
        '"Warm spaces" open again at the library this winter & they\'re busier than ever\n\n'
        "Full list: https://www.example.org/warm-spaces/2026/list-of-venues-by-ward\n"
        "Please share #CostOfLiving"
    )
    assert first["speaker"] == "warmhomes" and first["lang"] == "en"
    assert first["meta"]["urls"] == ["https://www.example.org/warm-spaces/2026/list-of-venues-by-ward"]
    assert first["meta"]["hashtags"] == ["costofliving"]
    assert first["meta"]["metrics"] == {"likes": 10, "reposts": 4, "replies": 2, "quotes": 0}


def test_mastodon_content_warning_reply_thread_and_remote_acct():
    r = social.read(FIX / "mastodon_statuses.json")
    reply = _by_id(r, "113000000000000002")
    assert (
        reply["text"] == "@warmhomes thank you, we've been sitting in coats at home.\nThe kids do homework there now."
    )
    assert reply["meta"]["content_warning"] == "money worries"
    assert reply["speaker"] == "ann@other.example"
    assert reply["parent_id"] == "113000000000000001" and reply["meta"]["metrics_missing"] == ["quotes"]
    arabic = _by_id(r, "113000000000000004")
    assert arabic["text"] == "نفس الشيء عندنا، الفواتير مرتفعة جداً 💸" and arabic["lang"] == "ar"
    assert arabic["thread_id"] == "113000000000000001"


def test_mastodon_boost_is_a_repost_with_the_boosted_text():
    r = social.read(FIX / "mastodon_statuses.json")
    boost = _by_id(r, "113000000000000003")
    assert boost["is_repost"] is True and boost["speaker"] == "booster"
    assert boost["text"] == '"Warm spaces" open again at the library this winter & they\'re busier than ever'
    assert boost["meta"]["reblog_of"] == "113000000000000001" and boost["meta"]["reblogged_user"] == "warmhomes"
    assert boost["duplicate_of"] == "mastodon/113000000000000001"  # same text once links are set aside


def test_mastodon_media_only_dropped_and_non_statuses_quarantined():
    r = social.read(FIX / "mastodon_statuses.json")
    assert {d["row"] for d in r.dropped} == {5}
    assert [q["row"] for q in r.quarantine] == [6, 7]
    r.check()


# -- Bluesky -----------------------------------------------------------------------------------------------------


def test_bluesky_facet_byte_offsets_become_code_points_after_pound_dash_accent_and_emoji():
    r = social.read(FIX / "bluesky_search_posts.json")
    validate(r.segments)
    post = _by_id(r, "at://did:plc:aaa111/app.bsky.feed.post/3kaaa111")
    text = post["text"]
    spans = {s["type"]: s for s in post["meta"]["facets"]}
    assert text[spans["mention"]["start"] : spans["mention"]["end"]] == "@council.bsky.social"
    assert text[spans["link"]["start"] : spans["link"]["end"]] == "https://example.org/fares"
    assert text[spans["tag"]["start"] : spans["tag"]["end"]] == "#buses"
    # the byte offset is larger than the code point offset by the extra bytes of £, —, é and the emoji
    assert len(text[: spans["mention"]["start"]].encode()) - spans["mention"]["start"] == 1 + 2 + 1 + 3
    assert post["meta"]["mentions"] == ["did:plc:council"] and post["meta"]["hashtags"] == ["buses"]
    assert post["meta"]["urls"] == ["https://example.org/fares"]
    assert post["meta"]["langs"] == ["en", "fr"] and post["lang"] == "en"
    assert post["meta"]["metrics"] == {"likes": 7, "reposts": 2, "replies": 1, "quotes": 1}
    assert post["speaker"] == "rider.bsky.social" and post["meta"]["author_name"] == "Rider"


def test_bluesky_reply_refs_quote_embed_and_empty_post():
    r = social.read(FIX / "bluesky_search_posts.json")
    root = "at://did:plc:aaa111/app.bsky.feed.post/3kaaa111"
    reply = _by_id(r, "at://did:plc:bbb222/app.bsky.feed.post/3kbbb222")
    assert reply["thread_id"] == root and reply["parent_id"] == root and reply["document_id"] == root
    assert reply["text"] == "同意！票价太贵了 🚌"
    assert reply["meta"]["facets_unreadable"] == 1  # its facet starts inside a 3-byte character
    quote = _by_id(r, "at://did:plc:ccc333/app.bsky.feed.post/3kccc333")
    assert quote["meta"]["is_quote"] is True and quote["meta"]["quoted_uri"] == root
    assert r.dropped[0]["reason"].startswith("empty post at://did:plc:ddd444")


def test_bluesky_author_feed_repost_reason():
    r = social.read(FIX / "bluesky_author_feed.json")
    r.check()
    reposts = r.segments[r.segments["is_repost"]]
    assert len(reposts) == 1
    repost = reposts.iloc[0]
    assert repost["speaker"] == "sharer.bsky.social"
    assert repost["created_at"] == pd.Timestamp("2026-02-02T10:00:00Z")
    assert repost["duplicate_of"] == "bluesky/at://did:plc:aaa111/app.bsky.feed.post/3kaaa111"
    assert json.loads(repost["meta"])["reposted_user"] == "rider.bsky.social"
    assert [q["row"] for q in r.quarantine] == [4]


def test_bluesky_ndjson_records_list_records_and_jetstream():
    r = social.read(FIX / "bluesky_records.ndjson")
    r.check()
    validate(r.segments)
    assert r.segments["segment_id"].iloc[0] == "bluesky/bluesky_records#1"  # a bare record has no uri
    listed = _by_id(r, "at://did:plc:fff666/app.bsky.feed.post/3kfff666")
    assert listed["speaker"] == "did:plc:fff666"
    jet = _by_id(r, "at://did:plc:ggg777/app.bsky.feed.post/3kggg777")
    assert jet["text"] == "Jetstream post: rent up again"
    assert {d["row"]: d["reason"] for d in r.dropped} == {
        4: "not a post (app.bsky.feed.like create)",
        5: "post at://did:plc:ggg777/app.bsky.feed.post/3kold was deleted",
    }
    assert [q["row"] for q in r.quarantine] == [6]
    bad = r.segments[r.segments["text"] == "Bad facet offsets é"].iloc[0]
    assert json.loads(bad["meta"])["facets_unreadable"] == 2


def test_bluesky_facet_spans_reports_offsets_inside_a_character():
    text = "é😀 #tag"
    start = len("é😀 ".encode())
    spans, bad = facet_spans(
        text,
        [
            {"index": {"byteStart": start, "byteEnd": start + 4}, "features": [{"$type": "x#tag", "tag": "tag"}]},
            {"index": {"byteStart": 1, "byteEnd": 3}, "features": [{"$type": "x#tag", "tag": "no"}]},
            {"index": {"byteStart": "a", "byteEnd": 3}, "features": []},
        ],
    )
    assert spans == [{"type": "tag", "start": 3, "end": 7, "value": "tag"}] and bad == 2


def test_threads_resolve_roots_follows_parents_and_survives_cycles():
    assert resolve_roots(["a", "b", "c", "d"], [None, "a", "b", "x"]) == ["a", "a", "a", "x"]
    assert resolve_roots(["a", "b"], ["b", "a"]) == ["b", "b"]  # a reply cycle ends, as one thread

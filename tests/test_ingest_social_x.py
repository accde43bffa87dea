"""X (Twitter) API v2 and v1.1 readers."""

from __future__ import annotations

import json
import pathlib

import pandas as pd
import pytest

from voices.corpus import validate
from voices.ingest import social

FIX = pathlib.Path(__file__).parent / "fixtures" / "social"


def _by_id(result, post_id: str) -> dict:
    rows = result.segments[result.segments["post_id"] == post_id]
    assert len(rows) == 1, f"expected one post {post_id}, found {len(rows)}"
    row = rows.iloc[0].to_dict()
    row["meta"] = json.loads(row["meta"])
    return row


def test_x_v2_sample_page_merges_includes_and_errors():
    r = social.read(FIX / "x_v2_search_recent.json")
    r.check()
    validate(r.segments)
    assert r.source_format == "x_v2"
    assert (r.records_in, r.records_kept) == (2, 2)
    reply = _by_id(r, "1880000000000000002")
    assert reply["segment_id"] == "x_v2/1880000000000000002"
    assert reply["speaker"] == "resident_ls6"
    assert reply["document_id"] == reply["thread_id"] == "1880000000000000001"
    assert reply["parent_id"] == "1880000000000000001"
    assert reply["text"].endswith("again 😡 #LeedsBuses https://t.co/AbCdEf1234")
    assert reply["created_at"] == pd.Timestamp("2026-01-15T08:42:11Z")
    assert reply["source_row"] == 1 and reply["source_kind"] == "social"
    meta = reply["meta"]
    assert meta["author_name"] == "A Resident" and meta["author_id"] == "2244994945"
    assert meta["metrics"] == {"likes": 9, "reposts": 2, "replies": 1, "quotes": 0, "bookmarks": 0, "views": 412}
    assert "metrics_missing" not in meta
    assert meta["place"] == {"full_name": "Leeds, England", "country_code": "GB", "place_type": "city"}
    assert meta["hashtags"] == ["LeedsBuses"] and meta["mentions"] == ["leedscouncil"]
    assert meta["urls"] == ["https://example.org/timetable"]
    assert meta["is_reply"] is True and meta["is_quote"] is False
    assert meta["in_reply_to_user"] == "leedscouncil"


def test_x_v2_retweet_is_rebuilt_from_referenced_text_and_notes_missing_user():
    r = social.read(FIX / "x_v2_search_recent.json")
    rt = _by_id(r, "1880000000000000003")
    assert rt["is_repost"] is True
    # the referenced tweet's author is in `errors`, so the handle comes from the RT prefix
    assert rt["text"] == "RT @bususer: Same on the 1 route this morning"
    assert rt["meta"]["errors"][0]["resource_id"] == "55443322"
    assert rt["meta"]["metrics_missing"] == ["bookmarks", "views"]
    assert rt["meta"]["metrics"]["views"] == 0
    assert r.notes["metrics_filled_with_zero"] == {"bookmarks": 1, "views": 1}
    assert r.notes["api_errors"] == 1


def test_x_v2_ndjson_pages_full_retweet_text_and_scripts_preserved():
    r = social.read(FIX / "x_v2_pages.ndjson")
    r.check()
    validate(r.segments)
    rt = _by_id(r, "1900000000000000002")
    assert rt["text"] == (
        "RT @sunny_side_ls: The 56 bus has been cancelled three mornings running now and the app still says on "
        "time. Nobody at First answers the phone either."
    )
    assert rt["meta"]["retweeted_user"] == "sunny_side_ls"
    first = _by_id(r, "1900000000000000001")
    assert first["text"] == ("Energy bills up again & the standing charge is now more than my usage 😡⚡ #CostOfLiving")
    arabic = _by_id(r, "1900000000000000003")
    assert arabic["text"] == "@leedscouncil ارتفعت أسعار الطاقة مرة أخرى ولا نستطيع التدفئة"
    assert arabic["lang"] == "ar" and arabic["meta"]["in_reply_to_user"] == "energy_watch_ls"
    chinese = _by_id(r, "1900000000000000004")
    assert chinese["text"] == "房租又涨了，工资没涨。😩 https://t.co/QqQqQq"
    assert chinese["meta"]["is_quote"] is True and chinese["meta"]["quoted_id"] == "1899999999999999991"
    assert chinese["meta"]["errors"][0]["resource_id"] == "666"
    assert chinese["meta"]["place"]["full_name"] == "Leeds, England"
    long_post = _by_id(r, "1900000000000000005")
    assert long_post["text"].startswith("Long post: food bank queue") and "sanitary products." in long_post["text"]


def test_x_v2_ndjson_rows_are_line_numbers_and_bad_lines_quarantined():
    r = social.read(FIX / "x_v2_pages.ndjson")
    rows = dict(zip(r.segments["post_id"], r.segments["source_row"], strict=True))
    assert rows["1900000000000000001"] == 1 and rows["1900000000000000005"] == 2
    assert rows["1900000000000000007"] == 4  # a single flattened tweet on its own line
    assert [q["row"] for q in r.quarantine] == [3, 6]
    assert "invalid JSON" in r.quarantine[0]["reason"]
    assert "found a JSON array" in r.quarantine[1]["reason"]
    assert r.dropped == [
        {
            "file": "x_v2_pages.ndjson",
            "row": 2,
            "reason": "post 1900000000000000001 already read at row 1 (repeated in the export)",
        }
    ]
    assert r.records_in == r.records_kept + len(r.quarantine) + len(r.dropped) == 10


def test_x_v2_special_language_codes_become_null():
    r = social.read(FIX / "x_v2_pages.ndjson")
    media = _by_id(r, "1900000000000000006")
    assert pd.isna(media["lang"]) and media["meta"]["platform_lang"] == "zxx"


def test_x_v2_flattened_tweet_uses_inline_author():
    r = social.read(FIX / "x_v2_pages.ndjson")
    copy = _by_id(r, "1900000000000000007")
    assert copy["speaker"] == "copycat" and copy["meta"]["author_name"] == "Copy Cat"
    assert copy["meta"]["metrics_missing"] == ["likes", "reposts", "replies", "quotes", "bookmarks", "views"]


def test_x_v1_1_classic_tweet_unescapes_and_parses_dates():
    r = social.read(FIX / "x_v1_1_classic_tweet.json")
    assert r.source_format == "x_v1_1"
    t = _by_id(r, "1880000000000000002")
    assert t["text"] == "@leedscouncil the 56 bus hasn't turned up for 40 mins again & nobody answers 😡 #LeedsBuses"
    assert t["created_at"] == pd.Timestamp("2026-01-15T08:42:11Z")
    assert t["speaker"] == "resident_ls6" and t["parent_id"] == "1880000000000000001"
    assert t["meta"]["metrics"] == {"likes": 9, "reposts": 2}
    assert t["meta"]["source"] == "Twitter for iPhone"


def test_x_v1_1_stream_extended_text_retweets_threads_and_archive_items():
    r = social.read(FIX / "x_v1_1_stream.ndjson")
    r.check()
    validate(r.segments)
    first = _by_id(r, "1900000000000001001")
    assert first["text"] == (
        "Council tax going up 5% again & bins only every 3 weeks. What are we paying for? <rant over> #Leeds"
    )
    assert first["meta"]["coordinates"] == {"lon": -1.5491, "lat": 53.8008}
    assert first["meta"]["hashtags"] == ["Leeds"]
    rt = _by_id(r, "1900000000000001002")
    assert rt["is_repost"] is True
    assert rt["text"] == "RT @ratepayer_ls: " + first["text"]
    assert rt["duplicate_of"] == "x_v1_1/1900000000000001001"
    reply_of_reply = _by_id(r, "1900000000000001004")
    assert reply_of_reply["thread_id"] == "1900000000000001001"  # found by following in_reply_to within the file
    assert reply_of_reply["meta"]["quoted_id"] == "1900000000000000999"
    archived = _by_id(r, "1900000000000001005")
    assert archived["meta"]["metrics"] == {"likes": 7, "reposts": 1}
    broken = _by_id(r, "1900000000000001006")
    assert pd.isna(broken["created_at"]) and broken["meta"]["created_at_raw"] == "not a date"
    assert r.notes["unreadable_created_at"]["first_row"] == 7
    assert [q["row"] for q in r.quarantine] == [5]


@pytest.mark.parametrize("name", ["x_v2_search_recent.json", "x_v2_pages.ndjson"])
def test_x_v2_detected(name):
    assert social.detect(FIX / name) == "x_v2"


def test_x_v1_1_detected_for_archive_and_stream():
    assert social.detect(FIX / "x_v1_1_classic_tweet.json") == "x_v1_1"
    assert social.detect(FIX / "x_v1_1_stream.ndjson") == "x_v1_1"


def test_x_archive_js_prefix_is_skipped(tmp_path):
    p = tmp_path / "tweets.json"
    item = {"tweet": {"id_str": "42", "full_text": "Archive tweet", "created_at": "Wed Jan 15 08:42:11 +0000 2026"}}
    p.write_text("window.YTD.tweets.part0 = " + json.dumps([item]), encoding="utf-8")
    r = social.read(p)
    assert r.source_format == "x_v1_1" and r.segments["text"].tolist() == ["Archive tweet"]

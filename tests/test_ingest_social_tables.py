"""YouTube, TikTok, CrowdTangle and generic CSV / JSONL readers, and file-level errors."""

from __future__ import annotations

import json
import pathlib

import pandas as pd
import pytest

from voices.corpus import validate
from voices.errors import InputFormatError
from voices.ingest import social
from voices.ingest.social.crowdtangle import post_id_from_url
from voices.ingest.social.htmltext import to_text

FIX = pathlib.Path(__file__).parent / "fixtures" / "social"


def _by_id(result, post_id: str) -> dict:
    rows = result.segments[result.segments["post_id"] == post_id]
    assert len(rows) == 1, f"expected one post {post_id}, found {len(rows)}"
    row = rows.iloc[0].to_dict()
    row["meta"] = json.loads(row["meta"])
    return row


# -- YouTube -----------------------------------------------------------------------------------------------------


def test_youtube_sample_prefers_text_original_and_links_replies():
    r = social.read(FIX / "youtube_comment_threads.json")
    validate(r.segments)
    assert r.source_format == "youtube"
    top = _by_id(r, "UgzExampleThreadId")
    assert top["text"] == "The consultation event was at 2pm on a weekday & no BSL interpreter.\nWho is it for?"
    assert top["speaker"] == "@residentvoice" and top["meta"]["author_id"] == "UCexampleAuthor"
    assert top["meta"]["video_id"] == "dQw4w9WgXcQ" and top["meta"]["metrics"] == {"likes": 14, "replies": 1}
    reply = _by_id(r, "UgzExampleThreadId.AbCdEf")
    assert reply["parent_id"] == "UgzExampleThreadId" and reply["thread_id"] == "UgzExampleThreadId"


def test_youtube_list_of_pages_html_display_text_partial_replies():
    r = social.read(FIX / "youtube_pages.json")
    r.check()
    top = _by_id(r, "UgxThreadA")
    assert top["text"] == "Prices in Aldi up again & wages flat.\n\nWho else is skipping meals? 0:45"
    assert top["meta"]["updated_at"] == "2026-02-02T18:05:00Z"
    assert _by_id(r, "UgxThreadA.r1")["text"] == "Me 🙋‍♀️"
    assert _by_id(r, "UgxThreadA.r2")["thread_id"] == "UgxThreadA"  # from a comments.list page
    assert r.notes["replies_not_in_file"] == 2
    assert [d["row"] for d in r.dropped] == [3] and [q["row"] for q in r.quarantine] == [4]


# -- TikTok ------------------------------------------------------------------------------------------------------


def test_tiktok_video_text_joins_description_and_transcript():
    r = social.read(FIX / "tiktok_videos.json")
    video = _by_id(r, "7300000000000000001")
    assert (
        video["text"] == "Council flats damp problem 😤 #leeds #housing\n\nso this is our bedroom wall after one winter"
    )
    assert video["speaker"] == "leeds_local" and video["meta"]["region_code"] == "GB"
    assert video["meta"]["metrics"] == {"likes": 1520, "replies": 88, "reposts": 40, "views": 30211}
    assert video["created_at"] == pd.Timestamp(1736930531, unit="s", tz="UTC")


def test_tiktok_comments_keep_large_ids_exact_and_thread_on_video():
    r = social.read(FIX / "tiktok_comments.json")
    reply = _by_id(r, "7300000000000000102")
    assert reply["parent_id"] == "7300000000000000101" and reply["thread_id"] == "7300000000000000001"
    assert reply["meta"]["on_video"] is False
    assert _by_id(r, "7300000000000000101")["meta"]["on_video"] is True


def test_tiktok_error_page_is_quarantined_with_the_api_message():
    r = social.read(FIX / "tiktok_pages.ndjson")
    r.check()
    assert r.quarantine == [
        {
            "file": "tiktok_pages.ndjson",
            "row": 2,
            "reason": "TikTok API error rate_limit_exceeded: Daily quota exceeded",
        }
    ]
    assert _by_id(r, "7300000000000000002")["meta"]["metrics"]["likes"] == 1204  # "1,204"
    assert _by_id(r, "7300000000000000201")["source_row"] == 3


# -- CrowdTangle -------------------------------------------------------------------------------------------------


def test_crowdtangle_sample_row_thousands_separators_and_unicode_score_header():
    r = social.read(FIX / "crowdtangle_header.csv")
    validate(r.segments)
    post = _by_id(r, "123456789")
    assert r.source_format == "crowdtangle" and post["source_row"] == 2
    assert post["text"] == "Bin collections missed again this week on Harehills Lane"
    assert post["created_at"] == pd.Timestamp("2026-01-15T08:00:00Z")
    assert post["meta"]["metrics"]["total_interactions"] == 1204 and post["meta"]["metrics"]["likes"] == 900
    assert post["meta"]["overperforming_score"] == 1.23
    assert post["speaker"] == "exampleresidents" and post["meta"]["author_name"] == "Example Residents Group"


def test_crowdtangle_text_parts_time_zones_and_bad_rows():
    r = social.read(FIX / "crowdtangle_posts.csv")
    r.check()
    link = _by_id(r, "223456789")
    assert link["text"] == (
        "Energy bills: what's changing in April 💷\nRead the thread below\n\nApril price cap explained\n\n"
        "What the new cap means for a typical household"
    )
    assert link["meta"]["text_parts"] == ["message", "link_text", "description"]
    assert link["created_at"] == pd.Timestamp("2026-07-15T07:00:00Z")  # BST
    assert link["meta"]["metrics"]["likes"] == 10001 and link["meta"]["metrics"]["total_interactions"] == 12345
    photo = _by_id(r, "998877")  # id from permalink.php?story_fbid=
    assert photo["text"] == "FOOD BANK OPEN SATURDAYS 10-12" and photo["meta"]["text_parts"] == ["image_text"]
    assert photo["created_at"] == pd.Timestamp("2026-01-21T00:30:00Z")  # 19:30 EST
    assert "reposts" in photo["meta"]["metrics_missing"]
    assert [d["row"] for d in r.dropped] == [4]
    assert r.quarantine[0]["row"] == 5 and "3 cells" in r.quarantine[0]["reason"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.facebook.com/page/posts/123456789", "123456789"),
        ("https://www.facebook.com/page/posts/123456789/", "123456789"),
        ("https://www.facebook.com/permalink.php?story_fbid=42&id=7", "42"),
        ("https://www.instagram.com/p/CxYz123AbC/", "CxYz123AbC"),
        ("", None),
    ],
)
def test_crowdtangle_post_id_from_url(url, expected):
    assert post_id_from_url(url) == expected


# -- generic ------------------------------------------------------------------------------------------------------


def test_generic_csv_finds_columns_reads_day_first_and_epoch_times():
    r = social.read(FIX / "generic_posts.csv")
    r.check()
    validate(r.segments)
    assert r.source_format == "generic_csv"
    assert r.notes["roles"]["text"] == "Tweet Text" and r.notes["roles"]["id"] == "Tweet Id"
    g1 = _by_id(r, "g1")
    assert g1["created_at"] == pd.Timestamp("2026-02-03T08:15:00Z")  # 03/02/2026 is 3 February
    assert g1["speaker"] == "ann_ls" and g1["meta"]["fields"] == {"Source": "web"}
    assert g1["meta"]["metrics"] == {"likes": 10, "reposts": 2}
    assert _by_id(r, "g2")["created_at"] == pd.Timestamp(1770105600, unit="s", tz="UTC")
    assert _by_id(r, "g4")["text"] == "Multi-line\nanswer about rent" and _by_id(r, "g4")["source_row"] == 5
    assert pd.isna(_by_id(r, "g6")["created_at"]) and _by_id(r, "g6")["source_row"] == 8
    assert [d["row"] for d in r.dropped] == [4] and [q["row"] for q in r.quarantine] == [6]


def test_generic_jsonl_dotted_columns_and_millisecond_times():
    r = social.read(
        FIX / "generic_nested.jsonl",
        text_column="post.body",
        id_column="post.id",
        author_column="user.handle",
        time_column="when",
    )
    r.check()
    first = _by_id(r, "1")
    assert first["speaker"] == "parent_a" and first["created_at"] == pd.Timestamp(1770105600, unit="s", tz="UTC")
    assert first["meta"] == {}  # the fields used for roles are not copied into meta
    assert _by_id(r, "2")["duplicate_of"] == "generic_jsonl/1"
    assert [q["row"] for q in r.quarantine] == [3, 4]


def test_generic_jsonl_auto_columns_and_extra_fields():
    r = social.read(FIX / "generic_flat.jsonl")
    post = _by_id(r, "f1")
    assert post["text"] == "Shop prices 📈 again" and post["lang"] == "en"
    assert post["meta"]["fields"] == {"extra": {"k": 1}} and post["meta"]["metrics"] == {"likes": 4}
    assert r.dropped[0]["row"] == 2


def test_generic_csv_without_text_column_names_the_columns(tmp_path):
    p = tmp_path / "numbers.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"columns \['a', 'b'\].*text_column="):
        social.read(p)
    r = social.read(p, text_column="b")
    assert r.segments["text"].tolist() == ["2"]


def test_generic_unknown_column_option_is_an_error(tmp_path):
    p = tmp_path / "posts.csv"
    p.write_text("id,text\n1,hi\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="author_column"):
        social.read(p, author_column="nobody")


# -- files ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["posts.pdf", "posts.xlsx", "posts.txt", "posts"])
def test_read_refuses_other_file_types_with_the_fix(tmp_path, name):
    p = tmp_path / name
    p.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputFormatError, match=r"expected a social media export.*Fix: export the posts as JSON"):
        social.read(p)


def test_read_refuses_binary_data_behind_a_json_name(tmp_path):
    p = tmp_path / "posts.jsonl"
    p.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(InputFormatError, match="ZIP"):
        social.read(p)


def test_read_refuses_broken_json_document(tmp_path):
    p = tmp_path / "posts.json"
    p.write_text('{"data": [{"id": "1", "text": "cut off', encoding="utf-8")
    with pytest.raises(InputFormatError, match="invalid JSON at line 1"):
        social.read(p)


def test_json_file_holding_ndjson_is_read_line_by_line(tmp_path):
    p = tmp_path / "posts.json"
    p.write_text('{"id": "1", "subreddit": "x", "body": "one"}\n{"id": "2", "subreddit": "x", "body": "two"}\n')
    r = social.read(p)
    assert r.source_format == "reddit" and r.segments["source_row"].tolist() == [1, 2]


def test_pretty_printed_jsonl_and_utf16_are_read(tmp_path):
    p = tmp_path / "pretty.jsonl"
    p.write_text(json.dumps([{"id": "1", "subreddit": "x", "body": "one"}], indent=2), encoding="utf-8")
    assert social.read(p).segments["text"].tolist() == ["one"]
    q = tmp_path / "utf16.jsonl"
    q.write_bytes('{"id": "1", "subreddit": "x", "body": "£5 café"}\n'.encode("utf-16"))
    assert social.read(q).segments["text"].tolist() == ["£5 café"]


def test_empty_ndjson_gives_an_empty_result(tmp_path):
    p = tmp_path / "empty.ndjson"
    p.write_text("\n\n", encoding="utf-8")
    r = social.read(p)
    assert (r.records_in, len(r.segments)) == (0, 0)
    validate(r.segments)


def test_unknown_platform_name_is_an_error():
    with pytest.raises(social.PlatformError, match="Unknown social platform 'myspace'"):
        social.read(FIX / "reddit_pushshift.ndjson", platform="myspace")


def test_platform_mismatch_with_file_type_is_explained():
    with pytest.raises(InputFormatError, match="found a CSV file"):
        social.read(FIX / "crowdtangle_header.csv", platform="reddit")


def test_forced_platform_quarantines_records_of_another_shape():
    r = social.read(FIX / "reddit_pushshift.ndjson", platform="mastodon")
    r.check()
    assert len(r.segments) == 0 and len(r.quarantine) == 3


def test_column_options_for_a_platform_file_are_noted_not_silently_used():
    r = social.read(FIX / "reddit_pushshift.ndjson", text_column="body")
    assert r.notes["ignored_options"] == ["text_column"]


def test_html_to_text_blocks_breaks_entities_and_plain_text():
    assert to_text("<p>a &lt;b&gt;</p><p>c<br/>d</p>") == "a <b>\n\nc\nd"
    assert to_text("<ul><li>one</li><li>two</li></ul>") == "one\ntwo"
    assert to_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert to_text("<script>x()</script>kept") == "kept"
    assert to_text("I <3 buses") == "I <3 buses"


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("x_v2_search_recent.json", "x_v2"),
        ("x_v1_1_stream.ndjson", "x_v1_1"),
        ("reddit_mixed.ndjson", "reddit"),
        ("mastodon_statuses.json", "mastodon"),
        ("bluesky_search_posts.json", "bluesky"),
        ("bluesky_author_feed.json", "bluesky"),
        ("bluesky_records.ndjson", "bluesky"),
        ("youtube_pages.json", "youtube"),
        ("tiktok_videos.json", "tiktok"),
        ("tiktok_pages.ndjson", "tiktok"),
        ("crowdtangle_posts.csv", "crowdtangle"),
        ("generic_posts.csv", "generic_csv"),
        ("generic_flat.jsonl", "generic_jsonl"),
    ],
)
def test_detect_names_the_platform_of_each_fixture(name, platform):
    assert social.detect(FIX / name) == platform
    assert social.read(FIX / name).source_format == platform


def test_bundled_wearside_sample_reads_cleanly():
    root = pathlib.Path(__file__).resolve().parents[1] / "data" / "samples" / "social"
    tweets = social.read(root / "wearside_x_v2.json")
    reddit = social.read(root / "wearside_reddit.ndjson")
    for r in (tweets, reddit):
        r.check()
        validate(r.segments)
        assert r.quarantine == []
    assert (tweets.source_format, len(tweets.segments)) == ("x_v2", 160)
    assert tweets.segments["is_repost"].sum() > 10 and tweets.notes["duplicates"] > 10
    retweets = tweets.segments[tweets.segments["is_repost"]]
    assert not retweets["text"].str.endswith("…").any()  # rebuilt from includes.tweets
    assert reddit.source_format == "reddit" and reddit.records_in == 148
    assert {d["reason"].split()[-1] for d in reddit.dropped} <= {"[deleted]", "[removed]"}

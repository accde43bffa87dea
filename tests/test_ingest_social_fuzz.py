"""Property tests: no input crashes a social reader; it quarantines, and the counts add up."""

from __future__ import annotations

import copy
import csv
import io
import json
import pathlib
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voices.corpus import validate
from voices.errors import InputFormatError
from voices.ingest import social
from voices.ingest.social.detect import PLATFORMS

FIX = pathlib.Path(__file__).parent / "fixtures" / "social"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "[deleted]",
            "[removed]",
            "",
            "at://did:plc:x/app.bsky.feed.post/1",
            "t3_abc",
            "t1_x",
            "Wed Jan 15 08:42:11 +0000 2026",
            "2026-01-15T08:42:11.000Z",
            "1,204",
            "RT @a: x",
            "<p>x</p>",
        ]
    ),
)
_json = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "text",
                    "data",
                    "includes",
                    "users",
                    "tweets",
                    "errors",
                    "author_id",
                    "body",
                    "title",
                    "selftext",
                    "link_id",
                    "parent_id",
                    "created_utc",
                    "content",
                    "account",
                    "reblog",
                    "record",
                    "uri",
                    "facets",
                    "index",
                    "byteStart",
                    "byteEnd",
                    "features",
                    "items",
                    "snippet",
                    "topLevelComment",
                    "replies",
                    "comments",
                    "videos",
                    "kind",
                    "post",
                    "feed",
                    "posts",
                    "commit",
                    "value",
                    "user",
                    "full_text",
                    "retweeted_status",
                    "referenced_tweets",
                    "type",
                    "public_metrics",
                    "name",
                    "subreddit",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=25,
)


def _records() -> list[object]:
    """Every record of the JSON fixtures (pages, posts), as seeds for structured mutation."""
    out: list[object] = []
    for path in sorted(FIX.glob("*.json*")):
        if path.suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            out.extend(doc if isinstance(doc, list) else [doc])
        else:
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    continue
    return out


SEEDS = _records()


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(_paths(v, (*prefix, i)))
    return found


@st.composite
def mutated_record(draw: st.DrawFn) -> object:
    record = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(record)
        path = draw(st.sampled_from(paths))
        if not path:
            record = draw(_json)
            continue
        node = record
        for key in path[:-1]:
            node = node[key]
        if draw(st.booleans()) and isinstance(node, dict):
            node.pop(path[-1], None)
        else:
            node[path[-1]] = draw(_json)
    return record


def _check(path: pathlib.Path, **options: object) -> None:
    try:
        result = social.read(path, **options)
    except InputFormatError:
        return
    result.check()
    validate(result.segments)
    assert (result.segments["source_row"] >= 1).all()
    assert all(q["row"] >= 1 for q in result.quarantine + result.dropped)
    assert result.segments["text"].str.len().gt(0).all()


def _write(suffix: str, data: bytes) -> pathlib.Path:
    folder = pathlib.Path(tempfile.mkdtemp(prefix="voices-social-fuzz-"))
    path = folder / f"posts{suffix}"
    path.write_bytes(data)
    return path


@SETTINGS
@given(st.lists(st.one_of(mutated_record(), _json), min_size=1, max_size=6), st.sampled_from(["auto", *PLATFORMS]))
def test_read_ndjson_of_mutated_and_random_records_never_crashes(records, platform):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if platform in ("crowdtangle", "generic_csv"):
        platform = "auto"
    _check(_write(".ndjson", "\n".join(lines).encode()), platform=platform)


@SETTINGS
@given(mutated_record(), st.sampled_from(["auto", "x_v2", "bluesky", "youtube", "reddit", "mastodon"]))
def test_read_json_document_of_a_mutated_record_never_crashes(record, platform):
    _check(_write(".json", json.dumps(record, ensure_ascii=False).encode()), platform=platform)


@SETTINGS
@given(st.lists(st.one_of(st.binary(max_size=40), st.text(max_size=40).map(str.encode)), min_size=1, max_size=8))
def test_read_ndjson_with_garbage_lines_never_crashes(lines):
    good = json.dumps({"id": "1", "subreddit": "x", "body": "a real comment"}).encode()
    data = b"\n".join([good, *lines])
    for suffix in (".ndjson", ".json"):
        _check(_write(suffix, data))


@SETTINGS
@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=0, max_size=7),
        min_size=0,
        max_size=8,
    ),
    st.sampled_from(
        [
            ["id", "text", "author", "created_at"],
            ["Tweet Id", "Username", "Tweet Text", "Date", "Likes"],
            ["Page Name", "User Name", "Post Created", "Message", "Likes", "URL", "Total Interactions"],
            ["a", "b"],
        ]
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_read_csv_with_random_rows_never_crashes(rows, header, delimiter):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    _check(_write(".csv", buf.getvalue().encode()))


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from([".csv", ".json", ".jsonl"]))
def test_read_random_bytes_never_crashes(data, suffix):
    _check(_write(suffix, data))

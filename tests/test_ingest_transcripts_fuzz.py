"""Property tests: no transcript reader crashes on malformed input, and the counts always add up.

Inputs are built from fragments of every format (good and broken timing lines, voice tags, speaker prefixes,
headers, Parliament rows, JSON segments) mixed with arbitrary text, then written as UTF-8, UTF-8 with BOM or
UTF-16. The only exception allowed is InputFormatError; every result must pass ReadResult.check() and the
segment schema, and every row number must point inside the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import count
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voices.corpus import validate
from voices.errors import InputFormatError
from voices.ingest import transcripts
from voices.ingest.reading import ReadResult

FRAGMENTS = [
    "",
    "",
    "",
    "WEBVTT",
    "WEBVTT - title",
    "Kind: captions",
    "NOTE",
    "NOTE a comment",
    "STYLE",
    "::cue { }",
    "1",
    "2",
    "a1b2c3d4-0000-4e5f-9a0b-111122223333/15-0",
    "00:00:01.000 --> 00:00:02.000",
    "0:0:0.0 --> 0:0:0.570",
    "00:17.500 --> 00:18.000 align:right",
    "00:00:05,000 --> 00:00:04,000",
    "00:00:01,000 --> 00:00:02,500",
    "0:1:oops --> 0:1:7.0",
    "--> -->",
    "00:00:03 -> 00:00:04",
    "<v Priya Shah>Hello?</v>",
    "<v.loud Ana>unclosed",
    "<v>",
    "</v>",
    "<c.x>hi</c>",
    "<00:17.500>word",
    "&amp; &lt;b&gt; &nbsp; &#0; &bogus;",
    "Priya Shah: How long?",
    "Call-in User 1: Time: ages",
    "[SPEAKER_00]: hi",
    "田中：はい",
    "Time: about three years",
    "P04 - yes",
    "INTERVIEWER:",
    "Interviewer: Hi?",
    "[00:00:02] P1: ok",
    "{00:01:10}",
    "#00:01:12.500#",
    "[12.30]",
    "(00:02)",
    "Speaker 1 (00:02):",
    "Speaker 2 (01:02:14): text",
    "Priya Shah  0:02",
    "Speaker 2  1:02:14",
    "X   0:04",
    "Ana started transcription",
    "question|person|oralEvidence",
    "Q1|Chair|Will you?",
    "Q1|Witness|",
    "Q2|broken",
    "#Oral evidence 18 June 2014",
    "|||",
    "[inaudible 00:00:07]",
    "(laughs)",
    "\t",
    "   ",
    "\ufeffWEBVTT",
    "\r",
    "{",
    "[",
    "]",
    '{"segments": [',
]
LINES = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=40)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])

_SEGMENT = st.fixed_dictionaries(
    {},
    optional={
        "start": st.one_of(
            st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text(max_size=5), st.none(), st.booleans()
        ),
        "end": st.one_of(st.floats(allow_nan=True), st.integers(), st.none()),
        "text": st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(max_size=3))),
        "speaker": st.one_of(st.sampled_from(["SPEAKER_00", "SPEAKER_01"]), st.none(), st.integers()),
        "words": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "word": st.text(max_size=5),
                        "speaker": st.one_of(st.text(max_size=3), st.none()),
                        "score": st.floats(allow_nan=False),
                    },
                ),
                max_size=3,
            ),
            st.text(max_size=3),
            st.none(),
        ),
    },
)
JSON_DOCS = st.one_of(
    st.fixed_dictionaries(
        {"segments": st.lists(st.one_of(_SEGMENT, st.integers(), st.text(max_size=5)), max_size=8)},
        optional={"language": st.text(max_size=3), "word_segments": st.lists(st.none())},
    ),
    st.lists(_SEGMENT, max_size=5),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=8,
    ),
)

READERS: list[tuple[str, Callable[..., ReadResult]]] = [
    ("vtt", transcripts.read_vtt),
    ("srt", transcripts.read_srt),
    ("txt", transcripts.read_plain),
    ("txt", transcripts.read_otter),
    ("txt", transcripts.read_rev),
    ("csv", transcripts.read_parliament_csv),
    ("vtt", transcripts.read),
    ("txt", transcripts.read),
]
_names = count()


def _check(result: ReadResult, n_rows: int) -> None:
    result.check()
    seg = result.segments
    if len(seg):
        validate(seg)
        assert seg["source_kind"].eq("transcript").all()
        assert list(seg["turn_index"]) == list(range(len(seg)))
        assert seg["text"].str.len().gt(0).all()
        assert seg["source_row"].between(1, max(n_rows, 1)).all()
        for meta in seg["meta"]:
            json.loads(meta)
    for item in [*result.quarantine, *result.dropped]:
        assert 1 <= item["row"] <= max(n_rows, 1), item
        assert item["reason"]


def _run(reader: Callable[..., ReadResult], path: Path, n_rows: int, **options: object) -> None:
    try:
        result = reader(path, **options)
    except InputFormatError as err:
        assert err.expected and err.found and err.fix
        return
    _check(result, n_rows)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("transcript-fuzz")


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("suffix", "reader"), READERS, ids=[f"{r.__name__}-{s}" for s, r in READERS])
@FUZZ
@given(lines=LINES, encoding=ENCODINGS, merge=st.booleans())
def test_transcript_readers_never_crash_and_counts_add_up(
    scratch: Path, suffix: str, reader: Callable[..., ReadResult], lines: list[str], encoding: str, merge: bool
) -> None:
    text = "\n".join(lines)
    path = scratch / f"f{next(_names)}.{suffix}"
    path.write_bytes(text.encode(encoding, errors="surrogatepass"))
    n_rows = len(re.split(r"\r\n|\r|\n", text.lstrip("\ufeff")))
    _run(reader, path, n_rows, merge_turns=merge)


@FUZZ
@given(data=JSON_DOCS)
def test_whisper_reader_never_crashes_on_arbitrary_json(scratch: Path, data: object) -> None:
    path = scratch / f"w{next(_names)}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    n_segments = (
        len(data.get("segments", [])) if isinstance(data, dict) else (len(data) if isinstance(data, list) else 0)
    )
    _run(transcripts.read_whisper_json, path, n_segments)
    _run(transcripts.read, path, n_segments)


@settings(max_examples=20, deadline=None)
@given(
    paragraphs=st.lists(
        st.one_of(
            st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
        ),
        max_size=12,
    )
)
def test_docx_reader_never_crashes(scratch: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = scratch / f"d{next(_names)}.docx"
    document.save(path)
    n_lines = sum(len(p.split("\n")) for p in paragraphs) + len(paragraphs)
    _run(transcripts.read_docx, path, max(n_lines, len(paragraphs)))


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=600))
def test_transcript_read_on_arbitrary_bytes_only_raises_input_format_error(scratch: Path, data: bytes) -> None:
    path = scratch / f"b{next(_names)}.vtt"
    path.write_bytes(data)
    _run(transcripts.read, path, data.count(b"\n") + data.count(b"\r") + 1)

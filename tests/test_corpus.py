import json

import numpy as np
import pandas as pd
import pytest

from conftest import make_segments
from voices.corpus import COLUMNS, Corpus, conform, empty_segments, validate
from voices.errors import SchemaError


def test_conform_adds_every_schema_column_in_order():
    seg = make_segments(["hello"])
    assert tuple(seg.columns) == COLUMNS
    assert seg["meta"].iloc[0] == "{}"
    assert pd.isna(seg["question_id"].iloc[0])


def test_conform_rejects_unknown_columns_with_a_fix():
    with pytest.raises(SchemaError, match="meta"):
        conform(pd.DataFrame({"segment_id": ["a"], "colour": ["red"]}))


def test_conform_requires_required_columns():
    with pytest.raises(SchemaError, match="document_id"):
        conform(pd.DataFrame({"segment_id": ["a"], "text": ["x"]}))


def test_conform_encodes_meta_dicts_as_json():
    seg = make_segments(["a"], meta=[{"answers": {"Q5": "Yes"}, "n": 1}])
    assert json.loads(seg["meta"].iloc[0]) == {"answers": {"Q5": "Yes"}, "n": 1}


def test_conform_parses_created_at_to_utc():
    seg = make_segments(["a", "b"], created_at=["2026-01-15T08:42:11Z", None])
    assert str(seg["created_at"].dtype) == "datetime64[us, UTC]"
    assert seg["created_at"].iloc[0].hour == 8
    assert pd.isna(seg["created_at"].iloc[1])


def test_validate_rejects_duplicate_segment_ids():
    seg = make_segments(["a", "b"])
    seg.loc[1, "segment_id"] = seg.loc[0, "segment_id"]
    with pytest.raises(SchemaError, match="not unique"):
        validate(seg)


def test_validate_rejects_unknown_source_kind():
    seg = make_segments(["a"])
    seg.loc[0, "source_kind"] = "email"
    with pytest.raises(SchemaError, match="source_kind"):
        validate(seg)


def test_corpus_rejects_misaligned_arrays():
    with pytest.raises(SchemaError, match="row-aligned"):
        Corpus(make_segments(["a", "b"]), arrays={"embeddings": np.zeros((3, 4))})


def test_corpus_filter_keeps_arrays_aligned_and_records_reasons():
    corpus = Corpus(make_segments(["a", "b", "c"])).with_array("embeddings", np.arange(6).reshape(3, 2))
    out = corpus.filter(np.array([True, False, True]), reason="too short", stage="s")
    assert out.segments["text"].tolist() == ["a", "c"]
    assert out.arrays["embeddings"].tolist() == [[0, 1], [4, 5]]
    assert out.dropped[["file", "row", "reason", "stage"]].values.tolist() == [["test.csv", 3, "too short", "s"]]
    assert len(out) + len(out.dropped) == len(corpus)


def test_corpus_append_concatenates_and_validates():
    first = Corpus().append(make_segments(["a"]))
    with pytest.raises(SchemaError, match="not unique"):
        first.append(make_segments(["again"]))


def test_corpus_columns_lists_only_columns_with_data():
    corpus = Corpus(make_segments(["a"], speaker=["P1"]))
    assert "speaker" in corpus.columns
    assert "question_id" not in corpus.columns
    assert "text" in corpus.columns


def test_empty_segments_has_schema_dtypes():
    empty = empty_segments()
    assert len(empty) == 0 and tuple(empty.columns) == COLUMNS


def test_meta_frame_expands_json():
    corpus = Corpus(make_segments(["a", "b"], meta=[{"age_band": "25-34"}, {}]))
    frame = corpus.meta_frame(["age_band"])
    assert frame["age_band"].iloc[0] == "25-34"
    assert pd.isna(frame["age_band"].iloc[1])

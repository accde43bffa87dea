"""Duplicate and near-duplicate marking across a corpus of posts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.ingest import social
from voices.ingest.social.duplicates import normalise
from voices.ingest.social.minhash import near_pairs, signatures


def _seg(texts: list[str], times: list[str | None] | None = None) -> pd.DataFrame:
    n = len(texts)
    times = times or [f"2026-01-15T08:{i:02d}:00Z" if i < 60 else None for i in range(n)]
    return pd.DataFrame(
        {
            "segment_id": [f"x/{i}" for i in range(n)],
            "text": texts,
            "created_at": pd.to_datetime(pd.Series(times, dtype="object"), utc=True),
        }
    )


def _dups(seg: pd.DataFrame) -> list[str | None]:
    out = social.mark_duplicates(seg)["duplicate_of"]
    return [None if pd.isna(v) else v for v in out]


def test_mark_duplicates_exact_copies_point_to_the_earliest():
    seg = _seg(["Rent is up again", "Bus fares too", "Rent is up again"], ["2026-01-02", "2026-01-01", "2026-01-01"])
    assert _dups(seg) == ["x/2", None, None]


def test_mark_duplicates_ties_in_time_fall_back_to_row_order():
    seg = _seg(["same words here", "same words here"], ["2026-01-01", "2026-01-01"])
    assert _dups(seg) == [None, "x/0"]


def test_mark_duplicates_posts_without_time_come_last():
    seg = _seg(["same words here", "same words here"], [None, "2026-01-01"])
    assert _dups(seg) == ["x/1", None]


def test_mark_duplicates_retweets_links_mentions_case_and_punctuation():
    texts = [
        "The 56 bus is late AGAIN. https://t.co/abc",
        "RT @bus_user: the 56 bus is late again!! https://t.co/xyz",
        "rt @a: RT @b: The 56 bus is late again",
        "@leedscouncil the   56 bus, is late again…",
        "The 57 bus is late again",
    ]
    assert _dups(_seg(texts)) == [None, "x/0", "x/0", "x/0", None]


def test_mark_duplicates_near_identical_posts_differing_by_a_few_characters():
    texts = [
        "Our energy bill has gone up by forty pounds a month since October and we cannot keep up",
        "Our energy bill has gone up by fourty pounds a month since October and we can not keep up",
        "Our water bill has gone up by ten pounds a year since April and we are fine with that",
    ]
    assert _dups(_seg(texts)) == [None, "x/0", None]


def test_mark_duplicates_keeps_non_latin_scripts_and_emoji_apart():
    texts = [
        "الفواتير مرتفعة جداً 💸",
        "الإيجار مرتفع والرواتب لا تكفي",
        "الفواتير مرتفعة جداً 💸!",
        "房租又涨了",
        "房租又涨了。",
        "工资没涨",
        "💸",
        "😡",
    ]
    assert _dups(_seg(texts)) == [None, None, "x/0", None, "x/3", None, None, None]


def test_mark_duplicates_ignores_posts_that_are_only_links_or_mentions():
    seg = _seg(["https://t.co/a", "https://t.co/b", "@someone", "@other"])
    assert _dups(seg) == [None, None, None, None]


def test_mark_duplicates_short_texts_match_only_exactly():
    assert _dups(_seg(["Agreed", "Agreed!", "Agree"])) == [None, "x/0", None]


def test_mark_duplicates_recomputes_and_keeps_rows_and_order():
    seg = _seg(["a b c d", "x y z", "a b c d"])
    seg["duplicate_of"] = ["junk", "junk", None]
    out = social.mark_duplicates(seg)
    assert out["segment_id"].tolist() == seg["segment_id"].tolist()
    assert [None if pd.isna(v) else v for v in out["duplicate_of"]] == [None, None, "x/0"]
    assert seg["duplicate_of"].tolist()[:2] == ["junk", "junk"]  # input untouched


def test_mark_duplicates_empty_and_single():
    assert social.mark_duplicates(_seg([]))["duplicate_of"].tolist() == []
    assert _dups(_seg(["alone"])) == [None]


def test_mark_duplicates_scales_linearly_on_many_posts():
    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = np.array(["".join(rng.choice(letters, rng.integers(3, 9))) for _ in range(5_000)])
    base = [" ".join(rng.choice(words, 12)) for _ in range(20_000)]
    texts = base + [f"RT @user{i}: {t}" for i, t in enumerate(base[:5_000])]
    out = social.mark_duplicates(_seg(texts, ["2026-01-01"] * len(texts)))
    dup = out["duplicate_of"].to_numpy(dtype=object)
    assert all(dup[20_000 + i] == f"x/{i}" for i in range(5_000))
    assert pd.isna(dup[:20_000]).mean() > 0.99


def test_normalise_key():
    keys = normalise(pa.array(["RT @x: Hello, World! 👋 www.example.org", None, "Ça va — «bien»"])).to_pylist()
    assert keys == ["helloworld👋", "", "çavabien"]


def test_near_pairs_links_to_the_earliest_in_bucket():
    texts = ["a long enough text about buses and fares in leeds"] * 2 + ["something completely different here ok"]
    pairs = near_pairs(texts, order=np.array([2, 1, 0]))
    assert pairs.tolist() == [[0, 1]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=20))
def test_signatures_identical_texts_identical_rows(texts):
    sig = signatures(texts + texts)
    assert sig.shape == (2 * len(texts), 64)
    assert (sig[: len(texts)] == sig[len(texts) :]).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Rent up", "rent up!", "Bus late", "RT @a: bus late", "£5 café ☕", "", " "]), max_size=25
    )
)
def test_mark_duplicates_points_only_to_earlier_originals(texts):
    seg = _seg(texts, ["2026-01-01"] * len(texts))
    dup = _dups(seg)
    keys = normalise(pa.array(texts)).to_pylist()
    for i, d in enumerate(dup):
        if d is None:
            continue
        j = int(d.split("/")[1])
        assert j < i and dup[j] is None and keys[j] == keys[i]
    for i, key in enumerate(keys):  # every repeat of a non-empty key is marked
        if key and key in keys[:i]:
            assert dup[i] is not None


def test_mark_duplicates_chain_of_edits_does_not_drift_into_unlike_posts():
    parts = [
        "rents rose sharply",
        "across the whole city",
        "while wages stayed flat",
        "and energy bills doubled",
        "so families skip meals",
        "to keep the lights on",
    ]
    a = " ".join(parts)
    b = " ".join([*parts[:5], "until the next payday"])  # a with its end changed
    c = " ".join(["buses were cut back", *parts[1:5], "until the next payday"])  # b with its start changed
    sig = signatures(normalise(pa.array([a, b, c])))
    similarity = {(i, j): (sig[i] == sig[j]).mean() for i, j in [(0, 1), (1, 2), (0, 2)]}
    assert similarity[(0, 1)] >= 0.6 and similarity[(1, 2)] >= 0.6 and similarity[(0, 2)] < 0.6  # the premise
    assert _dups(_seg([a, b, c])) == [None, "x/0", None]

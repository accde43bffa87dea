"""Keywords, labels, descriptions, quotes and quality metrics read sensibly."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from themes_data import planted, planted_texts
from voices.themes.describe import describe_themes, keyword_rows
from voices.themes.keywords import class_tfidf, theme_keywords
from voices.themes.labels import best_sentence, label_terms, theme_description, theme_label, unique_labels
from voices.themes.metrics import diversity, npmi_coherence, wilson_interval
from voices.themes.model import ThemeModel
from voices.themes.quotes import representative, snippet
from voices.themes.tokens import RegexTokeniser, ngrams


def test_tokens_regex_drops_stop_words_and_placeholders() -> None:
    out = RegexTokeniser()(["[PERSON_2] said the Buses were LATE, 3 times!"])
    assert out == [["said", "buses", "late", "times"]]


def test_tokens_ngrams_join_neighbours() -> None:
    assert ngrams(["a", "b", "c"], 2) == ["a", "b", "c", "a b", "b c"]


def test_keywords_class_tfidf_matches_bertopic_formula() -> None:
    counts = sp.csr_matrix(np.array([[4.0, 1.0, 0.0], [0.0, 2.0, 3.0]]))
    freq = np.array([4.0, 3.0, 3.0])
    avg = int(counts.sum(axis=1).mean())
    expected = (counts.toarray() / counts.toarray().sum(axis=1, keepdims=True)) * np.log(avg / freq + 1)
    assert np.allclose(class_tfidf(counts).toarray(), expected)


def test_keywords_are_distinctive_per_theme() -> None:
    _, truth = planted(k=3, per=30)
    tokens = RegexTokeniser()(planted_texts(truth))
    kw = theme_keywords(tokens, truth, n_themes=3, top_n=5)
    words = {t: {w for term, _ in kw[t] for w in term.split()} for t in range(3)}
    assert words[0] <= {"bus", "late", "fare", "route", "driver", "stop", "timetable", "problem"}
    assert words[1] <= {"park", "litter", "bins", "grass", "playground", "dog", "bench", "problem"}
    assert not (words[0] & words[1]) - {"problem"}


def test_keywords_ignore_unassigned_and_empty_themes() -> None:
    kw = theme_keywords([["bus"], ["bus"], ["park"]], [0, 0, -1], n_themes=2, min_count=1, max_df=1.0)
    assert [t for t, _ in kw[0]] == ["bus"] and kw[1] == []


def test_keywords_leave_out_words_found_everywhere() -> None:
    tokens = [["say", "bus"], ["say", "bus"], ["say", "park"], ["say", "park"], ["bus", "late"]]
    kw = theme_keywords(tokens, [0, 0, 1, 1, 0], n_themes=2, min_count=1, max_df=0.5)
    assert all(term != "say" for terms in kw.values() for term, _ in terms)
    assert kw[1][0][0] == "park"
    only = theme_keywords([["community", "cafe"]] * 6, [0] * 6, n_themes=1, min_count=1)
    assert {t for t, _ in only[0]} == {"cafe", "community", "community cafe"}  # one theme keeps its words


def test_labels_are_short_distinct_and_readable() -> None:
    assert theme_label([("council tax", 1.0), ("council", 0.9), ("tax rise", 0.5)]) == "Council tax, rise"
    assert label_terms([]) == [] and theme_label([]) == "Unlabelled theme"
    labels = unique_labels({0: [("bus", 1.0), ("late", 0.5)], 1: [("bus", 1.0), ("fare", 0.4)]}, max_terms=1)
    assert len(set(labels.values())) == 2


def test_labels_description_is_one_sentence_with_a_quote() -> None:
    text = theme_description(["bus", "late"], ["Nice day. The bus is always late in the morning."])
    assert text == 'Segments about bus and late, for example: "The bus is always late in the morning."'
    assert best_sentence([], ["x"]) == ""


def test_quotes_are_central_diverse_and_not_repeated() -> None:
    rng = np.random.default_rng(0)
    centre = np.eye(1, 8)[0].astype(np.float32)
    x = np.concatenate([np.repeat(centre[None, :], 3, axis=0), centre + 0.3 * rng.normal(size=(20, 8))])
    texts = ["same text"] * 3 + [f"text {i}" for i in range(20)]
    picks = representative(x.astype(np.float32), centre, n_quotes=5, texts=texts)
    assert picks[0] in (0, 1, 2)  # the most central first
    assert len(picks) == 5 and sum(1 for p in picks if texts[p] == "same text") == 1


def test_quotes_snippet_cuts_at_a_word() -> None:
    assert snippet("word " * 100, 20).endswith("…") and len(snippet("word " * 100, 20)) <= 20


def test_metrics_wilson_interval_contains_the_share() -> None:
    low, high = wilson_interval(12, 40)
    assert low < 12 / 40 < high and low >= 0 and high <= 1
    assert wilson_interval(0, 10)[0] == 0.0


def test_metrics_npmi_rewards_co_occurring_keywords() -> None:
    docs = [["bus", "late"]] * 5 + [["park", "bins"]] * 5
    mean, per = npmi_coherence({0: ["bus", "late"], 1: ["bus", "park"]}, docs)
    assert per[0] == pytest.approx(1.0) and per[1] == pytest.approx(-1.0)
    assert mean == pytest.approx(0.0)


def test_metrics_diversity_counts_unique_keywords() -> None:
    assert diversity({0: ["a", "b"], 1: ["c", "d"]}) == 1.0
    assert diversity({0: ["a", "b"], 1: ["a", "b"]}) == 0.5


def test_describe_builds_a_complete_themes_table() -> None:
    x, truth = planted(k=3, per=40)
    texts = planted_texts(truth)
    model = ThemeModel(min_themes=2, max_subthemes=0, seed=0).fit(x)
    ids = [f"s{i}" for i in range(len(x))]
    table, quality = describe_themes(model, model.assignment_, x, texts, ids, tokeniser=RegexTokeniser())
    assert len(table) == 3
    import json

    for row in table.to_dict("records"):
        quotes = json.loads(row["quotes"])
        assert 3 <= len(quotes) <= 10
        assert all(q["segment_id"] in ids for q in quotes)
        assert all(texts[ids.index(q["segment_id"])].startswith(q["text"].rstrip("…")) for q in quotes)
        assert len(json.loads(row["keywords"])) >= 3
        assert row["share_ci_low"] <= row["share"] <= row["share_ci_high"]
        assert row["description"].startswith("Segments about")
        assert row["label"] and row["parent_id"] == -1
    assert -1 <= quality["coherence_npmi"] <= 1 and 0 < quality["diversity"] <= 1
    assert quality["unassigned_share"] == pytest.approx(model.assignment_.unassigned_share, abs=1e-4)


def test_describe_keyword_sample_keeps_every_theme() -> None:
    labels = np.array([0] * 1000 + [1] * 10 + [-1] * 5)
    rows = keyword_rows(labels, sample=100, min_per_theme=10, seed=0)
    assert (labels[rows] == 1).sum() == 10 and (labels[rows] == -1).sum() == 0
    assert np.array_equal(rows, keyword_rows(labels, sample=100, min_per_theme=10, seed=0))


@pytest.mark.slow
def test_tokens_spacy_lemmas_keep_data_and_media() -> None:
    from voices.themes.tokens import SpacyLemmatiser

    out = SpacyLemmatiser()(["Social media data: the buses were running late"])
    assert out == [["social", "media", "data", "bus", "run", "late"]]

"""Theme cards in plain English: names, one sentence, real quotes, how common in words."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from voices.review.cards import first_sentence, plain_label, share_in_words, theme_cards, unit_for
from voices.review.masking import rule_for
from voices.review.themeset import normalise_themes


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.2, "about 1 in 5 responses"),
        (0.21, "about 1 in 5 responses"),
        (0.26, "about 1 in 4 responses"),
        (0.33, "about 1 in 3 responses"),
        (0.5, "about half of responses"),
        (0.66, "about 2 in 3 responses"),
        (0.9, "about 9 in 10 responses"),
        (0.1, "about 1 in 10 responses"),
        (0.02, "about 1 in 50 responses"),
        (0.004, "fewer than 1 in 100 responses"),
        (0.97, "almost all responses"),
        (0.0, "none of the responses"),
        (math.nan, "not known how many responses"),
    ],
)
def test_share_in_words_reads_like_a_person_would_say_it(share: float, words: str) -> None:
    assert share_in_words(share) == words


def test_share_in_words_counts_the_right_things() -> None:
    assert share_in_words(0.2, unit="posts") == "about 1 in 5 posts"
    assert unit_for(pd.DataFrame({"source_kind": ["social", "social", "consultation"]})) == "posts"


def test_plain_label_drops_machine_prefixes_and_underscores() -> None:
    assert plain_label("12_food_bank_vouchers") == "Food bank vouchers"
    assert plain_label("-1_outliers") == "Outliers"
    assert plain_label("already fine") == "Already fine"


def test_first_sentence_keeps_one_sentence_and_cuts_long_ones_at_a_word() -> None:
    assert first_sentence("One. Two.") == "One."
    long = first_sentence("word " * 100, limit=30)
    assert long.endswith("…") and len(long) <= 31


def test_theme_cards_are_biggest_first_with_masked_quotes_and_no_more_than_five() -> None:
    themes = normalise_themes(
        pd.DataFrame(
            {
                "theme_id": [0, 1],
                "label": ["small_one", "Big one"],
                "description": ["", "People talk about Zebedee a lot. More."],
                "keywords": [["a", "b"], []],
                "quotes": [
                    [{"segment_id": "s1", "text": "hi"}],
                    [{"segment_id": f"s{i}", "text": "Zebedee said"} for i in range(8)],
                ],
                "size": [2, 8],
                "share": [0.2, 0.8],
            }
        )
    )
    cards = theme_cards(themes, run_id="r", rules=[rule_for("r", "Zebedee", "PERSON")])
    assert [c.name for c in cards] == ["Big one", "Small one"]
    assert len(cards[0].quotes) == 5 and {q["text"] for q in cards[0].quotes} == {"[PERSON] said"}
    assert cards[0].about == "People talk about [PERSON] a lot."  # marked values are masked in every field
    assert cards[1].about == "Words that come up: a, b."
    assert cards[0].how_common == "about 4 in 5 responses"


def test_theme_cards_top_up_to_three_quotes_from_the_most_confident_segments() -> None:
    themes = normalise_themes(
        pd.DataFrame({"theme_id": [0], "label": ["x"], "quotes": [[{"segment_id": "a", "text": "one"}]], "size": [4]})
    )
    assignments = pd.DataFrame(
        {"segment_id": ["a", "b", "c", "d"], "theme_id": ["0"] * 4, "probability": [0.9, 0.2, 0.8, 0.5]}
    )
    texts = {"a": "one", "b": "two", "c": "three", "d": "four"}
    (card,) = theme_cards(themes, run_id="r", assignments=assignments, texts=texts)
    assert [q["text"] for q in card.quotes] == ["one", "three", "four"]


def test_theme_cards_read_the_themes_stage_format_and_leave_out_sub_themes() -> None:
    # voices.themes writes keywords and quotes as JSON strings, intervals as two columns, sub-themes at level 1,
    # and a group column when themes are found per question.
    stage = pd.DataFrame(
        {
            "theme_id": [0, 1, 2],
            "parent_id": [-1, -1, 0],
            "level": [0, 0, 1],
            "label": ["heating_bills", "food_banks", "prepayment_meters"],
            "keywords": ['["heating", "bills"]', '["food"]', '["meter"]'],
            "description": ["", "", ""],
            "quotes": ['[{"segment_id": "a", "text": "cold"}]', "[]", '[{"segment_id": "b", "text": "meter"}]'],
            "size": [10, 5, 4],
            "primary_size": [9, 5, 4],
            "share": [0.5, 0.25, 0.2],
            "share_ci_low": [0.3, 0.1, 0.05],
            "share_ci_high": [0.7, 0.4, 0.35],
            "stability": [0.8, float("nan"), float("nan")],
            "group": ["Q1", "Q2", "Q1"],
        }
    )
    themes = normalise_themes(stage)
    assert themes.loc[0, "keywords"] == ["heating", "bills"] and themes.loc[0, "share_ci"] == (0.3, 0.7)
    assert themes.loc[2, ["level", "parent_id"]].tolist() == [1, "0"]
    cards = theme_cards(themes, run_id="r", questions={"Q1": "What worries you?"})
    assert [c.theme_id for c in cards] == ["0", "1"]
    assert cards[0].quotes == [{"segment_id": "a", "text": "cold"}] and cards[0].question == "What worries you?"

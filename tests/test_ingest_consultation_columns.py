"""Column classification, multi-select splitting and timestamp parsing for consultation exports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.errors import PipelineError
from voices.ingest import consultation
from voices.ingest.consultation import multiselect, timestamps
from voices.ingest.consultation.columns import classify
from voices.ingest.consultation.table import from_records

OPEN_ANSWERS = [
    "The bus to the hospital only runs twice a day now.",
    "Rent has gone up by a third and wages have not moved at all.",
    "I skip meals so the children can eat properly.",
    "The food bank is only open when I am at work.",
    "Heating the flat costs more than the rent some months.",
    "We need more youth workers on the estate after dark.",
    "Council tax support should cover carers as well.",
    "Mould in the bedroom has made my son's asthma worse.",
    "Libraries are the only warm place I can go in the day.",
    "Prepayment meters charge the poorest the most.",
    "Nobody answers the phone at the housing office.",
    "Free school meals for every child, no forms.",
]


def table(header: list[str], rows: list[list[str]], platform: str = "generic_wide"):
    return from_records([header, *rows], header=header, start=1, platform=platform)


def decide(header: list[str], rows: list[list[str]], platform: str = "generic_wide", **kw):
    return {d.field.header: d for d in classify(table(header, rows, platform), **kw)}


def test_classify_uses_uniqueness_and_length_for_open_and_closed() -> None:
    rows = [[str(i), ["Agree", "Disagree", "Neutral"][i % 3], f"{OPEN_ANSWERS[i % 12]} (reply {i})"] for i in range(20)]
    d = decide(["Respondent ID", "Do you agree?", "Anything else?"], rows)
    assert d["Respondent ID"].role == "id"
    assert d["Do you agree?"].role == "closed"
    assert "uniqueness ≤ 0.2" in d["Do you agree?"].reason
    assert d["Anything else?"].role == "open"


def test_classify_recognises_demographics_by_header_with_short_answers() -> None:
    rows = [["LS6 2AB", "Armley", "25-34", "Female", "White British", OPEN_ANSWERS[i]] for i in range(3)]
    header = ["Postcode", "Which ward do you live in?", "Age band", "Gender", "Ethnicity", "Why?"]
    d = decide(header, rows)
    assert [d[h].role for h in header] == ["demographic"] * 5 + ["open"]
    assert [d[h].kind for h in header[:5]] == ["postcode", "ward", "age_band", "gender", "ethnicity"]


def test_classify_long_answers_under_a_demographic_word_stay_open() -> None:
    rows = [[OPEN_ANSWERS[i] + " " + OPEN_ANSWERS[i + 1]] for i in range(4)]
    d = decide(["How does the change affect you as a disabled person?"], rows)
    assert d["How does the change affect you as a disabled person?"].role == "open"


def test_classify_drops_personal_and_platform_columns() -> None:
    rows = [["192.0.2.1", "Mozilla/5.0", "a@example.org", "Jo Bloggs", "07700 900123", OPEN_ANSWERS[0]]]
    header = ["IP Address", "User Agent", "Email", "Name", "Phone number", "Why?"]
    d = decide(header, rows)
    assert [d[h].role for h in header] == ["ignore"] * 5 + ["open"]


def test_classify_overrides_win_and_unknown_names_fail_clearly() -> None:
    rows = [["Yes", OPEN_ANSWERS[i]] for i in range(3)]
    d = decide(["Q1", "Q2"], rows, overrides={"Q2": "closed", "A": "open"})
    assert d["Q1"].role == "open" and d["Q2"].role == "closed"  # "A" is Excel's name for the first column
    with pytest.raises(PipelineError, match="no such column"):
        classify(table(["Q1"], [["x"]]), overrides={"Q9": "open"})
    with pytest.raises(PipelineError, match="expected a role"):
        classify(table(["Q1"], [["x"]]), overrides={"Q1": "essay"})


def test_classify_numbers_questions_in_column_order_skipping_metadata() -> None:
    rows = [["2026-01-01 10:00", "Yes", OPEN_ANSWERS[0], "LS6 2AB"]]
    d = decide(["Timestamp", "Agree?", "Why?", "Postcode"], rows, platform="google_forms")
    assert [d[h].question_id for h in ("Timestamp", "Agree?", "Why?", "Postcode")] == [None, "Q1", "Q2", "Q3"]


def test_classify_detects_delimited_multi_select_from_values() -> None:
    options = ["Bus", "Train", "Bike", "Walk", "Car"]
    cells = [", ".join(options[i % 5 : i % 5 + 1 + i % 3]) for i in range(30)] + options
    d = decide(["How do you travel?"], [[c] for c in cells], platform="google_forms")
    assert d["How do you travel?"].role == "multi"
    assert d["How do you travel?"].delimiter == ", "


def test_classify_does_not_mistake_commas_in_sentences_for_multi_select() -> None:
    cells = [[a.replace(" ", ", ", 1)] for a in OPEN_ANSWERS]
    d = decide(["What would help?"], cells, platform="google_forms")
    assert d["What would help?"].role == "open"


def test_read_columns_override_turns_a_closed_column_into_segments(tmp_path: Path) -> None:
    p = tmp_path / "short.csv"
    p.write_text(
        "ID,Organisation name,Comment\n1,Leeds Food Aid,Need more volunteers\n2,Carers Leeds,\n", encoding="utf-8"
    )
    default = consultation.read(p)
    assert set(default.segments["question_text"]) == {"Comment"}
    forced = consultation.read(p, columns={"Organisation name": "open"})
    assert set(forced.segments["question_text"]) == {"Organisation name", "Comment"}
    assert forced.records_kept == 2


def test_read_id_column_option_names_documents(tmp_path: Path) -> None:
    p = tmp_path / "refs.csv"
    p.write_text("Ref,Why?\nA-17,Because the buses are late\n", encoding="utf-8")
    assert consultation.read(p).segments["document_id"].tolist() == ["refs/row2"]
    assert consultation.read(p, id_column="Ref").segments["document_id"].tolist() == ["refs/A-17"]


def test_read_notes_list_every_column_with_role_id_and_reason() -> None:
    r = consultation.read(Path(__file__).parent / "fixtures" / "consultation" / "ms_forms_synthetic.csv")
    assert [c["column"] for c in r.notes["columns"]][:3] == ["ID", "Start time", "Completion time"]
    assert all({"column", "role", "question_id", "reason"} <= set(c) for c in r.notes["columns"])


def test_multiselect_split_matches_longest_known_option_first() -> None:
    cells = pd.Series(
        [
            "Community café, youth club",
            "Libraries, Community café, youth club",
            "Libraries",
            "Parks, Libraries",
            "Parks",
            None,
        ]
    )
    assert multiselect.split(cells, ", ").tolist() == [
        ["Community café, youth club"],
        ["Libraries", "Community café, youth club"],
        ["Libraries"],
        ["Parks", "Libraries"],
        ["Parks"],
        None,
    ]


def test_multiselect_split_falls_back_to_the_delimiter_when_the_option_set_is_unknown() -> None:
    cells = pd.Series(["I am autistic, I know someone who is autistic"])
    assert multiselect.split(cells, ", ").tolist() == [["I am autistic", "I know someone who is autistic"]]


def test_multiselect_split_handles_ms_forms_trailing_semicolon_and_lists() -> None:
    assert multiselect.split(pd.Series(["A;B;", "B;"]), ";").tolist() == [["A", "B"], ["B"]]
    joined = pd.Series([multiselect.LIST_DELIMITER.join(["x, y", "z"])])
    assert multiselect.split(joined, multiselect.LIST_DELIMITER).tolist() == [["x, y", "z"]]


_label = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_label, min_size=1, max_size=4, unique=True), min_size=1, max_size=20))
def test_multiselect_split_of_comma_free_labels_recovers_every_choice(choices: list[list[str]]) -> None:
    cells = pd.Series([", ".join(c) for c in choices])
    assert multiselect.split(cells, ", ").tolist() == choices


def test_timestamps_never_guess_from_a_single_ambiguous_value() -> None:
    ts, note = timestamps.parse(pd.Series(["04/05/2026 10:00"]))
    assert ts.isna().all() and "left empty" in note


def test_timestamps_month_first_when_the_column_shows_it() -> None:
    ts, _ = timestamps.parse(pd.Series(["04/05/2026 10:00", "04/25/2026 1:05:00 PM"]))
    assert ts.tolist() == [pd.Timestamp("2026-04-05 10:00", tz="UTC"), pd.Timestamp("2026-04-25 13:05", tz="UTC")]


def test_timestamps_conflicting_orders_leave_the_column_null() -> None:
    ts, note = timestamps.parse(pd.Series(["13/01/2026", "01/13/2026"]))
    assert ts.isna().all() and "both day-first and month-first" in note


def test_timestamps_platform_prior_settles_an_ambiguous_column() -> None:
    ts, note = timestamps.parse(pd.Series(["01/02/2026 09:00:00 AM"]), prior="mdy")
    assert ts.iloc[0] == pd.Timestamp("2026-01-02 09:00", tz="UTC") and "documented" in note


def test_timestamps_excel_iso_and_zones() -> None:
    ts, _ = timestamps.parse(pd.Series(["2026-01-15 09:01:12", "2026-01-15T09:01:12Z", None]), tz="Europe/London")
    assert ts.iloc[0] == pd.Timestamp("2026-01-15 09:01:12", tz="UTC")
    assert ts.iloc[1] == pd.Timestamp("2026-01-15 09:01:12", tz="UTC")
    assert pd.isna(ts.iloc[2])


def test_read_meta_is_json_with_answers_multi_and_demographics(tmp_path: Path) -> None:
    p = tmp_path / "m.csv"
    p.write_text(
        "Respondent ID,Do you agree?,Which apply? (select all that apply),Postcode,Why?\n9,Yes,A;B,LS6 2AB,It helps\n",
        encoding="utf-8",
    )
    meta = json.loads(consultation.read(p).segments["meta"].iloc[0])
    assert meta == {
        "respondent_id": "9",
        "answers": {"Q1": "Yes"},
        "multi": {"Q2": ["A", "B"]},
        "multi_raw": {"Q2": "A;B"},
        "demographics": {"postcode": "LS6 2AB"},
    }


@pytest.mark.parametrize(
    "module",
    [
        "assemble",
        "columns",
        "detect",
        "documents",
        "grid",
        "layouts",
        "long",
        "multiselect",
        "read",
        "table",
        "themefinder",
        "timestamps",
        "vocabulary",
    ],
)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"voices.ingest.consultation.{module}")
    failed, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failed == 0 and tried > 0

"""Consultation exports, one platform at a time: detection, header shapes, ids, rows, meta and timestamps."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from voices.corpus import validate
from voices.ingest import consultation

FIXTURES = Path(__file__).parent / "fixtures" / "consultation"


def read(name: str, **options: object):
    result = consultation.read(FIXTURES / name, **options)
    result.check()
    validate(result.segments)
    return result


def meta_of(result, segment_id: str) -> dict:
    seg = result.segments.set_index("segment_id")
    return json.loads(seg.loc[segment_id, "meta"])


def roles(result) -> dict[str, str]:
    return {c["column"]: c["role"] for c in result.notes["columns"]}


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("surveymonkey_expanded_synthetic.csv", "surveymonkey"),
        ("surveymonkey_library_review.csv", "surveymonkey"),
        ("ms_forms_synthetic.csv", "ms_forms"),
        ("google_forms_youth_services.csv", "google_forms"),
        ("qualtrics_parking_zone.csv", "qualtrics"),
        ("qualtrics_localised_de.csv", "qualtrics"),
        ("qualtrics_legacy_bom.csv", "qualtrics_legacy"),
        ("citizen_space_api_responses.json", "citizen_space_json"),
        ("citizen_space_download.csv", "citizen_space_csv"),
        ("iai_biomass_layout.csv", "iai_biomass"),
        ("iai_lgr_layout.csv", "iai_lgr"),
        ("iai_scr_layout.csv", "iai_scr"),
        ("polis_london_youth_policing_comments.csv", "polis"),
        ("themefinder_gambling_xs/inputs", "themefinder_jsonl"),
        ("themefinder_gambling_xs/inputs/question_part_2/responses.jsonl", "themefinder_jsonl"),
        ("excel_cp1252.csv", "generic_wide"),
        ("ragged_rows.csv", "generic_wide"),
        ("long_answers.csv", "generic_long"),
    ],
)
def test_detect_names_the_platform(name: str, platform: str) -> None:
    assert consultation.detect(FIXTURES / name) == platform
    result = read(name)
    assert result.source_format == platform
    assert set(result.segments["source_format"]) <= {platform}
    assert set(result.segments["source_kind"]) <= {"consultation"}


def test_read_surveymonkey_two_header_rows_give_excel_row_numbers_and_ids() -> None:
    r = read("surveymonkey_expanded_synthetic.csv")
    assert r.records_in == 2 and r.records_kept == 2
    seg = r.segments.set_index("segment_id")
    first = seg.loc["surveymonkey_expanded_synthetic/114433221101/Q4"]
    assert first["source_row"] == 3  # header rows 1-2, first respondent on row 3
    assert first["question_text"] == "Please tell us why, in your own words."
    assert first["source_file"] == "surveymonkey_expanded_synthetic.csv"
    assert first["created_at"] == pd.Timestamp("2026-01-15 09:07:40", tz="UTC")
    other = seg.loc["surveymonkey_expanded_synthetic/114433221102/Q2_other"]
    assert other["text"] == "Community café, youth club"
    assert other["question_text"] == (
        "Which of these services have you used in the last year? (Select all that apply) – Other (please specify)"
    )


def test_read_surveymonkey_option_columns_become_one_multi_select_list() -> None:
    r = read("surveymonkey_expanded_synthetic.csv")
    meta = meta_of(r, "surveymonkey_expanded_synthetic/114433221101/Q4")
    assert meta["multi"] == {"Q2": ["Libraries", "Parks"]}
    assert meta["answers"] == {"Q3": "Very dissatisfied"}
    assert meta["demographics"] == {"postcode": "LS6 2AB", "age_band": "65-74"}
    assert meta["respondent_id"] == "114433221101"


def test_read_surveymonkey_drops_ip_email_and_names_and_says_so() -> None:
    r = read("surveymonkey_library_review.csv")
    dropped = {c["column"] for c in r.notes["dropped_columns"]}
    assert {"IP Address", "Email Address", "First Name", "Last Name"} <= dropped
    assert {"Contact details (optional) / Name", "Contact details (optional) / Phone Number"} <= dropped
    blob = " ".join(r.segments["meta"])
    assert "203.0.113" not in blob and "sam@example.org" not in blob and "0113 496" not in blob


def test_read_surveymonkey_matrix_rows_are_closed_sub_questions() -> None:
    r = read("surveymonkey_library_review.csv")
    cols = {c["column"]: c for c in r.notes["columns"]}
    assert cols["How would you rate the following? / Opening hours"]["role"] == "closed"
    assert cols["How would you rate the following? / Opening hours"]["question_id"] == "Q3_1"
    meta = meta_of(r, "surveymonkey_library_review/114433229001/Q5")
    assert meta["answers"]["Q3_1"] == "Good" and meta["answers"]["Q3_2"] == "Fair"


def test_read_surveymonkey_keeps_newlines_and_drops_rows_without_open_text() -> None:
    r = read("surveymonkey_library_review.csv")
    text = r.segments.set_index("segment_id").loc["surveymonkey_library_review/114433229002/Q5", "text"]
    assert text == (
        "The computers are how I apply for jobs and Universal Credit.\nWithout them I would have to travel into town."
    )
    # rows 5 ("   "), 6 ("N/A"), 9 ("") and 15 (closed answers only) have no usable open answer
    assert sorted(d["row"] for d in r.dropped) == [5, 6, 9, 15]
    assert {d["reason"] for d in r.dropped} == {"no open-text answer"}
    assert r.records_in == 13 and r.records_kept == 9
    assert r.notes["whitespace_only_answers"] == 1
    assert r.notes["not_applicable_answers"] == 1


def test_read_ms_forms_splits_semicolon_multi_select_and_keeps_raw_cell() -> None:
    r = read("ms_forms_synthetic.csv")
    assert r.segments["segment_id"].tolist() == ["ms_forms_synthetic/1/Q3"]
    meta = meta_of(r, "ms_forms_synthetic/1/Q3")
    assert meta["multi"] == {"Q2": ["Libraries", "Parks"]}
    assert meta["multi_raw"] == {"Q2": "Libraries;Parks;"}
    assert r.dropped == [{"file": "ms_forms_synthetic.csv", "row": 3, "reason": "no open-text answer"}]
    assert "anonymous" not in " ".join(r.segments["meta"])  # the Email column is dropped
    assert r.segments["created_at"].iloc[0] == pd.Timestamp("2026-01-15 09:07:40", tz="UTC")


def test_read_google_forms_keeps_comma_labels_known_from_other_rows() -> None:
    r = read("google_forms_youth_services.csv")
    multi = {s: json.loads(m)["multi"]["Q1"] for s, m in zip(r.segments["segment_id"], r.segments["meta"], strict=True)}
    assert multi["google_forms_youth_services/row2/Q4"] == ["Sports pitches", "Community café, youth club"]
    assert multi["google_forms_youth_services/row3/Q4"] == ["Community café, youth club"]
    assert multi["google_forms_youth_services/row7/Q4"] == ["Community café, youth club", "Late bus home"]
    assert multi["google_forms_youth_services/row9/Q4"] == ["Music studio", "Sports pitches"]
    raw = meta_of(r, "google_forms_youth_services/row2/Q4")["multi_raw"]["Q1"]
    assert raw == "Sports pitches, Community café, youth club"


def test_read_google_forms_infers_day_first_dates_from_the_whole_column() -> None:
    r = read("google_forms_youth_services.csv")
    seg = r.segments.set_index("segment_id")
    assert seg.loc["google_forms_youth_services/row3/Q4", "created_at"] == pd.Timestamp("2026-03-04 10:03", tz="UTC")
    assert "day-first" in r.notes["timestamps"]


def test_read_google_forms_leaves_dates_null_when_day_and_month_cannot_be_told_apart(tmp_path: Path) -> None:
    p = tmp_path / "ambiguous.csv"
    p.write_text(
        "Timestamp,Why do you use the park?\n03/04/2026 10:00:00,Walking the dog every morning\n"
        "05/06/2026 11:00:00,Fresh air and the cafe by the lake\n",
        encoding="utf-8",
    )
    r = consultation.read(p)
    assert r.segments["created_at"].isna().all()
    assert "no value shows whether the day or the month comes first" in r.notes["timestamps"]


def test_read_qualtrics_uses_column_ids_drops_previews_and_text_iq_columns() -> None:
    r = read("qualtrics_parking_zone.csv")
    assert set(r.segments["question_id"]) == {"Q3_TEXT"}
    assert r.segments["source_row"].tolist() == [4, 5, 6, 8, 9]  # three header rows; row 7 is a preview
    assert {
        "row": 7,
        "file": "qualtrics_parking_zone.csv",
        "reason": "Qualtrics survey preview, test or spam response, not a respondent",
    } in r.dropped
    assert roles(r)["Q3_TEXT - Topics"] == "ignore"
    meta = meta_of(r, "qualtrics_parking_zone/R_Ax8kP2qLm4ZtYv/Q3_TEXT")
    assert meta["multi"] == {"Q2": ["Weekdays", "Saturday"]}
    assert meta["demographics"] == {"postcode": "LS6 2AB"}
    assert "53.8" not in json.dumps(meta)  # location columns dropped


def test_read_qualtrics_reads_times_in_the_time_zone_of_the_import_row() -> None:
    r = read("qualtrics_parking_zone.csv")
    first = r.segments.iloc[0]
    assert first["created_at"] == pd.Timestamp("2026-07-01 09:10:30", tz="UTC")  # 10:10:30 BST


def test_read_qualtrics_localised_labels_still_find_metadata_by_column_id() -> None:
    r = read("qualtrics_localised_de.csv")
    assert roles(r)["Antwort-ID"] == "id"
    assert roles(r)["IP-Adresse"] == "ignore"
    assert r.segments["segment_id"].tolist() == ["qualtrics_localised_de/R_3ZQdemoGermanA1/Q2"]
    assert r.segments["question_text"].tolist() == ["Was sollten wir verbessern?"]


def test_read_qualtrics_legacy_handles_bom_v_columns_and_trailing_comma() -> None:
    r = read("qualtrics_legacy_bom.csv")
    assert r.segments["segment_id"].tolist() == [
        "qualtrics_legacy_bom/R_1legacyAAAA/Q2",
        "qualtrics_legacy_bom/R_1legacyCCCC/Q2",
    ]
    assert r.segments["source_row"].tolist() == [3, 5]
    assert r.notes["unnamed_empty_columns"] == 1
    assert roles(r)["ResponseID"] == "id"
    assert r.segments["created_at"].iloc[0] == pd.Timestamp("2015-05-18 08:31:48", tz="UTC")


def test_read_citizen_space_json_skips_deleted_and_quarantines_non_objects() -> None:
    r = read("citizen_space_api_responses.json")
    assert r.records_in == 5 and r.records_kept == 2
    assert r.quarantine == [
        {"file": "citizen_space_api_responses.json", "row": 4, "reason": "response is a JSON str, not an object"}
    ]
    reasons = {d["row"]: d["reason"] for d in r.dropped}
    assert reasons == {3: "deleted in Citizen Space", 2: "no open-text answer"}
    assert r.segments["question_id"].tolist() == ["views_text", "views_text"]
    assert r.segments["document_id"].tolist() == [
        "citizen_space_api_responses/ANON-K3Q7-8PZ2-A",
        "citizen_space_api_responses/ANON-K3Q7-8PZ6-E",
    ]


def test_read_citizen_space_json_arrays_become_multi_and_userinfo_is_filtered() -> None:
    r = read("citizen_space_api_responses.json")
    meta = meta_of(r, "citizen_space_api_responses/ANON-K3Q7-8PZ2-A/views_text")
    assert meta["multi"] == {
        "proposals_multi": ["Proposal A: close Elm Road to through traffic", "Proposal C: 20mph zone"]
    }
    assert meta["platform"]["Visited Pages"] == ["intro", "your-views"]
    blob = json.dumps(meta)
    assert "192.0.2" not in blob and "Mozilla" not in blob and "alex@example.org" not in blob
    assert "Alex Example" not in blob


def test_read_citizen_space_csv_uses_component_ids_as_question_ids() -> None:
    r = read("citizen_space_download.csv")
    assert r.segments["segment_id"].tolist() == [
        "citizen_space_download/ANON-K3Q7-8PZ2-A/views_text",
        "citizen_space_download/ANON-K3Q7-8PZ6-E/views_text",
    ]
    assert r.segments["question_text"].iloc[0] == "Please explain your views on the proposals"
    meta = meta_of(r, "citizen_space_download/ANON-K3Q7-8PZ2-A/views_text")
    assert meta["multi"] == {"proposals_multi": ["Proposal A", "Proposal C"]}


def test_read_iai_biomass_takes_question_text_from_the_second_header_row() -> None:
    r = read("iai_biomass_layout.csv")
    assert set(r.segments["question_id"]) == {"Ident 6"}
    assert set(r.segments["question_text"]) == {"Please explain your answer"}
    assert r.segments["source_row"].tolist() == [3, 4, 5, 6, 8]
    assert roles(r)["What is your name?"] == "ignore"
    assert "p0@example.org" not in " ".join(r.segments["meta"])


def test_read_iai_lgr_takes_question_ids_from_prop_prefixes() -> None:
    r = read("iai_lgr_layout.csv")
    assert set(r.segments["question_id"]) == {"Prop 1 Q8", "Prop 2 Q8"}
    texts = set(r.segments["question_text"])
    assert texts == {"Please use this space to explain your answers to questions 1-7"}
    meta = meta_of(r, "iai_lgr_layout/row2/Prop 1 Q8")
    assert meta["answers"]["Prop 1 Q1"] == "Strongly agree"


def test_read_iai_scr_skips_the_blank_row_after_the_header() -> None:
    r = read("iai_scr_layout.csv")
    assert r.segments["source_row"].tolist() == [3, 4, 6]
    assert r.notes["blank_rows"] == 1
    assert r.records_in == 4
    assert r.dropped == [{"file": "iai_scr_layout.csv", "row": 5, "reason": "no open-text answer"}]


def test_read_polis_makes_one_segment_per_statement_with_epoch_times() -> None:
    r = read("polis_london_youth_policing_comments.csv")
    assert len(r.segments) == r.records_in == 39
    first = r.segments.iloc[0]
    assert first["segment_id"] == "polis_london_youth_policing_comments/35/comment"
    assert first["created_at"] == pd.Timestamp(1658934589213, unit="ms", tz="UTC")
    assert json.loads(first["meta"])["platform"]["author-id"] == "23"
    assert r.notes["rejected_by_moderator"] == 3  # kept, counted, and filterable through meta


def test_read_themefinder_folder_joins_demographics_and_numbers_questions() -> None:
    r = read("themefinder_gambling_xs/inputs")
    assert r.records_in == 40 and len(r.segments) == 40
    assert set(r.segments["question_id"]) == {"Q1", "Q2"}
    first = r.segments.iloc[0]
    assert first["segment_id"] == "themefinder_gambling_xs/1001/Q1"  # filed under the folder above inputs/
    assert first["source_file"] == "question_part_1/responses.jsonl" and first["source_row"] == 1
    assert json.loads(first["meta"])["demographics"]["Do you live in:"] == "England"


def test_read_generic_long_uses_question_column_as_ids() -> None:
    r = read("long_answers.csv")
    assert r.segments["segment_id"].tolist() == [
        "long_answers/r1/Q1",
        "long_answers/r1/Q2",
        "long_answers/r2/Q2",
        "long_answers/r3/Q1",
    ]
    assert sorted(d["row"] for d in r.dropped) == [4, 7]  # empty answer and "-"
    assert json.loads(r.segments["meta"].iloc[0])["demographics"] == {"ward": "Armley"}


def test_read_long_format_option_overrides_detection(tmp_path: Path) -> None:
    p = tmp_path / "coded.csv"
    p.write_text(
        "who,prompt,said\na,What matters most?,Rent\nb,What matters most?,Heating bills\n"
        "a,What should change?,More social housing\n",
        encoding="utf-8",
    )
    r = consultation.read(p, long_format={"respondent": "who", "question": "prompt", "text": "said"})
    assert r.source_format == "generic_long"
    assert r.segments["segment_id"].tolist() == ["coded/a/Q1", "coded/b/Q1", "coded/a/Q2"]
    assert r.segments["question_text"].tolist() == ["What matters most?", "What matters most?", "What should change?"]

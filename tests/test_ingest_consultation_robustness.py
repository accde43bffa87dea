"""Consultation readers on bad input: encodings, ragged rows, wrong file types, huge cells, random bytes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voices.errors import InputFormatError, PipelineError
from voices.ingest import consultation
from voices.ingest.reading import MAX_CELL_CHARS

FIXTURES = Path(__file__).parent / "fixtures" / "consultation"


def test_read_cp1252_file_from_excel_decodes_pound_signs_and_curly_quotes() -> None:
    r = consultation.read(FIXTURES / "excel_cp1252.csv")
    assert r.notes["encoding"] == "cp1252"
    assert r.segments["text"].tolist()[:2] == [
        "Cap bus fares at £1 – the café on Harehills Lane can’t keep its prices down either.",
        "“Warm spaces” in libraries helped us last winter.",
    ]


def test_read_utf8_bom_does_not_leak_into_the_first_header(tmp_path: Path) -> None:
    p = tmp_path / "bom.csv"
    p.write_bytes("\ufeffRespondent ID,Why?\r\n7,Because the bus is late\r\n".encode())
    r = consultation.read(p)
    assert r.notes["respondent_id"] == "Respondent ID"
    assert r.segments["segment_id"].tolist() == ["bom/7/Q1"]


def test_read_utf16_export_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "u16.csv"
    p.write_bytes("ID\tWhy?\n1\tThe rent is too high\n".encode("utf-16"))
    assert consultation.read(p).segments["text"].tolist() == ["The rent is too high"]


def test_read_ragged_rows_are_quarantined_padded_or_trimmed_with_excel_row_numbers() -> None:
    r = consultation.read(FIXTURES / "ragged_rows.csv")
    r.check()
    assert [(q["row"], q["reason"][:35]) for q in r.quarantine] == [(3, "row has 5 cells but the header has ")]
    assert r.records_in == 7 and r.notes["blank_rows"] == 1
    seg = r.segments.set_index("segment_id")
    assert seg.loc["ragged_rows/1/Q1", "text"] == "Line one of a long answer,\nline two of it."
    assert seg.loc["ragged_rows/1/Q2", "text"] == "Second comment here"  # duplicate header names both kept
    assert seg.loc["ragged_rows/3/Q1", "source_row"] == 4  # extra empty cells trimmed
    assert seg.loc["ragged_rows/4/Q1", "source_row"] == 6  # short row padded; blank row 5 skipped
    assert seg.loc["ragged_rows/7/Q1", "source_row"] == 9  # Excel float id 7.0 read as 7
    assert sorted(d["row"] for d in r.dropped) == [7, 8]  # empty and whitespace-only answers
    assert r.notes["whitespace_only_answers"] == 2


def test_read_unterminated_quote_quarantines_the_swallowed_row(tmp_path: Path) -> None:
    p = tmp_path / "broken.csv"
    p.write_text(
        'ID,Why?\n1,Fine answer here\n2,"This quote never closes\n3,so this row is swallowed\n', encoding="utf-8"
    )
    r = consultation.read(p)
    r.check()
    assert r.segments["segment_id"].tolist() == ["broken/1/Q1"]
    assert r.quarantine[0]["row"] == 3 and "never closed" in r.quarantine[0]["reason"]


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
        ("notes.csv", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP container"),
        ("scan.pdf", b"%PDF-1.7\n", "a .pdf file"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Excel .xls workbook"),
        ("renamed.xlsx", b"ID,Why?\n1,Because\n", "not a ZIP container"),
        ("empty.csv", b"", "an empty file"),
        ("blank.csv", b"\n\n,,\n", "only blank rows"),
        ("bad.json", b'{"responses": [', "invalid JSON at line 1"),
    ],
)
def test_read_unreadable_files_raise_input_format_error_with_a_fix(
    tmp_path: Path, name: str, content: bytes, found: str
) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputFormatError) as err:
        consultation.read(p)
    message = str(err.value)
    assert found in message and "expected" in message and "Fix:" in message


def test_read_missing_file_and_unknown_platform_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="no such file"):
        consultation.read(tmp_path / "nope.csv")
    p = tmp_path / "a.csv"
    p.write_text("ID,Why?\n1,x\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="platform='typeform'"):
        consultation.read(p, platform="typeform")


def test_read_forced_platform_is_used_as_given(tmp_path: Path) -> None:
    p = tmp_path / "sm.csv"
    p.write_text("ID,Please tell us why\n,Open-Ended Response\n1,Because the buses are late\n", encoding="utf-8")
    r = consultation.read(p, platform="surveymonkey")
    assert r.source_format == "surveymonkey"
    assert r.segments["source_row"].tolist() == [3]


def test_read_huge_cell_is_clipped_and_noted_in_meta(tmp_path: Path) -> None:
    p = tmp_path / "huge.csv"
    p.write_text(f'ID,Why?\n1,"{"word " * 30_000}"\n2,Short answer here\n', encoding="utf-8")
    r = consultation.read(p)
    first = r.segments.iloc[0]
    assert len(first["text"]) == MAX_CELL_CHARS
    assert json.loads(first["meta"])["truncated"] == {"original_chars": 149_999, "kept_chars": MAX_CELL_CHARS}
    assert r.notes["truncated_answers"] == 1


def test_read_duplicate_respondent_ids_keep_segment_ids_unique(tmp_path: Path) -> None:
    p = tmp_path / "dups.csv"
    p.write_text("Respondent ID,Why?\n5,First answer\n5,Second answer\n", encoding="utf-8")
    r = consultation.read(p)
    assert r.segments["segment_id"].tolist() == ["dups/5/Q1", "dups/5~row3/Q1"]
    assert r.notes["duplicate_respondent_ids"] == 1


def test_read_semicolon_delimited_and_tsv_files(tmp_path: Path) -> None:
    semi = tmp_path / "semi.csv"
    semi.write_text("ID;Why?\n1;Because, frankly, the buses are late\n", encoding="utf-8")
    assert consultation.read(semi).segments["text"].tolist() == ["Because, frankly, the buses are late"]
    tsv = tmp_path / "t.tsv"
    tsv.write_text("ID\tWhy?\n1\tBecause; the buses are late\n", encoding="utf-8")
    assert consultation.read(tsv).segments["text"].tolist() == ["Because; the buses are late"]


@pytest.fixture(params=["calamine", "openpyxl"])
def xlsx_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run an XLSX test with python-calamine when installed, and again with the openpyxl fallback."""
    from voices.ingest.consultation import grid

    if request.param == "calamine":
        pytest.importorskip("python_calamine", reason="python-calamine not installed; openpyxl path still runs")
    else:

        def no_calamine(*args: object) -> None:
            raise ImportError("python_calamine")

        monkeypatch.setattr(grid, "_xlsx_calamine", no_calamine)
    return request.param


def _ms_forms_workbook(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form1"
    ws.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Which services? (choose all that apply)",
            "Tell us more about your experience",
        ]
    )
    ws.append(
        [
            1.0,
            dt.datetime(2026, 1, 15, 9, 1, 12),
            dt.datetime(2026, 1, 15, 9, 7, 40),
            "anonymous",
            None,
            "Libraries;Parks;",
            "The library is the only warm place I can go.",
        ]
    )
    ws.append(
        [2.0, dt.datetime(2026, 1, 16, 10, 0), dt.datetime(2026, 1, 16, 10, 5), "anonymous", None, "Parks;", None]
    )
    ws.append([None] * 7)
    ws.append(
        [
            3.0,
            dt.datetime(2026, 1, 17, 11, 0),
            dt.datetime(2026, 1, 17, 11, 9),
            "anonymous",
            None,
            "Libraries;",
            "Please keep the mobile library.",
        ]
    )
    wb.create_sheet("Notes").append(["not responses"])
    wb.save(path)


def test_read_xlsx_ms_forms_with_float_ids_and_real_dates(tmp_path: Path, xlsx_engine: str) -> None:
    p = tmp_path / "form.xlsx"
    _ms_forms_workbook(p)
    assert consultation.detect(p) == "ms_forms"
    r = consultation.read(p)
    r.check()
    assert r.segments["segment_id"].tolist() == ["form/1/Q2", "form/3/Q2"]
    assert r.segments["source_row"].tolist() == [2, 5]
    assert r.segments["created_at"].tolist() == [
        pd.Timestamp("2026-01-15 09:07:40", tz="UTC"),
        pd.Timestamp("2026-01-17 11:09", tz="UTC"),
    ]
    assert json.loads(r.segments["meta"].iloc[0])["multi"] == {"Q1": ["Libraries", "Parks"]}
    assert r.dropped == [{"file": "form.xlsx", "row": 3, "reason": "no open-text answer"}]
    assert r.notes["sheet"] == "Form1" and r.notes["other_sheets"] == ["Notes"]


def test_read_xlsx_engines_agree_on_cells_and_excel_row_numbers(tmp_path: Path, xlsx_engine: str) -> None:
    import openpyxl

    p = tmp_path / "offset.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B2"], ws["C2"] = "Respondent ID", "Why?"  # blank first row and column, as pasted exports often have
    ws["B3"], ws["C3"] = 114433221101.0, "The buses stop at 6pm"
    ws["B5"], ws["C5"] = 7, "Rent is too high"
    wb.save(p)
    r = consultation.read(p)
    assert r.notes["xlsx_reader"] == xlsx_engine
    assert r.segments["segment_id"].tolist() == ["offset/114433221101/Q1", "offset/7/Q1"]
    assert r.segments["source_row"].tolist() == [3, 5]


def test_read_xlsx_sheet_option_and_missing_sheet(tmp_path: Path, xlsx_engine: str) -> None:
    p = tmp_path / "form.xlsx"
    _ms_forms_workbook(p)
    with pytest.raises(InputFormatError, match="a sheet named 'Responses'"):
        consultation.read(p, sheet="Responses")
    r = consultation.read(p, sheet="Notes")
    assert r.records_in == 0 and len(r.segments) == 0


def test_read_jsonl_records_quarantine_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "answers.jsonl"
    p.write_text(
        '{"id": "a", "why": "The buses are always late in the evening"}\n{not json}\n[1, 2]\n\n'
        '{"id": "b", "why": "Rents keep rising faster than wages"}\n',
        encoding="utf-8",
    )
    r = consultation.read(p)
    r.check()
    assert r.segments["segment_id"].tolist() == ["answers/a/Q1", "answers/b/Q1"]
    assert [q["row"] for q in r.quarantine] == [2, 3]
    assert r.segments["source_row"].tolist() == [1, 5]


_CSV_ALPHABET = st.sampled_from([*'abc ,;"\n\r\t\x00é£\ufeff', "ID", "Why?", "Timestamp", "\xff", "\x81"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(_CSV_ALPHABET, max_size=120).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
        st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=12).map(
            lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8", "surrogatepass")
        ),
    ),
    st.sampled_from([".csv", ".tsv", ".txt", ".json", ".jsonl"]),
)
def test_read_random_bytes_never_crash_and_counts_add_up(tmp_path_factory, data: bytes, suffix: str) -> None:
    p = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    p.write_bytes(data)
    try:
        r = consultation.read(p)
    except InputFormatError:
        return
    r.check()
    assert r.records_in == r.records_kept + len(r.quarantine) + len(r.dropped)
    assert r.segments["segment_id"].is_unique
    assert r.segments["text"].str.len().gt(0).all()


_json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=10),
    st.sampled_from(["ANON-AAAA-BBBB-C", "Why? (why_q)", "2026-01-01 10:00", "x, y"]),
)
_json_key = st.sampled_from(
    ["id", "answers", "responses", "deleted", "Why? (why_q)", "IP (__userinfo_ip)", "response_id", "response", "x"]
) | st.text(max_size=5)
_json = st.recursive(
    _json_scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(_json_key, c, max_size=5), max_leaves=25
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json, st.sampled_from([".json", ".jsonl"]))
def test_read_random_json_never_crashes_and_counts_add_up(tmp_path_factory, obj: object, suffix: str) -> None:
    p = tmp_path_factory.mktemp("fuzzjson") / f"input{suffix}"
    lines = obj if isinstance(obj, list) else [obj]
    p.write_text(json.dumps(obj) if suffix == ".json" else "\n".join(json.dumps(o) for o in lines), encoding="utf-8")
    try:
        r = consultation.read(p)
    except InputFormatError:
        return
    r.check()
    assert r.segments["segment_id"].is_unique

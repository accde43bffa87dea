"""The file contract: same rows, same order, anonymised column, redactions with offsets into the original."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from voices.anonymise import keyfile
from voices.anonymise.engine import Anonymiser
from voices.anonymise.files import anonymise_file
from voices.anonymise.identifiers import default_detectors
from voices.errors import InputFormatError

TEXTS = [
    "Call me on 07700 900123 after six.",
    None,
    "",
    "Email me at sarah.oconnor@example.co.uk, I'm 38.",
    "Nothing to see.",
    "Ünïcode first: ring 020 7946 0958 — postcode LS6 2AB",
]


def engine(**kw) -> Anonymiser:
    return Anonymiser(default_detectors(), names=False, **kw)


def frame() -> pd.DataFrame:
    return pd.DataFrame({"id": [f"00{i}" for i in range(len(TEXTS))], "answer": TEXTS, "n": range(len(TEXTS))})


def check(original: list, anonymised: list, logs: list) -> None:
    assert len(anonymised) == len(original)
    for raw, out, log in zip(original, anonymised, logs, strict=True):
        if not raw:
            assert log == [] and not out
            continue
        for entry in log:
            assert set(entry) == {"start", "end", "label", "confidence"}
            surface = raw[entry["start"] : entry["end"]]
            assert surface and surface not in out
    assert [e["label"] for e in logs[0]] == ["PHONE"]
    assert raw_slice(original[0], logs[0][0]) == "07700 900123"
    assert [e["label"] for e in logs[5]] == ["PHONE", "POSTCODE"]
    assert raw_slice(original[5], logs[5][0]) == "020 7946 0958"


def raw_slice(text: str, entry: dict) -> str:
    return text[entry["start"] : entry["end"]]


def cli_app() -> typer.Typer:
    """The ``anonymise`` command in an app of its own, beside a second command so typer keeps it a sub-command."""
    from voices.cli.anonymise import register

    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:
        pass

    return app


def test_files_csv_round_trip_keeps_rows_order_and_other_columns(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    frame().to_csv(src, index=False)
    summary = anonymise_file(src, tmp_path / "out.csv", text_column="answer", engine=engine())
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert out["id"].tolist() == frame()["id"].tolist()  # leading zeros kept
    assert list(out.columns) == ["id", "answer", "n", "redactions"]
    originals = [t or "" for t in TEXTS]
    check(originals, out["answer"].tolist(), [json.loads(x) for x in out["redactions"]])
    assert summary["rows"] == 6 and summary["rows_with_redactions"] == 3


def test_files_jsonl_redactions_are_lists_and_nulls_stay(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "answer": t, "extra": {"k": i}}) + "\n" for i, t in enumerate(TEXTS)),
        encoding="utf-8",
    )
    anonymise_file(src, tmp_path / "out.jsonl", text_column="answer", engine=engine())
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(len(TEXTS)))
    assert rows[1]["answer"] is None and rows[1]["redactions"] == []
    assert rows[0]["extra"] == {"k": 0}
    check(TEXTS, [r["answer"] for r in rows], [r["redactions"] for r in rows])


def test_files_parquet_redactions_json_string_column(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    frame().to_parquet(src, index=False)
    anonymise_file(src, tmp_path / "out.parquet", text_column="answer", engine=engine())
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out["id"].tolist() == frame()["id"].tolist()
    assert pd.isna(out["answer"].iloc[1])
    logs = [json.loads(x) for x in out["redactions"]]
    check(TEXTS, [None if pd.isna(x) else x for x in out["answer"]], logs)


def test_files_format_follows_output_extension(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    frame().to_csv(src, index=False)
    anonymise_file(src, tmp_path / "out.jsonl", text_column="answer", engine=engine())
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert isinstance(rows[0]["redactions"], list) and rows[0]["answer"] == "Call me on [PHONE_1] after six."


def test_files_missing_column_names_closest_match(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    frame().to_csv(src, index=False)
    with pytest.raises(InputFormatError) as err:
        anonymise_file(src, tmp_path / "out.csv", text_column="Answers", engine=engine())
    message = str(err.value)
    assert "'Answers'" in message and "['id', 'answer', 'n']" in message and "--text-column 'answer'" in message


def test_files_refuses_to_overwrite_input_and_unknown_extension(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    frame().to_csv(src, index=False)
    with pytest.raises(InputFormatError, match="different from the input"):
        anonymise_file(src, src, text_column="answer", engine=engine())
    with pytest.raises(InputFormatError, match="extension"):
        anonymise_file(src, tmp_path / "out.xlsx", text_column="answer", engine=engine())


def test_files_id_column_groups_rows_into_documents(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"who": ["a", "a", "b"], "t": ["ring 07700 900111", "or 07700 900222", "ring 07700 900222"]}).to_csv(
        src, index=False
    )
    anonymise_file(src, tmp_path / "out.csv", text_column="t", id_column="who", engine=engine())
    assert pd.read_csv(tmp_path / "out.csv")["t"].tolist() == ["ring [PHONE_1]", "or [PHONE_2]", "ring [PHONE_1]"]


def test_files_key_file_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    frame().to_csv(src, index=False)
    key = keyfile.generate_key()
    (tmp_path / "keys").mkdir()
    anonymise_file(
        src,
        tmp_path / "out.csv",
        text_column="answer",
        engine=engine(),
        key=key,
        key_file=tmp_path / "keys" / "reid.key",
    )
    mapping = keyfile.read(tmp_path / "keys" / "reid.key", key)
    assert keyfile.lookup(mapping, "[PHONE_1]", "0") == ["07700 900123"]


def test_cli_anonymise_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = cli_app()
    src = tmp_path / "in.csv"
    frame().to_csv(src, index=False)
    names = tmp_path / "names.txt"
    names.write_text("Zebedee Quist\n", encoding="utf-8")
    pd.DataFrame({"answer": ["Zebedee Quist called 07700 900123"]}).to_csv(src, index=False)
    monkeypatch.setenv("TEST_KEY", keyfile.generate_key())
    result = CliRunner().invoke(
        app,
        [
            "anonymise",
            str(src),
            "--text-column",
            "answer",
            "--output",
            str(tmp_path / "out.jsonl"),
            "--no-names",
            "--names-file",
            str(names),
            "--key-file",
            str(tmp_path / "k" / "reid.key"),
            "--key-env",
            "TEST_KEY",
        ],
    )
    assert result.exit_code == 0, result.output
    row = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert row["answer"] == "[PERSON_1] called [PHONE_1]"
    assert (tmp_path / "k" / "reid.key").is_file()
    bad = CliRunner().invoke(
        app, ["anonymise", str(src), "--text-column", "answr", "--output", str(tmp_path / "o.csv"), "--no-names"]
    )
    assert bad.exit_code == 1 and "--text-column 'answer'" in bad.output


def test_files_handle_hashes_random_unless_salted(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"t": ["hi @sarah_oc"]}).to_csv(src, index=False)

    def handle(**kw) -> str:
        out = tmp_path / "out.csv"
        anonymise_file(src, out, text_column="t", names=False, **kw)
        value = pd.read_csv(out)["t"][0]
        out.unlink()
        return value

    assert handle() != handle()
    assert handle(salt="s3cret") == handle(salt="s3cret")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=60), st.sampled_from(["ring 07700 900123", "a@b.org ok"])),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([".csv", ".jsonl", ".parquet"]),
)
def test_files_property_rows_order_and_offsets_survive_every_format(texts: list, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / f"in{suffix}", Path(d) / f"out{suffix}"
        frame = pd.DataFrame({"k": [str(i) for i in range(len(texts))], "t": texts})
        if suffix == ".csv":
            frame.to_csv(src, index=False, quoting=csv.QUOTE_ALL)
            expected = [t or "" for t in texts]
        elif suffix == ".jsonl":
            src.write_text("".join(json.dumps(r) + "\n" for r in frame.to_dict(orient="records")), encoding="utf-8")
            expected = texts
        else:
            frame.to_parquet(src, index=False)
            expected = texts
        anonymise_file(src, dst, text_column="t", engine=engine())
        if suffix == ".jsonl":
            rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
            keys, outs, logs = [r["k"] for r in rows], [r["t"] for r in rows], [r["redactions"] for r in rows]
        else:
            out = pd.read_csv(dst, dtype=str, keep_default_na=False) if suffix == ".csv" else pd.read_parquet(dst)
            keys, outs = out["k"].tolist(), [None if pd.isna(x) else x for x in out["t"]]
            logs = [json.loads(x) for x in out["redactions"]]
        assert keys == [str(i) for i in range(len(texts))]
        for original, text, log in zip(expected, outs, logs, strict=True):
            if not log:
                assert text == original  # untouched rows come back exactly, None included
            for entry in log:
                assert 0 <= entry["start"] < entry["end"] <= len(original or "")


def test_files_messy_cells_are_processed_or_passed_through_in_every_format(tmp_path: Path) -> None:
    long = "Ring 07700 900123 now. " * 4400  # ~100k characters
    (tmp_path / "in.csv").write_bytes(
        '\ufeffid,t\r\n1,Call 07700 900123\r\n2,\r\n3,NaN\r\n4,12345\r\n5,"a\r\nb a@b.org"\r\n'.encode()
        + f"6,{long}\r\n".encode()
    )
    records = [{"id": 1, "t": None}, {"id": 2, "t": float("nan")}, {"id": 3, "t": 7700900123}, {"id": 4},
               {"id": 5, "t": ["a@b.org", 1]}, {"id": 6, "t": "x\r\ny a@b.org"}]  # fmt: skip
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pd.DataFrame({"id": [1, 2, 3], "t": [None, float("nan"), "a@b.org"]}).to_parquet(tmp_path / "in.parquet")
    for src, rows, with_text in (("in.csv", 6, 5), ("in.jsonl", 6, 3), ("in.parquet", 3, 1)):
        for suffix in (".csv", ".jsonl", ".parquet"):
            dst = tmp_path / f"out_{src}{suffix}"
            summary = anonymise_file(tmp_path / src, dst, text_column="t", engine=engine())
            assert (summary["rows"], summary["rows_with_text"]) == (rows, with_text)
            if suffix == ".jsonl":
                out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
            else:
                frame = pd.read_csv(dst, dtype=str, keep_default_na=False) if suffix == ".csv" else pd.read_parquet(dst)
                out = frame.to_dict(orient="records")
            assert [str(r["id"]) for r in out] == [str(i) for i in range(1, rows + 1)]
            assert "a@b.org" not in "".join(str(r["t"]) for r in out)
    out = pd.read_csv(tmp_path / "out_in.csv.csv", dtype=str, keep_default_na=False)
    assert out["t"].tolist()[:5] == ["Call [PHONE_1]", "", "NaN", "[REFERENCE_NUMBER_1]", "a\r\nb [EMAIL_1]"]
    assert len(json.loads(out["redactions"][5])) == 4400


def test_files_csv_row_with_extra_cells_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("id,t\n1,a\n2,b,c\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="3 cells on line 3 for 2 header columns"):
        anonymise_file(tmp_path / "in.csv", tmp_path / "out.csv", text_column="t", engine=engine())


def test_files_csv_every_row_one_cell_too_long_is_a_clear_error(tmp_path: Path) -> None:
    # An unquoted comma in every row: pandas would silently take the first cells for an index and drop them.
    (tmp_path / "in.csv").write_text("t\nHello Sarah Jones, call 07700 900123\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="more cells than the header"):
        anonymise_file(tmp_path / "in.csv", tmp_path / "out.csv", text_column="t", engine=engine())
    assert not (tmp_path / "out.csv").exists()


def test_files_jsonl_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"t": "x \\ud800 a@b.org", "o": ["\\udfff"]}\n', encoding="utf-8")
    for suffix in (".jsonl", ".csv", ".parquet"):
        anonymise_file(tmp_path / "in.jsonl", tmp_path / f"out{suffix}", text_column="t", engine=engine())
    row = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert row["t"] == "x \ufffd [EMAIL_1]" and row["o"] == ["\ufffd"]
    assert row["redactions"][0]["start"] == 4


def test_files_bytes_cells_are_read_as_utf8(tmp_path: Path) -> None:
    pd.DataFrame({"t": [b"mail a@b.org", None]}).to_parquet(tmp_path / "in.parquet")
    anonymise_file(tmp_path / "in.parquet", tmp_path / "out.jsonl", text_column="t", engine=engine())
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["t"] for r in rows] == ["mail [EMAIL_1]", None]


def test_files_text_column_named_redactions_is_refused(tmp_path: Path) -> None:
    pd.DataFrame({"redactions": ["a@b.org"]}).to_csv(tmp_path / "in.csv", index=False)
    with pytest.raises(InputFormatError, match="rename that column"):
        anonymise_file(tmp_path / "in.csv", tmp_path / "out.csv", text_column="redactions", engine=engine())


def test_cli_anonymise_counts_rows_without_text(tmp_path: Path) -> None:
    app = cli_app()
    (tmp_path / "in.jsonl").write_text('{"t": "a@b.org"}\n{"t": null}\n{"t": ""}\n{"t": "hi"}\n', encoding="utf-8")
    args = ["anonymise", str(tmp_path / "in.jsonl"), "--text-column", "t", "-o", str(tmp_path / "o.csv"), "--no-names"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Anonymised 4 rows" in said and "1 of 2 rows with text had something masked" in said
    assert "2 rows had no text (empty or missing) and were written back as they were" in said


def test_cli_anonymise_names_model_option(tmp_path: Path) -> None:
    app = cli_app()
    src = tmp_path / "in.csv"
    pd.DataFrame({"answer": ["rhodri said the bus was late", "Ring Sarah Jones on 07700 900123"]}).to_csv(
        src, index=False
    )
    args = ["anonymise", str(src), "--text-column", "answer", "--output", str(tmp_path / "out.csv")]
    result = CliRunner().invoke(app, [*args, "--names-model", "voices-fast-ner"])
    assert result.exit_code == 0, result.output
    out = pd.read_csv(tmp_path / "out.csv")
    assert out["answer"].tolist() == ["[PERSON_1] said the bus was late", "Ring [PERSON_1] on [PHONE_1]"]
    bad = CliRunner().invoke(app, [*args, "--names-model", "no_such_pipeline"])
    assert bad.exit_code == 1 and "no_such_pipeline" in bad.output

"""``voices themes INPUT --text-column COL --output DIR``: the file-to-file contract."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import voices.themes.files as files
from themes_data import planted, planted_texts
from voices.errors import InputFormatError
from voices.themes.files import themes_file
from voices.themes.persist import load


@pytest.fixture
def answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, np.ndarray]:
    x, truth = planted(k=5, per=30, seed=2)
    texts = planted_texts(truth)
    texts[3] = "Call me on 07700 900123, the bus is late and the fare is a problem."
    texts[7] = ""
    pd.DataFrame({"id": range(len(texts)), "answer": texts, "q": ["Q1", "Q2"] * 75}).to_csv(
        tmp_path / "answers.csv", index=False
    )

    def fake_embed(texts: list[str], embedder: str, progress: object) -> tuple[np.ndarray, str]:
        assert len(texts) == len(x)
        return x, "tests.planted"

    monkeypatch.setattr(files, "_embed", fake_embed)
    return tmp_path / "answers.csv", x


def test_files_writes_assignments_themes_manifest_and_model(answers: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    src, x = answers
    out = tmp_path / "out"
    summary = themes_file(src, out, text_column="answer", seed=1, stability_runs=1, tokeniser="regex")
    asg = pd.read_csv(out / "assignments.csv")
    assert list(asg.columns) == ["row", "theme_id", "probability"]
    assert set(asg["row"]) == set(range(1, len(x) + 1))
    assert asg.loc[asg["row"] == 8, "theme_id"].tolist() == [-1]  # the empty answer
    doc = json.loads((out / "themes.json").read_text(encoding="utf-8"))
    top = [t for t in doc["themes"] if t["level"] == 0]
    assert len(top) == summary["themes"] == 5
    for theme in top:
        assert theme["label"] and theme["keywords"] and 3 <= len(theme["quotes"]) <= 10
        assert all(1 <= q["row"] <= len(x) for q in theme["quotes"])
        assert len(theme["share_ci"]) == 2 and theme["stability"] is not None
    text = (out / "themes.json").read_text(encoding="utf-8")
    assert "07700" not in text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["anonymised"] is True and manifest["seed"] == 1 and manifest["input"]["rows"] == len(x)
    assert manifest["quality"]["unassigned_share"] == summary["unassigned_share"]
    model = load(out / "model")
    primary = asg.drop_duplicates("row")
    assigned = primary[primary["theme_id"] >= 0]
    fresh = model.assign(x[assigned["row"].to_numpy() - 1]).primary
    assert fresh.tolist() == assigned["theme_id"].tolist()


def test_files_no_anonymise_is_recorded(answers: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    src, _ = answers
    themes_file(src, tmp_path / "o", text_column="answer", anonymise=False, stability_runs=0, tokeniser="regex")
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["anonymised"] is False and "no-anonymise" in manifest["privacy"]


def test_files_split_by_question(answers: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    src, _ = answers
    themes_file(
        src, tmp_path / "o", text_column="answer", split_by="q", anonymise=False, stability_runs=0, tokeniser="regex"
    )
    doc = json.loads((tmp_path / "o" / "themes.json").read_text(encoding="utf-8"))
    assert {t["group"] for t in doc["themes"]} == {"Q1", "Q2"}
    assert (tmp_path / "o" / "model" / "Q1" / "model.json").is_file()


def test_files_missing_column_names_the_closest(answers: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    src, _ = answers
    with pytest.raises(InputFormatError, match="--text-column 'answer'"):
        themes_file(src, tmp_path / "o", text_column="answers")


def test_files_cli_runs_the_command(answers: tuple[Path, np.ndarray], tmp_path: Path) -> None:
    from voices.cli.themes import register

    app = typer.Typer()
    register(app)

    @app.command("other")
    def other() -> None:  # a second command keeps typer in multi-command mode, as in the real app
        """Unused."""

    out = tmp_path / "cli"
    args = ["themes", str(answers[0]), "--text-column", "answer", "--output", str(out), "--seed", "2"]
    result = CliRunner().invoke(app, [*args, "--no-anonymise", "--stability-runs", "0"])
    assert result.exit_code == 0, result.output
    assert (out / "assignments.csv").is_file() and (out / "themes.json").is_file()
    bad = CliRunner().invoke(app, ["themes", str(answers[0]), "--text-column", "nope", "--output", str(out)])
    assert bad.exit_code == 1

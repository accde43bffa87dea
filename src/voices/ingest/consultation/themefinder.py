"""i.AI ThemeFinder's layout: ``respondents.jsonl`` plus ``question_part_N/{question.json,responses.jsonl}``.

``respondents.jsonl`` holds ``{"response_id", "demographic_data": {...}}``; each ``responses.jsonl`` holds
``{"response_id", "response"}``; ``question.json`` holds ``question_number`` and ``question_text``. Pass the
``inputs`` folder, its ``respondents.jsonl``, or one ``responses.jsonl``. Each response line is a record;
its ``source_file`` is ``question_part_N/responses.jsonl`` and its ``source_row`` the line number.

Example:
    >>> import json, pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "inputs"
    >>> (d / "question_part_1").mkdir(parents=True)
    >>> line = json.dumps({"response_id": 7, "response": "Ban ads"})
    >>> _ = (d / "question_part_1" / "responses.jsonl").write_text(line)
    >>> load(d).question_id.tolist()
    ['Q1']
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voices.errors import InputFormatError
from voices.ingest.consultation import timestamps
from voices.ingest.consultation.grid import parse_jsonl
from voices.ingest.consultation.long import LongTable
from voices.ingest.consultation.table import clean
from voices.ingest.reading import read_text

_PART = re.compile(r"question_part_(\d+)$")


def dataset_name(path: Path) -> str:
    """The name documents are filed under: the dataset folder above ``inputs``."""
    base = _base(path)
    return base.parent.name if base.name == "inputs" and base.parent.name else base.name


def _base(path: Path) -> Path:
    if path.is_dir():
        return path
    if path.parent.name.startswith("question_part_"):
        return path.parent.parent
    return path.parent


def load(path: str | Path) -> LongTable:
    """Read a ThemeFinder layout into a :class:`LongTable`.

    Raises:
        InputFormatError: no ``question_part_N/responses.jsonl`` can be found.
    """
    p = Path(path)
    base = _base(p)
    if p.is_file() and p.name != "respondents.jsonl":
        parts = [p.parent]
    else:
        found = [(n, d) for d in base.glob("question_part_*") if d.is_dir() and (n := _part_number(d)) is not None]
        parts = [d for _, d in sorted(found)]
    parts = [d for d in parts if (d / "responses.jsonl").exists()]
    if not parts:
        raise InputFormatError(
            p,
            expected="ThemeFinder inputs: question_part_N/responses.jsonl",
            found="no responses.jsonl",
            fix="pass the inputs/ folder of a ThemeFinder dataset",
        )
    demographics = _respondents(base / "respondents.jsonl")
    resp: list[Any] = []
    qids: list[str] = []
    qtexts: list[str | None] = []
    texts: list[str | None] = []
    rows: list[int] = []
    files: list[str] = []
    quarantine: list[dict[str, Any]] = []
    for k, part in enumerate(parts, start=1):
        qid, qtext = _question(part, k)
        name = f"{part.name}/responses.jsonl"
        text, _ = read_text(part / "responses.jsonl", expected="ThemeFinder responses.jsonl")
        for line, obj, err in parse_jsonl(text):
            if err is None and not (isinstance(obj, dict) and "response_id" in obj):
                err = "line is not an object with a response_id"
            if err is not None:
                quarantine.append({"file": name, "row": line, "reason": err})
                continue
            value = obj.get("response")
            resp.append(None if obj["response_id"] is None else str(obj["response_id"]))
            texts.append(value if isinstance(value, str) else (None if value is None else str(value)))
            qids.append(qid)
            qtexts.append(qtext)
            rows.append(line)
            files.append(name)
    text_s, whitespace = clean(pd.Series(texts, dtype="str"))
    return LongTable(
        platform="themefinder_jsonl",
        respondent=pd.Series(resp, dtype="str"),
        question_id=pd.Series(qids, dtype="str"),
        question_text=pd.Series(qtexts, dtype="str"),
        text=text_s,
        rows=np.asarray(rows, dtype=np.int64),
        created=timestamps.empty(len(rows)),
        files=np.asarray(files, dtype=object),
        respondent_meta={rid: {"demographics": demo} for rid, demo in demographics.items()},
        records_in=len(rows) + len(quarantine),
        quarantine=quarantine,
        notes={
            "question_parts": [d.name for d in parts],
            "respondents_with_demographics": len(demographics),
            "whitespace_only_answers": whitespace,
        },
    )


def _question(part: Path, k: int) -> tuple[str, str | None]:
    qfile = part / "question.json"
    number: Any = _part_number(part) or k
    if not qfile.exists():
        return f"Q{number}", None
    try:
        q = json.loads(read_text(qfile, expected="ThemeFinder question.json")[0])
    except json.JSONDecodeError:
        return f"Q{number}", None
    if not isinstance(q, dict):
        return f"Q{number}", None
    number = q.get("question_number", number)
    text = q.get("question_text")
    return f"Q{number}", text if isinstance(text, str) else None


def _part_number(part: Path) -> int | None:
    m = _PART.search(part.name)
    return int(m.group(1)) if m else None


def _respondents(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    text, _ = read_text(path, expected="ThemeFinder respondents.jsonl")
    out: dict[str, dict[str, Any]] = {}
    for _, obj, err in parse_jsonl(text):
        if err is None and isinstance(obj, dict) and "response_id" in obj:
            demo = obj.get("demographic_data")
            out[str(obj["response_id"])] = demo if isinstance(demo, dict) else {}
    return out

"""UK Parliament committee oral evidence as pipe-delimited rows: ``question|person|oralEvidence``.

Lines starting with ``#`` are the published heading (committee, session date, members present, witnesses); they
are not records, but the session date becomes ``created_at`` (midnight UTC) and ``meta["session_date"]``; only
the number of heading lines is noted (names stay out of notes). Each other line is a record; consecutive rows of
one person merge into a turn whose ``meta["questions"]`` lists the question numbers (``Q1``, ``Q2``…) it spans.

Roles: a ``persons.csv`` (``person|panel|sector|description``) next to the file, or passed as ``persons``, marks
committee members (sector ``member``) as interviewers and witnesses as participants, and adds ``panel`` and
``sector`` to ``meta``. Without one, a person who opens at least :data:`OPENS_SHARE` of their rows with a new
question number is a committee member; ``Chair`` is recognised by its label.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "oral_20140618.csv"
    >>> _ = p.write_text("#Oral evidence, Wednesday 18 June 2014\\nquestion|person|oralEvidence\\n"
    ...                  "Q1|Chair|Will you introduce yourselves?\\nQ1|Timo Hannay|I am Timo.\\n")
    >>> r = read_parliament_csv(p)
    >>> r.segments[["speaker", "speaker_role", "text", "source_row"]].values.tolist()
    [['Chair', 'interviewer', 'Will you introduce yourselves?', 3], ['Timo Hannay', 'participant', 'I am Timo.', 4]]
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.cues import Cue
from voices.ingest.transcripts.markup import shape, tidy
from voices.ingest.transcripts.roles import INTERVIEWER, PARTICIPANT
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.turns import finish

log = logging.getLogger(__name__)

EXPECTED = "UK Parliament oral evidence as pipe-delimited rows 'question|person|oralEvidence'"
PERSONS_EXPECTED = "a persons file with pipe-delimited rows 'person|panel|sector|description'"
#: A speaker who opens at least this share of their rows with a new question number is a committee member.
OPENS_SHARE = 0.3

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
_STEM_DATE_RE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


def persons_file(path: Path) -> Path | None:
    """The ``*persons*.csv`` beside ``path``: the one sharing its name prefix, or the only one there.

    Example:
        >>> persons_file(Path("/nonexistent/u1_oral_20140618.csv")) is None
        True
    """
    if not path.parent.is_dir():
        return None
    found = sorted(p for p in path.parent.glob("*persons*.csv") if p.is_file() and p != path)
    prefixed = [p for p in found if path.name.startswith(p.name.split("persons")[0])]
    chosen = prefixed or found
    return chosen[0] if len(chosen) == 1 or prefixed else None


def read_persons(path: str | Path) -> dict[str, dict[str, str]]:
    """Read ``person|panel|sector|description`` rows into ``{person: {"panel": …, "sector": …}}``.

    Raises:
        InputFormatError: the file cannot be read or has no ``person|…|sector`` header.
    """
    text, _ = load(path, expected=PERSONS_EXPECTED)
    rows = [line.split("|") for line in text.split("\n") if line.strip() and not line.startswith("#")]
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "person" not in header or "sector" not in header:
        raise InputFormatError(
            path,
            expected=PERSONS_EXPECTED,
            found=f"header {header[:6]}",
            fix="give the persons file a 'person|panel|sector|description' header row",
        )
    at: dict[str, int] = {name: header.index(name) for name in ("person", "panel", "sector") if name in header}
    out: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        if len(row) <= max(at.values()):
            continue
        info = {k: row[i].strip() for k, i in at.items() if k != "person" and row[i].strip()}
        out[row[at["person"]].strip()] = info
    return out


def _session_date(heading: list[str], path: Path) -> dt.date | None:
    for line in heading:
        if "evidence" in line.lower() and (m := _DATE_RE.search(line)):
            return dt.datetime.strptime(" ".join(m.groups()), "%d %B %Y").date()
    m = _STEM_DATE_RE.search(path.stem)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def read_parliament_csv(
    path: str | Path,
    *,
    persons: str | Path | None = None,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read Parliament oral evidence rows into one segment per speaker turn.

    Args:
        path: the pipe-delimited evidence file.
        persons: a ``persons.csv``; by default the one beside ``path`` (see :func:`persons_file`), if any.
        interviewers: speaker labels to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive rows of the same person into one turn.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format="parliament_csv"``.

    Raises:
        InputFormatError: the file has no ``|``-delimited rows, or ``persons`` cannot be read.
    """
    p = Path(path)
    text, encoding = load(p, expected=EXPECTED)
    result = start(p, "parliament_csv", encoding=encoding)
    lines = text.split("\n")
    heading = [line.lstrip("#").strip() for line in lines if line.startswith("#") and line.lstrip("#").strip()]
    data = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    if data and data[0][1].replace(" ", "").lower().startswith("question|person|"):
        data = data[1:]
    elif data and data[0][1].count("|") < 2:
        raise InputFormatError(
            p,
            expected=EXPECTED,
            found=f"a first row shaped {shape(data[0][1])!r} with fewer than two '|'",
            fix="check the file is the pipe-delimited evidence export, not a CSV with commas",
        )
    people_path = Path(persons) if persons is not None else persons_file(p)
    people = read_persons(people_path) if people_path is not None else {}
    if people_path is not None:
        result.notes["persons_file"] = people_path.name
    if heading:
        result.notes["heading_lines"] = len(heading)
    cues: list[Cue] = []
    for row, line in data:
        result.records_in += 1
        fields = line.split("|", 2)
        if len(fields) < 3:
            result.quarantine_row(
                row, f"expected 3 '|'-separated fields (question|person|oralEvidence), found {len(fields)}"
            )
            continue
        question, person, words = (f.strip() for f in fields)
        meta: dict[str, object] = {"questions": [question]} if question else {}
        meta.update(people.get(person, {}))
        cues.append(Cue(row, tidy(words), person or None, meta=meta))
    date = _session_date(heading, p)
    columns = {}
    if date is not None:
        for cue in cues:
            cue.meta["session_date"] = date.isoformat()
        columns["created_at"] = pd.Timestamp(date, tz="UTC")
        result.notes["session_date"] = date.isoformat()
    return finish(
        result,
        cues,
        document_id=p.stem,
        merge_turns=merge_turns,
        interviewers=interviewers,
        roles=roles,
        hints=_hints(cues, people),
        columns=columns,
    )


def _hints(cues: list[Cue], people: Mapping[str, Mapping[str, str]]) -> dict[str, tuple[str, str]]:
    hints: dict[str, tuple[str, str]] = {}
    for name, info in people.items():
        sector = info.get("sector", "")
        if sector == "member":
            hints[name] = (INTERVIEWER, "persons file: committee member")
        elif sector:
            hints[name] = (PARTICIPANT, f"persons file: {sector} witness")
    opened: dict[str, list[int]] = {}
    seen: set[str] = set()
    for cue in cues:
        question = (cue.meta.get("questions") or [None])[0]
        opens = question is not None and question not in seen
        if question is not None:
            seen.add(question)
        if cue.speaker is None or cue.speaker in hints:
            continue
        tally = opened.setdefault(cue.speaker, [0, 0])
        tally[0] += opens
        tally[1] += 1
    for name, (n_opened, n_rows) in opened.items():
        if n_opened / n_rows >= OPENS_SHARE:
            hints[name] = (INTERVIEWER, "opens questions (question numbering)")
    return hints

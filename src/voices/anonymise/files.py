"""The file-to-file contract behind ``voices anonymise INPUT --text-column COL --output OUT``.

Reads a CSV, JSONL or Parquet file and writes the same rows, in the same order, to OUT (format by extension),
with COL anonymised and a ``redactions`` column added: per row, a list of ``{start, end, label, confidence}``
with offsets (Unicode code points) into the *original* text. In CSV and Parquet the list is a JSON string; in
JSONL it is a list. Rows with an empty or missing text stay in place with empty redactions. Other columns are
written back unchanged (CSV cells as the exact strings read). Two repairs, logged with their line numbers: JSONL
strings holding lone surrogate escapes (``"\\ud800"``, not Unicode, so no model or UTF-8 file can take them) get
U+FFFD in their place, one for one, so offsets stay valid; bytes cells are decoded as UTF-8.

Example:
    >>> import tempfile, pathlib
    >>> from voices.anonymise.identifiers import default_detectors
    >>> from voices.anonymise.engine import Anonymiser
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "in.csv").write_text("id,answer\\n1,Call 07700 900123\\n2,\\n", encoding="utf-8")
    >>> summary = anonymise_file(d / "in.csv", d / "out.csv", text_column="answer",
    ...                          engine=Anonymiser(default_detectors(), names=False))
    >>> print((d / "out.csv").read_text(encoding="utf-8").strip())
    id,answer,redactions
    1,Call [PHONE_1],"[{""start"": 5, ""end"": 17, ""label"": ""PHONE"", ""confidence"": 0.95}]"
    2,,[]
"""

from __future__ import annotations

import csv
import difflib
import json
import logging
import math
import os
import re
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from voices.anonymise.engine import Anonymiser
from voices.errors import InputFormatError

log = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
REDACTIONS_COLUMN = "redactions"
#: Characters that some readers (Python's str.splitlines, JavaScript) take as line breaks: escaped in JSONL.
_LINE_BREAKS = {
    0x85: "\\u0085",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
    0x0B: "\\u000b",
    0x0C: "\\u000c",
    0x1C: "\\u001c",
    0x1D: "\\u001d",
    0x1E: "\\u001e",
}


def file_format(path: str | Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` from the file extension.

    Raises:
        InputFormatError: another extension.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputFormatError(
            path,
            expected="a .csv, .jsonl/.ndjson or .parquet file",
            found=f"the extension {suffix or '(none)'!r}",
            fix="convert the file or rename it with the extension of its real format",
        )
    return FORMATS[suffix]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _as_text(value: Any) -> str | None:
    """A cell as text: None when missing; whole-number floats without ".0" (a phone number read as float)."""
    if _missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_unicode(value: Any) -> tuple[Any, bool]:
    """``value`` with every lone surrogate in its strings (also nested) replaced by U+FFFD; and whether any was."""
    if isinstance(value, str):
        fixed = _SURROGATE.sub("\ufffd", value)
        return fixed, fixed != value
    if isinstance(value, list):
        pairs = [_valid_unicode(v) for v in value]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(value, dict):
        items = {k: _valid_unicode(v) for k, v in value.items()}
        return {k: v for k, (v, _) in items.items()}, any(c for _, c in items.values())
    return value, False


def _read(path: Path, fmt: str) -> tuple[list[str], list[dict[str, Any]] | None, pd.DataFrame | None]:
    """Columns, and either JSONL records or a DataFrame."""
    if not path.is_file():
        raise InputFormatError(path, expected="an existing file", found="nothing at that path", fix="check the path")
    if fmt == "jsonl":
        records: list[dict[str, Any]] = []
        columns: dict[str, None] = {}
        repaired: list[int] = []
        with path.open(encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputFormatError(
                        path,
                        expected="one JSON object per line",
                        found=f"invalid JSON on line {lineno} ({exc.msg})",
                        fix="repair or remove that line",
                    ) from exc
                if not isinstance(rec, dict):
                    raise InputFormatError(
                        path,
                        expected="one JSON object per line",
                        found=f"a {type(rec).__name__} on line {lineno}",
                        fix="write each record as an object",
                    )
                if "\\u" in line:  # a lone surrogate can only come from an escape
                    rec, changed = _valid_unicode(rec)
                    if changed:
                        repaired.append(lineno)
                records.append(rec)
                columns.update(dict.fromkeys(rec))
        if repaired:
            log.warning(
                "%s: lone surrogate escapes (not valid Unicode) on line(s) %s, each replaced by U+FFFD",
                path,
                ", ".join(map(str, repaired[:20])) + (" …" if len(repaired) > 20 else ""),
            )
        return list(columns), records, None
    if fmt == "csv":
        try:
            with warnings.catch_warnings():
                # Every row one cell longer than the header: pandas would take the first cells for an index,
                # or with index_col=False drop the last ones with only a warning. Either loses text: refuse.
                warnings.simplefilter("error", pd.errors.ParserWarning)
                frame = pd.read_csv(
                    path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig", index_col=False
                )
        except pd.errors.ParserWarning as exc:
            raise InputFormatError(
                path,
                expected="as many cells in each row as in the header",
                found="rows with more cells than the header",
                fix="quote cells that contain commas or line breaks (any spreadsheet export does), or repair the rows",
            ) from exc
        except UnicodeDecodeError as exc:
            raise InputFormatError(
                path, expected="UTF-8 text", found="bytes that are not UTF-8", fix="save the CSV as UTF-8"
            ) from exc
        except pd.errors.EmptyDataError as exc:
            raise InputFormatError(
                path, expected="a CSV with a header row", found="an empty file", fix="export the data again"
            ) from exc
        except pd.errors.ParserError as exc:  # "Expected 2 fields in line 3, saw 3"
            m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
            found = f"{m[3]} cells on line {m[2]} for {m[1]} header columns" if m else f"unreadable CSV ({exc})"
            raise InputFormatError(
                path,
                expected="as many cells in each row as in the header",
                found=found,
                fix="quote cells that contain commas or line breaks (any spreadsheet export does), or repair that line",
            ) from exc
        return [str(c) for c in frame.columns], None, frame
    frame = pd.read_parquet(path)
    return [str(c) for c in frame.columns], None, frame


def _check_column(path: Path, columns: Sequence[str], column: str | None, option: str) -> None:
    if column is None or column in columns:
        return
    close = difflib.get_close_matches(column, list(columns), n=1, cutoff=0.3)
    lower = [c for c in columns if c.lower() == column.lower()]
    hint: str | None = (lower or close or [None])[0]  # type: ignore[list-item]
    raise InputFormatError(
        path,
        expected=f"a column named {column!r}",
        found=f"the columns {list(columns)}",
        fix=f"pass {option} {hint!r}" if hint else f"pass {option} with one of those names",
    )


def anonymise_file(
    input: str | Path,
    output: str | Path,
    *,
    text_column: str,
    key_file: str | Path | None = None,
    key: str | bytes | None = None,
    scope: Literal["document", "corpus"] = "document",
    id_column: str | None = None,
    speaker_column: str | None = None,
    known_names: Sequence[str] = (),
    names: bool = True,
    names_model: str | None = None,
    operators: Mapping[str, str] | None = None,
    salt: str | bytes | None = None,
    engine: Anonymiser | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Anonymise one column of a table file and write the same rows, in order, with a ``redactions`` column.

    Args:
        input: a .csv, .jsonl/.ndjson or .parquet file.
        output: where to write; its extension chooses the format. Never the same path as ``input``.
        text_column: the column to anonymise.
        key_file: where to write the encrypted re-identification key (needs ``key``).
        key: a Fernet key (see :func:`voices.anonymise.keyfile.generate_key`); also salts hashed handles.
        scope: ``document``: pseudonyms restart per document (per row, or per ``id_column`` value);
            ``corpus``: one numbering for the whole file.
        id_column: rows sharing a value form one document (pseudonyms and names carry across them).
        speaker_column: a column of speaker names or author handles, pseudonymised and masked in the text.
        known_names: names that are always masked.
        names: run the person-name detectors (spaCy).
        names_model: their spaCy pipeline (None: en_core_web_sm; ``"voices-fast-ner"``: the packaged fast NER,
            about twice as fast with slightly lower precision).
        operators: operator per label, overriding the defaults.
        salt: secret for hashed handles (default: the key, else a random salt for this call, so the same handle
            hashes differently in two outputs unless a salt or key is given).
        engine: a ready :class:`~voices.anonymise.engine.Anonymiser` (overrides the options above).
        progress: callback ``(task, done, total)``.

    Returns:
        A summary: rows, rows with text, rows with redactions, redactions by label, review items, output path.

    Raises:
        InputFormatError: unreadable input, unknown extension, or a missing column (naming the closest one).
        KeyFileError: ``key_file`` without a usable ``key``, or an existing key file.
    """
    from voices.anonymise import keyfile

    started = time.perf_counter()
    src, dst = Path(input), Path(output)
    in_fmt, out_fmt = file_format(src), file_format(dst)
    if src.resolve() == dst.resolve():
        raise InputFormatError(
            dst,
            expected="an output path different from the input",
            found="the input itself",
            fix="choose another --output; the raw file is never overwritten",
        )
    if key_file is not None and not key:
        raise keyfile.KeyFileError(
            f"{key_file}: a key file was requested but no key was given. Fix: pass the key (CLI: set the variable "
            "named by --key-env), generated with voices.anonymise.keyfile.generate_key()."
        )
    if key_file is not None and Path(key_file).resolve().parent == dst.resolve().parent:
        log.warning("the key file %s sits beside the anonymised output; keep it somewhere else", key_file)
    columns, rows, frame = _read(src, in_fmt)
    _check_column(src, columns, text_column, "--text-column")
    _check_column(src, columns, id_column, "--id-column")
    _check_column(src, columns, speaker_column, "--speaker-column")
    if text_column == REDACTIONS_COLUMN:
        raise InputFormatError(
            src,
            expected=f"a text column with another name than {REDACTIONS_COLUMN!r}",
            found=f"--text-column {REDACTIONS_COLUMN!r}: the output adds a column of that name, which would replace it",
            fix="rename that column in the input",
        )
    if REDACTIONS_COLUMN in columns:
        log.warning("%s already has a %r column: the output replaces it with this run's log", src, REDACTIONS_COLUMN)

    def column(name: str) -> list[Any]:
        if rows is not None:
            return [r.get(name) for r in rows]
        assert frame is not None
        return list(frame[name].tolist())

    raw = column(text_column)
    texts = [_as_text(v) for v in raw]
    n = len(texts)
    docs = [str(v) for v in column(id_column)] if id_column else [str(i) for i in range(n)]
    speakers = [None if _missing(v) else str(v) for v in column(speaker_column)] if speaker_column else None
    if engine is None:
        engine = Anonymiser(
            names=names,
            names_model=names_model,
            known_names=known_names,
            operators=operators,
            scope=scope,
            salt=salt if salt is not None else key,
        )
    result = engine.run(texts, document_ids=docs, speakers=speakers, keep_key=key_file is not None, progress=progress)
    logs = [
        [{k: e[k] for k in ("start", "end", "label", "confidence")} for e in entries] for entries in result.redactions
    ]
    out_texts = [t if texts[i] is not None else raw[i] for i, t in enumerate(result.texts)]
    if out_fmt == "jsonl":
        records: list[dict[str, Any]] = rows if rows is not None else frame.to_dict(orient="records")  # type: ignore[union-attr]
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for i, rec in enumerate(records):
                rec = dict(rec)
                rec[text_column] = None if _missing(out_texts[i]) else out_texts[i]
                if speaker_column:
                    rec[speaker_column] = result.speakers[i]
                rec[REDACTIONS_COLUMN] = logs[i]
                line = json.dumps(
                    {k: (None if _missing(v) else v) for k, v in rec.items()}, ensure_ascii=False, default=str
                )
                fh.write(line.translate(_LINE_BREAKS) + "\n")
        os.replace(tmp, dst)
    else:
        out = pd.DataFrame.from_records(rows, columns=columns) if rows is not None else frame.copy()  # type: ignore[union-attr]
        out[text_column] = out_texts
        if speaker_column:
            out[speaker_column] = result.speakers
        out[REDACTIONS_COLUMN] = [json.dumps(entries) for entries in logs]
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + ".tmp")
        if out_fmt == "csv":
            # The csv module only quotes fields holding the line terminator ("\n"): a bare "\r" in a cell would
            # end the row when read back, so such files are written fully quoted.
            has_cr = any(out[c].astype("str").str.contains("\r", regex=False).any() for c in out.columns)
            out.to_csv(tmp, index=False, encoding="utf-8", quoting=csv.QUOTE_ALL if has_cr else csv.QUOTE_MINIMAL)
        else:
            if in_fmt == "csv":
                out = out.astype({text_column: "str"})
            out.to_parquet(tmp, index=False)
        os.replace(tmp, dst)
    if key_file is not None and key:
        keyfile.write(key_file, {"scope": scope, "source": src.name, "entries": result.key}, key)
    summary = result.summary()
    return {
        "input": str(src),
        "output": str(dst),
        "rows": n,
        "rows_with_text": sum(1 for t in texts if t),
        "rows_with_redactions": summary["texts_with_redactions"],
        "redactions": summary["redactions"],
        "by_label": summary["by_label"],
        "by_detector": summary["by_detector"],
        "review_items": sum(summary["review_by_reason"].values()),
        "review_by_reason": summary["review_by_reason"],
        "key_file": str(key_file) if key_file is not None else None,
        "seconds": round(time.perf_counter() - started, 3),
    }

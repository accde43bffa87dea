"""Reading and writing whole tables by file extension: CSV, JSONL and Parquet.

Used wherever a table crosses the boundary to users' files (``voices ingest --output``, quarantine files).

Example:
    >>> import pandas as pd, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.jsonl"
    >>> write_table(pd.DataFrame({"a": [1]}), p)
    >>> read_table(p)["a"].tolist()
    [1]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from voices.errors import InputFormatError

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def table_format(path: str | Path) -> str:
    """The table format implied by ``path``'s extension.

    Raises:
        InputFormatError: the extension is not .csv, .jsonl/.ndjson or .parquet.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputFormatError(
            path,
            expected="a .csv, .jsonl or .parquet file name",
            found=f"{suffix or 'no'} extension",
            fix="name the file with one of those extensions",
        )
    return FORMATS[suffix]


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, BOM tolerated), JSONL or Parquet table."""
    p = Path(path)
    fmt = table_format(p)
    if not p.exists():
        raise InputFormatError(p, expected="a table file", found="no such file", fix="check the path")
    try:
        if fmt == "csv":
            return pd.read_csv(p, encoding="utf-8-sig", keep_default_na=False, na_values=[""], dtype=str)
        if fmt == "jsonl":
            return pd.read_json(p, lines=True, dtype=False)
        return pd.read_parquet(p)
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise InputFormatError(
            p,
            expected=f"a readable {fmt} table",
            found=f"an unreadable file ({exc})",
            fix=f"check that the file really is {fmt}",
        ) from exc


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` as CSV, JSONL or Parquet according to ``path``'s extension (atomic rename)."""
    p = Path(path)
    fmt = table_format(p)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.tmp")
    if fmt == "csv":
        frame.to_csv(tmp, index=False)
    elif fmt == "jsonl":
        frame.to_json(tmp, orient="records", lines=True, force_ascii=False, date_format="iso")
    else:
        frame.to_parquet(tmp, index=False)
    tmp.replace(p)

"""A full ONS postcode lookup the user points to: NSPL, ONSPD or a "PCD_OA_LSOA_MSOA_LAD" best-fit file.

These files are large (2.7 million postcodes, about 1 GB as CSV), so only the columns voices needs are read,
with pyarrow. Column names differ between products and releases (``pcds``/``pcd7``/``pcd8``, ``lsoa11``/
``lsoa11cd``/``lsoa21cd``, ``laua``/``oslaua``/``ladcd``…); they are mapped to names that carry the census
vintage (``lsoa11cd``, ``lsoa21cd``). Ward and district columns keep the release's own vintage, recorded in
:attr:`NsplLookup.name`. Terminated postcodes are kept by default: an old postcode still says where the
respondent lives. Postcodes are normalised like :func:`voices.indicators.postcodes.normalise`.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "NSPL_NOV_2021_UK.csv"
    >>> _ = p.write_text("pcd,pcds,doterm,oa11,lsoa11,laua,ward,rgn\\nSR2 8LU,SR2 8LU,,E00044376,E01008736,"
    ...                  "E08000024,E05001158,E12000001\\n")
    >>> NsplLookup(p).table().loc["SR2 8LU", "lsoa11cd"]
    'E01008736'
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from voices.errors import InputFormatError

log = logging.getLogger(__name__)

#: Accepted header (lower case) → voices column. The first alias present wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "pcds": ("pcds", "pcd", "pcd7", "pcd8", "pcd2", "postcode"),
    "doterm": ("doterm",),
    "oa11cd": ("oa11", "oa11cd"),
    "lsoa11cd": ("lsoa11", "lsoa11cd"),
    "oa21cd": ("oa21", "oa21cd"),
    "lsoa21cd": ("lsoa21", "lsoa21cd"),
    "wdcd": ("osward", "ward"),
    "ladcd": ("oslaua", "laua", "ladcd", "lad25cd", "lad24cd", "lad23cd", "lad22cd", "lad21cd"),
    "rgncd": ("rgn", "rgncd"),
}


class NsplLookup:
    """A user-supplied NSPL / ONSPD / best-fit postcode CSV (plain or ``.gz`` / ``.zip`` of one CSV).

    Args:
        path: the CSV.
        live_only: drop terminated postcodes (default: keep them).
        name: how reports name this source (default: the file name).
    """

    def __init__(self, path: str | Path, *, live_only: bool = False, name: str | None = None) -> None:
        self.path = Path(path)
        self.live_only = live_only
        self.name = name or f"postcode lookup {Path(path).name}"
        self._table: pd.DataFrame | None = None

    def table(self) -> pd.DataFrame:
        if self._table is None:
            self._table = self._read()
        return self._table

    def _read(self) -> pd.DataFrame:
        import pyarrow.csv as pacsv

        if not self.path.is_file():
            raise InputFormatError(
                self.path,
                expected="an NSPL or ONSPD CSV file",
                found="no such file",
                fix="check the path (download NSPL from the ONS Open Geography Portal)",
            )
        header = pd.read_csv(self.path, nrows=0, encoding="utf-8-sig").columns
        lower = {c.lower().strip(): c for c in header}
        chosen: dict[str, str] = {}
        for target, names in ALIASES.items():
            for alias in names:
                if alias in lower:
                    chosen[target] = lower[alias]
                    break
        if "pcds" not in chosen or not ({"lsoa11cd", "lsoa21cd", "oa11cd", "oa21cd"} & set(chosen)):
            raise InputFormatError(
                self.path,
                expected="a postcode column (pcds, pcd, pcd7 or pcd8) and an LSOA or OA column (lsoa11, lsoa11cd, "
                "lsoa21cd, oa11…)",
                found=f"columns {list(header)[:20]}",
                fix="pass the NSPL/ONSPD 'Data' CSV (not the documentation or a user guide file)",
            )
        convert = pacsv.ConvertOptions(
            include_columns=list(chosen.values()),
            column_types={c: "string" for c in chosen.values()},
            strings_can_be_null=True,
        )
        table = pacsv.read_csv(self.path, convert_options=convert).to_pandas(types_mapper=pd.ArrowDtype)
        frame = pd.DataFrame({target: table[col].astype("str") for target, col in chosen.items()})
        frame = frame.replace({"": None})
        if self.live_only and "doterm" in frame.columns:
            frame = frame[frame["doterm"].isna()]
        squashed = frame["pcds"].str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
        frame["pcds"] = squashed.str.replace(r"^([A-Z0-9]+?)([0-9][A-Z]{2})$", r"\1 \2", regex=True)
        if "doterm" in frame.columns:  # a live row wins over a terminated duplicate
            frame = frame.sort_values("doterm", na_position="first")
        frame = frame.drop_duplicates("pcds").drop(columns=["doterm"], errors="ignore")
        log.info("%s: %d postcodes, columns %s", self.name, len(frame), list(frame.columns))
        return frame.set_index("pcds")

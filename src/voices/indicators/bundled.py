"""The small OGL extracts shipped with voices, loaded once per process, and the attribution they require.

See ``data/README.md`` for sources and vintages. Each loader returns a fresh copy-on-write view of a cached
frame, so callers may not edit it in place.

Example:
    >>> imd_lsoa().set_index("lsoa11cd").loc["E01008736", "imd_decile"]  # the LSOA of SR2 8LU, Sunderland
    np.int64(1)
    >>> len(imd_lsoa())
    32844
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

#: Attribution required by the Open Government Licence for the bundled data.
OGL: str = "Contains public sector information licensed under the Open Government Licence v3.0."
#: Extra attribution for anything derived from the postcode extract (NSPL).
POSTCODE_ATTRIBUTION: tuple[str, ...] = (
    "Contains OS data © Crown copyright and database right.",
    "Contains Royal Mail data © Royal Mail copyright and database right.",
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0.",
)
IMD_SOURCE: str = "English Indices of Deprivation 2019, MHCLG (© Crown copyright 2019)"
LOOKUP_SOURCE: str = "ONS Open Geography Portal lookups (LSOA 2011 → ward 2019 → LAD 2019 → region)"
NSPL_SOURCE: str = "ONS National Statistics Postcode Lookup, November 2021"
CPI_SOURCE: str = "ONS series D7G7, CPI annual rate, all items (MM23), release 25 March 2026"


def attribution(*, postcodes: bool = True) -> list[str]:
    """The attribution lines a report or export built on the bundled data must show.

    Example:
        >>> attribution(postcodes=False)[0]
        'Contains public sector information licensed under the Open Government Licence v3.0.'
    """
    return [OGL, *(POSTCODE_ATTRIBUTION if postcodes else ())]


def path(name: str) -> Path:
    """The path of a bundled data file, e.g. ``path("ons_d7g7_cpi_annual_rate.csv")``."""
    return Path(str(files("voices.indicators") / "data" / name))


def _read(name: str, ints: tuple[str, ...] = (), floats: tuple[str, ...] = ()) -> pd.DataFrame:
    dtypes = {c: "int64" for c in ints} | {c: "float64" for c in floats}
    frame = pd.read_csv(path(name), dtype="str", keep_default_na=False, na_values=[""])
    return frame.astype(dtypes) if dtypes else frame


_IMD_LSOA_INTS = (
    "imd_rank",
    "imd_decile",
    "income_decile",
    "employment_decile",
    "education_decile",
    "health_decile",
    "crime_decile",
    "housing_decile",
    "environment_decile",
)


@cache
def _imd_lsoa() -> pd.DataFrame:
    return _read("imd2019_lsoa11.csv.gz", ints=_IMD_LSOA_INTS)


@cache
def _imd_lad() -> pd.DataFrame:
    floats = (
        "imd_score",
        "imd_proportion",
        "imd_extent",
        "income_score",
        "employment_score",
        "education_score",
        "health_score",
        "crime_score",
        "housing_score",
        "environment_score",
    )
    return _read("imd2019_lad19.csv.gz", ints=("imd_rank", "imd_decile"), floats=floats)


@cache
def _lsoa_lookup() -> pd.DataFrame:
    return _read("lsoa11_wd19_lad19.csv.gz")


@cache
def _lad_region() -> pd.DataFrame:
    return _read("lad_region.csv.gz")


@cache
def _postcodes() -> pd.DataFrame:
    return _read("postcodes_nspl2111.csv.gz")


def imd_lsoa() -> pd.DataFrame:
    """IoD 2019 by LSOA 2011: ``lsoa11cd``, ``imd_rank``, ``imd_decile`` and the 7 domain deciles."""
    return _imd_lsoa().copy(deep=False)


def imd_lad() -> pd.DataFrame:
    """IoD 2019 by LAD 2019: average scores, proportion, extent, rank and decile of the average score."""
    return _imd_lad().copy(deep=False)


def lsoa_lookup() -> pd.DataFrame:
    """LSOA 2011 → ward 2019 → LAD 2019 (best fit), England and Wales, with names."""
    return _lsoa_lookup().copy(deep=False)


def lad_region() -> pd.DataFrame:
    """LAD (2018 and 2019 codes) → region (``E12…``; Wales as ``W92000004``)."""
    return _lad_region().copy(deep=False)


def postcodes() -> pd.DataFrame:
    """Live postcodes of 20 postcode areas (SR, DT, HG, …) from the November 2021 NSPL."""
    return _postcodes().copy(deep=False)

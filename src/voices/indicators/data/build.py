"""Rebuild the bundled geography and deprivation extracts from the published ONS / MHCLG files.

Maintainers run this once when a lookup is refreshed; voices never imports it. It reads the downloaded files
from ``SOURCE`` (see README.md in this folder for where each comes from) and writes compact, gzipped CSVs next
to itself, keeping only the columns voices uses.

Usage:
    python src/voices/indicators/data/build.py SOURCE_DIR [--areas SR DT ...]

``SOURCE_DIR`` holds ``imd/imd2019_england_lsoa11.csv``, ``imd/imd2019_england_ltla19.csv``,
``ons_lookups/LSOA11_WD19_LAD19_EW_csv135.csv``, ``ons_lookups/LAD18_RGN18_England_csv016.csv``,
``ons_lookups/OA11_LSOA11_MSOA11_LAD17_RGN11_OAC11_lookup_EW.csv.gz``, ``nspl_nov2021_subset.csv.gz`` and
``cost_of_living/ons_D7G7_cpi_annual_rate.csv``.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DOMAINS = {
    "Income": "income",
    "Employment": "employment",
    "Education": "education",
    "Health": "health",
    "Crime": "crime",
    "Housing_and_Access": "housing",
    "Environment": "environment",
}


def _write(frame: pd.DataFrame, name: str) -> None:
    path = HERE / name
    with gzip.GzipFile(path, "wb", mtime=0) as fh:  # mtime=0: the same input gives the same bytes
        fh.write(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    print(f"{name}: {len(frame)} rows, {path.stat().st_size / 1024:.0f} KiB")


def build_imd_lsoa(src: Path) -> None:
    imd = pd.read_csv(src / "imd/imd2019_england_lsoa11.csv")
    out = pd.DataFrame({"lsoa11cd": imd["lsoa11_code"], "imd_rank": imd["IMD_rank"], "imd_decile": imd["IMD_decile"]})
    for col, short in DOMAINS.items():
        out[f"{short}_decile"] = imd[f"{col}_decile"]
    for col in out.columns[1:]:
        out[col] = out[col].astype("int64")
    _write(out.sort_values("lsoa11cd"), "imd2019_lsoa11.csv.gz")


def build_imd_lad(src: Path) -> None:
    lad = pd.read_csv(src / "imd/imd2019_england_ltla19.csv")
    out = pd.DataFrame(
        {
            "lad19cd": lad["ltla19_code"],
            "imd_score": lad["Score"].round(3),
            "imd_proportion": lad["Proportion"].round(4),
            "imd_extent": lad["Extent"].round(4),
        }
    )
    for col, short in DOMAINS.items():
        out[f"{short}_score"] = lad[f"{col}_Score"].round(3)
    # Rank of average score (1 = most deprived) and its decile among the 317 districts, as MHCLG's LA summaries.
    out["imd_rank"] = out["imd_score"].rank(ascending=False, method="min").astype("int64")
    out["imd_decile"] = ((out["imd_rank"] - 1) * 10 // len(out) + 1).astype("int64")
    _write(out.sort_values("lad19cd"), "imd2019_lad19.csv.gz")


def build_lsoa_ward_lad(src: Path) -> None:
    w = pd.read_csv(src / "ons_lookups/LSOA11_WD19_LAD19_EW_csv135.csv", dtype=str)
    out = w.rename(columns=str.lower)[["lsoa11cd", "lsoa11nm", "wd19cd", "wd19nm", "lad19cd", "lad19nm"]]
    _write(out.sort_values("lsoa11cd"), "lsoa11_wd19_lad19.csv.gz")


def build_lad_region(src: Path) -> None:
    w = pd.read_csv(src / "ons_lookups/LSOA11_WD19_LAD19_EW_csv135.csv", dtype=str)
    oa = pd.read_csv(
        src / "ons_lookups/OA11_LSOA11_MSOA11_LAD17_RGN11_OAC11_lookup_EW.csv.gz", dtype=str, encoding="utf-8-sig"
    )
    rgn = oa[["LSOA11CD", "RGN11CD", "RGN11NM"]].drop_duplicates()
    lad19 = w.merge(rgn, on="LSOA11CD")[["LAD19CD", "LAD19NM", "RGN11CD", "RGN11NM"]].drop_duplicates()
    assert lad19["LAD19CD"].is_unique, "a 2019 district spans two regions"
    lad19.columns = ["ladcd", "ladnm", "rgncd", "rgnnm"]
    lad19["vintage"] = "2019"
    l18 = pd.read_csv(src / "ons_lookups/LAD18_RGN18_England_csv016.csv", dtype=str)
    l18 = l18.rename(columns={"LAD18CD": "ladcd", "LAD18NM": "ladnm", "RGN18CD": "rgncd", "RGN18NM": "rgnnm"})
    only18 = l18.loc[~l18["ladcd"].isin(lad19["ladcd"]), ["ladcd", "ladnm", "rgncd", "rgnnm"]].assign(vintage="2018")
    both = lad19["ladcd"].isin(l18["ladcd"])
    lad19.loc[both, "vintage"] = "2018 2019"
    out = pd.concat([lad19, only18]).sort_values("ladcd")
    _write(out, "lad_region.csv.gz")


def build_postcodes(src: Path, areas: list[str]) -> None:
    n = pd.read_csv(src / "nspl_nov2021_subset.csv.gz", dtype=str)
    live = n[n["doterm"].isna() & n["lsoa11"].notna()]
    area = live["pcds"].str.extract(r"^([A-Z]+)", expand=False)
    live = live[area.isin(areas)]
    out = live.rename(columns={"oa11": "oa11cd", "lsoa11": "lsoa11cd", "ward": "wdcd", "laua": "ladcd", "rgn": "rgncd"})
    _write(
        out[["pcds", "oa11cd", "lsoa11cd", "wdcd", "ladcd", "rgncd"]].sort_values("pcds"), "postcodes_nspl2111.csv.gz"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument(
        "--areas",
        nargs="+",
        default=[
            "DG",
            "DT",
            "FK",
            "GY",
            "HG",
            "HR",
            "HS",
            "HX",
            "IM",
            "JE",
            "KW",
            "LD",
            "PH",
            "SM",
            "SR",
            "TD",
            "TF",
            "WC",
            "WN",
            "ZE",
        ],
    )
    args = parser.parse_args()
    build_imd_lsoa(args.source)
    build_imd_lad(args.source)
    build_lsoa_ward_lad(args.source)
    build_lad_region(args.source)
    build_postcodes(args.source, args.areas)
    shutil.copyfile(args.source / "cost_of_living/ons_D7G7_cpi_annual_rate.csv", HERE / "ons_d7g7_cpi_annual_rate.csv")


if __name__ == "__main__":
    main()

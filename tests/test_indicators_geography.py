"""Postcodes and areas: real codes from the ONS / MHCLG files join to the right LSOA, ward, LAD, region and decile.

The expected values in tests/fixtures/indicators/postcodes_expected.csv were copied from the NSPL (November 2021),
the ONS LSOA 2011 → ward 2019 → LAD 2019 lookup and the IoD 2019 file (see make_fixtures.py there).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.indicators import bundled
from voices.indicators.areas import add_area_columns, match_report, resolve_areas
from voices.indicators.geography import BundledPostcodes, default_area_lookup, districts
from voices.indicators.nspl import NsplLookup
from voices.indicators.postcodes import normalise, parse


@pytest.fixture(scope="module")
def expected(fixtures_dir) -> pd.DataFrame:
    return pd.read_csv(fixtures_dir / "indicators" / "postcodes_expected.csv", dtype=str, keep_default_na=False)


def test_postcodes_normalise_messy_spellings():
    for typed in ("sr28lu", "SR2  8LU", " sr2 8lu ", "sr2-8lu", "Sr2\t8Lu"):
        assert normalise(typed) == "SR2 8LU"
    assert normalise("sr2") == "SR2"


def test_postcodes_parse_kinds():
    assert parse("SR2 8LU").kind == "unit"
    assert parse("SR2 8").kind == "sector"
    assert parse("sr2").kind == "district"
    assert parse("W1A 1AA").code == "W1A 1AA"
    assert parse("gir0aa").code == "GIR 0AA"
    for junk in ("", "   ", "n/a", "12345", "prefer not to say", None):
        assert parse(junk) is None


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["SR2 8LU", "DT11 9FA", "W1A 1AA", "HG5 0RY", "EC1A 1BB", "M1 1AE"]),
    st.lists(st.sampled_from([" ", "", "  ", "-", "\t"]), min_size=2, max_size=2),
    st.booleans(),
)
def test_postcodes_normalise_any_case_and_spacing(postcode, seps, lower):
    out_code, in_code = postcode.split(" ")
    typed = seps[0] + out_code + seps[1] + in_code
    typed = typed.lower() if lower else typed
    assert normalise(typed) == postcode
    assert normalise(normalise(typed)) == normalise(typed)


def test_geography_postcode_joins_match_ons_files(expected):
    england = expected[expected["imd19_decile"] != ""]
    resolved = resolve_areas(england["typed"]).set_index("area")
    got = resolved.loc[england["typed"]]
    assert (got["match"] == "lsoa11").all()
    assert got["lsoa11cd"].tolist() == england["lsoa11cd"].tolist()
    assert got["oa11cd"].tolist() == england["oa11cd"].tolist()
    assert got["wd19cd"].tolist() == england["wd19cd"].tolist()
    assert got["lad19cd"].tolist() == england["lad19cd"].tolist()
    assert got["lad19cd"].tolist() == england["lad_nspl"].tolist()  # NSPL's own district agrees
    assert got["rgncd"].tolist() == england["rgncd"].tolist()
    assert got["imd19_decile"].astype(int).tolist() == england["imd19_decile"].astype(int).tolist()
    assert got["imd19_rank"].astype(int).tolist() == england["imd_rank_nspl"].astype(int).tolist()


def test_geography_hook_returns_lsoa_for_every_fixture_postcode(expected):
    lookup = default_area_lookup()
    england = expected[expected["imd19_decile"] != ""]
    assert [lookup(t) for t in england["typed"]] == england["lsoa11cd"].tolist()
    assert lookup.counts()["lsoa11"] == len(england)


def test_geography_other_nations_are_reported_not_forced(expected):
    others = expected[expected["imd19_decile"] == ""].set_index("pcds")
    r = resolve_areas(others["typed"]).set_index("area")
    wales = r.loc[others.loc["LD1 6TB", "typed"]]
    assert wales["match"] == "lsoa11" and wales["lad19cd"] == "W06000023" and pd.isna(wales["imd19_decile"])
    assert "Welsh" in wales["note"]
    scotland = r.loc[others.loc["DG7 1NY", "typed"]]
    assert scotland["match"] == "unmatched" and "Scotland" in scotland["note"]
    jersey = r.loc[others.loc["JE4 0NY", "typed"]]
    assert jersey["match"] == "unmatched" and "Channel Islands" in jersey["note"]


def test_geography_hook_unmatched_becomes_district_and_is_counted():
    lookup = default_area_lookup()
    assert lookup("SR4") == "SR4"
    assert lookup("sr2 8zz") == "SR2"  # a typo: not in the lookup
    assert lookup("SR2 8") == "SR2"
    assert lookup("no idea") is None
    assert lookup.counts() == {"lsoa11": 0, "district": 3, "not_a_postcode": 1}
    assert lookup.unplaced() == {"SR4 (district only)": 1, "SR2 (not in lookup)": 1, "SR2 (sector only)": 1}


def test_geography_demo_postcodes_all_resolve(repo_root):
    survey = repo_root / "data/samples/consultation/wearside_cost_of_living_surveymonkey.csv"
    typed = pd.read_csv(survey, skiprows=[1], dtype=str)["What is your postcode?"]
    lookup = default_area_lookup()
    areas = typed.map(lambda t: lookup(t) if isinstance(t, str) else None)
    full = typed.notna() & typed.str.replace(r"\s", "", regex=True).str.len().ge(5)
    assert areas[full].str.match(r"E01\d{6}$").all(), typed[full & ~areas.str.match(r"E01\d{6}$", na=False)]
    assert areas[typed.notna() & ~full].str.fullmatch(r"SR\d").all()
    assert typed.isna().sum() == areas.isna().sum()  # only blanks give no area
    assert typed.str.contains("  ", regex=False).any() and typed.str.match(r"^sr\d\w{3}$", na=False).any()
    resolved = resolve_areas(areas)
    placed = resolved[resolved["area"].notna()]
    assert set(placed["match"]) <= {"lsoa11", "district"}
    # Sunderland, County Durham, and South Tyneside (some SR6 postcodes)
    assert set(placed["lad19cd"].dropna()) == {"E08000024", "E06000047", "E08000023"}


def test_geography_districts_place_most_postcodes():
    d = districts(BundledPostcodes())
    assert d.loc["SR4", "ladcd"] == "E08000024"
    assert d.loc["SR7", "ladcd"] == "E06000047" and 0.99 < d.loc["SR7", "lad_share"] < 1
    r = resolve_areas(["SR7", "SR6"]).set_index("area")
    assert r.loc["SR7", "match"] == "district" and r.loc["SR7", "lad19cd"] == "E06000047"
    assert pd.isna(r.loc["SR6", "lad19cd"]) and "several councils" in r.loc["SR6", "note"]


def test_geography_codes_and_names_given_directly():
    r = resolve_areas(
        [
            "E05001158",
            "Hendon, Sunderland",
            "Hendon (Sunderland)",
            "Sunderland",
            "sunderland 001a",
            "North East",
            "E12000001",
            "E08000024",
        ]
    ).set_index("area")
    assert r.loc["E05001158", "match"] == "ward" and r.loc["E05001158", "lad19cd"] == "E08000024"
    assert r.loc["Hendon, Sunderland", "wd19cd"] == r.loc["Hendon (Sunderland)", "wd19cd"] == "E05001158"
    assert r.loc["Sunderland", "lad19cd"] == "E08000024" and r.loc["Sunderland", "rgncd"] == "E12000001"
    assert r.loc["sunderland 001a", "match"] == "lsoa11"
    assert r.loc["North East", "rgncd"] == r.loc["E12000001", "rgncd"] == "E12000001"
    assert r.loc["E08000024", "rgnnm"] == "North East"


def test_geography_ambiguous_ward_name_asks_for_district():
    r = resolve_areas(["Hendon"]).iloc[0]
    assert r["match"] == "unmatched" and "Ward, District" in r["note"]


def test_geography_vintages_respected():
    r = resolve_areas(["E01033769", "E06000028", "E06000065", "E06000058", "E01008736"]).set_index("area")
    assert r.loc["E01033769", "match"] == "unmatched" and "2011 LSOA" in r.loc["E01033769", "note"]
    assert r.loc["E06000028", "match"] == "unmatched" and "2018" in r.loc["E06000028", "note"]  # Bournemouth
    assert r.loc["E06000028", "rgncd"] == "E12000009"  # South West
    assert r.loc["E06000065", "match"] == "unmatched"  # North Yorkshire (2023): newer than the lookups
    assert r.loc["E06000058", "match"] == "lad"  # Bournemouth, Christchurch and Poole (2019)
    assert "lsoa11cd" in r.columns and "wd19cd" in r.columns and "lad19cd" in r.columns


def test_geography_match_report_counts_and_lists_unplaced():
    resolved = resolve_areas(["E01008736", "SR4", "E01999999", None])
    counts = pd.Series({"E01008736": 30, "SR4": 9, "E01999999": 2})
    report = match_report(resolved.dropna(subset=["area"]), counts)
    assert report["by_level"] == {"district": 9, "lsoa11": 30, "unmatched": 2}
    assert report["not_at_lsoa_total"] == 11
    assert [i["area"] for i in report["not_at_lsoa"]] == ["SR4", "E01999999"]
    shown = match_report(resolved.dropna(subset=["area"]), counts, threshold=10)
    assert shown["by_level"] == {"district": None, "lsoa11": 30, "unmatched": None}  # 9 and 2 are small
    assert [i["count"] for i in shown["not_at_lsoa"]] == [None, None] and shown["not_at_lsoa_total"] == 11


def test_geography_match_report_never_lists_free_text():
    resolved = resolve_areas(["Flat 2, 12 Acacia Avenue", "SR4"])
    report = match_report(resolved, pd.Series({"Flat 2, 12 Acacia Avenue": 12, "SR4": 15}), threshold=10)
    assert [i["area"] for i in report["not_at_lsoa"]] == ["SR4", "(other text, not shown)"]
    assert "Acacia" not in str(report)


def test_geography_add_area_columns_keeps_every_row():
    frame = pd.DataFrame({"area_code": ["E01008736", None, "SR4", "nonsense", "E01008736"]})
    out = add_area_columns(frame)
    assert len(out) == 5
    assert out["area_match"].tolist() == ["lsoa11", "missing", "district", "unmatched", "lsoa11"]
    assert out["imd19_decile"].tolist()[0] == 1


def test_nspl_lookup_reads_user_file_with_other_headers(tmp_path, expected):
    rows = expected[expected["imd19_decile"] != ""].head(5)
    path = tmp_path / "ONSPD_MAY_2022_UK.csv"
    pd.DataFrame(
        {
            "PCD7": rows["pcds"].str.replace(" ", ""),
            "doterm": "",
            "OA11CD": rows["oa11cd"],
            "LSOA11CD": rows["lsoa11cd"],
            "OSLAUA": rows["lad_nspl"],
        }
    ).to_csv(path, index=False)
    source = NsplLookup(path)
    assert source.table().loc[rows["pcds"].iloc[0], "lsoa11cd"] == rows["lsoa11cd"].iloc[0]
    lookup = default_area_lookup(source)
    assert lookup(rows["typed"].iloc[1]) == rows["lsoa11cd"].iloc[1]
    assert lookup("SR2 8LU") == "SR2"  # not in this small lookup: district, counted
    assert lookup.counts()["district"] == 1


def test_nspl_lookup_explains_a_wrong_file(tmp_path):
    from voices.errors import InputFormatError

    path = tmp_path / "notes.csv"
    path.write_text("title,notes\nx,y\n")
    with pytest.raises(InputFormatError, match="postcode column"):
        NsplLookup(path).table()


def test_bundled_attribution_lines():
    lines = bundled.attribution()
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in lines
    assert "Contains OS data © Crown copyright and database right." in lines
    assert "Contains Royal Mail data © Royal Mail copyright and database right." in lines


def test_bundled_imd_covers_every_english_lsoa():
    imd = bundled.imd_lsoa()
    assert len(imd) == 32844 and imd["lsoa11cd"].is_unique
    assert imd["imd_decile"].between(1, 10).all()
    assert (imd.groupby("imd_decile").size().between(3284, 3285)).all()
    assert imd["imd_rank"].min() == 1 and imd["imd_rank"].max() == 32844


def test_bundled_lad_rank_matches_mhclg_summaries():
    lad = bundled.imd_lad().set_index("lad19cd")
    # IoD 2019 local authority summaries, rank of average score: the ten most deprived districts.
    top = [
        "E06000009",
        "E08000011",
        "E08000012",
        "E06000010",
        "E06000002",
        "E08000003",
        "E08000025",
        "E07000117",
        "E06000008",
        "E06000001",
    ]
    assert lad.sort_values("imd_rank").index[:10].tolist() == top
    assert len(lad) == 317

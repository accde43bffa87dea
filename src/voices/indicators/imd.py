"""The English Indices of Deprivation 2019 as built-in indicators (tidy rows), and what their numbers mean.

At LSOA 2011 level: the IMD rank and decile and the decile of each of the 7 domains. At local authority
(LAD 2019) level: the average score, the proportion of LSOAs in the most deprived 10% nationally, the extent,
the domain average scores, and the rank and decile of the average score. Ranks and deciles run from 1 = most
deprived; scores and proportions grow with deprivation.

Example:
    >>> rows = imd_indicators()
    >>> sorted(rows["geography"].unique().tolist())
    ['lad19', 'lsoa11']
    >>> rows.query("indicator == 'imd2019_decile' and area_code == 'E01008736'")["value"].tolist()
    [1.0]
"""

from __future__ import annotations

import pandas as pd

from voices.indicators import bundled

DOMAINS: dict[str, str] = {
    "income": "Income",
    "employment": "Employment",
    "education": "Education, Skills and Training",
    "health": "Health Deprivation and Disability",
    "crime": "Crime",
    "housing": "Barriers to Housing and Services",
    "environment": "Living Environment",
}
#: Indicator name → plain-English meaning, including which way is "more deprived".
MEANINGS: dict[str, str] = {
    "imd2019_rank": "IMD 2019 rank of the LSOA among 32,844 in England (1 = most deprived)",
    "imd2019_decile": "IMD 2019 decile of the LSOA (1 = most deprived 10% of LSOAs in England)",
    **{
        f"imd2019_{k}_decile": f"IMD 2019 {v} domain decile of the LSOA (1 = most deprived 10%)"
        for k, v in DOMAINS.items()
    },
    "imd2019_lad_score": "IMD 2019 average score of the local authority (higher = more deprived)",
    "imd2019_lad_proportion": "share of the local authority's LSOAs in England's most deprived 10% (higher = more)",
    "imd2019_lad_extent": "IMD 2019 extent: share of the population in the most deprived 30% (higher = more)",
    "imd2019_lad_rank": "IMD 2019 rank of average score among 317 local authorities (1 = most deprived)",
    "imd2019_lad_decile": "IMD 2019 decile of that rank among local authorities (1 = most deprived)",
    **{
        f"imd2019_lad_{k}_score": f"IMD 2019 {v} domain average score of the local authority (higher = more deprived)"
        for k, v in DOMAINS.items()
    },
}
#: Indicators where a *lower* value means *more* deprived (ranks and deciles).
LOWER_IS_MORE_DEPRIVED: frozenset[str] = frozenset(k for k in MEANINGS if k.endswith(("_rank", "_decile")))
SOURCE = bundled.IMD_SOURCE
LICENCE = "Open Government Licence v3.0"


def imd_indicators() -> pd.DataFrame:
    """Tidy indicator rows for IMD 2019 by LSOA 2011 and by LAD 2019 (about 330,000 rows)."""
    lsoa = bundled.imd_lsoa().rename(columns={"imd_rank": "imd2019_rank", "imd_decile": "imd2019_decile"})
    lsoa = lsoa.rename(columns={f"{k}_decile": f"imd2019_{k}_decile" for k in DOMAINS})
    long_lsoa = lsoa.melt(id_vars="lsoa11cd", var_name="indicator", value_name="value")
    long_lsoa = long_lsoa.rename(columns={"lsoa11cd": "area_code"}).assign(geography="lsoa11")
    lad = bundled.imd_lad()
    lad = lad.rename(columns={c: f"imd2019_lad_{c.removeprefix('imd_')}" for c in lad.columns if c != "lad19cd"})
    long_lad = lad.melt(id_vars="lad19cd", var_name="indicator", value_name="value")
    long_lad = long_lad.rename(columns={"lad19cd": "area_code"}).assign(geography="lad19")
    rows = pd.concat([long_lsoa, long_lad], ignore_index=True)
    rows["value"] = rows["value"].astype("float64")
    rows["period"] = None
    rows["source"] = SOURCE
    rows["licence"] = LICENCE
    return rows[["indicator", "geography", "area_code", "period", "value", "source", "licence"]]


def deciles(lsoa_codes: pd.Series) -> pd.Series:
    """IMD 2019 decile (1 = most deprived) of each LSOA 2011 code; missing for other codes.

    Example:
        >>> deciles(pd.Series(["E01008736", "E01033769", None])).tolist()
        [1, <NA>, <NA>]
    """
    table = bundled.imd_lsoa().set_index("lsoa11cd")["imd_decile"]
    return lsoa_codes.map(table).astype("Int64")

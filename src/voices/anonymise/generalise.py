"""Generalising instead of deleting: ages to bands, postcodes to areas.

Analysis needs "how old" and "where" at a coarse grain; a full postcode or an exact age with a place can single a
person out. :func:`age_band` gives ten-year bands (16–24 first, 85+ last); :func:`default_area_lookup` turns a
postcode into its district. The geography work plugs a real lookup (postcode → LSOA / ward / LAD code) in through
the same :data:`AreaLookup` signature.

Example:
    >>> age_band(38), age_band(72), age_band(91), age_band(12)
    ('35-44', '65-74', '85+', '0-15')
    >>> default_area_lookup("ls6 2ab")
    'LS6'
"""

from __future__ import annotations

from collections.abc import Callable

from voices.anonymise.identifiers.postcodes import district

#: ``postcode or district -> area code`` (or None when unknown).
AreaLookup = Callable[[str], "str | None"]

_BANDS: tuple[tuple[int, str], ...] = (
    (15, "0-15"),
    (24, "16-24"),
    (34, "25-34"),
    (44, "35-44"),
    (54, "45-54"),
    (64, "55-64"),
    (74, "65-74"),
    (84, "75-84"),
)


def age_band(age: int) -> str:
    """The band an age falls in: ``0-15``, ``16-24``, ``25-34`` … ``75-84``, ``85+``."""
    for upper, band in _BANDS:
        if age <= upper:
            return band
    return "85+"


def decade_band(decade: int) -> str:
    """The band for "in my 40s": the decade itself (``40-49``); 90s and over are ``85+``."""
    return "85+" if decade >= 90 else f"{decade}-{decade + 9}"


def default_area_lookup(postcode: str) -> str | None:
    """The postcode district (outward code) of a full postcode or district; None for an empty string."""
    code = district(postcode)
    return code or None

"""Build the multi-word place names shipped in ``src/voices/anonymise/data/place_phrases.txt.gz``.

Place names made of words that are also names ("Milton Keynes", "Sierra Leone", "Newton Abbot", "Barking and
Dagenham") were masked as people, which garbles the evidence and loses the place a comment is about. The name
detector leaves a run of words alone when it spells one of these phrases (unless a title or a user's name list
says it is a person).

Sources (nothing is downloaded; the ONS files are read from ``--ons-dir``, by default the shared data folder beside
the repo, which users do not need: the built list ships with voices):

* ONS local authority district, region and ward names: "Local Authority District to Region (December 2018)
  Lookup in England" and "Lower Layer Super Output Area (2011) to Ward (2019) Lookup in England and Wales"
  (Open Government Licence v3.0). Ward names are split into the places they list ("Alfold, Cranleigh Rural and
  Ellens Green" -> "Alfold", "Cranleigh", "Ellens Green") and compass or qualifier words are dropped from their ends
  ("Hemel Hempstead Town" -> "Hemel Hempstead").
* Country names of the ``faker`` package's English address provider (MIT).

Phrases of two or more words (hyphens count: "Stoke-on-Trent") are matched wherever they occur. One-word places
("Armley", "Bolton") are kept too, but the detector uses them only with place context ("in Armley",
"Bolton council").
Ward phrases that read like a person ("William Knibb": a very common first name, then a word) are dropped;
district, region and country names are kept as they are.

Run::

    python annotation/build_place_names.py
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "voices" / "anonymise" / "data" / "place_phrases.txt.gz"
ONS = ROOT.parent / "shared" / "data" / "indicators" / "ons_lookups"
#: Words at either end of a ward name that qualify the place rather than name it.
_QUALIFIER_WORDS = (
    "north south east west central town rural urban ward village villages and with the upper lower inner outer "
    "mid north-east north-west south-east south-west northern southern eastern western"
)
QUALIFIERS = frozenset(_QUALIFIER_WORDS.split())
_SPLIT = re.compile(r",| and | & | with |/")
_WORD = re.compile(r"[A-Za-z]")


def _n_words(phrase: str) -> int:
    return len(re.split(r"[\s-]+", phrase.strip()))


def _read(path: Path, *columns: str) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {row[c].strip() for row in csv.DictReader(fh) for c in columns if row.get(c)}


def _ward_phrases(name: str, *, single: bool = False) -> set[str]:
    out = set()
    for part in _SPLIT.split(name):
        words = part.split()
        while words and words[0].lower() in QUALIFIERS:
            words = words[1:]
        while words and words[-1].lower() in QUALIFIERS:
            words = words[:-1]
        if words and (single or _n_words(" ".join(words)) >= 2):
            out.add(" ".join(words))
    return out


def _person_like(phrase: str) -> bool:
    sys.path.insert(0, str(ROOT / "src"))
    from voices.anonymise.names.lexicon import NameLexicon

    words = phrase.split()
    first = NameLexicon.default().get(words[0])
    return len(words) == 2 and first is not None and first.first >= 3 and not first.place


def main() -> None:
    import argparse

    from faker.providers.address.en import Provider

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ons-dir", type=Path, default=ONS, help="folder with the two ONS lookup CSVs")
    ons = parser.parse_args().ons_dir
    needed = [ons / "LAD18_RGN18_England_csv016.csv", ons / "LSOA11_WD19_LAD19_EW_csv135.csv"]
    if missing := [str(p) for p in needed if not p.is_file()]:
        sys.exit(
            f"expected the ONS lookups {missing}, found none. Fix: pass --ons-dir with the folder that holds them "
            "(the shipped place_phrases.txt.gz does not need rebuilding to use voices)."
        )
    official = _read(needed[0], "LAD18NM", "RGN18NM")
    official |= _read(needed[1], "LAD19NM")
    official |= {c for c in Provider.countries if "(" not in c}
    wards = _read(needed[1], "WD19NM")
    phrases = {p for p in official if _n_words(p) >= 2}
    dropped = set()
    for ward in wards:
        for p in _ward_phrases(ward) | ({ward} if _n_words(ward) >= 2 and not _SPLIT.search(ward) else set()):
            (dropped if _person_like(p) else phrases).add(p)
    phrases = {p for p in phrases if _WORD.search(p)}
    # One-word places: only used with place context ("in Armley", "Bolton council"), never alone.
    singles = {p for name in official | wards for p in _ward_phrases(name, single=True) if _n_words(p) == 1}
    singles = {p for p in singles if p[:1].isupper() and p.isalpha() and len(p) > 2}
    phrases |= singles
    OUT.write_bytes(gzip.compress(("\n".join(sorted(phrases)) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {len(phrases)} place names ({len(singles)} one-word) to {OUT}")
    print(f"dropped {len(dropped)} person-like ward phrases: {sorted(dropped)[:12]}")


if __name__ == "__main__":
    main()

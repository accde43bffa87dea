"""Time consultation.read on a synthetic SurveyMonkey-shaped export (two header rows, ~10 question columns).

Run: .venv/bin/python bench/ingest_consultation.py [--rows 100000] [--seed 0]
Writes the export to a temporary folder, reads it once, and prints rows/s, segments, and peak memory (process
RSS, from psutil's sampling thread if installed, else resource.getrusage), plus the CSV's size on disk.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import threading
import time
from pathlib import Path

WARDS = ["Armley", "Headingley & Hyde Park", "Gipton & Harehills", "Kirkstall", "Roundhay", "Beeston & Holbeck"]
LIKELY = ["Much less likely", "Less likely", "No change", "More likely"]
SERVICES = ["Borrowing books", "Computers and Wi-Fi", "Children's activities"]
PHRASES = [
    "the bus only runs twice a day",
    "rent has gone up again",
    "I skip meals so the children can eat",
    "the library is the only warm place",
    "nobody answers at the housing office",
    "heating costs too much",
    "please keep Saturday opening",
    "the computers are how I apply for jobs",
    "mould in the bedroom",
    "more youth workers on the estate",
    "free school meals for every child",
    "the food bank is closed",
]


def write_export(path: Path, rows: int, seed: int) -> None:
    """Write a SurveyMonkey 'expanded' CSV with ``rows`` respondents."""
    rng = random.Random(seed)
    q_multi = "Which library services do you use? (Select all that apply)"
    h1 = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Which ward do you live in?",
        q_multi,
        "",
        "",
        "",
        "How likely are you to use the library if hours are cut?",
        "What would you change about the library service, and why?",
        "Anything else you would like to tell us?",
        "Which age band are you in?",
    ]
    h2 = [
        "",
        "",
        "",
        "",
        "",
        "Response",
        *SERVICES,
        "Other (please specify)",
        "Response",
        "Open-Ended Response",
        "Open-Ended Response",
        "Response",
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(h1)
        w.writerow(h2)
        for i in range(rows):
            day = 1 + i % 28
            answer = ". ".join(rng.choice(PHRASES).capitalize() for _ in range(rng.randint(1, 4))) + "."
            extra = "" if rng.random() < 0.6 else rng.choice(PHRASES).capitalize() + ",\nand " + rng.choice(PHRASES)
            w.writerow(
                [
                    str(110_000_000_000 + i),
                    "431234567",
                    f"01/{day:02d}/2026 09:{i % 60:02d}:12 AM",
                    f"01/{day:02d}/2026 10:{i % 60:02d}:40 AM",
                    f"203.0.113.{i % 250}",
                    rng.choice(WARDS),
                    *[s if rng.random() < 0.4 else "" for s in SERVICES],
                    "" if rng.random() < 0.9 else "Rhyme time",
                    rng.choice(LIKELY),
                    answer if rng.random() < 0.9 else "",
                    extra,
                    rng.choice(["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]),
                ]
            )


class PeakRSS:
    """Sample this process's resident memory every 20 ms (psutil), falling back to ru_maxrss."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        try:
            import psutil

            self._proc = psutil.Process()
        except ImportError:  # pragma: no cover - psutil ships with the dev environment
            self._proc = None

    def __enter__(self) -> PeakRSS:
        if self._proc is not None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._proc is not None:
            self._thread.join()
            self.peak = max(self.peak, self._proc.memory_info().rss)
        else:
            self.peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from voices.ingest import consultation

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "surveymonkey_bench.csv"
        t0 = time.perf_counter()
        write_export(path, args.rows, args.seed)
        wrote = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        try:
            import psutil

            before = psutil.Process().memory_info().rss
        except ImportError:  # pragma: no cover
            before = 0
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            result = consultation.read(path)
            took = time.perf_counter() - t0
        result.check()
    print(f"rows: {args.rows:,}  file: {size_mb:.1f} MB (written in {wrote:.1f} s)")
    print(
        f"read: {took:.2f} s  -> {args.rows / took:,.0f} rows/s; {len(result.segments):,} segments, "
        f"{len(result.dropped):,} dropped, {len(result.quarantine):,} quarantined"
    )
    print(f"memory: peak RSS {mem.peak / 1e6:.0f} MB (RSS before read {before / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()

"""Speed of comparing two 30-page drafts against one 30-page analysis (issue 13: within 3x).

    python bench/compare_speed.py            # medians of 5 warm runs
    python bench/compare_speed.py --runs 9

The pair is the generated 30-page PDF contract twice, as two byte strings: two full
analyses plus the alignment of every finding against every finding of its category (the
most pairs the alignment can meet). Runs are taken in turn, after a warm-up of each.
Prints only; nothing here asserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_RATIO = 3.0


def main(argv: list[str] | None = None) -> int:
    from analyzers import analyze_file
    from analyzers.compare import compare_reports
    from bench.gen_contracts import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    path = generate(ROOT / "bench" / "out", (30,), extras=False)["contract_30p.pdf"]
    old = path.read_bytes()
    new = path.read_bytes()  # a second copy: the comparison does not get to know they match

    def one() -> None:
        analyze_file(old, path.name)

    def pair() -> None:
        compare_reports(analyze_file(old, path.name), analyze_file(new, "new.pdf"))

    timings: dict[str, list[float]] = {"one": [], "pair": []}
    one()
    pair()
    for _ in range(args.runs):
        for name, function in (("one", one), ("pair", pair)):
            started = time.perf_counter()
            function()
            timings[name].append((time.perf_counter() - started) * 1000)
    single = statistics.median(timings["one"])
    both = statistics.median(timings["pair"])
    ratio = both / single
    verdict = "OK  " if ratio <= TARGET_RATIO else "MISS"
    print(f"one 30-page analysis   {single:8.1f} ms")
    print(f"30-page pair compared  {both:8.1f} ms")
    print(f"{verdict} compare/analysis ratio {ratio:.2f}x (target <= {TARGET_RATIO:.0f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

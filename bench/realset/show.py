"""Print candidates for labelling: ``python -m bench.realset.show BATCH [--blind]``.

Batches are the lines of ``tests/realset/batches.json``: each names the candidate ids a
labeller owns. ``--blind`` prints the blind-relabel sample instead. Text is read from
``../shared/data`` and printed, never written into the repository.
"""

from __future__ import annotations

import argparse
import json

from bench.realset.pool import POOL
from bench.realset.refs import resolve

BATCHES = POOL.parent / "batches.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("batch")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with open(BATCHES, encoding="utf-8") as handle:
        ids = json.load(handle)[args.batch]
    rows = {}
    with open(POOL, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows[row["id"]] = row
    for ident in ids[args.start : args.start + args.count]:
        row = rows[ident]
        where = row["path"] if row["source"] != "tosdr" else "ToS;DR quote, " + row["group"]
        print(f"=== {ident}  [{where}]")
        print(resolve(row).strip())
        print()


if __name__ == "__main__":
    main()

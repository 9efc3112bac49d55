"""Out-of-fold errors of the last training run: ``python -m bench.realset.oof CATEGORY``.

``train.py`` keeps each train/dev clause's probabilities from the fold model that never saw
its document (``bench/out/oof.npz``). Reading their misses and false alarms shows what the
model gets wrong without looking at the test split. Prints the clause text (read from
``../shared/data``) to the terminal only.
"""

from __future__ import annotations

import argparse

import numpy as np

from analyzers.classifier import load_classifier
from analyzers.model import CATEGORIES
from bench.realset.dataset import pool
from bench.realset.refs import resolve
from bench.realset.train import OOF, decisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("category", choices=CATEGORIES)
    parser.add_argument("--limit", type=int, default=15)
    args = parser.parse_args()
    data = np.load(OOF)
    classifier = load_classifier()
    assert classifier is not None
    found = decisions(data["p"], data["ruled"], classifier.thresholds)
    k = CATEGORIES.index(args.category)
    y, p, ruled = data["y"][:, k], data["p"][:, k], data["ruled"][:, k]
    refs = pool()
    for title, wrong in (("missed", (y == 1) & ~found[:, k]), ("false", (y == 0) & found[:, k])):
        rows = np.flatnonzero(wrong)
        print(f"\n##### {title}: {len(rows)} (rule 1 = hit, -1 = refused)")
        for i in rows[: args.limit]:
            ident = str(data["ids"][i])
            print(f"--- {ident} p={p[i]:.2f} rule={ruled[i]}")
            print(resolve(refs[ident]).strip()[:700])


if __name__ == "__main__":
    main()

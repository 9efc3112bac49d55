"""Quality on the real labelled set: ``python -m bench.realset.evaluate [--split test]``.

Runs every labelled real clause of a split through ``analyze_text`` and prints per-category
precision, recall and F1, micro- and macro-F1, AI macro-F1 (the three AI and data
categories) and the protective clauses reported as training grants. ``test`` is the honest
figure (never used for tuning); ``dev`` is what thresholds were tuned on.
"""

from __future__ import annotations

import argparse

from analyzers.model import CATEGORIES
from bench.eval import Evaluation, evaluate, print_table
from bench.realset.dataset import real_rows

AI_CATEGORIES = ("ai_training_grant", "data_processing_rights", "ai_protection")


def macro_f1(result: Evaluation, categories: tuple[str, ...] = CATEGORIES) -> float:
    scored = [result.f1(c)[2] for c in categories if result.support(c)]
    return sum(scored) / len(scored) if scored else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--errors", action="store_true", help="list false positives/negatives")
    args = parser.parse_args(argv)
    rows = real_rows(args.split)
    result = evaluate(rows)
    print_table(result)
    print(f"macro-F1 {macro_f1(result):.3f}   AI macro-F1 {macro_f1(result, AI_CATEGORIES):.3f}")
    if args.errors:
        for kind, errors in (("FP", result.false_positives), ("FN", result.false_negatives)):
            for category, row_id, text in errors:
                print(f"{kind} {category:26} {row_id} {' '.join(text.split())[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

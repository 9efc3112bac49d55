"""Blind relabel agreement: ``python -m bench.realset.agreement``.

A random 10% of the pool was labelled a second time by a labeller who saw neither the
first labels nor the other batches (``labels/blind.jsonl``). For each category this prints
how often the two agree that it is present (positive agreement, the F1 of one labelling
against the other) and Cohen's kappa over the sample.
"""

from __future__ import annotations

from analyzers.model import CATEGORIES
from bench.realset.dataset import BLIND, labels


def agreement() -> list[tuple[str, int, int, float, float]]:
    first, blind = labels(), labels(BLIND)
    shared = sorted(set(first) & set(blind))
    out = []
    for category in (*CATEGORIES, "none"):
        a = [category in first[i]["labels"] for i in shared]
        b = [category in blind[i]["labels"] for i in shared]
        both = sum(x and y for x, y in zip(a, b, strict=True))
        either = sum(a) + sum(b)
        if not either:
            continue
        positive = 2 * both / either
        n = len(shared)
        observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
        expected = (sum(a) * sum(b) + (n - sum(a)) * (n - sum(b))) / (n * n)
        kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
        out.append((category, sum(a), sum(b), positive, kappa))
    return out


def main() -> None:
    rows = agreement()
    shared = len(set(labels()) & set(labels(BLIND)))
    print(f"{shared} clauses labelled twice\n")
    print(f"{'category':28} {'first':>5} {'blind':>5} {'agree':>6} {'kappa':>6}")
    for category, a, b, positive, kappa in rows:
        print(f"{category:28} {a:5d} {b:5d} {positive:6.2f} {kappa:6.2f}")
    first, blind = labels(), labels(BLIND)
    exact = sum(set(first[i]["labels"]) == set(blind[i]["labels"]) for i in set(first) & set(blind))
    print(f"\nsame label set on {exact}/{shared} clauses ({exact / shared:.0%})")


if __name__ == "__main__":
    main()

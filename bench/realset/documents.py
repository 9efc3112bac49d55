"""Whole-document quality: ``python -m bench.realset.documents [--split test | --folds]``.

The documents of rounds 7 and 8 were labelled paragraph by paragraph, every paragraph, so
a document holds a category when one of its paragraphs does. Each such document is
analysed whole, as a member would send it (``analyze_file`` of its bytes), and its
reported categories are compared with the labelled ones: risks found (of those present),
and absent categories not invented (of those absent).

``--split test`` is the honest figure (the shipped model never saw these documents).
``--folds`` judges the train and dev documents out of fold: each fold's documents are
analysed with a model fitted without them (the shipped model's per-category strengths and
thresholds), which gives a larger sample to study whole-document behaviour on without
touching the test split. Needs scikit-learn for that (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from unittest import mock

from analyzers import ClauseScoutError, analyze_file
from analyzers.language import looks_english
from analyzers.model import CATEGORIES
from bench.realset.dataset import labels, pool
from bench.realset.refs import read_source

DENSE = ":dense"  # the reason of rounds 7 and 8


def labelled_documents(splits: Iterable[str]) -> dict[str, set[str]]:
    """Path -> the categories its labelled paragraphs hold, for the dense documents in
    English of the given splits."""
    refs, found = pool(), labels()
    wanted = set(splits)
    dense = {ref["path"] for ref in refs.values() if ref["reason"].endswith(DENSE)}
    held: dict[str, set[str]] = defaultdict(set)
    for ident, label in found.items():
        ref = refs[ident]
        if ref["path"] in dense and ref["split"] in wanted and not label.get("unusable"):
            held[ref["path"]].update(c for c in label["labels"] if c != "none")
    return {path: cats for path, cats in held.items() if looks_english(read_source(path))}


@dataclass
class Tally:
    documents: int = 0
    present: int = 0
    found: int = 0
    absent: int = 0
    invented: int = 0
    by_category: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, present: set[str], reported: set[str]) -> tuple[set[str], set[str]]:
        """Count one document; its missed and its invented categories."""
        absent = set(CATEGORIES) - present
        missed, invented = present - reported, reported & absent
        self.documents += 1
        self.present += len(present)
        self.found += len(present) - len(missed)
        self.absent += len(absent)
        self.invented += len(invented)
        for category in missed:
            self.by_category[category][0] += 1
        for category in invented:
            self.by_category[category][1] += 1
        return missed, invented

    @property
    def found_share(self) -> float:
        return self.found / max(1, self.present)

    @property
    def kept_share(self) -> float:
        """Of the categories absent from the documents, the share not reported."""
        return (self.absent - self.invented) / max(1, self.absent)

    def add_and_show(self, path: str, present: set[str], reported: set[str]) -> None:
        missed, invented = self.add(present, reported)
        print(f"{path[:70]}")
        print(
            f"  found {len(present) - len(missed)}/{len(present)}; "
            f"invented {len(invented)}/{len(CATEGORIES) - len(present)}"
        )
        if missed:
            print(f"  missed:   {', '.join(sorted(missed))}")
        if invented:
            print(f"  invented: {', '.join(sorted(invented))}")

    def summary(self) -> str:
        kept = self.absent - self.invented
        lines = [
            f"{self.documents} documents: risks found {self.found}/{self.present} "
            f"({self.found_share:.0%}), absent not invented {kept}/{self.absent} "
            f"({self.kept_share:.0%})"
        ]
        for category, (missed, invented) in sorted(self.by_category.items()):
            lines.append(f"  {category:28} missed in {missed}, invented in {invented}")
        return "\n".join(lines)


def reported_categories(path: str) -> set[str]:
    """What the bot reports for the whole file (nothing, when it refuses the file)."""
    try:
        report = analyze_file(read_source(path).encode("utf-8"), PurePosixPath(path).name)
    except ClauseScoutError:
        return set()
    return {finding.category for finding in report.findings}


def out_of_fold(documents: dict[str, set[str]], tally: Tally) -> None:
    """Analyse each fold's documents with a model fitted on the other folds."""
    import numpy as np
    from scipy.sparse import vstack

    from analyzers.classifier import build_classifier, load_classifier, model_bytes
    from bench.realset import train

    shipped, raw = load_classifier(), model_bytes()
    assert shipped is not None and raw is not None, "no shipped model"
    with np.load(io.BytesIO(raw), allow_pickle=False) as data:
        strengths = data["strengths"]
    real = train.real_rows("train") + train.real_rows("dev")
    extra = train.own_rows() + train.rule_example_rows()
    (x_real, _), y_real = train.matrix(real), train.targets(real)
    (x_extra, _), y_extra = train.matrix(extra), train.targets(extra)
    folds = np.array([train.fold_of(row) for row in real])
    fold_of_path = {}
    refs = pool()
    for row, fold in zip(real, folds, strict=True):
        fold_of_path[refs[row["id"]]["path"]] = int(fold)
    for fold in range(train.FOLDS):
        inside = folds != fold
        weights, bias = train.fit(
            vstack([x_real[inside], x_extra]), np.vstack([y_real[inside], y_extra]), strengths
        )
        rows = np.flatnonzero(np.abs(weights).max(axis=0) > 1e-4)
        model = build_classifier(
            shipped.categories, rows, weights[:, rows].T, bias, shipped.thresholds, "fold"
        )
        with mock.patch("analyzers.engine.load_classifier", lambda model=model: model):
            for path, present in sorted(documents.items()):
                if fold_of_path.get(path) == fold:
                    tally.add_and_show(path, present, reported_categories(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--folds", action="store_true", help="train and dev, out of fold")
    args = parser.parse_args(argv)
    tally = Tally()
    if args.folds:
        out_of_fold(labelled_documents(("train", "dev")), tally)
    else:
        for path, present in sorted(labelled_documents((args.split,)).items()):
            tally.add_and_show(path, present, reported_categories(path))
    print()
    print(tally.summary() if tally.documents else "no labelled whole documents in English")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

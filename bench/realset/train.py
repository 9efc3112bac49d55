"""Train the classifier: ``python -m bench.realset.train`` (deterministic).

Fits one L2 logistic model per category (classes balanced, since most clauses are none)
on the real train split plus the project's own written clauses, picks the regularisation
strength and each category's two decision thresholds on the dev split, and writes
``analyzers/data/classifier.npz``. The test split is never read here. Needs scikit-learn
(``pip install -e '.[train]'``) and ``../shared/data``.
"""

from __future__ import annotations

import argparse

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from analyzers.context import DEFAULT_LEXICON
from analyzers.engine import find_hits
from analyzers.extract import document_from_text
from analyzers.features import BUCKETS, clause_features, hashed
from analyzers.learned import clause_context, other_side_acts, subject_side
from analyzers.model import CATEGORIES
from analyzers.rules import load_rules
from analyzers.segment import segment
from bench.realset.dataset import own_rows, real_rows
from bench.realset.refs import ROOT

OUT = ROOT / "analyzers" / "data" / "classifier.npz"
NAME = "clausescout-linear-1"
C_GRID = (4.0, 8.0, 16.0)
DEFAULT_CONFIRM, DEFAULT_ADD = 0.5, 0.8
# Bounded grids: dev has a few dozen examples of most categories, and a threshold tuned
# to an extreme on so few generalises badly.
CONFIRM_GRID = tuple(round(x, 2) for x in np.arange(0.2, 0.71, 0.05))
ADD_GRID = (*(round(x, 2) for x in np.arange(0.6, 0.96, 0.05)), 1.01)  # 1.01: never adds


def span_features(text: str) -> list[str]:
    """Features of a labelled span, read the way the engine reads a clause."""
    document = document_from_text(text)
    segmentation = segment(document)
    hits = find_hits(document, segmentation, load_rules())
    contexts = dict.fromkeys(
        context
        for clause in segmentation.clauses
        if (context := clause_context(document.text, clause))
    )
    return clause_features(
        document.text,
        context=" ".join(contexts),
        rule_categories={hit.rule.category for hit in hits.hits},
        vetoed_categories={category for category, _ in hits.vetoed},
        subject=subject_side(document.text, DEFAULT_LEXICON),
    )


def matrix(rows: list[dict]) -> tuple[csr_matrix, np.ndarray]:
    """Feature matrix, and per row and category: 1 rule hit, -1 refused by context, 0 none."""
    indptr, indices = [0], []
    ruled = np.zeros((len(rows), len(CATEGORIES)), dtype=np.int8)
    for i, row in enumerate(rows):
        features = span_features(row["text"])
        for feature in features:
            if feature.startswith("VETO:"):
                ruled[i, CATEGORIES.index(feature[5:])] = -1
        subject = next((f[5:] for f in features if f.startswith("SUBJ:")), None)
        for k, category in enumerate(CATEGORIES):
            if other_side_acts(category, subject):
                ruled[i, k] = -1  # the engine never adds it on its own here
        for feature in features:
            if feature.startswith("RULE:"):
                ruled[i, CATEGORIES.index(feature[5:])] = 1
        buckets = sorted(set(hashed(features)))
        indices.extend(buckets)
        indptr.append(len(indices))
    data = np.zeros(len(indices), dtype=np.float64)
    for i in range(len(rows)):
        a, b = indptr[i], indptr[i + 1]
        data[a:b] = 1.0 / np.sqrt(max(1, b - a))
    return csr_matrix((data, indices, indptr), shape=(len(rows), BUCKETS)), ruled


def targets(rows: list[dict]) -> np.ndarray:
    y = np.zeros((len(rows), len(CATEGORIES)), dtype=np.int8)
    for i, row in enumerate(rows):
        for label in row["labels"]:
            if label != "none":
                y[i, CATEGORIES.index(label)] = 1
    return y


def fit(x: csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    weights = np.zeros((len(CATEGORIES), x.shape[1]), dtype=np.float64)
    bias = np.full(len(CATEGORIES), -8.0)
    for k in range(len(CATEGORIES)):
        if y[:, k].sum() == 0:
            continue
        model = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=0
        )
        model.fit(x, y[:, k])
        weights[k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    return weights, bias


def predict(x: csr_matrix, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ weights.T + bias)))


def decisions(p: np.ndarray, ruled: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """What the engine reports: a rule's category when the model confirms it, or a category
    no rule found (nor refused) when the model is sure enough on its own (see
    ``analyzers.learned``). ``ruled`` is 1 for a rule hit, -1 for a refused one, 0 for none."""
    confirm, add = thresholds
    return np.where(ruled == 1, p >= confirm, (ruled == 0) & (p >= add))


def micro_f1(found: np.ndarray, y: np.ndarray) -> float:
    tp = (found & (y == 1)).sum()
    fp = (found & (y == 0)).sum()
    fn = (~found & (y == 1)).sum()
    return 2 * tp / max(1, 2 * tp + fp + fn)


def tune_thresholds(p: np.ndarray, ruled: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per category, the (confirm, add) thresholds with the best dev F1; defaults where dev
    has too few examples. Ties go to the pair nearest the defaults, which generalise best."""
    out = np.tile(np.array([[DEFAULT_CONFIRM], [DEFAULT_ADD]]), (1, len(CATEGORIES)))
    for k in range(len(CATEGORIES)):
        if y[:, k].sum() < 5:
            continue
        best_key, best = None, (DEFAULT_CONFIRM, DEFAULT_ADD)
        for confirm in CONFIRM_GRID:
            for add in ADD_GRID:
                found = np.where(
                    ruled[:, k] == 1, p[:, k] >= confirm, (ruled[:, k] == 0) & (p[:, k] >= add)
                )
                tp = (found & (y[:, k] == 1)).sum()
                f1 = 2 * tp / max(1, found.sum() + y[:, k].sum())
                key = (round(f1, 3), -abs(confirm - DEFAULT_CONFIRM) - abs(add - DEFAULT_ADD))
                if best_key is None or key > best_key:
                    best_key, best = key, (confirm, add)
        out[:, k] = best
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    train = real_rows("train") + own_rows()
    dev = real_rows("dev")
    (x_train, _), y_train = matrix(train), targets(train)
    (x_dev, ruled_dev), y_dev = matrix(dev), targets(dev)
    print(f"train {len(train)} rows, dev {len(dev)} rows")
    best = None
    for c in C_GRID:
        weights, bias = fit(x_train, y_train, c)
        p_dev = predict(x_dev, weights, bias)
        thresholds = tune_thresholds(p_dev, ruled_dev, y_dev)
        score = micro_f1(decisions(p_dev, ruled_dev, thresholds), y_dev)
        print(f"C={c:<4} dev micro-F1 {score:.3f} (thresholds tuned on dev)")
        if best is None or score > best[0]:
            best = (score, c, weights, bias, thresholds)
    assert best is not None
    _, c, weights, bias, thresholds = best
    rows = np.flatnonzero(np.abs(weights).max(axis=0) > 1e-4)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT,
        name=np.array(NAME),
        categories=np.array(CATEGORIES),
        rows=rows.astype(np.int32),
        weights=weights[:, rows].T.astype(np.float16),
        bias=bias.astype(np.float32),
        thresholds=thresholds.astype(np.float32),
    )
    print(f"C={c}: {len(rows)} weight rows -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

"""The learned layer: per-clause probabilities for every category.

A one-vs-rest logistic model over the hashed features of ``analyzers.features``, trained by
``python -m bench.realset.train`` on the real labelled set (train split) plus the project's
own written examples. The rules still find spans and explain them; this model decides
whether a category is really there, and which way an AI clause points.

The model file (``analyzers/data/classifier.npz``) holds only the weight rows of buckets
seen in training, the per-category bias and decision threshold, and a version string that
reports carry. It is loaded once per process (``load_classifier``), at start-up by callers
that warm up.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from analyzers.features import BUCKETS, Unit, unit_buckets

MODEL_FILE = "classifier.npz"


@dataclass(frozen=True)
class Classifier:
    categories: tuple[str, ...]
    index: np.ndarray  # BUCKETS -> row of ``weights`` (or -1: the last row, all zeros)
    weights: np.ndarray  # rows x categories, float32
    bias: np.ndarray  # categories
    thresholds: np.ndarray  # 3 x categories: confirm a rule's hit / add alone / override a refusal
    version: str

    def probabilities(self, units: Sequence[Unit]) -> np.ndarray:
        """One row of category probabilities per unit (its features present or not,
        scaled by one over the square root of their number, as in training)."""
        if not units:
            return np.zeros((0, len(self.categories)), dtype=np.float32)
        owner, buckets = unit_buckets(units)
        sizes = np.bincount(owner, minlength=len(units))  # never 0: every unit has one
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        rows = self.index[buckets]  # -1 (unseen in training) picks the zero row at the end
        sums = np.add.reduceat(np.take(self.weights, rows, axis=0), starts, axis=0)
        logits = sums / np.sqrt(sizes)[:, None] + self.bias
        return 1.0 / (1.0 + np.exp(-logits))


def model_bytes() -> bytes | None:
    path = resources.files("analyzers").joinpath("data", MODEL_FILE)
    return path.read_bytes() if path.is_file() else None


@cache
def load_classifier() -> Classifier | None:
    """The shipped model, or None when the package has none (rules decide alone)."""
    raw = model_bytes()
    if raw is None:
        return None
    with np.load(io.BytesIO(raw), allow_pickle=False) as data:
        return build_classifier(
            tuple(str(c) for c in data["categories"]),
            data["rows"],
            data["weights"],
            data["bias"],
            data["thresholds"],
            version=f"{data['name']}-{hashlib.sha256(raw).hexdigest()[:10]}",
        )


def build_classifier(
    categories: tuple[str, ...],
    rows: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray,
    thresholds: np.ndarray,
    version: str,
) -> Classifier:
    """A classifier from the weight rows of the buckets ``rows`` (rows x categories)."""
    index = np.full(BUCKETS, -1, dtype=np.int32)
    index[rows.astype(np.int64)] = np.arange(len(rows))
    dense = weights.astype(np.float32)
    zero = np.zeros((1, dense.shape[1]), dtype=np.float32)
    return Classifier(
        categories=categories,
        index=index,
        weights=np.vstack([dense, zero]),  # index -1 reads this zero row
        bias=bias.astype(np.float32),
        thresholds=thresholds.astype(np.float32),
        version=version,
    )

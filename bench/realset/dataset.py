"""Load the labelled sets: the real set (references resolved against ``../shared/data``)
and the project's own written clauses (``tests/devset``)."""

from __future__ import annotations

import json
from pathlib import Path

from analyzers.language import looks_english
from analyzers.model import CATEGORIES
from bench.realset.pool import POOL
from bench.realset.refs import ROOT, resolve

LABELS = POOL.parent / "labels"
BATCHES = (
    *("b1", "b2", "b3", "b4", "b5", "c1", "c2", "c3", "c4", "c5"),
    *("d1", "d2", "d3", "e1", "e2", "e3", "e4", "f1", "f2", "g1", "g2", "g3"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "i1", "i2", "i3", "i4", "i5", "i6", "i7"),
)
# The agreement samples: relabelled blind, never trained on.
BLIND = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8")
OWN = ROOT / "tests" / "devset"


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pool() -> dict[str, dict]:
    return {row["id"]: row for row in _read_jsonl(POOL)}


def labels(batches: tuple[str, ...] = BATCHES) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for batch in batches:
        path = LABELS / f"{batch}.jsonl"
        if path.is_file():
            for row in _read_jsonl(path):
                check_labels(row, path.name)
                out[row["id"]] = row  # a later line for the same id corrects an earlier one
    return out


def check_labels(row: dict, where: str) -> None:
    found = row["labels"]
    if not found or any(label not in CATEGORIES and label != "none" for label in found):
        raise ValueError(f"{where}: {row['id']}: unknown labels {found}")
    if "none" in found and len(found) > 1:
        raise ValueError(f"{where}: {row['id']}: 'none' with other labels")


def real_rows(
    split: str | None = None, *, usable_only: bool = True, english_only: bool = True
) -> list[dict]:
    """Labelled real clauses with their text, optionally of one split. Spans not in
    English (some terms are translations) are left out unless ``english_only`` is off."""
    refs = pool()
    out = []
    for ident, label in sorted(labels().items()):
        ref = refs[ident]
        if split is not None and ref["split"] != split:
            continue
        if usable_only and label.get("unusable"):
            continue
        text = resolve(ref)
        if english_only and not looks_english(text):
            continue  # the bot answers "English only" there: nothing to learn or measure
        out.append(
            {
                "id": ident,
                "text": text,
                "labels": label["labels"],
                "split": ref["split"],
                "source": ref["source"],
                "group": ref["group"],
                **(
                    {"protection_missing": label["protection_missing"]}
                    if "protection_missing" in label
                    else {}
                ),
            }
        )
    return out


def own_rows() -> list[dict]:
    """The clauses written for this project: training data for the classifier."""
    rows = []
    for path in sorted(OWN.glob("*.jsonl")):
        rows.extend(_read_jsonl(path))
    return rows


def rule_example_rows() -> list[dict]:
    """Each rule's hit and miss examples, as evidence about that rule's category only (a
    miss says nothing about the other categories)."""
    from analyzers.rules import load_rules

    rows = []
    for rule in load_rules().rules:
        for text in rule.hit:
            rows.append(
                {"id": rule.id, "text": text, "labels": [rule.category], "only": rule.category}
            )
        for text in rule.miss:
            rows.append({"id": rule.id, "text": text, "labels": ["none"], "only": rule.category})
    return rows

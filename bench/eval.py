"""Quality of the analyzer on the labelled dev set: per-category precision, recall and F1.

    python bench/eval.py                 # own + corpus dev set, with the false positives
    python bench/eval.py --set holdout   # the held-out set (never used to tune rules)
    python bench/eval.py --set pastes    # real short pastes, labelled blind
    python bench/eval.py --docs          # expected findings per corpus document

Each row of tests/devset/*.jsonl is one clause with its labels (or ["none"]); the clause is
run through ``analyze_text`` and the set of categories found is compared with the labels.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analyzers import NotEnglish, analyze_text  # noqa: E402
from analyzers.model import CATEGORIES  # noqa: E402

DEVSET = ROOT / "tests" / "devset"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SETS = {
    "dev": ("own.jsonl", "corpus.jsonl"),
    "holdout": ("holdout.jsonl",),
    "holdout2": ("holdout2.jsonl",),
    "holdout3": ("holdout3.jsonl",),
    "holdout4": ("holdout4.jsonl",),
    "holdout5": ("holdout5.jsonl",),
    "holdout6": ("holdout6.jsonl",),
    # Never used to tune rules: the honest estimate on unseen clauses.
    "final": ("final_blind.jsonl",),
    # Real short pastes from public pages and templates, labelled blind (tests/fixtures/pastes).
    "pastes": ("../fixtures/pastes/pastes.jsonl",),
}


@dataclass
class Evaluation:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, str, str]] = field(default_factory=list)
    grants_on_protective: list[str] = field(default_factory=list)
    points_checked: int = 0
    points_exact: int = 0
    rows: int = 0

    def f1(self, category: str) -> tuple[float, float, float]:
        tp, fp, fn = self.tp[category], self.fp[category], self.fn[category]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def micro_f1(self) -> float:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def support(self, category: str) -> int:
        return self.tp[category] + self.fn[category]


def load_rows(names: tuple[str, ...]) -> list[dict]:
    rows = []
    for name in names:
        with open(DEVSET / name, encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def evaluate(rows: list[dict]) -> Evaluation:
    result = Evaluation()
    for row in rows:
        try:
            found = set((report := analyze_text(row["text"])).categories)
        except NotEnglish:
            found, report = set(), None  # the bot answers "English only": no finding
        expected = {label for label in row["labels"] if label != "none"}
        result.rows += 1
        for category in found & expected:
            result.tp[category] += 1
        for category in found - expected:
            result.fp[category] += 1
            result.false_positives.append((category, row["id"], row["text"]))
        for category in expected - found:
            result.fn[category] += 1
            result.false_negatives.append((category, row["id"], row["text"]))
        protective = "ai_protection" in expected and "ai_training_grant" not in expected
        if protective and "ai_training_grant" in found:
            result.grants_on_protective.append(row["id"])
        if "protection_points" in row and "ai_protection" in found and report is not None:
            result.points_checked += 1
            best = max(
                f.protection.points
                for f in report.findings
                if f.category == "ai_protection" and f.protection
            )
            result.points_exact += best == row["protection_points"]
    return result


def check_documents() -> list[str]:
    """Compare whole-document reports of the corpus with corpus_expected.toml.

    A document may list ``accepted`` problems (with ``accepted_why``): known disagreements
    the analyzer is not tuned away from. They are left out of the result while they occur;
    one that no longer occurs is reported as stale, so the list cannot rot.
    """
    expected = tomllib.loads((DEVSET / "corpus_expected.toml").read_text("utf-8"))
    problems = []
    for name, spec in expected.items():
        found_problems = _document_problems(name, spec)
        accepted = set(spec.get("accepted", []))
        problems += [p for p in found_problems if p.removeprefix(f"{name}: ") not in accepted]
        for stale in accepted - {p.removeprefix(f"{name}: ") for p in found_problems}:
            problems.append(f"{name}: accepted problem no longer occurs: {stale}")
    return problems


def _document_problems(name: str, spec: dict) -> list[str]:
    problems = []
    text = (CORPUS / spec["file"]).read_text("utf-8")
    report = analyze_text(text)
    found = set(report.categories)
    for category in spec.get("present", []):
        if category not in found:
            problems.append(f"{name}: missing {category}")
    for category in spec.get("absent", []):
        if category in found:
            problems.append(f"{name}: unexpected {category}")
    if "ai_training" in spec and report.ai_training != spec["ai_training"]:
        problems.append(f"{name}: verdict {report.ai_training}, expected {spec['ai_training']}")
    for category, sections in spec.get("sections", {}).items():
        located = {f.section for f in report.findings if f.category == category}
        for section in sections:
            if not any(s and (s == section or s.startswith(section)) for s in located):
                problems.append(f"{name}: no {category} in section {section} (got {located})")
    return problems


def print_table(result: Evaluation) -> None:
    print(f"{'category':28} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for category in CATEGORIES:
        if not result.support(category) and not result.fp[category]:
            continue
        p, r, f = result.f1(category)
        print(f"{category:28} {p:6.2f} {r:6.2f} {f:6.2f} {result.support(category):5d}")
    print(f"\nrows {result.rows}   micro-F1 {result.micro_f1:.3f}")
    worst = min((result.f1(c)[2] for c in CATEGORIES if result.support(c)), default=0.0)
    print(f"lowest category F1 {worst:.3f}")
    print(f"ai_training_grant on protective clauses: {len(result.grants_on_protective)}")
    if result.points_checked:
        print(f"protection strength exact: {result.points_exact}/{result.points_checked}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="dev")
    parser.add_argument("--docs", action="store_true", help="check corpus documents")
    parser.add_argument("--misses", action="store_true", help="also list false negatives")
    args = parser.parse_args(argv)
    if args.docs:
        problems = check_documents()
        print("\n".join(problems) or "every corpus document matches its expectations")
        return 0
    result = evaluate(load_rows(SETS[args.set]))
    print_table(result)
    print("\nfalse positives:")
    for category, row_id, text in result.false_positives:
        print(f"  {category:26} {row_id:10} {text[:150]}")
    if args.misses:
        print("\nfalse negatives:")
        for category, row_id, text in result.false_negatives:
            print(f"  {category:26} {row_id:10} {text[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

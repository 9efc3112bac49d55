"""Extraction quality and speed on generated contracts with known text.

    python bench/extract_quality.py [DOCS]   # default: ../shared/bench/docs

DOCS holds documents made by the bench generator (gen_contracts.py): each ``NAME`` with a
``NAME.truth.txt`` (or ``NAME.docx.truth.txt``) holding its logical text, one paragraph per
line, without headers, footers or hyphenation. Prints, per document: time, pages, the
share of truth paragraphs found exactly as an extracted line, the line-order similarity,
and word precision / recall; then how the broken documents are refused.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analyzers.errors import ClauseScoutError  # noqa: E402
from analyzers.extract import extract  # noqa: E402
from analyzers.extract.normalize import clean_line  # noqa: E402

DEFAULT_DOCS = ROOT.parent / "shared" / "bench" / "docs"


def truth_for(path: Path) -> Path | None:
    for candidate in (
        path.with_name(path.name + ".truth.txt"),
        path.with_suffix(".truth.txt"),
    ):
        if candidate.exists():
            return candidate
    return None


def measure(path: Path, truth: Path) -> str:
    data = path.read_bytes()
    started = time.perf_counter()
    document = extract(data, path.name)
    elapsed = (time.perf_counter() - started) * 1000
    want = [clean_line(line) for line in truth.read_text(encoding="utf-8").splitlines()]
    want = [line for line in want if line]
    got = document.text.split("\n")
    exact = sum(1 for line in want if line in set(got)) / len(want)
    order = difflib.SequenceMatcher(None, want, got, autojunk=False).ratio()
    want_words, got_words = Counter(" ".join(want).split()), Counter(document.text.split())
    common = sum((want_words & got_words).values())
    precision = common / max(1, sum(got_words.values()))
    recall = common / max(1, sum(want_words.values()))
    return (
        f"{path.name:<24} {elapsed:8.0f} ms  pages={document.pages or '-':<4} "
        f"paragraphs exact={exact:.3f} order={order:.3f}  "
        f"words P={precision:.4f} R={recall:.4f}"
    )


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DOCS
    files = sorted(p for p in docs.iterdir() if p.suffix in (".pdf", ".docx"))
    if not files:
        sys.exit(f"no documents in {docs}")
    for path in files:
        truth = truth_for(path)
        if truth is not None:
            print(measure(path, truth))
    for path in files:
        if truth_for(path) is None:
            started = time.perf_counter()
            try:
                extract(path.read_bytes(), path.name)
                outcome = "read (no truth file)"
            except ClauseScoutError as error:
                outcome = f"refused: {error.code}"
            elapsed = (time.perf_counter() - started) * 1000
            print(f"{path.name:<24} {elapsed:8.0f} ms  {outcome}")


if __name__ == "__main__":
    main()

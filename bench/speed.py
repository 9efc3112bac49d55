"""Speed and peak memory of extraction and analysis, side by side, against the targets.

    python bench/speed.py                 # medians of 5 warm runs per case
    python bench/speed.py --runs 9        # more runs, steadier medians
    python bench/speed.py --pdfplumber    # also time pdfplumber (one run: it is slow)

Uses the generated contracts in ``bench/out/`` (made on first use by gen_contracts.py,
then reused). Bare PDFium, ``extract()`` and ``analyze_file()`` of each document are timed
in one fresh process, their runs taken in turn (so a change in the machine's load hits
all three alike), after a warm-up run of each (imports, rule compilation). The text cases
are timed in a process each. For memory every case also runs alone in a fresh process,
which reports its own peak resident memory (``VmHWM`` of ``/proc/self/status``:
interpreter, libraries and the work, all the machine had to give it), that peak less the
same process's memory after its imports (the work alone), and, from a last run under
``tracemalloc``, the peak of Python allocations alone (PDFium's own memory is not in it).
Not ``ru_maxrss``: Linux carries it over fork and exec, so a child's starts at its parent's
peak; and a case's process never imports the document generator's libraries (reportlab,
python-docx): the parent makes the documents and the child only reads them.

Prints only; nothing here asserts. Timings on a shared machine wobble: compare figures
from one run, which is why the PDF target is a ratio to bare PDFium measured here too.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLAUSE = (
    "7.4 Client may use the Deliverables, including all drafts and source files, to train, "
    "fine-tune and evaluate machine learning models developed by or for Client, on a "
    "perpetual, irrevocable, worldwide and royalty-free basis."
)
# Trigger words of many rules, without a full stop: one 2 MB "sentence".
TRIGGERS = (
    "train models license perpetual sublicense royalty-free worldwide indemnify arbitration "
    "irrevocable assign all rights waive moral rights non-compete unlimited revisions "
    "terminate without payment class action waiver automatically renew machine learning "
    "hold harmless exclusive work made for hire derivative works portfolio confidential "
)
TWO_MB = 2_000_000
PDF_PAGES = (3, 30, 150)

# Targets from the issue. "Well under a second" is read as under half a second.
TARGET_PDF_RATIO = 2.5  # issue 9: the learned layer must fit in this
TARGET_DOCX_MS = 150.0
TARGET_TEXT_MS = 300.0
TARGET_CLAUSE_MS = 20.0
# The first clause after start-up (after warm_up) is held to the pasted-clause budget: it
# must not pay for loading rules or the model (1.2-1.5 s before warm-up loaded both).
TARGET_PEAK_MB = 100.0
TARGET_HOSTILE_MS = 500.0


# ---------------------------------------------------------------- the cases (child side)
def _documents(out: Path) -> dict[str, Path]:
    from bench.gen_contracts import generate

    return generate(out, PDF_PAGES, extras=False)


def _bare_pdfium(data: bytes) -> None:
    """What any PDFium-based extraction must do: open, then each page's text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        document.close()


def _pdfplumber(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        for page in document.pages:
            page.extract_text()
            page.close()


def _corpus_texts() -> list[str]:
    """The real public documents of the test fixtures: generated contracts repeat their
    boilerplate, which flatters caches; these do not."""
    return [p.read_text("utf-8") for p in sorted(CORPUS.glob("*")) if p.suffix in (".md", ".txt")]


def _case(name: str, out: Path) -> Callable[[], object]:
    """The function a case times. Names: "what:input"."""
    from analyzers import analyze_file, analyze_text
    from analyzers.extract import document_from_text, extract

    what, _, subject = name.partition(":")
    if what == "imports":
        return lambda: None
    if subject == "corpus":
        texts = _corpus_texts()
        return {
            "document_from_text": lambda: [document_from_text(t) for t in texts],
            "analyze_text": lambda: [analyze_text(t) for t in texts],
        }[what]
    if subject in ("clause", "hostile-2MB", "a-2MB"):
        text = {
            "clause": CLAUSE,
            "hostile-2MB": (TRIGGERS * (TWO_MB // len(TRIGGERS) + 1))[:TWO_MB],
            "a-2MB": "a" * TWO_MB,
        }[subject]
    else:
        path = out / subject.removesuffix(".truth")  # made by the parent: no generator here
        data = path.read_bytes()
        if subject.endswith(".truth"):
            text = (path.parent / (path.stem + ".truth.txt")).read_text(encoding="utf-8")
    functions: dict[str, Callable[[], object]] = {
        "bare": lambda: _bare_pdfium(data),
        "pdfplumber": lambda: _pdfplumber(data),
        "extract": lambda: extract(data, subject),
        "analyze_file": lambda: analyze_file(data, subject),
        "document_from_text": lambda: document_from_text(text),
        "analyze_text": lambda: analyze_text(text),
    }
    return functions[what]


def _kib(field: str) -> float:
    """A ``/proc/self/status`` memory field in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def _import_case_libraries() -> None:
    """What every case needs loaded before it runs (so "work" excludes the imports)."""
    import pypdfium2  # noqa: F401

    import analyzers
    import analyzers.extract  # noqa: F401


def run_child(name: str, runs: int, out: Path, trace: bool) -> dict[str, Any]:
    """Time one case in this (fresh) process."""
    _import_case_libraries()
    imported_mb = _kib("VmRSS")
    work = _case(name, out)
    if name.startswith("pdfplumber"):
        import pdfplumber  # noqa: F401 (the warm-up: a second slow run would add little)
    else:
        work()  # warm-up: imports, compiled rules, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    peak_rss_mb = _kib("VmHWM")  # this process's own peak, from its exec on
    traced_mb = None
    if trace:
        tracemalloc.start()
        work()
        traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {
        "case": name,
        "runs": runs,
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "peak_rss_mb": peak_rss_mb,
        "work_mb": peak_rss_mb - imported_mb,
        "traced_mb": traced_mb,
    }


def run_interleaved(document: str, runs: int, out: Path) -> dict[str, float]:
    """Medians of bare PDFium, ``extract`` and ``analyze_file`` of one document, their runs
    taken in turn in one process, so a change in the machine's load hits all three."""
    whats = ["extract", "analyze_file"]
    if document.endswith(".pdf"):
        whats.insert(0, "bare")
    work = {what: _case(f"{what}:{document}", out) for what in whats}
    for function in work.values():
        function()  # warm-up
    times: dict[str, list[float]] = {what: [] for what in whats}
    for _ in range(runs):
        for what, function in work.items():
            started = time.perf_counter()
            function()
            times[what].append((time.perf_counter() - started) * 1000)
    return {what: statistics.median(found) for what, found in times.items()}


# ------------------------------------------------------------------ the table (parent)
@dataclass
class Result:
    case: str
    median_ms: float
    min_ms: float
    runs: int
    peak_rss_mb: float
    work_mb: float
    traced_mb: float | None


def interleaved(document: str, runs: int, out: Path) -> dict[str, float]:
    """Run ``run_interleaved`` in a fresh process."""
    command = [sys.executable, __file__, "--interleave", document, "--runs", str(runs)]
    command += ["--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"timing {document} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(name: str, runs: int, out: Path, *, trace: bool = True) -> Result:
    """Run ``run_child`` in a fresh process."""
    command = [sys.executable, __file__, "--child", name, "--runs", str(runs), "--out", str(out)]
    if not trace:
        command.append("--no-trace")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"case {name} failed:\n{done.stderr}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Result(
        found["case"],
        found["median_ms"],
        found["min_ms"],
        found["runs"],
        found["peak_rss_mb"],
        found["work_mb"],
        found["traced_mb"],
    )


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


_FIRST_ANSWER = """
import json, time
from analyzers import analyze_text, warm_up
started = time.perf_counter()
warm_up()
warmed = time.perf_counter()
analyze_text(CLAUSE)
first = time.perf_counter()
steady = min(
    (lambda t0: (analyze_text(CLAUSE), time.perf_counter() - t0)[1])(time.perf_counter())
    for _ in range(50)
)
print(json.dumps({"warm_up_ms": (warmed - started) * 1000,
                  "first_ms": (first - warmed) * 1000, "steady_ms": steady * 1000}))
"""


def first_answer() -> dict[str, float]:
    """In a fresh process: how long warm-up takes, and the first clause after it against
    the steady state (the first answer must not pay for loading rules or the model)."""
    code = f"CLAUSE = {CLAUSE!r}\n" + _FIRST_ANSWER
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ClauseScout speed and memory bench")
    parser.add_argument("--runs", type=int, default=5, help="timed warm runs per case")
    parser.add_argument("--clause-runs", type=int, default=200, help="runs for the clause")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--pdfplumber", action="store_true", help="also time pdfplumber")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--interleave", help=argparse.SUPPRESS)
    parser.add_argument("--no-trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, args.runs, args.out, not args.no_trace)))
        return 0
    if args.interleave:
        print(json.dumps(run_interleaved(args.interleave, args.runs, args.out)))
        return 0

    print("Generating or reusing the bench documents ...", flush=True)
    documents = _documents(args.out)
    pdfs = [f"contract_{n}p.pdf" for n in PDF_PAGES]
    results: dict[str, Result] = {}

    def run(name: str, runs: int = args.runs, *, trace: bool = True) -> Result:
        if sys.stderr.isatty():
            print(f"  {name} ...".ljust(60), end="\r", file=sys.stderr, flush=True)
        results[name] = measure(name, runs, args.out, trace=trace)
        return results[name]

    run("imports:-")
    times: dict[str, dict[str, float]] = {}
    for document in [*pdfs, "contract_30p.docx"]:
        if sys.stderr.isatty():
            print(f"  timing {document} ...".ljust(60), end="\r", file=sys.stderr, flush=True)
        times[document] = interleaved(document, args.runs, args.out)
        # Memory: each alone in a fresh process (one warm-up and one run).
        for what in times[document]:
            run(f"{what}:{document}", 1)
    run("document_from_text:contract_150p.pdf.truth")
    run("analyze_text:contract_150p.pdf.truth")
    run("document_from_text:corpus")
    run("analyze_text:corpus")
    run("analyze_text:clause", args.clause_runs)
    run("analyze_text:hostile-2MB")
    run("analyze_text:a-2MB")
    first = first_answer()
    if args.pdfplumber:
        for pdf in pdfs[1:]:
            run(f"pdfplumber:{pdf}", 1, trace=False)
    if sys.stderr.isatty():
        print(" " * 60, end="\r", file=sys.stderr, flush=True)

    print(
        f"\nMedians of {args.runs} warm runs (clause: {args.clause_runs}). The runs of bare PDFium,"
    )
    print("extract() and analyze_file() of a document are taken in turn in one process; for")
    print("memory, every case runs alone in a fresh process: peak RSS is that process's own")
    print("VmHWM (interpreter + libraries + work); work is that peak less its RSS after imports.\n")
    head = f"{'document':<20}{'pages':>6}{'bare PDFium':>14}{'extract()':>12}"
    print(head + f"{'analyze_file()':>16}{'extract/bare':>14}{'e2e/bare':>10}")
    for pdf in pdfs:
        bare, ext, full = (times[pdf][w] for w in ("bare", "extract", "analyze_file"))
        pages = pdf.split("_")[1].removesuffix("p.pdf")
        print(
            f"{pdf:<20}{pages:>6}{_ms(bare):>14}{_ms(ext):>12}{_ms(full):>16}"
            f"{ext / bare:>13.2f}x{full / bare:>9.2f}x"
        )
    docx_ext = times["contract_30p.docx"]["extract"]
    docx_full = times["contract_30p.docx"]["analyze_file"]
    print(f"{'contract_30p.docx':<20}{'':>6}{'-':>14}{_ms(docx_ext):>12}{_ms(docx_full):>16}")
    print()
    texts = [
        ("document_from_text(150-page text)", "document_from_text:contract_150p.pdf.truth"),
        ("analyze_text(150-page text)", "analyze_text:contract_150p.pdf.truth"),
        ("analyze_text(one clause)", "analyze_text:clause"),
        ("analyze_text(2 MB trigger words)", "analyze_text:hostile-2MB"),
        ("analyze_text(2 MB of 'a')", "analyze_text:a-2MB"),
    ]
    for label, key in texts:
        print(f"{label:<40}{_ms(results[key].median_ms):>12}")
    real_chars = sum(map(len, _corpus_texts()))
    generated_chars = len((args.out / "contract_150p.truth.txt").read_text(encoding="utf-8"))
    real = results["analyze_text:corpus"].median_ms - results["document_from_text:corpus"].median_ms
    generated = (
        results["analyze_text:contract_150p.pdf.truth"].median_ms
        - results["document_from_text:contract_150p.pdf.truth"].median_ms
    )
    per_real, per_generated = real / real_chars * 1e5, generated / generated_chars * 1e5
    print(
        f"analysis per 100k characters: {per_real:.0f} ms on the {len(_corpus_texts())} real "
        f"documents of tests/fixtures/corpus, {per_generated:.0f} ms on the generated 150-page "
        f"text ({per_real / per_generated:.1f}x: generated contracts repeat their boilerplate)"
    )

    print(f"\n{'case':<44}{'peak RSS':>10}{'work':>10}{'tracemalloc':>13}")
    for name, result in results.items():
        traced = "-" if result.traced_mb is None else f"{result.traced_mb:.1f} MB"
        print(f"{name:<44}{result.peak_rss_mb:>7.1f} MB{result.work_mb:>7.1f} MB{traced:>13}")

    if args.pdfplumber:
        print(
            f"\nPDF engines: pypdfium2 median of {args.runs} warm runs (open + text of each page),"
            "\npdfplumber one run after import (extract_text of each page); peak RSS:"
        )
        for pdf in pdfs[1:]:
            pages = int(pdf.split("_")[1].removesuffix("p.pdf"))
            plumber = results[f"pdfplumber:{pdf}"]
            engines = (
                ("pypdfium2", times[pdf]["bare"], results[f"bare:{pdf}"].peak_rss_mb),
                ("pdfplumber", plumber.median_ms, plumber.peak_rss_mb),
            )
            for engine, ms, peak_mb in engines:
                rate = pages / (ms / 1000)
                print(f"  {pdf:<20}{engine:<12}{_ms(ms):>10}{rate:>9.0f} pages/s{peak_mb:>9.1f} MB")

    bare30 = times["contract_30p.pdf"]["bare"]
    full30 = times["contract_30p.pdf"]["analyze_file"]
    clause = results["analyze_text:clause"].median_ms
    text150 = results["analyze_text:contract_150p.pdf.truth"].median_ms
    hostile = max(results[k].median_ms for k in ("analyze_text:hostile-2MB", "analyze_text:a-2MB"))
    measured = {k: v for k, v in results.items() if not k.startswith("pdfplumber")}
    peak_name, peak = max(((k, v.peak_rss_mb) for k, v in measured.items()), key=lambda kv: kv[1])
    print(
        f"\nstart-up: warm_up() {first['warm_up_ms']:.0f} ms, then the first clause "
        f"{first['first_ms']:.1f} ms against {first['steady_ms']:.1f} ms steady"
    )
    print("\nTargets:")
    targets = [
        (
            first["first_ms"] < TARGET_CLAUSE_MS,
            f"first clause after start-up < {TARGET_CLAUSE_MS:g} ms",
            f"{first['first_ms']:.1f} ms (steady {first['steady_ms']:.1f} ms)",
        ),
        (
            full30 <= TARGET_PDF_RATIO * bare30,
            f"30-page PDF end to end <= {TARGET_PDF_RATIO:g}x bare PDFium",
            f"{_ms(full30)} vs {TARGET_PDF_RATIO:g} x {_ms(bare30)} ({full30 / bare30:.2f}x)",
        ),
        (
            docx_full < TARGET_DOCX_MS,
            f"30-page DOCX end to end < {TARGET_DOCX_MS:g} ms",
            _ms(docx_full),
        ),
        (
            text150 < TARGET_TEXT_MS,
            f"analyze_text of the 150-page text < {TARGET_TEXT_MS:g} ms",
            _ms(text150),
        ),
        (clause < TARGET_CLAUSE_MS, f"pasted clause < {TARGET_CLAUSE_MS:g} ms", _ms(clause)),
        (
            peak < TARGET_PEAK_MB,
            f"peak memory < {TARGET_PEAK_MB:g} MB (largest RSS of any case)",
            f"{peak:.1f} MB ({peak_name})",
        ),
        (
            hostile < TARGET_HOSTILE_MS,
            f"2 MB hostile paste well under a second (< {TARGET_HOSTILE_MS:g} ms)",
            _ms(hostile),
        ),
    ]
    for ok, target, figure in targets:
        print(f"  {_verdict(ok)}  {target}: {figure}")
    if len(documents) < len(PDF_PAGES) + 1:
        print("(some documents were missing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

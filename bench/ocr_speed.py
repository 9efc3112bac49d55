"""How long the bot takes to answer scans and photos, through its own worker path.

    python bench/ocr_speed.py              # the 10-page scan, the 3-page scan, one photo
    python bench/ocr_speed.py --pages 20   # a scan at the page cap

Each case runs as the bot runs it: ``bot.jobs.run_once`` starts a worker process from the
forkserver with the default configuration's time limit (12 s, grown by
``Limits.ocr_page_seconds`` per OCR page once the worker knows the count) and memory
limit (512 MB), and returns the report. The 10-page scan is made from the first ten pages
of the generated 30-page contract, rendered at 150 dpi and saved as JPEG pages tilted and
blurred as an office scanner leaves them (``bench/photos.scanned_pdf``). Prints wall
time, seconds a page, the categories found against the text version's, and the
worker's progress messages; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzers import analyze_file
from bench.gen_contracts import DEFAULT_OUT, generate
from bench.photos import phone_photo, render_pages, scanned_pdf
from bot.config import BotConfig
from bot.jobs import Job, JobRunner


def first_pages(pdf: bytes, count: int) -> bytes:
    """A PDF of the first ``count`` pages of ``pdf`` (the text version of the scan)."""
    source = pdfium.PdfDocument(pdf)
    target = pdfium.PdfDocument.new()
    target.import_pages(source, list(range(min(count, len(source)))))
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


async def answer(job: Job, config: BotConfig) -> tuple[float, object, list[tuple[int, int]]]:
    runner = JobRunner(
        max_concurrent=1,
        max_queued=0,
        timeout_s=config.analysis_timeout_s,
        inline_max_chars=0,
        memory_mb=config.worker_memory_mb,
    )
    seen: list[tuple[int, int]] = []

    async def progress(done: int, total: int) -> None:
        seen.append((done, total))

    try:
        await asyncio.to_thread(runner.warm_up)
        started = time.perf_counter()
        report, _ = await runner.run(job, on_progress=progress)
        return time.perf_counter() - started, report, seen
    finally:
        await runner.aclose()


def case(name: str, job: Job, text_pdf: bytes, pages: int, config: BotConfig) -> None:
    want = set(analyze_file(text_pdf, "text.pdf").categories)
    seconds, report, seen = asyncio.run(answer(job, config))
    got = set(report.categories)  # type: ignore[attr-defined]
    print(
        f"{name:<22} {seconds:6.1f} s  {seconds / pages:5.2f} s/page  "
        f"categories {len(got & want)}/{len(want)} invented {len(got - want)}  "
        f"progress notes {len(seen)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args(argv)
    config = BotConfig()
    made = generate(DEFAULT_OUT, [3, 30])
    long_text = first_pages(made["contract_30p.pdf"].read_bytes(), args.pages)
    scan = scanned_pdf(render_pages(long_text, dpi=150))
    limits = config.file_limits
    print(
        f"time limit {config.analysis_timeout_s:.0f} s + {limits.ocr_page_seconds:.0f} s per "
        f"OCR page (cap {limits.ocr_max_pages} pages), memory {config.worker_memory_mb} MB"
    )
    case(
        f"{args.pages}-page scan",
        Job.for_file(scan, "scan.pdf", limits),
        long_text,
        args.pages,
        config,
    )
    small_text = made["contract_3p.pdf"].read_bytes()
    bench_scan = made["scanned_3p.pdf"].read_bytes()
    case("3-page bench scan", Job.for_file(bench_scan, "scan.pdf", limits), small_text, 3, config)
    page = render_pages(small_text, dpi=200, pages=1)[0]
    photo = phone_photo(page, 1)
    one_page = first_pages(small_text, 1)
    case("phone photo, 1 page", Job.for_file(photo, "photo.jpg", limits), one_page, 1, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Test-only job workers: the real analyzer, unless the input asks to be slow.

They run in the job runner's worker processes, so they must live in an importable module.
A file whose bytes start with ``SPIN:<path>`` writes the worker's pid to ``<path>`` and
never finishes (a hostile file); ``SLEEP:<seconds>`` waits, then analyses the rest;
``CRASH`` makes the worker exit at once with an error code, ``ABORT`` kills it with
SIGABRT, as native code does when an allocation fails; ``HOG`` allocates until memory
runs out; ``NOISY:<text>`` prints and logs ``<text>`` every way a library could, then
analyses the rest. ``PAGES:<n>:<seconds>`` reports OCR progress of ``n`` pages, one every
``seconds`` (as the OCR reader does), then analyses the rest; ``CHILD:<path>`` starts a
child process (as OCR starts Tesseract), writes its pid to ``<path>`` and never finishes;
``NO-OCR`` analyses the rest as on a machine without Tesseract.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

from analyzers.model import Report
from bot.jobs import Job, analyze_job, report_progress


def slow_or_real(job: Job) -> Report:
    head, _, rest = job.data.partition(b"\n")
    if head.startswith(b"SPIN:"):
        Path(head[5:].decode()).write_text(str(os.getpid()))
        while True:  # burn CPU like a pathological parse would
            sum(range(10_000))
    if head == b"CRASH":
        os._exit(70)
    if head == b"ABORT":
        os.abort()
    if head == b"HOG":
        hoard = []
        while True:
            hoard.append(bytearray(50_000_000))
    if head.startswith(b"NOISY:"):
        text = head[6:].decode()
        print(text)
        print(text, file=sys.stderr)
        os.write(1, text.encode())
        os.write(2, text.encode())
        logging.getLogger("pdfminer.pdfinterp").warning("operand %r", text)
        logging.getLogger().error("root: %s", text)
        warnings.warn(text, stacklevel=1)
        logging.getLogger("clausescout.test").warning("own record, no document text")
        return analyze_job(Job.for_file(rest, job.filename, job.limits))
    if head.startswith(b"PAGES:"):
        pages, seconds = head[6:].split(b":")
        total = int(pages)
        for done in range(total):
            report_progress(done, total)
            time.sleep(float(seconds))
        report_progress(total, total)
        return analyze_job(Job.for_file(rest, job.filename, job.limits))
    if head == b"NO-OCR":
        from analyzers.extract import ocr

        ocr.TESSERACT = "clausescout-no-such-ocr"
        return analyze_job(Job.for_file(rest, job.filename, job.limits))
    if head.startswith(b"CHILD:"):
        child = subprocess.Popen(["sleep", "120"])
        Path(head[6:].decode()).write_text(str(child.pid))
        while True:
            time.sleep(0.05)
    if head.startswith(b"SLEEP:"):
        time.sleep(float(head[6:]))
        return analyze_job(Job.for_file(rest, job.filename, job.limits))
    return analyze_job(job)

"""Test-only job workers: the real analyzer, unless the input asks to be slow.

They run in the job runner's worker processes, so they must live in an importable module.
A file whose bytes start with ``SPIN:<path>`` writes the worker's pid to ``<path>`` and
never finishes (a hostile file); ``SLEEP:<seconds>`` waits, then analyses the rest;
``CRASH`` makes the worker exit at once with an error code, ``ABORT`` kills it with
SIGABRT, as native code does when an allocation fails; ``HOG`` allocates until memory
runs out; ``NOISY:<text>`` prints and logs ``<text>`` every way a library could, then
analyses the rest.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from pathlib import Path

from analyzers.model import Report
from bot.jobs import Job, analyze_job


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
    if head.startswith(b"SLEEP:"):
        time.sleep(float(head[6:]))
        return analyze_job(Job.for_file(rest, job.filename, job.limits))
    return analyze_job(job)

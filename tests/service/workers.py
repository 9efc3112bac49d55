"""Test-only job workers: the real analyzer, unless the input asks to be slow.

They run in the job runner's worker processes, so they must live in an importable module.
A file whose bytes start with ``SPIN:<path>`` writes the worker's pid to ``<path>`` and
never finishes (a hostile file); ``SLEEP:<seconds>`` waits, then analyses the rest;
``CRASH`` makes the worker die at once, as a crash in a native PDF library would.
"""

from __future__ import annotations

import os
import time
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
    if head.startswith(b"SLEEP:"):
        time.sleep(float(head[6:]))
        return analyze_job(Job.for_file(rest, job.filename, job.limits))
    return analyze_job(job)

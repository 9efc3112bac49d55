"""Run in its own process by the privacy tests, so that its output streams are the ones its
analysis workers inherit: a contract whose reading makes pdfminer log contract text goes
through the service, and a test worker prints and logs a secret every way it can.

Prints one line per reply: its kind only (replies quote the contract; the streams must not).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.config import parse_config
from bot.jobs import Job, JobRunner
from bot.logs import setup_logging
from bot.service import Service
from bot.storage import Storage
from tests.hostile import SECRET, leaky_fallback_pdf
from tests.service.conftest import FakeFile, RecordingOutbox, message
from tests.service.workers import slow_or_real


async def main() -> None:
    config = parse_config({"bot": {"adapters": ["console"]}})
    setup_logging(config, level="DEBUG")
    service = Service(config, Storage.memory())
    outbox = RecordingOutbox()
    file = FakeFile(leaky_fallback_pdf(), filename="contract.pdf")
    await service.handle(message(attachment=file.attachment()), outbox)
    await service.aclose(grace_s=5)
    runner = JobRunner(inline_max_chars=0, worker=slow_or_real)
    noisy = f"NOISY:{SECRET}\n".encode() + b"The Client shall pay within thirty days."
    report, _ = await runner.run(Job.for_file(noisy, "noisy.txt"))
    await runner.aclose()
    print(" ".join(outbox.kinds), "noisy:", "ok" if report.stats.chars else "empty")
    logging.getLogger("clausescout.test").info("driver done")


if __name__ == "__main__":
    asyncio.run(main())
    sys.stdout.flush()

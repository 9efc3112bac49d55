"""Many members send a contract at the same moment: how long does each wait for the answer?

    python bench/members_load.py                  # 1 alone, then 20 and 50 at once
    python bench/members_load.py --members 50 --pages 30

Starts the fake Bot API from ``tests/fakes/telegram_api.py`` on 127.0.0.1 and the installed
bot as `clausescout run` (``python -m bot.cli run``) in its own process, with the default
configuration but for the Bot API address, a temporary database and a test token. Each
member posts the same generated PDF in their own private chat; in the bursts one more
member pastes a single clause just after the files.

Prints, per case: per-member latency (post -> the answer's last request arrived at the
fake) p50 / p95 / max, how many members were told the bot is busy, the paste's latency,
the Bot API requests per member, the bot's main-process CPU seconds, its
memory at the peak of the burst (main + forkserver + workers, summed PSS), and the ratios
to one member alone in the same run and to the two-worker floor (members x one member's
time alone / 2). Prints only: the behaviour (everyone answered, nobody told busy, the
paste answered) is asserted in tests/telegram/test_load.py.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from responses import status  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI, html_to_plain  # noqa: E402
from tests.telegram.conftest import CLAUSE, CORPUS, make_pdf  # noqa: E402

BUSY = status.busy_reply().blocks[0].text.split(" Please")[0]
TICKS = os.sysconf("SC_CLK_TCK")


class TimedAPI(FakeTelegramAPI):
    """The fake, noting when each chat got what."""

    def __init__(self) -> None:
        super().__init__()
        self.done: dict[int, float] = {}
        self.busy: set[int] = set()
        self.pastes: set[int] = set()

    async def _m_sendMessage(self, p: dict, f: dict) -> dict:
        result = await super()._m_sendMessage(p, f)
        chat = p["chat_id"]
        text = html_to_plain(p.get("text", "")) if p.get("parse_mode") == "HTML" else p["text"]
        if BUSY in text:
            self.busy.add(chat)
        if chat in self.pastes or BUSY in text or text.startswith("⚠️"):
            self.done.setdefault(chat, time.perf_counter())
        return result

    async def _m_sendDocument(self, p: dict, f: dict) -> dict:
        result = await super()._m_sendDocument(p, f)
        self.done.setdefault(p["chat_id"], time.perf_counter())
        return result


def contract_pdf(pages: int) -> bytes:
    """A real PDF of about ``pages`` A4 pages from the corpus contracts."""
    names = (
        "contract_common-paper-professional-services-agreement.txt",
        "contract_common-paper-independent-contractor-agreement.txt",
        "contract_common-paper-ai-addendum.txt",
        "contract_ungoldman_hourly_web_dev.md",
    )
    text = "\n\n".join((CORPUS / name).read_text() for name in names)
    copies = max(1, math.ceil(pages * 3000 / len(text)))  # ~3,000 characters a page
    return make_pdf("\n\n".join([text] * copies))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the forkserver and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_mb(pids: list[int]) -> float:
    """Proportional set sizes summed: pages the forked workers share count once in all."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def breakdown(pid: int) -> str:
    """PSS of each process of the bot, labelled."""
    parts = []
    for each in tree(pid):
        try:
            command = Path(f"/proc/{each}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        label = (
            "main"
            if each == pid
            else "forkserver"
            if "forkserver" in command
            else "resource tracker"
            if "resource_tracker" in command
            else "worker"
        )
        parts.append(f"{label} {rss_mb([each]):.0f}")
    return ", ".join(parts)


def cpu_s(pid: int) -> tuple[float, float]:
    """(the process's own CPU seconds, its waited-for children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / TICKS
    children = (int(fields[13]) + int(fields[14])) / TICKS
    return own, children


async def burst(
    api: TimedAPI, bot_pid: int, members: int, pdf: bytes, *, paste: bool, base_id: int
) -> dict[str, Any]:
    before_calls = len(api.calls)
    cpu_before = cpu_s(bot_pid)
    posted: dict[int, float] = {}
    chats = []
    for i in range(members):
        member = api.user(base_id + i)
        chat = api.private_chat(member)
        doc = api.add_file(pdf, f"contract-{i}.pdf", "application/pdf")
        posted[chat["id"]] = time.perf_counter()
        api.post(chat, member, None, document=doc)
        chats.append(chat["id"])
    paste_chat = None
    if paste:
        member = api.user(base_id + members)
        chat = api.private_chat(member)
        paste_chat = chat["id"]
        api.pastes.add(paste_chat)
        posted[paste_chat] = time.perf_counter()
        api.post(chat, member, CLAUSE)
    peak = 0.0
    async with asyncio.timeout(600):
        while not all(c in api.done for c in posted):
            peak = max(peak, rss_mb(tree(bot_pid)))
            await api._next_change(0.2)
    cpu_after = cpu_s(bot_pid)
    return {
        "latencies": [api.done[c] - posted[c] for c in chats],
        "busy": sum(1 for c in chats if c in api.busy),
        "paste": api.done[paste_chat] - posted[paste_chat] if paste_chat else None,
        "calls": Counter(c.method for c in api.calls[before_calls:]),
        "main_cpu": cpu_after[0] - cpu_before[0],
        "peak_mb": peak,
    }


def write_config(folder: Path, api: FakeTelegramAPI) -> Path:
    path = folder / "bench.toml"
    path.write_text(
        '[bot]\nadapters = ["telegram"]\nlog_level = "WARNING"\n'
        f'[storage]\npath = "{folder / "bench.db"}"\nsalt = "bench-salt"\n'
        f'[telegram]\nbase_url = "{api.base_url}"\nbase_file_url = "{api.base_file_url}"\n'
    )
    return path


async def main(sizes: list[int], pages: int) -> None:
    pdf = contract_pdf(pages)
    async with TimedAPI() as api:
        with tempfile.TemporaryDirectory() as folder:
            config = write_config(Path(folder), api)
            env = {**os.environ, "TELEGRAM_TOKEN": api.token, "PTB_TIMEDELTA": "1"}
            env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
            started = time.perf_counter()
            bot = await asyncio.create_subprocess_exec(
                *(sys.executable, "-m", "bot.cli", "run", "--config", str(config)),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
            try:
                await api.wait_for(lambda: api.called("getUpdates"), 120)
                print(f"bot receiving updates {time.perf_counter() - started:.1f} s after launch")
                await report(api, bot.pid, sizes, pages, pdf)
            finally:
                bot.terminate()
                try:
                    async with asyncio.timeout(30):
                        await bot.wait()
                except TimeoutError:
                    bot.kill()
                    await bot.wait()


async def report(api: TimedAPI, pid: int, sizes: list[int], pages: int, pdf: bytes) -> None:
    first = await burst(api, pid, 1, pdf, paste=False, base_id=9000)
    runs = [
        (await burst(api, pid, 1, pdf, paste=False, base_id=9100 + i))["latencies"][0]
        for i in range(3)
    ]
    alone = statistics.median(runs)
    print(
        f"PDF of {len(pdf) / 1000:.0f} kB (~{pages} pages). First contract after start: "
        f"{first['latencies'][0] * 1000:.0f} ms; one member alone: {alone * 1000:.0f} ms "
        f"(median of 3)\nidle bot: {rss_mb(tree(pid)):.0f} MB PSS ({breakdown(pid)})"
    )
    print(
        f"{'members':>7}{'p50 s':>7}{'p95 s':>7}{'max s':>7}{'busy':>5}{'paste s':>8}"
        f"{'p95/alone':>10}{'floor s':>8}{'p95/floor':>10}{'main cpu s':>11}{'peak MB':>8}"
        "  requests/member"
    )
    base = 10_000
    for n in sizes:
        result = await burst(api, pid, n, pdf, paste=True, base_id=base)
        base += n + 100
        lat = result["latencies"]
        p50, p95, worst = statistics.median(lat), pct(lat, 0.95), max(lat)
        floor = n * alone / 2
        per = ", ".join(
            f"{m}={c / n:.1f}" for m, c in sorted(result["calls"].items()) if m != "getUpdates"
        )
        print(
            f"{n:>7}{p50:>7.2f}{p95:>7.2f}{worst:>7.2f}{result['busy']:>5}"
            f"{result['paste']:>8.3f}{p95 / alone:>10.1f}{floor:>8.2f}{p95 / floor:>10.2f}"
            f"{result['main_cpu']:>11.1f}{result['peak_mb']:>8.0f}  {per}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, nargs="*", default=[20, 50])
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.pages))

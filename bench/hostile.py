"""Hostile files through ``clausescout analyze`` (and the bot's service): time, memory, output.

    python bench/hostile.py                  # every class, through the CLI
    python bench/hostile.py --service        # through Service.handle as well
    python bench/hostile.py --only flate     # classes whose name contains "flate"

Each file comes from ``tests/hostile.py`` and runs in a fresh process; the peak is the
largest sum of resident memory over the process and all its descendants (the forkserver
and its workers), sampled every 20 ms. Printed per class: wall time, peak memory, exit
code, the first line of stderr, whether stdout or stderr carried contract text. Prints
figures only; the tests assert behaviour, not these numbers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "pdf-xobject-bomb": ("bomb.pdf", hostile.xobject_bomb),
    "pdf-flate-bomb": ("bomb.pdf", hostile.flate_bomb_pdf),
    "pdf-slow-fallback": ("slow.pdf", hostile.slow_fallback_pdf),
    "pdf-leaky-fallback": ("leaky.pdf", hostile.leaky_fallback_pdf),
    "docx-paragraph-bomb": ("bomb.docx", hostile.paragraph_bomb_docx),
    "docx-empty-run-bomb": ("bomb.docx", hostile.empty_run_bomb_docx),
    "docx-deep-nesting": ("deep.docx", hostile.deep_nesting_docx),
    "docx-styles-bomb": ("styles.docx", hostile.styles_bomb_docx),
    "docx-forged-size": ("forged.docx", hostile.forged_size_docx),
    "png-pixel-bomb": ("bomb.png", hostile.png_pixel_bomb),
    "png-oversized": ("big.png", hostile.png_oversized),
    "jpeg-truncated": ("photo.jpg", hostile.jpeg_truncated),
    "txt-with-nuls": ("nuls.txt", hostile.text_with_nuls),
    "txt-pdf-signature": ("notes.txt", hostile.text_starting_like_a_pdf),
}
_SERVICE_DRIVER = """
import asyncio, sys
from bot.config import parse_config
from bot.events import Attachment, Incoming
from bot.service import Service
from bot.storage import Storage
from responses import plain_format

async def main(path):
    data = open(path, "rb").read()
    service = Service(parse_config({"bot": {"adapters": ["console"]}}), Storage.memory())
    class Outbox:
        async def send(self, reply):
            print(reply.kind, "|", plain_format.render(reply).splitlines()[0][:100])
        async def working(self, status=None):
            pass
    async def fetch():
        return data
    incoming = Incoming(platform="console", user_id="bench", chat_id="c", message_id="1",
                        is_private=True, text="", attachment=Attachment(path, len(data), fetch))
    await service.handle(incoming, Outbox())
    await service.aclose(grace_s=1)

asyncio.run(main(sys.argv[1]))
"""


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and every descendant, in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid, parent = int(entry), int(fields.get("PPid", "0"))
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(command: list[str], limit_s: float) -> tuple[float, int, int | None, str, str]:
    """Run ``command``; returns seconds, peak tree RSS (MB), exit code, stdout, stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kb(process.pid))
            if time.monotonic() - started > limit_s:
                process.kill()
                break
            time.sleep(0.02)
        process.wait()
        elapsed = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return elapsed, peak // 1024, process.returncode, out.read().decode(), err.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", action="store_true", help="also run through the service")
    parser.add_argument("--only", default="", help="run the classes whose name contains this")
    parser.add_argument("--limit", type=float, default=120.0, help="kill after this many s")
    args = parser.parse_args()
    header = f"{'class':22} {'path':8} {'size':>9} {'time':>7} {'peak':>8} {'exit':>5}"
    print(header + "  text?  first line")
    with tempfile.TemporaryDirectory() as folder:
        for name, (filename, build) in CASES.items():
            if args.only not in name:
                continue
            data = build()
            path = Path(folder) / filename
            path.write_bytes(data)
            command = str(Path(sys.executable).parent / "clausescout")
            paths = {"cli": [command, "analyze", str(path)]}
            if args.service:
                paths["service"] = [sys.executable, "-c", _SERVICE_DRIVER, str(path)]
            for where, command in paths.items():
                elapsed, peak, code, out, err = measure(command, args.limit)
                leaked = hostile.SECRET in out or hostile.SECRET in err
                shown = (err.strip() or out.strip()).splitlines()
                first = shown[0][:90] if shown else ""
                lines = len(err.strip().splitlines())
                print(
                    f"{name:22} {where:8} {len(data):>9,} {elapsed:>6.1f}s {peak:>6} MB "
                    f"{code!s:>5}  {'LEAK' if leaked else 'no':5}  {first}"
                    + (f"  (+{lines - 1} stderr lines)" if lines > 1 else "")
                )


if __name__ == "__main__":
    main()

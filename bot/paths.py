"""Where ClauseScout keeps its files on this machine, and how it writes one.

The database and the templates the console saves live in the user's data directory
(``$XDG_DATA_HOME/clausescout``, by default ``~/.local/share/clausescout``;
``~/Library/Application Support/ClauseScout`` on macOS; ``%LOCALAPPDATA%\\ClauseScout`` on
Windows), never in whatever directory it runs from.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATABASE_NAME = "clausescout.db"
FILES_DIR = "files"  # what the console saves that quotes no contract (templates)


def data_dir() -> Path:
    """The user's data directory for ClauseScout (not created here)."""
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "ClauseScout"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "ClauseScout"
    base = os.environ.get("XDG_DATA_HOME") or ""
    return (Path(base) if os.path.isabs(base) else home / ".local" / "share") / "clausescout"


def default_database() -> str:
    return str(data_dir() / DATABASE_NAME)


def write_private(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, readable by its owner only (reports quote contracts),
    replacing an earlier file of that name whole: no half-written file is left under it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.replace(partial, target)

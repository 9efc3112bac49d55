"""Read the text behind a reference in ``../shared/data``.

Plain files (CUAD contracts, terms, templates) are addressed by path. ToS;DR quotes live in
one JSON Lines file, so they are addressed as ``tosdr/points.jsonl#<point id>`` and the
offsets are into the point's ``quote``.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("CLAUSESCOUT_DATA", ROOT.parent / "shared" / "data"))
TOSDR = "tosdr/points.jsonl"


def data_available() -> bool:
    return (DATA / "README.md").is_file()


def span_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=256)
def read_source(path: str) -> str:
    """The whole text a reference's offsets index into."""
    if path.startswith(TOSDR + "#"):
        return _tosdr_quotes()[path.partition("#")[2]]
    with open(DATA / path, encoding="utf-8", errors="replace", newline="") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def _tosdr_quotes() -> dict[str, str]:
    quotes = {}
    with open(DATA / TOSDR, encoding="utf-8") as handle:
        for line in handle:
            point = json.loads(line)
            quotes[point["id"]] = point.get("quote") or ""
    return quotes


def resolve(ref: dict) -> str:
    """The span's text; raises ``ValueError`` when the data no longer matches the hash."""
    text = read_source(ref["path"])[ref["start"] : ref["end"]]
    if span_hash(text) != ref["sha"]:
        raise ValueError(f"{ref['id']}: span hash differs, the data changed")
    return text

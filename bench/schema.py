"""Write the category enum of ``tests/fixtures/report.schema.json`` from
``analyzers/categories.toml``: ``python -m bench.schema`` (``--check`` only compares)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from analyzers.categories import CATEGORIES

SCHEMA = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report.schema.json"
_ENUM = re.compile(r'("category": \{"enum": \[)(?P<items>[^\]]*)(\])')


def with_categories(text: str) -> str:
    """The schema text with its category enum set to the declared categories."""
    match = _ENUM.search(text)
    if match is None:
        raise ValueError("report.schema.json: no category enum found")
    indent = " " * 12
    items = ",\n".join(f"{indent}{json.dumps(c)}" for c in CATEGORIES)
    return text[: match.start("items")] + f"\n{items}\n{indent[:-2]}" + text[match.end("items") :]


def main(argv: list[str]) -> int:
    text = SCHEMA.read_text("utf-8")
    updated = with_categories(text)
    if "--check" in argv:
        print("in sync" if updated == text else "out of date: run python -m bench.schema")
        return 0 if updated == text else 1
    SCHEMA.write_text(updated, "utf-8")
    print(f"{SCHEMA.name}: {len(CATEGORIES)} categories")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

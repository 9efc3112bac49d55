"""The tree reads one way: bytes -> text -> clauses -> findings -> report -> reply.

Checked on the imports of each module, as written: analyzers know nothing of replies or
the bot, responses nothing of the bot, storage nothing of replies, and adapters only
translate (no reply texts, no analyzer errors: the service decides and words those).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.adapters import create_adapter
from bot.events import Adapter
from tests.service.conftest import make_config

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _importing(paths: list[Path], *prefixes: str) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        names = _imports(path)
        bad = sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_analyzers_import_neither_responses_nor_the_bot() -> None:
    assert _importing(_modules("analyzers"), "responses", "bot") == {}


def test_responses_do_not_import_the_bot() -> None:
    assert _importing(_modules("responses"), "bot") == {}


def test_storage_does_not_import_replies() -> None:
    assert _importing([ROOT / "bot" / "storage.py"], "responses") == {}


@pytest.mark.parametrize("adapter", _modules("bot/adapters"), ids=lambda p: p.name)
def test_adapters_only_translate(adapter: Path) -> None:
    """No reply wording and no analyzer errors in an adapter; no duplicate of the
    service's decisions (templates, which commands are private)."""
    forbidden = (
        "analyzers",
        "responses.texts",
        "responses.guide",
        "responses.status",
        "responses.account",
        "responses.feedback",
        "responses.noai",
        "responses.build",
    )
    assert _importing([adapter], *forbidden) == {}


async def test_every_adapter_is_created_by_name_and_follows_the_protocol() -> None:
    from bot.service import Service
    from bot.storage import Storage

    storage = Storage.memory()
    service = Service(make_config(), storage)
    try:
        adapter = create_adapter("console", service, service.config)
        assert isinstance(adapter, Adapter)
    finally:
        await service.aclose(grace_s=1)
        storage.close()

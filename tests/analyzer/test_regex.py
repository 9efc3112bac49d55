"""The fast RE2 path (private entry points of google-re2) answers as re2's public API does."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
import re2

import analyzers.rules as rules_package
from analyzers import regex
from analyzers.rules import load_defines, load_rules, parse_rules


def _rule_sources(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every pattern source the shipped rules compile (recorded while parsing them)."""
    seen: list[str] = []

    def recording(pattern: str) -> regex.Pattern:
        seen.append(pattern)
        return regex.compile_pattern(pattern)

    monkeypatch.setattr(rules_package, "compile_pattern", recording)
    folder = resources.files(rules_package.__name__)
    defines = load_defines(tomllib.loads(folder.joinpath("vocab.toml").read_text("utf-8")))
    copy = load_rules().copy
    for entry in folder.iterdir():
        if entry.name.endswith(".toml") and entry.name != "vocab.toml":
            parse_rules(entry.read_text("utf-8"), copy, defines, source=entry.name)
    return sorted({s for s in seen if not regex.needs_backtracking(s)})


@pytest.mark.skipif(
    regex._RE2_PATTERN is not regex._Re2Pattern, reason="google-re2 without the private entry"
)
def test_direct_and_public_re2_calls_find_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _rule_sources(monkeypatch)
    assert len(sources) > 50
    examples = [text for rule in load_rules().rules for text in (*rule.hit, *rule.miss)]
    texts = [regex.ascii_bytes(regex.fold(regex.lowercase(t))) for t in examples]
    for source in sources:
        compiled = re2.compile(source.encode("ascii"), regex._OPTIONS)
        direct, public = regex._Re2Pattern(compiled), regex._ModulePattern(compiled)
        for text in texts:
            for pos, end in ((0, None), (len(text) // 3, None), (2, len(text) // 2), (5, 3)):
                assert direct.find(text, pos, end) == public.find(text, pos, end), source
            assert direct.matches_at(text, 0) == public.matches_at(text, 0), source

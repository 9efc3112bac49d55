"""Rules as data: TOML files in this folder, compiled and validated once at load time.

A rule names a category and says, for one sentence, when it fires:

- ``gate``: literal lowercase words; the rule only looks at sentences containing one of them
  (found with one fast scan of the whole text per word). ``@name`` refers to ``[gates]``.
- ``patterns``: regexes over the lowercased sentence; any match is a candidate hit. Each is a
  string (named by position, ``#1``, ``#2``...) or ``{ name = "...", re = '...' }``; a
  finding records which pattern fired.
- ``requires`` / ``unless``: regexes that must / must not also match the sentence;
  ``unless_part``: must not match in the clause-part around the match (so "..., except
  that the Client may change..." is judged on its own); ``unless_clause`` /
  ``requires_clause``: must not / must match somewhere in the surrounding clause (for a
  sentence that refers back: "In that event, ...").
- ``checks``: named context checks from ``analyzers.context`` (negation, who is bound...).
- ``hit`` / ``miss``: example sentences; a test runs every rule's examples.

Shared vocabulary lives in ``vocab.toml`` (``[define]``); ``%{name}`` in a pattern expands
to that definition, so every rule about AI uses the same list of AI words. Long patterns may
be split over lines in TOML literal strings by ending a line with a backslash.

Patterns must be linear-time: no unbounded ``.*``/``[^x]+`` and no repeated groups, so a
hostile paste cannot make the engine backtrack; gaps are written as bounded ``{0,N}``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from analyzers.categories import SPECS
from analyzers.context import CHECKS
from analyzers.model import CATEGORIES, DEFAULT_SEVERITY, Severity
from analyzers.parties import (
    AMBIGUOUS_WORDS,
    CLIENT_WORDS,
    FREELANCER_WORDS,
    USER_SIDE_CLIENT_WORDS,
    vocabulary_regex,
)
from analyzers.regex import Pattern, compile_pattern, compile_word_set, needs_backtracking

_UNBOUNDED_WILDCARD = re.compile(r"(?<!\\)(?:\.|\[\^(?:\\.|[^\]])*\])[*+]")
_REPEATED_GROUP = re.compile(r"(?<!\\)\)[*+]")
_RULE_KEYS = {
    "id",
    "category",
    "gate",
    "patterns",
    "requires",
    "unless",
    "unless_part",
    "unless_clause",
    "requires_clause",
    "checks",
    "severity",
    "confidence",
    "explanation",
    "tip",
    "suggestion",
    "hit",
    "miss",
    "note",
}


class RuleError(ValueError):
    """A rule file is invalid; the message names the rule and the problem."""


@dataclass(frozen=True, slots=True)
class Copy:
    """What a finding tells the freelancer."""

    title: str
    explanation: str
    tip: str
    suggestion: str | None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    gate: tuple[str, ...]
    patterns: tuple[Pattern, ...]  # combined into as few automata as possible, for speed
    requires: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]
    unless_part: tuple[Pattern, ...]
    unless_clause: tuple[Pattern, ...]
    requires_clause: tuple[Pattern, ...]
    checks: tuple[str, ...]
    severity: Severity
    confidence: float
    copy: Copy
    hit: tuple[str, ...]
    miss: tuple[str, ...]
    # Each pattern on its own, with its name, to tell which one fired.
    named: tuple[tuple[str, Pattern], ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """The rules, plus one word set over all their gates to find candidate rules fast."""

    rules: tuple[Rule, ...]
    copy: dict[str, Copy]

    @cached_property
    def gate_words(self) -> tuple[str, ...]:
        return tuple(sorted({word for rule in self.rules for word in rule.gate}))

    @cached_property
    def _gate_index(self) -> tuple[object, tuple[tuple[int, ...], ...]]:
        words = self.gate_words
        rules_by_word = tuple(
            tuple(i for i, rule in enumerate(self.rules) if word in rule.gate) for word in words
        )
        return compile_word_set(list(words)), rules_by_word

    def candidates(self, text: str) -> list[int]:
        """Indexes of the rules whose gate words occur in ``text``, in rule order."""
        word_set, rules_by_word = self._gate_index
        found: set[int] = set()
        for word in word_set.Match(text) or ():  # type: ignore[attr-defined]
            found.update(rules_by_word[word])
        return sorted(found)


@cache
def load_rules() -> RuleSet:
    """All rules shipped with the package (cached)."""
    folder = resources.files(__name__)
    copy = _load_copy()
    defines = load_defines(tomllib.loads(folder.joinpath("vocab.toml").read_text("utf-8")))
    rules: list[Rule] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name != "vocab.toml":
            text = entry.read_text("utf-8")
            rules.extend(parse_rules(text, copy, defines, source=entry.name))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuleError(f"duplicate rule ids: {sorted(duplicates)}")
    return RuleSet(tuple(rules), copy)


def _load_copy() -> dict[str, Copy]:
    """Each category's copy, as declared in ``analyzers/categories.toml``."""
    return {
        c: Copy(
            title=spec.title, explanation=spec.explanation, tip=spec.tip, suggestion=spec.suggestion
        )
        for c, spec in SPECS.items()
    }


def load_defines(data: dict) -> dict[str, str]:
    """``[define]`` entries with their own ``%{name}`` references expanded."""
    raw: dict[str, str] = data.get("define", {})
    gates: dict[str, list[str]] = data.get("gates", {})
    resolved: dict[str, str] = {}

    def resolve(name: str, stack: tuple[str, ...]) -> str:
        if name in resolved:
            return resolved[name]
        if name not in raw:
            raise RuleError(f"vocab: unknown name %{{{name}}}")
        if name in stack:
            raise RuleError(f"vocab: %{{{name}}} refers to itself")
        value = _REFERENCE.sub(
            lambda m: resolve(m.group(1), (*stack, name)), _join_lines(raw[name])
        )
        # Every vocabulary entry starts at a word boundary: "credit card" holds no "edit".
        resolved[name] = f"(?:\\b(?:{value}))"
        return resolved[name]

    raw = {**raw, **_party_defines()}
    for name in raw:
        resolve(name, ())
    resolved.update({f"@{k}": v for k, v in gates.items()})  # type: ignore[misc]
    return resolved


def _party_defines() -> dict[str, str]:
    """``%{client}``, ``%{host}`` and ``%{freelancer}`` from the one party vocabulary."""
    client = frozenset(CLIENT_WORDS) - AMBIGUOUS_WORDS
    return {
        "client": vocabulary_regex(client),
        "host": vocabulary_regex(client - USER_SIDE_CLIENT_WORDS),
        "freelancer": vocabulary_regex(frozenset(FREELANCER_WORDS) - AMBIGUOUS_WORDS),
    }


_REFERENCE = re.compile(r"%\{(\w+)\}")
_OWN_START = re.compile(r"(?:\(\?:)*(?:\^|\\W|\[|\(\?<|\\s|\s)")


def parse_rules(
    source_text: str,
    copy: dict[str, Copy],
    defines: dict[str, str] | None = None,
    source: str = "<rules>",
) -> list[Rule]:
    data = tomllib.loads(source_text)
    defines = defines or {}
    gates: dict[str, list[str]] = {
        k[1:]: v
        for k, v in defines.items()
        if k.startswith("@")  # type: ignore[misc]
    }
    gates.update(data.get("gates", {}))
    out = []
    for raw in data.get("rule", []):
        out.append(_parse_rule(raw, gates, copy, defines, source))
    return out


def _join_lines(pattern: str) -> str:
    return pattern.replace("\\\n", "")


def _expand(pattern: str, defines: dict[str, str], where: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in defines:
            raise RuleError(f"{where}: unknown name %{{{name}}}")
        return defines[name]

    return _REFERENCE.sub(sub, _join_lines(pattern))


def _parse_rule(
    raw: dict,
    gates: dict[str, list[str]],
    copy: dict[str, Copy],
    defines: dict[str, str],
    source: str,
) -> Rule:
    rule_id = raw.get("id", "?")
    where = f"{source}: rule {rule_id}"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise RuleError(f"{where}: unknown category {category!r}")
    if not rule_id.startswith(category + "/"):
        raise RuleError(f"{where}: id must be '{category}/<slug>'")
    gate: list[str] = []
    for word in raw.get("gate", []):
        if word.startswith("@"):
            if word[1:] not in gates:
                raise RuleError(f"{where}: unknown gate {word}")
            gate.extend(gates[word[1:]])
        else:
            gate.append(word)
    if not gate or any(w != w.lower() or not w.strip() for w in gate):
        raise RuleError(f"{where}: gate must list lowercase words")
    checks = tuple(raw.get("checks", []))
    for check in checks:
        if check not in CHECKS:
            raise RuleError(f"{where}: unknown check {check!r}")
    sources, names = _pattern_entries(raw.get("patterns", []), where)
    hit, miss = tuple(raw.get("hit", [])), tuple(raw.get("miss", []))
    if not hit or not miss:
        raise RuleError(f"{where}: needs at least one 'hit' and one 'miss' example")
    base = copy[category]
    severity = raw.get("severity", DEFAULT_SEVERITY[category])
    if severity not in ("high", "medium", "low", "good"):
        raise RuleError(f"{where}: bad severity {severity!r}")
    confidence = float(raw.get("confidence", 0.8))
    if not 0 < confidence <= 1:
        raise RuleError(f"{where}: confidence must be in (0, 1]")
    return Rule(
        id=rule_id,
        category=category,
        gate=tuple(dict.fromkeys(gate)),
        patterns=_compile(sources, defines, where, required=True, combine=True),
        named=tuple(
            (name, compiled)
            for name, (compiled,) in zip(
                names, (_compile([s], defines, where) for s in sources), strict=True
            )
        ),
        requires=_compile(raw.get("requires", []), defines, where),
        unless=_compile(raw.get("unless", []), defines, where, combine=True),
        unless_part=_compile(raw.get("unless_part", []), defines, where, combine=True),
        unless_clause=_compile(raw.get("unless_clause", []), defines, where, combine=True),
        requires_clause=_compile(raw.get("requires_clause", []), defines, where),
        checks=checks,
        severity=severity,
        confidence=confidence,
        copy=Copy(
            title=base.title,
            explanation=raw.get("explanation", base.explanation),
            tip=raw.get("tip", base.tip),
            suggestion=raw.get("suggestion", base.suggestion),
        ),
        hit=hit,
        miss=miss,
    )


def _pattern_entries(entries: list, where: str) -> tuple[list[str], list[str]]:
    """Patterns are strings (named by position: ``#1``, ``#2``...) or tables with a ``name``
    and a ``re``; a finding says which one fired."""
    sources, names = [], []
    for n, entry in enumerate(entries, 1):
        if isinstance(entry, str):
            sources.append(entry)
            names.append(f"#{n}")
        elif isinstance(entry, dict) and set(entry) == {"name", "re"}:
            sources.append(entry["re"])
            names.append(entry["name"])
        else:
            raise RuleError(f"{where}: a pattern is a string or {{name = ..., re = ...}}")
    if len(set(names)) != len(names):
        raise RuleError(f"{where}: pattern names repeat")
    return sources, names


def _compile(
    patterns: list[str],
    defines: dict[str, str],
    where: str,
    required: bool = False,
    combine: bool = False,
) -> tuple[Pattern, ...]:
    """Validate and compile; with ``combine``, alternatives are joined into as few automata
    as possible (one RE2 search per rule instead of one per pattern)."""
    if required and not patterns:
        raise RuleError(f"{where}: needs at least one pattern")
    compiled = []
    expanded = []
    for pattern in patterns:
        # Patterns, like vocabulary, match whole words from their start (unless they say
        # how they start themselves: "(?:^|[^-\w])assign", "\W...").
        boundary = "" if _OWN_START.match(pattern) else "\\b"
        pattern = boundary + _expand(pattern, defines, where)
        if _UNBOUNDED_WILDCARD.search(pattern) or _REPEATED_GROUP.search(pattern):
            raise RuleError(f"{where}: pattern may backtrack without bound: {pattern!r}")
        if any(c.isupper() for c in re.sub(r"\\[A-Za-z]|\(\?P<\w+>", "", pattern)):
            raise RuleError(f"{where}: patterns run on lowercased text: {pattern!r}")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RuleError(f"{where}: bad pattern {pattern!r}: {exc}") from None
        expanded.append(pattern)
    if combine:
        plain = [p for p in expanded if not needs_backtracking(p)]
        expanded = [p for p in expanded if needs_backtracking(p)]
        if plain:
            compiled.append(compile_pattern("|".join(f"(?:{p})" for p in plain)))
    compiled.extend(compile_pattern(p) for p in expanded)
    return tuple(compiled)

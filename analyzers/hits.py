"""Rule hits: what the rules found, before findings are built from them."""

from __future__ import annotations

from dataclasses import dataclass

from analyzers.rules import Rule


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    sentence: int  # index into Segmentation.sentences
    start: int  # match offsets in the document text
    end: int
    pattern: str = ""  # the name of the rule's pattern that matched ("#2", or its own name)


@dataclass(frozen=True, slots=True)
class Hits:
    hits: tuple[Hit, ...]
    considered: frozenset[int]  # clause indexes holding any rule's gate words
    # (category, clause index) where a rule's pattern matched but its context checks failed
    vetoed: frozenset[tuple[str, int]] = frozenset()

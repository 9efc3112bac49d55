"""Rules -> hits -> findings.

Work is organised for speed on long contracts: the text is lowercased once; each gate word
is found with one scan of the whole text; a rule then runs its patterns only on sentences
holding one of its gate words, and identical sentences (boilerplate repeats a lot) are
evaluated once. A finding quotes the sentence that matched, verbatim, with its clause's
section and page.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from analyzers.context import CHECKS, PartyLexicon, part_bounds
from analyzers.model import Clause, Document, Finding, Party
from analyzers.protection import rate_protection
from analyzers.rules import Rule, RuleSet, load_rules
from analyzers.segment import Segmentation, Sentence

# Rank used to keep the strongest hit when several rules of one category fire in a clause.
_SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1, "good": 0}


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    sentence: int  # index into Segmentation.sentences
    start: int  # match offsets in the document text
    end: int


def lowercase(text: str) -> str:
    """Lowercase without changing offsets (a few characters grow under str.lower)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def find_findings(document: Document, segmentation: Segmentation) -> list[Finding]:
    ruleset = load_rules()
    hits = find_hits(document, segmentation, ruleset)
    return build_findings(document, segmentation, hits)


def find_hits(document: Document, segmentation: Segmentation, ruleset: RuleSet) -> list[Hit]:
    sentences = segmentation.sentences
    if not sentences:
        return []
    lowered = lowercase(document.text)
    lexicon = _lexicon(segmentation.parties)
    clauses = segmentation.clauses
    gated = _sentences_by_gate(lowered, sentences, ruleset.gate_words)
    texts: dict[int, str] = {}
    verdicts: dict[tuple[str, str], list[tuple[int, int]]] = {}
    hits: list[Hit] = []
    for rule in ruleset.rules:
        candidates: set[int] = set()
        for word in rule.gate:
            candidates |= gated.get(word, set())
        for index in sorted(candidates):
            sentence = sentences[index]
            if clauses[sentence.clause].is_definition:
                continue
            text = texts.get(index)
            if text is None:
                text = texts[index] = lowered[sentence.start : sentence.end]
            key = (rule.id, text)
            spans = verdicts.get(key)
            if spans is None:
                spans = verdicts[key] = _match(rule, text, lexicon)
            if not spans:
                continue
            if rule.unless_clause:
                clause = clauses[sentence.clause]
                clause_text = lowered[clause.start : min(clause.end, clause.start + 4000)]
                if any(p.search(clause_text) for p in rule.unless_clause):
                    continue
            a, b = spans[0]
            hits.append(Hit(rule, index, sentence.start + a, sentence.start + b))
    return hits


def match_sentence(rule: Rule, text: str, lexicon: PartyLexicon | None = None) -> bool:
    """Does ``rule`` fire on this (lowercased) sentence? Used by rule example tests."""
    lexicon = lexicon or _lexicon(())
    if not any(word in text for word in rule.gate):
        return False
    if any(p.search(text) for p in rule.unless_clause):
        return False
    return bool(_match(rule, text, lexicon))


def _match(rule: Rule, text: str, lexicon: PartyLexicon) -> list[tuple[int, int]]:
    if any(p.search(text) for p in rule.unless):
        return []
    if not all(p.search(text) for p in rule.requires):
        return []
    spans = []
    for pattern in rule.patterns:
        for match in pattern.finditer(text):
            a, b = match.span()
            if rule.unless_part:
                lo, hi = part_bounds(text, a, b)
                if any(p.search(text, lo, hi) for p in rule.unless_part):
                    continue
            if all(CHECKS[name](text, a, b, lexicon) for name in rule.checks):
                spans.append((a, b))
                break
    return spans


def _sentences_by_gate(
    lowered: str, sentences: tuple[Sentence, ...], words: frozenset[str]
) -> dict[str, set[int]]:
    """For each gate word, the sentences containing it: one scan of the text per word."""
    starts = [s.start for s in sentences]
    out: dict[str, set[int]] = {}
    for word in words:
        found: set[int] = set()
        at = lowered.find(word)
        while at != -1:
            k = bisect_right(starts, at) - 1
            if k >= 0 and at + len(word) <= sentences[k].end:
                found.add(k)
                at = lowered.find(word, sentences[k].end)
            else:
                at = lowered.find(word, at + 1)
        if found:
            out[word] = found
    return out


@lru_cache(maxsize=64)
def _lexicon(parties: tuple[Party, ...]) -> PartyLexicon:
    extra = {}
    for party in parties:
        for alias in party.aliases:
            extra[alias] = party.role
    return PartyLexicon.build(extra)


def build_findings(
    document: Document, segmentation: Segmentation, hits: list[Hit]
) -> list[Finding]:
    """One finding per category per clause (the strongest hit), in document order.

    ``ai_protection`` is rated over the whole section around it, since a rider spreads its
    promises over several clauses; one protection finding is kept per section.
    """
    text = document.text
    sentences, clauses = segmentation.sentences, segmentation.clauses
    best: dict[tuple[str, int], Hit] = {}
    for hit in hits:
        sentence = sentences[hit.sentence]
        key = (hit.rule.category, sentence.clause)
        if hit.rule.category == "ai_protection":
            key = ("ai_protection", _section_group(clauses, sentence.clause))
        current = best.get(key)
        if current is None or _stronger(hit, current):
            best[key] = hit
    # A clause that names AI training is an AI grant, not (also) a generic data-use right.
    ai_clauses = {group for category, group in best if category == "ai_training_grant"}
    findings = []
    for (category, group), hit in best.items():
        if category == "data_processing_rights" and group in ai_clauses:
            continue
        sentence = sentences[hit.sentence]
        clause = clauses[sentence.clause]
        protection = None
        if category == "ai_protection":
            span = _group_span(clauses, group)
            protection = rate_protection(lowercase(text[span[0] : span[1]]))
        findings.append(
            Finding(
                category=category,
                severity=hit.rule.severity,
                start=sentence.start,
                end=sentence.end,
                quote=text[sentence.start : sentence.end],
                explanation=hit.rule.copy.explanation,
                tip=hit.rule.copy.tip,
                suggestion=hit.rule.copy.suggestion,
                rule=hit.rule.id,
                page=document.page_at(sentence.start) if document.page_starts else clause.page,
                section=clause.section,
                confidence=hit.rule.confidence,
                protection=protection,
            )
        )
    findings.sort(key=lambda f: (f.start, f.category))
    return findings


def _stronger(a: Hit, b: Hit) -> bool:
    ra, rb = _SEVERITY_RANK[a.rule.severity], _SEVERITY_RANK[b.rule.severity]
    if ra != rb:
        return ra > rb
    if a.rule.confidence != b.rule.confidence:
        return a.rule.confidence > b.rule.confidence
    return a.start < b.start


def _top_section(clause: Clause) -> str | None:
    section = clause.section
    if section is None:
        return None
    return section.split(".")[0].split("(")[0] or section


def _section_group(clauses: tuple[Clause, ...], index: int) -> int:
    """Index of the first clause of the run of clauses sharing this clause's top section."""
    top = _top_section(clauses[index])
    while index > 0 and _top_section(clauses[index - 1]) == top:
        index -= 1
    return index


def _group_span(clauses: tuple[Clause, ...], first: int) -> tuple[int, int]:
    top = _top_section(clauses[first])
    last = first
    while last + 1 < len(clauses) and _top_section(clauses[last + 1]) == top:
        last += 1
    return clauses[first].start, clauses[last].end


__all__ = ["Hit", "build_findings", "find_findings", "find_hits", "lowercase", "match_sentence"]

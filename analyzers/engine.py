"""Rules -> hits -> findings.

Work is organised for speed on long contracts: the text is lowercased (and ASCII-folded)
once; identical sentences (boilerplate repeats a lot) are evaluated once; for each distinct
sentence one RE2 word-set pass finds the rules whose gate words it holds, and only those
rules run their patterns. A list item is read together with its lead-in ("You shall not:"),
so its negation and subject carry over. A finding quotes the sentence that matched,
verbatim, with its clause's section and page.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.categories import PROTECTIONS, SPECS
from analyzers.classifier import load_classifier
from analyzers.context import CHECKS, PartyLexicon, forget_sentences, is_definition, part_bounds
from analyzers.hits import Hit, Hits
from analyzers.learned import decide
from analyzers.model import Clause, Document, Finding, Party
from analyzers.protection import rate_protection
from analyzers.regex import ascii_bytes, fold, lowercase
from analyzers.rules import Rule, RuleSet, load_rules
from analyzers.segment import Segmentation

# "(c) ", "iv. ", "- ": a list item's own label, blanked in context so it is no boundary.
_ITEM_LABEL = re.compile(r"\s*(?:\(?[a-z0-9]{1,4}[.)]{1,2}|[-*\u2022])\s+")

# A heading that forbids ("Prohibited Uses", "What We Do Not Allow") governs the fragments
# filed under it ("Using any talent audio for AI training."), as a list's lead-in does; a
# sentence with its own verb says for itself what is allowed.
_FORBIDDING_HEADING = re.compile(
    r"\b(?:not|no|never|prohibited|forbidden|excluded|restricted|banned|disallowed|prohibitions?)\b"
)
_FINITE_VERB = re.compile(r"\b(?:may|shall|will|must|can|cannot|agrees?|is|are|be|do|does)\b")

# Rank used to keep the strongest hit when several rules of one category fire in a clause.
_SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1, "good": 0}


def find_findings(document: Document, segmentation: Segmentation) -> list[Finding]:
    """Rule hits, confirmed, vetoed or completed by the learned classifier when one ships."""
    ruleset = load_rules()
    try:
        hits = find_hits(document, segmentation, ruleset)
        confidence: dict[tuple[str, int], float] = {}
        classifier = load_classifier()
        if classifier is not None:
            lexicon = _lexicon(segmentation.parties)
            hits, confidence = decide(document, segmentation, hits, classifier, ruleset, lexicon)
        return build_findings(document, segmentation, hits, confidence)
    finally:
        forget_texts()


def forget_texts() -> None:
    """Empty the caches that hold the sentences of the document just analysed (privacy:
    no contract text outlives its analysis)."""
    forget_sentences()
    rate_protection.cache_clear()


def find_hits(document: Document, segmentation: Segmentation, ruleset: RuleSet) -> Hits:
    """Rule hits, and the clauses that hold words any rule looks for (the ones worth a
    second opinion from the classifier)."""
    sentences = segmentation.sentences
    if not sentences:
        return Hits((), frozenset(), frozenset())
    lowered = fold(lowercase(document.text))
    lexicon = _lexicon(segmentation.parties)
    clauses = segmentation.clauses
    # Boilerplate repeats: evaluate each distinct sentence (in its context) once.
    by_text: dict[tuple[int, str], list[int]] = {}
    for index, sentence in enumerate(sentences):
        clause = clauses[sentence.clause]
        if clause.is_definition:
            continue
        body = lowered[sentence.start : sentence.end]
        if is_definition(body):
            continue
        prefix = ""
        if sentence.start == clause.start:
            prefix = _context_prefix(lowered, clause, body)
            if prefix:
                body = _ITEM_LABEL.sub(lambda m: " " * len(m.group(0)), body, count=1)
        by_text.setdefault((len(prefix), prefix + body), []).append(index)
    hits: list[Hit] = []
    considered: set[int] = set()
    vetoed: set[tuple[str, int]] = set()
    for (skip, text), indexes in by_text.items():
        raw = ascii_bytes(text)
        candidates = ruleset.candidates(raw[skip:])
        if candidates:
            considered.update(sentences[index].clause for index in indexes)
        for rule_index in candidates:
            rule = ruleset.rules[rule_index]
            span, matched = _match(rule, text, raw, lexicon, skip)
            if span is None:
                # The words are there but context said no (negated, wrong party, carved
                # out): the classifier learns from that too.
                if matched:
                    vetoed.update((rule.category, sentences[i].clause) for i in indexes)
                continue
            a, b = max(span[0], skip) - skip, span[1] - skip
            pattern = _pattern_at(rule, raw, span[0])
            for index in indexes:
                sentence = sentences[index]
                if rule.unless_clause or rule.requires_clause:
                    clause = clauses[sentence.clause]
                    clause_text = ascii_bytes(lowered[clause.start : clause.start + 4000])
                    if any(p.find(clause_text) for p in rule.unless_clause):
                        continue
                    if not all(p.find(clause_text) for p in rule.requires_clause):
                        continue
                hits.append(Hit(rule, index, sentence.start + a, sentence.start + b, pattern))
    return Hits(tuple(hits), frozenset(considered), frozenset(vetoed))


def _pattern_at(rule: Rule, raw: bytes, at: int) -> str:
    """Name of the rule's pattern that matches at ``at`` (the combined automaton found the
    match; this tells which alternative it was)."""
    if len(rule.named) == 1:
        return rule.named[0][0]  # the combined automaton is that one pattern
    for name, pattern in rule.named:
        if pattern.matches_at(raw, at):  # anchored: fails fast elsewhere
            return name
    return ""


def _context_prefix(lowered: str, clause: Clause, body: str) -> str:
    """What a clause's first sentence is read after: its list's lead-in, or a forbidding
    heading when the sentence is a fragment without a verb of its own."""
    if clause.lead_in is not None:
        return _lead_in_prefix(lowered, clause.lead_in)
    heading = fold(lowercase(clause.section or ""))
    if (
        heading[:1].isalpha()
        and _FORBIDDING_HEADING.search(heading)
        and not _FINITE_VERB.search(body)
    ):
        return heading.rstrip(" :.") + ", "
    return ""


def _lead_in_prefix(lowered: str, lead_in: tuple[int, int]) -> str:
    """The list's introduction ("you agree not to:") as context for one item, ending in ", "
    so that its subject and negation carry over to the item."""
    start, end = lead_in
    if end - start > 600:
        lead = lowered[start : start + 300] + " " + lowered[end - 300 : end]
    else:
        lead = lowered[start:end]
    return lead.rstrip().rstrip(":") + ", "


_MAX_TRIES = 12  # candidate matches per pattern and sentence whose context is checked


def _match(
    rule: Rule, text: str, raw: bytes, lexicon: PartyLexicon, skip: int = 0
) -> tuple[tuple[int, int] | None, bool]:
    """The first pattern match that passes the rule's context checks (or None), and
    whether any pattern matched at all (so a refusal can be told from silence).

    Patterns run first because they are the most selective test; the sentence-wide
    ``requires``/``unless`` run only for sentences that matched. The first ``skip``
    characters are context (a list's lead-in): a match must reach past them.
    """
    found = None
    matched = False
    for pattern in rule.patterns:
        span = pattern.find(raw)
        tries = 0
        while span is not None and tries < _MAX_TRIES:
            tries += 1
            a, b = span
            if b > skip:
                matched = True
                if _context_ok(rule, text, raw, a, b, lexicon):
                    found = span
                    break
            span = pattern.find(raw, a + 1)
        if found:
            break
    if found is None:
        return None, matched
    if any(p.find(raw) for p in rule.unless):
        return None, True
    if not all(p.find(raw) for p in rule.requires):
        return None, True
    return found, True


def _context_ok(rule: Rule, text: str, raw: bytes, a: int, b: int, lexicon: PartyLexicon) -> bool:
    if rule.unless_part:
        lo, hi = part_bounds(text, a, b)
        if any(p.find(raw, lo, hi) for p in rule.unless_part):
            return False
    return all(CHECKS[name](text, a, b, lexicon) for name in rule.checks)


@lru_cache(maxsize=64)
def _lexicon(parties: tuple[Party, ...]) -> PartyLexicon:
    extra = {}
    for party in parties:
        for alias in party.aliases:
            extra[alias] = party.role
    return PartyLexicon.build(extra)


def build_findings(
    document: Document,
    segmentation: Segmentation,
    hits: Hits,
    confidence: dict[tuple[str, int], float] | None = None,
) -> list[Finding]:
    """One finding per category per clause (the strongest hit), in document order.

    ``confidence`` maps (category, clause index) to the classifier's probability; without
    it a finding carries its rule's confidence.

    A ``per_section`` category (the AI protection) is kept once per section and rated over
    all of it, since a rider spreads its promises over several clauses.
    """
    text = document.text
    sentences, clauses = segmentation.sentences, segmentation.clauses
    confidence = confidence or {}
    per_section = any(SPECS[hit.rule.category].per_section for hit in hits.hits)
    groups = _section_groups(clauses) if per_section else []
    best: dict[tuple[str, int], Hit] = {}
    for hit in hits.hits:
        sentence = sentences[hit.sentence]
        key = (hit.rule.category, sentence.clause)
        if SPECS[hit.rule.category].per_section:
            key = (hit.rule.category, groups[sentence.clause])
        current = best.get(key)
        if current is None or _stronger(hit, current):
            best[key] = hit
    findings = []
    for (category, group), hit in best.items():
        sentence = sentences[hit.sentence]
        clause = clauses[sentence.clause]
        protection = None
        if category in PROTECTIONS:
            last = _group_end(groups, group) if SPECS[category].per_section else group
            protection = rate_protection(lowercase(text[clauses[group].start : clauses[last].end]))
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
                pattern=hit.pattern,
                page=document.page_at(sentence.start) if document.page_starts else clause.page,
                section=clause.section,
                confidence=confidence.get((category, sentence.clause), hit.rule.confidence),
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


def _section_groups(clauses: tuple[Clause, ...]) -> list[int]:
    """For each clause, the index of the first clause of the run sharing its top section."""
    groups: list[int] = []
    previous: object = object()
    for index, clause in enumerate(clauses):
        top = _top_section(clause)
        groups.append(groups[-1] if index and top == previous else index)
        previous = top
    return groups


def _group_end(groups: list[int], first: int) -> int:
    """Index of the last clause of the group starting at ``first``."""
    last = first
    while last + 1 < len(groups) and groups[last + 1] == first:
        last += 1
    return last


__all__ = ["Hit", "Hits", "build_findings", "find_findings", "find_hits"]

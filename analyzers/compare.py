"""Two reports of two drafts of one contract -> what changed between them.

    from analyzers.compare import compare_reports
    comparison = compare_reports(old_report, new_report)

Findings are aligned within their category: a pair is scored by the similarity of the
two quotes (the share of words they have in common) plus a bonus when both sit in the same
section, so a clause that was renumbered still finds its old self by its wording, and one
reworded in place still finds it by its number. Pairs are taken best first; what stays
alone in the old draft is gone, what stays alone in the new one is new.

Each aligned pair is ``unchanged`` when the quote reads word for word the same (case,
punctuation and spacing aside: a renumbering alone changes nothing) with the same severity
and strength, and ``changed`` otherwise: a different number of days, a dropped "not", a
narrower grant all count, since any word of a risky clause can matter.

Risks and protections differ in direction: a risk gone or a protection gained makes the
new draft better (``improved``), a risk new or a protection lost makes it worse
(``worsened``). Pure and fast: no text is read again, only the two reports.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Literal

from analyzers.categories import CATEGORIES
from analyzers.model import Finding, Report

ChangeKind = Literal["fixed", "added", "unchanged", "changed"]

SAME_SECTION_BONUS = 0.2
# Below this score two findings of one category are not taken for the same clause.
PAIR_MIN = 0.3
# A quote most of whose phrases stand in the other counts this much (a clause cut down to
# its first sentence is still that clause).
CONTAINED_WEIGHT = 0.8
_DIFF_WORDS = 12  # words of a changed quote listed as removed or added, at most

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOPWORDS = frozenset(
    "the and for any all with this that such its our your you are not from have has will "
    "may shall under into other than which where their them there these those been being "
    "upon each".split()
)
_SECTION_NOISE = re.compile(r"^(?:section|clause|article|§)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Change:
    """One finding's fate: ``before`` and/or ``after`` (a new one has no ``before``).

    ``kind`` follows the issue's lists: ``fixed`` (in the old draft only), ``added`` (in
    the new draft only), ``unchanged`` and ``changed`` (in both). ``removed_words`` and
    ``added_words`` sum up a changed quote.
    """

    kind: ChangeKind
    category: str
    before: Finding | None
    after: Finding | None
    similarity: float = 0.0
    removed_words: tuple[str, ...] = ()
    added_words: tuple[str, ...] = ()

    @property
    def finding(self) -> Finding:
        """The finding to show: the new one when there is one."""
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def is_protection(self) -> bool:
        return self.finding.severity == "good"

    @property
    def improved(self) -> bool:
        """The new draft is better here: a risk gone, or a protection gained."""
        return (self.kind == "fixed") != self.is_protection and self.kind in ("fixed", "added")

    @property
    def worsened(self) -> bool:
        """The new draft is worse here: a risk added, or a protection lost."""
        return (self.kind == "added") != self.is_protection and self.kind in ("fixed", "added")

    @property
    def moved(self) -> bool:
        """Both drafts have it, under different section numbers."""
        return (
            self.before is not None
            and self.after is not None
            and _section_key(self.before.section) != _section_key(self.after.section)
        )


@dataclass(frozen=True, slots=True)
class Comparison:
    before: Report
    after: Report
    fixed: tuple[Change, ...]
    added: tuple[Change, ...]
    unchanged: tuple[Change, ...]
    changed: tuple[Change, ...]
    same_file: bool = False

    @property
    def no_changes(self) -> bool:
        """Nothing I check moved: the same findings, word for word, and the same score."""
        return self.same_file or (
            not (self.fixed or self.added or self.changed)
            and self.before.score == self.after.score
            and self.before.ai_training == self.after.ai_training
        )

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.fixed + self.added + self.unchanged + self.changed


def compare_reports(before: Report, after: Report, *, same_file: bool = False) -> Comparison:
    """Align the findings of two drafts. ``same_file``: the caller saw identical bytes."""
    old_by = _by_category(before.findings)
    new_by = _by_category(after.findings)
    lists: dict[ChangeKind, list[Change]] = {k: [] for k in _KINDS}
    for category in _categories(old_by, new_by):
        for change in _align(category, old_by.get(category, []), new_by.get(category, [])):
            lists[change.kind].append(change)
    ordered = {kind: tuple(sorted(items, key=_order)) for kind, items in lists.items()}
    return Comparison(
        before=before,
        after=after,
        fixed=ordered["fixed"],
        added=ordered["added"],
        unchanged=ordered["unchanged"],
        changed=ordered["changed"],
        same_file=same_file,
    )


_KINDS: tuple[ChangeKind, ...] = ("fixed", "added", "unchanged", "changed")
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "good": 3}
_CATEGORY_RANK = {category: n for n, category in enumerate(CATEGORIES)}


def _order(change: Change) -> tuple[int, int, int]:
    """Most severe first, then taxonomy order, then where it sits in its draft."""
    finding = change.finding
    return (
        _SEVERITY_RANK.get(finding.severity, 9),
        _CATEGORY_RANK.get(change.category, len(_CATEGORY_RANK)),
        finding.start,
    )


def _by_category(findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    """Findings by category; a risk and a protection of one category never pair."""
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        key = finding.category + ("+good" if finding.severity == "good" else "")
        out.setdefault(key, []).append(finding)
    return out


def _categories(*maps: dict[str, list[Finding]]) -> list[str]:
    return list(dict.fromkeys(key for m in maps for key in m))


def _align(key: str, old: list[Finding], new: list[Finding]) -> list[Change]:
    category = key.removesuffix("+good")
    old_words = [_words(f.quote) for f in old]
    new_words = [_words(f.quote) for f in new]
    old_sets = [_shingles(w) for w in old_words]
    new_sets = [_shingles(w) for w in new_words]
    candidates: list[tuple[float, float, int, int]] = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            similarity = _similarity(old_sets[i], new_sets[j])
            same = _section_key(a.section) is not None and (
                _section_key(a.section) == _section_key(b.section)
            )
            score = similarity + (SAME_SECTION_BONUS if same else 0.0)
            if score >= PAIR_MIN:
                candidates.append((score, similarity, i, j))
    candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    out: list[Change] = []
    for _, similarity, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.append(_pair(category, old[i], new[j], old_words[i], new_words[j], similarity))
    out += [Change("fixed", category, f, None) for i, f in enumerate(old) if i not in used_old]
    out += [Change("added", category, None, f) for j, f in enumerate(new) if j not in used_new]
    return out


def _pair(
    category: str,
    before: Finding,
    after: Finding,
    old_words: list[str],
    new_words: list[str],
    similarity: float,
) -> Change:
    same = (
        old_words == new_words
        and before.severity == after.severity
        and _points(before) == _points(after)
    )
    if same:
        return Change("unchanged", category, before, after, similarity)
    removed, added = _word_diff(before.quote, after.quote)
    return Change("changed", category, before, after, similarity, removed, added)


def _points(finding: Finding) -> int | None:
    return finding.protection.points if finding.protection else None


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _shingles(words: list[str]) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The content words of a quote, and its word pairs (two-word phrases)."""
    content = [w for w in words if w not in _STOPWORDS and len(w) > 2]
    return frozenset(content), frozenset(itertools.pairwise(words))


def _similarity(
    a: tuple[frozenset[str], frozenset[tuple[str, str]]],
    b: tuple[frozenset[str], frozenset[tuple[str, str]]],
) -> float:
    """0..1: the content words two quotes share (Jaccard), or, when one quote is a short
    part of a longer clause, the share of the shorter one's phrases found in the longer."""
    (words_a, pairs_a), (words_b, pairs_b) = a, b
    if not words_a and not words_b:
        return 1.0
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    shorter = min(len(pairs_a), len(pairs_b))
    contained = len(pairs_a & pairs_b) / shorter if shorter else 0.0
    return max(jaccard, CONTAINED_WEIGHT * contained)


def _section_key(section: str | None) -> str | None:
    """'Section 10.2.' and '10.2' are one section; None when the finding has none."""
    if not section:
        return None
    key = _SECTION_NOISE.sub("", " ".join(section.split())).rstrip(".:) ").casefold()
    return key or None


def _word_diff(old: str, new: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words dropped from and brought into a quote, in reading order, a few at most."""
    a = old.split()
    b = new.split()
    matcher = difflib.SequenceMatcher(None, [_norm(w) for w in a], [_norm(w) for w in b])
    removed: list[str] = []
    added: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            removed += [w for w in a[i1:i2] if _norm(w)]
        if op in ("insert", "replace"):
            added += [w for w in b[j1:j2] if _norm(w)]
    return tuple(removed[:_DIFF_WORDS]), tuple(added[:_DIFF_WORDS])


def _norm(word: str) -> str:
    return "".join(_WORD.findall(word.casefold()))

"""Strength of an ``ai_protection`` clause: the five points of taxonomy.md."""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.model import PROTECTION_POINTS, Protection

_TRAIN = re.compile(r"\btrain(?:s|ed|ing)?\b")
_FINE_TUNE = re.compile(r"fine[- ]?tun(?:e|es|ed|ing)\b")
_TEST = re.compile(r"\b(?:test(?:s|ed|ing)?|evaluat\w*|validat\w*|benchmark\w*)\b")
_POINTS: dict[str, re.Pattern[str]] = {
    "third_parties": re.compile(
        r"third[- ]part|vendors?\b|subcontractor|sub-contractor|sub-?licensees?|service providers?"
        r"|affiliates?\b|partners?\b|agents?\b|any other (?:person|party|entity|company)"
        r"|on (?:its|their|the client's|client's) behalf|(?:ai|artificial intelligence) "
        r"(?:platform|provider|service|tool|vendor)s?|(?:third[- ]party|other|external) platforms?"
        r"|anyone else|any person"
    ),
    "remedy": re.compile(
        r"material breach|terminat\w*|damages|injunct\w*|equitable relief|specific performance"
        r"|liquidated|indemnif\w*"
    ),
    "names_technology": re.compile(
        r"generative|large language models?|\bllms?\b|machine[- ]learning|neural net\w*"
        r"|\bai\b|artificial[- ]intelligence"
        r"|deep[- ]learning|foundation models?|diffusion models?"
    ),
    "text_and_data_mining": re.compile(
        r"text[- ](?:and|&)[- ]data[- ]mining|\btdm\b|data[- ]mining|scrap(?:e|es|ed|ing)\b"
        r"|crawl\w*|harvest\w*"
    ),
}


@lru_cache(maxsize=1024)  # emptied after each analysis, see engine.find_findings
def rate_protection(lowered: str) -> Protection:
    """Rate lowercased protection text (a clause, or a rider's whole section)."""
    met = set()
    if _TRAIN.search(lowered) and _FINE_TUNE.search(lowered) and _TEST.search(lowered):
        met.add("input_scope")
    for point, pattern in _POINTS.items():
        if pattern.search(lowered):
            met.add(point)
    missing = tuple(p for p in PROTECTION_POINTS if p not in met)
    return Protection(points=len(met), missing=missing)

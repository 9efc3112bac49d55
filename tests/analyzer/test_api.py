"""The public API: analyze_text / analyze_file, typed errors, and the report schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from analyzers import (
    ClauseScoutError,
    EmptyDocument,
    TextTooLong,
    TooManyLines,
    UnsupportedFileType,
    analyze_file,
    analyze_text,
)
from analyzers.limits import Limits

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEMA = json.loads((FIXTURES / "report.schema.json").read_text("utf-8"))
CORPUS = sorted((FIXTURES / "corpus").glob("*_*.*"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_corpus_report_matches_the_schema(path: Path) -> None:
    report = analyze_file(path.read_bytes(), path.name)
    data = report.to_dict()
    jsonschema.validate(data, SCHEMA)
    assert json.loads(json.dumps(data)) == data
    text = path.read_text("utf-8")
    assert data["stats"]["chars"] > len(text) // 2
    for finding in report.findings:
        assert finding.quote.strip()
        assert finding.explanation and finding.tip


def test_quotes_are_verbatim_slices_of_the_extracted_text() -> None:
    text = "1. Rights\nThe Contractor hereby assigns all copyright in the Work to the Client."
    report = analyze_text(text)
    assert report.findings
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.quote


def test_zoom_2023_exposes_ai_training_in_its_licence_and_data_sections() -> None:
    path = FIXTURES / "corpus" / "tos_zoom_2023-07.md"
    report = analyze_file(path.read_bytes(), path.name)
    sections = {f.section for f in report.findings if f.category == "ai_training_grant"}
    assert {"10.2", "10.4"} <= sections
    assert report.ai_training == "exposed"


def test_wetransfer_2025_revision_has_no_training_grant() -> None:
    path = FIXTURES / "corpus" / "tos_wetransfer_2025-07.md"
    report = analyze_file(path.read_bytes(), path.name)
    assert "ai_training_grant" not in report.categories


def test_type_is_read_from_content_not_the_name() -> None:
    text = b"The Client may use the Deliverables in any media now known or hereafter devised."
    report = analyze_file(text, "contract.pdf")
    assert "broad_media_rights" in report.categories
    with pytest.raises(UnsupportedFileType):
        analyze_file(b"GIF89a" + bytes(range(256)) * 4, "contract.txt")


def test_empty_and_too_long_text_are_typed_errors() -> None:
    with pytest.raises(EmptyDocument):
        analyze_text("   \n\t ")
    with pytest.raises(TextTooLong) as caught:
        analyze_text("word " * 30, limits=Limits(max_chars=100))
    assert "100" in caught.value.user_message


def test_errors_have_friendly_messages() -> None:
    with pytest.raises(ClauseScoutError) as caught:
        analyze_file(b"%PDF-1.7\n" + b"\x00" * 300, "broken.pdf")
    message = caught.value.user_message
    assert message and "Traceback" not in message


@pytest.mark.timeout(60)  # a hang guard, not a speed test: bench/speed.py measures speed
@pytest.mark.parametrize(
    "hostile",
    [
        "train models license perpetual sublicense royalty-free worldwide " * 30_000,
        "a" * 2_000_000,
        ("not " * 10 + "train " * 10) * 25_000,
        "1. " * 650_000,
        ". " * 1_000_000,
        "(a) The Client shall not use the Deliverables to train any model;\n" * 19_000,
    ],
    ids=["trigger-words", "one-letter", "negations", "labels", "dots", "list"],
)
def test_hostile_pastes_complete(hostile: str) -> None:
    report = analyze_text(hostile)
    assert 0 <= report.score <= 100


def test_a_data_dump_is_refused_with_a_clear_message() -> None:
    with pytest.raises(TooManyLines) as caught:
        analyze_text("row\n" * 25_000)
    assert "lines" in caught.value.user_message


def test_an_emoji_does_not_turn_a_grant_into_a_question() -> None:
    report = analyze_text("The copy you write also goes into the data we use to train our LLM 🙏")
    assert "ai_training_grant" in report.categories


# Caches keyed by what ships with the package (rules, model, category names) or by the
# parties' names (one lexicon per cast of parties), never by a document's text.
_NOT_TEXT_CACHES = {"load_classifier", "load_rules", "learned_rule", "_label_crc", "_lexicon"}


def test_no_cache_keeps_contract_text_after_an_analysis() -> None:
    # Privacy: a cache that speeds up one analysis (by sentence or clause text) is emptied
    # when that analysis returns, so no contract text outlives it in the process.
    analyze_text(
        "The Client may use the Deliverables to train machine learning models. We will not "
        "use your content to train generative AI models without your consent."
    )
    holding = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("analyzers"):
            continue
        for attribute, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if callable(info) and attribute not in _NOT_TEXT_CACHES and info().currsize:
                holding[f"{name}.{attribute}"] = info().currsize
    assert holding == {}

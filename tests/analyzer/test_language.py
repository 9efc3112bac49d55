"""A contract the analyzer cannot read gets "English only", never a clean bill of health."""

from __future__ import annotations

import pytest

from analyzers import NotEnglish, analyze_text

FRENCH = (
    "Le Prestataire cède au Client l'ensemble des droits patrimoniaux d'auteur sur les "
    "livrables, pour toute la durée de protection légale et pour le monde entier. Le Client "
    "pourra utiliser les livrables pour entraîner des modèles d'intelligence artificielle."
)
GERMAN = (
    "Der Auftragnehmer überträgt dem Auftraggeber sämtliche Nutzungsrechte an den "
    "Arbeitsergebnissen, zeitlich und räumlich unbeschränkt, einschließlich des Rechts, "
    "diese zum Training von KI-Modellen zu verwenden."
)
SPANISH = (
    "El Cliente podrá utilizar los entregables para entrenar modelos de inteligencia "
    "artificial sin limitación alguna y sin pago adicional al Proveedor."
)
# Hungarian shares "a" with English and has none of the Romance or Germanic words.
HUNGARIAN = (
    "A Megbízó jogosult a munkaeredményeket mesterséges intelligencia modellek tanítására "
    "felhasználni, a Vállalkozó külön díjazása nélkül, és ezt a jogot harmadik személyre is "
    "átruházhatja."
)
HUNGARIAN_TERMS = (
    "A Szolgáltató jogosult jelen feltételeket egyoldalúan módosítani. Ebben az esetben a "
    "Szolgáltató köteles a változtatásokat a Weboldalon közzétenni, a Felhasználó pedig a "
    "közzétételt követő napon elfogadja azokat. A Felhasználó által feltöltött képekre a "
    "Szolgáltató határozatlan idejű, ingyenes felhasználási jogot szerez, amelyet harmadik "
    "személynek továbbadhat. Vita esetén a Szolgáltató székhelye szerinti bíróság jár el. "
) * 2
# English with letters beyond ASCII (names, currency, accents) is still English.
ENGLISH_ACCENTS = (
    "The Client, Café Müller GmbH of Zürich, shall pay the Contractor €2,500 for the "
    "naïve-style illustrations within thirty days of each invoice. The Contractor keeps the "
    "right to show the work in a portfolio, and the Client may not use the work to train "
    "any artificial intelligence model without the written consent of the Contractor. "
) * 2
CHINESE = "客户可以将交付成果用于训练人工智能模型，无需向服务提供商支付任何额外费用。" * 3


@pytest.mark.parametrize(
    "text", [FRENCH, GERMAN, SPANISH, HUNGARIAN, HUNGARIAN_TERMS, CHINESE, "ж" * 100_000]
)
def test_other_languages_get_a_plain_english_only_answer(text: str) -> None:
    with pytest.raises(NotEnglish) as caught:
        analyze_text(text)
    assert "English" in caught.value.user_message


@pytest.mark.parametrize(
    "text",
    [
        "Cookies: NEXT_LOCALE | Purpose: language preferences | Domain: example.com",
        "Net 60. Late fee: none. Revisions: unlimited.",
        "The Client may use the Deliverables to train AI models.",
        "Le Client (as defined in Schedule 1) shall pay all invoices within 30 days.",
        ENGLISH_ACCENTS,
    ],
)
def test_english_tables_labels_and_borrowed_words_are_read(text: str) -> None:
    assert analyze_text(text).score >= 0

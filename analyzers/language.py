"""Is this English? The rules and the classifier only know English legal language, so a
contract in another language must get a plain "English only" answer, never grade A with
"nothing about AI either way".

A cheap test that needs no model: other scripts have few Latin letters, and text in
another Latin-script language has more of that language's short function words ("le",
"der", "el", "het", "och") than of English ones ("the", "of", "shall"). Tables, lists and
headings in English have few function words of either kind, and pass.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    "the of and to in a an or any for is are be by with that this shall will may not on as "
    "such its it you your we our us all from at which other under has have been no if".split()
)
# French, German, Spanish, Portuguese, Italian, Dutch, Scandinavian, Romanian, Polish,
# Hungarian, Czech and Slovak, Turkish, Indonesian and Malay, Finnish.
_FOREIGN_WORDS = (
    frozenset(
        "le la les des du et une un est dans pour par sur aux au ce cette qui que der die das "
        "und ist nicht mit von zu den dem des ein eine für auf im el los las y en del con por "
        "para una lo se su al é ao os da do dos das em um uma não il di che per gli della "
        "het een van en op voor zijn dat och att är som för med på av ett și cu în pentru "
        "sau ale prin nie się jest że az és hogy nem egy vagy által szerint amely valamint "
        "illetve nélkül jelen ha meg minden mint csak kell je na se pro ve jsou který nebo "
        "podle také jako bir bu için ile veya olarak dan yang di untuk dengan ini itu atau "
        "dari ja ei tai tämä että".split()
    )
    - _FUNCTION_WORDS
)
# Text with letters beyond ASCII whose English function words (bar "a", which Hungarian
# and others share) are this rare is in some language the list above does not know.
MIN_ENGLISH_SHARE = 0.04
MIN_WORDS_FOR_SHARE = 60
SAMPLE = 20_000  # characters looked at: enough to judge, bounded on huge documents
MIN_WORDS = 12  # fewer words than this are not judged on function words
MIN_FOREIGN_SHARE = 0.08
MIN_LATIN_SHARE = 0.5


def looks_english(text: str) -> bool:
    sample = text[:SAMPLE].lower()
    words = _WORD.findall(sample)
    if not words:
        return True  # nothing to judge (numbers, symbols): let the empty-text checks speak
    # "a" is an article in Hungarian and a preposition in the Romance languages too.
    english = sum(map(_FUNCTION_WORDS.__contains__, words)) - words.count("a")
    if len(words) >= MIN_WORDS:
        foreign = sum(map(_FOREIGN_WORDS.__contains__, words))
        if foreign > english and foreign / len(words) >= MIN_FOREIGN_SHARE:
            return False
    if not sample.isascii():  # ASCII letters are all Latin, and tables in English pass
        letters = sum(map(len, words))
        latin = sum(1 for w in words for ch in w if ch < "\u0250")
        if letters >= 40 and latin / letters < MIN_LATIN_SHARE:
            return False
        if len(words) >= MIN_WORDS_FOR_SHARE:
            return english / len(words) >= MIN_ENGLISH_SHARE
    return True

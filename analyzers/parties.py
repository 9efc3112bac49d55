"""Who is who: party names and roles, so rules know whom a clause binds.

Roles come from two places: the preamble's defined names (`Acme Ltd ("Client")`,
`Jane Doe (the "Designer")`) and a lexicon of role words used in contracts and terms of
service ("we"/"you"). The freelancer is the party delivering the work (in terms of service,
the user whose content it is).
"""

from __future__ import annotations

import re
from typing import Literal

from analyzers.model import Party


def _words(listing: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in listing.split(",") if w.strip())


Role = Literal["client", "freelancer", "unknown"]

# The party delivering the work: job titles used in freelance contracts, and "you" in terms of
# service (the user whose content it is).
FREELANCER_WORDS = _words(
    """
    contractor, subcontractor, consultant, freelancer, designer, developer, writer, artist,
    creator, photographer, illustrator, translator, author, service provider, supplier,
    talent, voice talent, performer, musician, composer, voice actor, actor, copywriter,
    videographer, animator, programmer, engineer, influencer, model, licensor, agent, you,
    your, yours, user, users, member, members, seller, sellers, creators, artists,
    contributor, contributors, independent contractor, coach, tutor, instructor, narrator,
    journalist, correspondent, stringer, stringers, reporter, columnist, researcher,
    linguist, interpreter, localizer, localiser, game developer, studio artist, maker,
    host, presenter, podcaster, singer, songwriter, band, artiste,
    cinematographer, sound designer, tester, ux researcher, facilitator, moderator,
    blogger, streamer, ghostwriter, proofreader, transcriber, cartoonist, sculptor,
    painter, dancer, choreographer, voiceover artist, specialist, adviser, advisor,
    analyst, architect, expert, professional, practitioner, creative, crafter,
    illustrators, photographers, writers, designers, developers, freelancers, contractors,
    consultants, translators, assistant, research assistant, teaching assistant, modder,
    cmo, fractional cmo, grantee
    """
)
# The party commissioning or hosting the work; "we" in terms of service.
CLIENT_WORDS = _words(
    """
    client, company, customer, agency, publisher, studio, brand, buyer, commissioner,
    employer, licensee, we, us, our, ours, the platform, platform, purchaser, business,
    organisation, organization, principal, hirer, owner, distributor, broadcaster, network,
    label, record label, firm, retailer, institution, sponsor, outlet, newspaper, magazine,
    publication, station, channel, producer, production company, end client,
    platform holder, marketplace, operator, organiser, organizer, promoter, venue, school,
    university, commissioning party, commissioning editor, editor, the editor, lsp,
    language service provider, charity, foundation, museum, gallery, employer of record,
    developer studio, game studio, clients, customers, startup, hospital, press,
    commissioning party, game publisher, podcast network
    """
)
# Words that name a party only when a contract defines them so ("the Model", "Owner"), or
# possessives ("your content"): never a subject or a side on their own.
AMBIGUOUS_WORDS = frozenset(
    {"model", "owner", "agent", "business", "network", "label", "maker", "your", "yours"}
    | {"our", "ours"}
)
# Words that name the client side in a contract but, in a vendor's or platform's own terms,
# the user whose data it is ("Customer Data"): rules about the user's work leave them out.
USER_SIDE_CLIENT_WORDS = frozenset({"customer", "customers", "subscriber", "subscribers"})
# Others who may receive the work: the sublicensing and sharing side.
THIRD_PARTY_WORDS = _words(
    """
    third party, third parties, affiliate, affiliates, partner, partners, vendor, vendors,
    subprocessor, subprocessors, service providers, licensees, successors, assigns
    """
)


def vocabulary_regex(words: tuple[str, ...] | frozenset[str]) -> str:
    """An alternation of party words for rule patterns (longest first, regex-escaped)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_ROLE_BY_WORD: dict[str, Role] = {w: "freelancer" for w in FREELANCER_WORDS}
_ROLE_BY_WORD.update({w: "client" for w in CLIENT_WORDS})
# Words that are roles only when capitalised as a defined term ("Model", "Owner", "Agent").
_DEFINED_ONLY = frozenset({"model", "owner", "agent", "maker", "network", "label", "business"})

_DEFINED_NAME = re.compile(
    r"(?P<name>[A-Z][\w.&,'’ -]{1,80}?)\s*,?\s*\((?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+)?"
    r"(?:the\s+)?|collectively,?\s+)?[\"“'‘](?P<alias>[A-Z][\w ]{1,30}?)[\"”'’]\)"
)


# A parenthesis naming one side by several quoted words, as platform terms do:
# (“you,” “your,” or “Company”), (collectively, "WhatsApp," "we," "our," or "us").
_ALIAS_LIST = re.compile(
    r"\((?:collectively,?\s+|each\s+|together\s+)?(?P<list>[\"“'‘][\w .,’'-]{1,30}?[\"”'’]"
    r"(?:\s*,?\s*(?:or\s+|and\s+)?[\"“'‘][\w .,’'-]{1,30}?[\"”'’]){1,6})\s*\)"
)
_QUOTED = re.compile(r"[\"“'‘]([\w .’'-]{1,30}?)[,.]?[\"”'’]")
_USER_WORDS = frozenset({"you", "your", "yours"})
_HOST_WORDS = frozenset({"we", "us", "our", "ours"})


def role_of_word(word: str) -> Role:
    """Role of a party word such as 'the Designer' or 'we' (case-insensitive)."""
    key = word.lower().removeprefix("the ").strip()
    if key in _DEFINED_ONLY and not word[:1].isupper():
        return "unknown"
    return _ROLE_BY_WORD.get(key, "unknown")


_FIRST_PERSON = re.compile(
    r"\bI(?:'ll|'d|'m| will| shall| am| agree| may| have| retain| own| can| do| must)\b"
    r"|\bmy (?:work|drawings?|designs?|illustrations?|photos?|photographs?|deliverables|content"
    r"|writing|code|art|artwork|music|recordings?|files|email|invoice|rates?|fees?)\b"
)


def find_parties(text: str) -> tuple[Party, ...]:
    """Parties defined in the first part of the document, with a role where one can be told.

    A contract written by the freelancer in the first person ("I will design...") addresses
    the client as "you", so there "you" is the client.
    """
    head = text[:6000]
    parties: list[Party] = []
    seen: set[str] = set()
    if len(_FIRST_PERSON.findall(text[:20000])) >= 2:
        parties.append(Party(name="I", role="freelancer", aliases=("i", "me")))
        parties.append(Party(name="you", role="client", aliases=("you",)))
        seen.update({"i", "me", "you"})
    parties.extend(_alias_lists(head, seen))
    for match in _DEFINED_NAME.finditer(head):
        alias = match.group("alias").strip()
        name = " ".join(match.group("name").split()).strip(" ,")
        if alias.lower() in seen or len(alias) < 2:
            continue
        role = role_of_word(alias)
        if role == "unknown":
            role = _role_from_description(name, head, match.end())
        if role == "unknown" and alias.lower() in {
            "agreement",
            "terms",
            "services",
            "effective date",
        }:
            continue
        if role == "unknown" and not _looks_like_party(name):
            continue
        seen.add(alias.lower())
        name = _trim_name(name)
        parties.append(Party(name=name, role=role, aliases=(alias,)))
    return tuple(parties)


def _alias_lists(head: str, seen: set[str]) -> list[Party]:
    """The names given to "you" or "we" in one parenthesis: in a platform's own terms the
    user is the freelancer's side even when called "Company" or "Customer", and the
    platform is the client's side whatever its name (taxonomy v2)."""
    found = []
    for match in _ALIAS_LIST.finditer(head):
        words = [w.strip(" ,.").strip() for w in _QUOTED.findall(match.group("list"))]
        lowered = {w.lower() for w in words}
        role: Role
        if lowered & _USER_WORDS:
            role = "freelancer"
        elif lowered & _HOST_WORDS:
            role = "client"
        else:
            continue
        for word in words:
            key = word.lower()
            if key in seen or key in _USER_WORDS or key in _HOST_WORDS or len(word) < 2:
                continue
            seen.add(key)
            found.append(Party(name=word, role=role, aliases=(word,)))
    return found


def _trim_name(name: str) -> str:
    # "between Acme Ltd" -> "Acme Ltd"
    for joiner in (" between ", " by and between ", " and ", " with "):
        if joiner in name:
            name = name.rsplit(joiner, 1)[1]
    return name.strip(" ,")


def _looks_like_party(name: str) -> bool:
    return bool(
        re.search(r"\b(?:ltd|limited|inc|llc|llp|plc|gmbh|corp|co|company|s\.a)\b\.?", name, re.I)
    )


def _role_from_description(name: str, text: str, after: int) -> Role:
    window = (name + " " + text[after : after + 160]).lower()
    for word in (
        "freelance",
        "independent contractor",
        "self-employed",
        "trading as",
        "sole trader",
    ):
        if word in window:
            return "freelancer"
    if _looks_like_party(name):
        return "client"
    return "unknown"

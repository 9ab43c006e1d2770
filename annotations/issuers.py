"""Who issued a release: the organisation, as the release itself names it, in its own language.

Looked for where releases state it, most telling first: "issued by", the letterhead, the lead
sentence of a newswire release ("X, a leading …, today announced"), a legislator's release
("Senator X said"), the signature block, the site a news export came from, and the organisation
the text names most. Empty only when the release does not say.
"""

from __future__ import annotations

import re

from .dates import find_dates
from .text_blocks import MARKER, MARKER_LAST, Block, smart_title

ISSUER_WORDS = re.compile(
    r"\b(ministry|ministère|ministerio|ministerium|department|office|embassy|ambassade|embajada|police|"
    r"parliament|commission|government|gouvernement|gobierno|regierung|agency|agence|council|conseil|"
    r"secretariat|bureau|authority|directorate|presidency|cabinet|senator|congress|white house|"
    r"prime minister's office|foreign affairs|corp\.?|corporation|inc\.|ltd|plc|gmbh|s\.a\.|ag|"
    r"association|university|université|press service|media division|"
    r"министерство|правительство|банк|служба|агентство|администрация|посольство)\b", re.IGNORECASE)
STATE_LINE = re.compile(r"^(kingdom|republic|state|commonwealth|federation|principality|union) of\b", re.IGNORECASE)
#: An organisation's name is a short line whose head word comes early ("Ministry of …", "Sri Lanka
#: Police", "Enron Corp."); a headline that mentions Congress in its fifth word is not one.
_HEAD_WORD_WITHIN = 4
_CONNECTORS = {"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "le", "et", "für", "und", "der", "del", "y"}
_LETTERHEAD_BLOCKS = 8
_SIGNATURE_BLOCKS = 4

_ISSUED_BY = re.compile(r"\b(?:issued|released|published|distributed)\s+by\s*:?\s+(?P<name>[^\n.;,()]{3,80})"
                        r"|\b(?:publié|diffusé)\s+par\s*:?\s+(?P<name_fr>[^\n.;,()]{3,80})", re.IGNORECASE)
#: A dateline before a lead sentence: "HOUSTON - ", "WASHINGTON, March 3, 2025 — ", "Strasbourg - 20 Mai 2014 ".
_DATELINE = r"(?:[A-ZÀ-Ý][\w .,'’/-]{1,60}?\s[-–—]+\s+)?"
_NAME_WORD = r"(?:[A-ZÀ-ÝА-ЯЁ][\w&'’.-]*|of|for|and|&|de|du|des|la|le|et)"
_NAME = rf"[A-ZÀ-ÝА-ЯЁ][\w&'’.-]*(?:\s+{_NAME_WORD}){{0,6}}"
#: An organisation's head word, written in lower case after an article ("Le ministère de la Mer annonce").
_LOWER_HEAD_WORDS = "ministry|ministère|ministerio|department|département|government|gouvernement|gobierno|agency|agence"
#: A newswire lead: "AGC Biologics, a leading … (CDMO), today announced", "French Tech Alsace annonce".
_ANNOUNCING = re.compile(
    rf"^{_DATELINE}(?:\(?[\w ]*wire\)?\s*[-–—/]*\s*)?(?:(?:The|Le|La|L'|Les|El|Der|Die|Das)\s+)?"
    rf"(?P<name>{_NAME}?|(?:{_LOWER_HEAD_WORDS})(?:\s+{_NAME_WORD}){{1,6}}?)(?:\s*\([^)]{{1,40}}\))?"
    rf"(?:,\s+(?:a|an|the)\s[^.]{{3,240}}?,)?\s+(?:today\s+|on \w+\s+)?"
    r"(?:announced|announces|has announced|released|issued|reported|reports|launched|launches|unveiled|unveils|hosted|"
    r"annonce|a annoncé|anuncia|anunció|kündigt|gibt bekannt|объявляет|объявил)\b")
#: A legislator's own release: "U.S. Senator Barack Obama (D-IL) today", "Senators Hillary Rodham Clinton (NY) and …".
_LEGISLATOR = re.compile(
    r"\b(?:U\.?\s?S\.?\s+)?(?P<office>Senators?|Sen\.|Representatives?|Rep\.|Congressman|Congresswoman)\s+"
    r"(?P<name>(?:[A-Z][a-z]+\.? |[A-Z]\. ){0,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_OFFICES = {"senator": "Senator", "senators": "Senator", "sen.": "Senator", "representative": "Representative",
            "representatives": "Representative", "rep.": "Representative", "congressman": "Congressman",
            "congresswoman": "Congresswoman"}
_URL_LINE = re.compile(r"^(?:https?://)(?:www\.)?(?P<host>[\w.-]+)\S*$", re.IGNORECASE)
#: An organisation named in running text, head word first in the language's nominative ("Банк России").
_NAMED = re.compile(r"\b(?P<name>(?:Банк|Министерство|Правительство|Администрация|Агентство|Посольство|"
                    r"Федеральная служба|Центральный банк)(?:\s+[А-ЯЁ][\w-]+)+)")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
#: How often the text must name an organisation before it is taken for the issuer.
_NAMED_AT_LEAST = 2


def find_issuer(blocks: list[Block]) -> str:
    """The issuing organisation as the release names it, or '' when it does not say."""
    head = blocks[:_LETTERHEAD_BLOCKS]
    return (_issued_by(blocks) or _letterhead(head) or _announcing(blocks[:6]) or _legislator(blocks[:6])
            or _signature(blocks[-_SIGNATURE_BLOCKS:] if len(blocks) > _LETTERHEAD_BLOCKS else [])
            or _site_of_url_line(head) or _most_named(blocks))


def _names_organisation(text: str, common_words_allowed: int = 1) -> bool:
    """Whether ``text`` is an organisation's name: short, with an organisation word among its first
    words, and at most ``common_words_allowed`` lower-case words other than "of", "and"… (one for
    "Ministère des Affaires étrangères")."""
    if len(text) > 100 or MARKER.match(text) or MARKER_LAST.search(text):
        return False
    found = ISSUER_WORDS.search(text)
    if found is None or len(text[:found.start()].split()) >= _HEAD_WORD_WITHIN:
        return False
    common_words = [word for word in text.split() if word[:1].islower() and word not in _CONNECTORS]
    return len(common_words) <= common_words_allowed  # a name, not "Enron Corp. hosted its conference"


def _issued_by(blocks: list[Block]) -> str:
    for block in blocks[:_LETTERHEAD_BLOCKS] + blocks[-_SIGNATURE_BLOCKS:]:
        found = _ISSUED_BY.search(block.text)
        if found:
            return (found.group("name") or found.group("name_fr")).strip()
    return ""


def _letterhead(head: list[Block]) -> str:
    """A bold, capitalised or short line naming an organisation, with the state above it when there is one."""
    state = next((smart_title(line) for block in head for line in map(" ".join, map(str.split, block.lines))
                  if STATE_LINE.match(line) and len(line) < 60), "")
    for block in head:
        if len(block.text) > 160 or not (block.is_bold or block.text.isupper() or len(block.text) < 100):
            continue
        # The whole block ("MINISTRY OF FOREIGN AFFAIRS / AND INTERNATIONAL COOPERATION"), else one of its lines.
        lines = [block.text, *(" ".join(line.split()) for line in block.lines)] if len(block.lines) > 1 else [block.text]
        # A headline is often set as <h1>: only a pure name there ("# MINISTRY OF TRADE", not "# Council summit").
        allowed = 0 if block.tag == "h1" else 1
        for text in map(_without_dateline, lines):
            if _names_organisation(text, allowed):
                issuer = smart_title(text)
                if state and state.lower() not in issuer.lower():
                    issuer = f"{issuer}, {state}"
                return issuer
    return ""


def _without_dateline(text: str) -> str:
    """'Ministry of Trade, 5 April 2024' -> 'Ministry of Trade': a letterhead ending with its date."""
    if not _FOUR_DIGITS.search(text):
        return text
    found = next(find_dates(text), None)
    if found is None or found.start == 0 or text[found.end:].strip(" .,;"):
        return text
    return text[:found.start].rstrip(" ,;:–—-")


def _announcing(blocks: list[Block]) -> str:
    for block in blocks:
        for line in block.lines:
            found = _ANNOUNCING.match(" ".join(line.split()))
            if found and found.group("name") and len(found.group("name").split()) <= 7:
                name = found.group("name").strip()
                return name[:1].upper() + name[1:]
    return ""


def _legislator(blocks: list[Block]) -> str:
    """The first legislator named in full ("Senator Hillary Rodham Clinton"), else the first named.

    Lines are read as written: a scrape that lost its punctuation kept runs of spaces between
    "Senators Clinton  Dole", and a name does not run across them.
    """
    named = [found for block in blocks for line in block.lines for found in _LEGISLATOR.finditer(line)]
    found = next((found for found in named if " " in found.group("name")), named[0] if named else None)
    return f"{_OFFICES[found.group('office').lower()]} {found.group('name')}" if found else ""


def _signature(tail: list[Block]) -> str:
    for block in reversed(tail):
        if _names_organisation(block.text) and len(block.text) < 80:
            return smart_title(block.text)
    return ""


def _site_of_url_line(head: list[Block]) -> str:
    """A news-site export names its site in the URL line it starts with."""
    for block in head[:2]:
        found = _URL_LINE.match(block.lines[0].strip()) if block.lines else None
        if found:
            return found.group("host").lower()
    return ""


def _most_named(blocks: list[Block]) -> str:
    text = " ".join(block.text for block in blocks[:40])
    counts: dict[str, int] = {}
    for found in _NAMED.finditer(text):
        counts[found.group("name")] = counts.get(found.group("name"), 0) + 1
    name, count = max(counts.items(), key=lambda item: item[1], default=("", 0))
    return name if count >= _NAMED_AT_LEAST else ""

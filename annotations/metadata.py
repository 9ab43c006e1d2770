"""Best-effort metadata found where a release states it: title, issuer, date and language.

Works on the sanitised HTML every importer produces, so one set of rules serves every format;
an importer that knows better (an HTML <title>, an e-mail's Date header) fills the field first.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from .dates import find_date, find_dates
from .issuers import ISSUER_WORDS, STATE_LINE, find_issuer
from .languages import find_language
from .models import ReleaseDraft
from .text_blocks import MARKER, MARKER_LAST, Block, blocks_of, first_sentence, smart_title

_MOTTO = re.compile(r"^[A-Z ,]+$")
def find_title(blocks: list[Block], issuer: str = "") -> str:
    """The headline: a heading (not the "PRESS RELEASE" masthead, not the issuer's letterhead), else
    the first line that reads like one, else the first sentence."""
    def is_marker(block: Block) -> bool:
        return bool(MARKER.match(block.text) or (block.is_heading and MARKER_LAST.search(block.text)))

    def is_letterhead(text: str) -> bool:
        return bool(STATE_LINE.match(text) or (issuer and smart_title(text) in issuer))

    for block in blocks[:15]:
        if block.tag == "h1" and not is_marker(block) and not is_letterhead(block.text):
            return block.text
    marker_seen = any(is_marker(block) for block in blocks[:10])
    after_marker = not marker_seen
    for block in blocks[:15]:
        text = block.text
        if is_marker(block):
            after_marker = True
            continue
        if not after_marker or not block.is_heading or not _reads_like_a_title(text):
            continue
        if is_letterhead(text) or (_MOTTO.match(text) and len(text) < 40):
            continue
        return smart_title(text) if len(text) > 40 else text
    for line in _headline_candidates(blocks[:15]):
        text = " ".join(without_leading_date(line).split()).strip(_INVISIBLE_EDGES)
        if _reads_like_a_title(text) and not ISSUER_WORDS.fullmatch(text):
            return text if len(text) <= _HEADLINE_CHARS and (text.isupper() or first_sentence(text) == text) \
                else first_sentence(text)
    return first_sentence(blocks[0].text) if blocks else ""


#: A line this long or shorter that reads like a title is taken whole, full stops and all
#: ("SEN. SMITH CALLS ON …", "U.S. …"), unless it goes on after a sentence; a longer one is a
#: paragraph, whose first sentence is taken.
_HEADLINE_CHARS = 250
_INVISIBLE_EDGES = " \u200b\u200c\u200d\ufeff"
#: Runs of spaces this long split a line: scrapes that lost their line breaks kept them there.
_FLATTENED_BREAK = re.compile(r"[ \t\u00a0]{3,}")
_URL_LINE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$", re.IGNORECASE)
_NOT_A_HEADLINE = re.compile(r"^(for immediate release|embargoed?\b|contacts?\b|media contacts?\b)", re.IGNORECASE)


def _headline_candidates(blocks: list[Block]) -> list[str]:
    """Each line of the first blocks (and each part of a flattened line), without URL, timestamp and
    "FOR IMMEDIATE RELEASE" lines (a news-site export starts with the first two), and when a
    "PRESS RELEASE" line comes, without the letterhead above it."""
    candidates: list[str] = []
    for block in blocks:
        for line in block.lines:
            for part in _FLATTENED_BREAK.split(line.strip()):
                part = part.strip()
                if MARKER.match(part) or MARKER_LAST.search(part):
                    candidates.clear()
                elif part and not (_URL_LINE.match(part) or _NOT_A_HEADLINE.match(part) or _is_only_a_date(part)):
                    candidates.append(part)
    return candidates


def _is_only_a_date(text: str) -> bool:
    """'2011-08-10T10:00:00+0900', 'Thursday, October 27, 2005', '08.12.2025 1300 hrs'."""
    if len(text) > 60 or not _YEAR_NEAR_START.search(text):
        return False
    rest = without_leading_date(text)
    return rest != text and len(rest) < 12


def without_leading_date(text: str, language: str = "") -> str:
    """``text`` without the date it opens with ("April 10 2006 Senators Clinton, Dole Send …")."""
    if not _YEAR_NEAR_START.search(text[:_LEADING_DATE_REACH]):
        return text
    first = next(find_dates(text[:_LEADING_DATE_REACH], language), None)
    if first is None or text[:first.start].strip():
        return text
    return text[first.end:].lstrip(" \t,.:;–—-，、。：；")


_LEADING_DATE_REACH = 60
_YEAR_NEAR_START = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|令和|平成|昭和|民國")


def _reads_like_a_title(text: str) -> bool:
    """Words, not a reference number, a time or a date line ("D/Media/Out/886/2025", "1300 hrs")."""
    letters = sum(char.isalpha() or unicodedata.category(char).startswith("M") for char in text)  # Sinhala, Khmer signs
    if len(text) < 8 or letters < 0.6 * len(text.replace(" ", "")):
        return False
    if len(text) >= 12 and len(text.split()) >= 3:
        return True
    return len(_UNSPACED_SCRIPT.findall(text)) >= 0.5 * letters  # a headline of one "word"


#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Chinese, Japanese), where
#: a headline is one "word" long.
_UNSPACED_SCRIPT = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")




def complete_metadata(draft: ReleaseDraft) -> ReleaseDraft:
    """The draft with each empty metadata field filled from its text where the text states it."""
    if draft.title and draft.issuer and draft.date and draft.language:
        return draft
    blocks = blocks_of(draft.html)
    plain = "\n".join(block.text for block in blocks)
    issuer = draft.issuer or find_issuer(blocks)
    language = draft.language or find_language(plain)
    return dataclasses.replace(
        draft,
        issuer=issuer,
        title=draft.title or find_title(blocks, issuer),
        date=draft.date or find_date(plain, language),
        language=language,
    )

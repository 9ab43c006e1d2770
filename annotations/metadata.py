"""Best-effort metadata found where a release states it: title, issuer, date and language.

Works on the sanitised HTML every importer produces, so one set of rules serves every format;
an importer that knows better (an HTML <title>, an e-mail's Date header) fills the field first.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from html.parser import HTMLParser

from .dates import find_date, find_dates
from .languages import find_language
from .models import ReleaseDraft

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "blockquote", "pre", "dt", "dd"}
_BOLD_TAGS = {"b", "strong"}


@dataclasses.dataclass
class Block:
    tag: str
    lines: list[str]
    bold_chars: int = 0
    chars: int = 0

    @property
    def text(self) -> str:
        return " ".join(" ".join(line.split()) for line in self.lines if line.strip())

    @property
    def is_bold(self) -> bool:
        return self.chars > 0 and self.bold_chars >= 0.9 * self.chars

    @property
    def is_heading(self) -> bool:
        return self.tag in {"h1", "h2", "h3"} or (self.is_bold and len(self.text) < 300)


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._current: Block | None = None
        self._bold_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self._close()
            self._current = Block(tag, [""])
        elif tag in _BOLD_TAGS:
            self._bold_depth += 1
        elif tag == "br" and self._current is not None:
            self._current.lines.append("")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self._close()
        elif tag in _BOLD_TAGS:
            self._bold_depth = max(0, self._bold_depth - 1)

    def handle_data(self, data):
        if self._current is None:
            self._current = Block("p", [""])
        self._current.lines[-1] += data
        visible = len(data.strip())
        self._current.chars += visible
        if self._bold_depth:
            self._current.bold_chars += visible

    def _close(self):
        if self._current is not None and self._current.text:
            self.blocks.append(self._current)
        self._current = None

    def close(self):
        super().close()
        self._close()


def blocks_of(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


_ISSUER_WORDS = re.compile(
    r"\b(ministry|ministère|ministerio|department|office of|embassy|police|parliament|commission|"
    r"government|agency|council|secretariat|bureau|authority|directorate|presidency|cabinet|"
    r"senator|congress|white house|prime minister's office|foreign affairs|corp\.?|corporation|"
    r"inc\.|ltd|plc|gmbh|association|university|press service|media division)\b", re.IGNORECASE)
_STATE_LINE = re.compile(r"^(kingdom|republic|state|commonwealth|federation|principality|union) of\b", re.IGNORECASE)
_MARKER = re.compile(r"^(press|media|news)\s+(release|statement|advisory)|^(statement|communiqu[ée]|joint statement)$",
                     re.IGNORECASE)
#: A heading block that ends with the marker ("MINISTRY OF X / PRESS RELEASE" set as one paragraph).
_MARKER_LAST = re.compile(r"\b(press|media|news)\s+(release|statement|advisory)$", re.IGNORECASE)
_MOTTO = re.compile(r"^[A-Z ,]+$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "with", "de", "du", "des", "la", "le", "et"}


def smart_title(text: str) -> str:
    """'MINISTRY OF FOREIGN AFFAIRS' -> 'Ministry of Foreign Affairs'; mixed case is left alone."""
    if text != text.upper():
        return text
    words = text.lower().split()
    return " ".join(word if i and word in _SMALL_WORDS else word[:1].upper() + word[1:]
                    for i, word in enumerate(words))


def find_issuer(blocks: list[Block]) -> str:
    head = blocks[:8]
    state = ""
    for block in head:
        for line in block.lines:
            line = " ".join(line.split())
            if _STATE_LINE.match(line) and len(line) < 60:
                state = smart_title(line)
                break
        if state:
            break
    for block in head:
        text = block.text
        if len(text) > 160 or _MARKER.match(text):
            continue
        if _ISSUER_WORDS.search(text) and (block.is_bold or text.isupper() or len(text) < 100):
            issuer = smart_title(text)
            if state and state.lower() not in issuer.lower():
                issuer = f"{issuer}, {state}"
            return issuer
    return ""


def find_title(blocks: list[Block], issuer: str = "") -> str:
    for block in blocks[:15]:
        if block.tag == "h1":
            return block.text
    def is_marker(block: Block) -> bool:
        return bool(_MARKER.match(block.text) or (block.is_heading and _MARKER_LAST.search(block.text)))

    marker_seen = any(is_marker(block) for block in blocks[:10])
    after_marker = not marker_seen
    for block in blocks[:15]:
        text = block.text
        if is_marker(block):
            after_marker = True
            continue
        if not after_marker or not block.is_heading or not _reads_like_a_title(text):
            continue
        if _STATE_LINE.match(text) or (issuer and smart_title(text) in issuer) or (_MOTTO.match(text) and len(text) < 40):
            continue
        return smart_title(text) if len(text) > 40 else text
    for block in blocks[:15]:
        text = without_leading_date(block.text)
        if _reads_like_a_title(text) and not _ISSUER_WORDS.fullmatch(text):
            return _shorten(text)
    return _shorten(blocks[0].text) if blocks else ""


def without_leading_date(text: str, language: str = "") -> str:
    """``text`` without the date it opens with ("April 10 2006 Senators Clinton, Dole Send …")."""
    if not _YEAR_NEAR_START.search(text[:_LEADING_DATE_REACH]):
        return text
    first = next(find_dates(text[:_LEADING_DATE_REACH], language), None)
    if first is None or text[:first.start].strip():
        return text
    return text[first.end:].lstrip(" \t,.:;–—-")


_LEADING_DATE_REACH = 60
_YEAR_NEAR_START = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def _reads_like_a_title(text: str) -> bool:
    """Words, not a reference number, a time or a date line ("D/Media/Out/886/2025", "1300 hrs")."""
    letters = sum(char.isalpha() or unicodedata.category(char).startswith("M") for char in text)  # Sinhala, Khmer signs
    return len(text) >= 12 and letters >= 0.6 * len(text.replace(" ", "")) and len(text.split()) >= 3


def _shorten(text: str, limit: int = 120) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


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

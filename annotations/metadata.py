"""Best-effort metadata found where a release states it: title, issuer, date and language.

Works on the sanitised HTML every importer produces, so one set of rules serves every format;
an importer that knows better (an HTML <title>, an e-mail's Date header) fills the field first.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import date
from html.parser import HTMLParser

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
        text = _LEADING_DATE.sub("", block.text)
        if _reads_like_a_title(text) and not _ISSUER_WORDS.fullmatch(text):
            return _shorten(text)
    return _shorten(blocks[0].text) if blocks else ""


def _reads_like_a_title(text: str) -> bool:
    """Words, not a reference number, a time or a date line ("D/Media/Out/886/2025", "1300 hrs")."""
    letters = sum(char.isalpha() or unicodedata.category(char).startswith("M") for char in text)  # Sinhala, Khmer signs
    return len(text) >= 12 and letters >= 0.6 * len(text.replace(" ", "")) and len(text.split()) >= 3


def _shorten(text: str, limit: int = 120) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


_MONTHS = {
    name: number
    for number, names in enumerate([
        ("january", "jan", "janvier", "januar", "enero"), ("february", "feb", "février", "fevrier", "februar", "febrero"),
        ("march", "mar", "mars", "märz", "marzo"), ("april", "apr", "avril", "abril"),
        ("may", "mai", "mayo"), ("june", "jun", "juin", "juni", "junio"), ("july", "jul", "juillet", "juli", "julio"),
        ("august", "aug", "août", "aout", "agosto"), ("september", "sep", "sept", "septembre", "septiembre"),
        ("october", "oct", "octobre", "oktober", "octubre"), ("november", "nov", "novembre", "noviembre"),
        ("december", "dec", "décembre", "decembre", "dezember", "diciembre"),
    ], start=1)
    for name in names
}
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})(?:\s*[-–]\s*\d{1,2})?(?:st|nd|rd|th|er)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.IGNORECASE), ("d", "M", "y")),
    (re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?,?\s+(\d{4})\b", re.IGNORECASE), ("M", "d", "y")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b"), ("d", "m", "y")),
]


_LEADING_DATE = re.compile(r"^(" + "|".join(pattern.pattern.removeprefix(r"\b") for pattern, _ in _DATE_PATTERNS)
                           + r")[\s,.:–—-]*", re.IGNORECASE)


_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
#: A full date is written within this many characters before or after its year.
_DATE_REACH = 40


def find_date(text: str) -> str:
    """The first full date stated near the top, as YYYY-MM-DD ('' when none).

    Only the text around each four-digit year is searched, year by year: every full date has
    one, and the month-name patterns are too costly to run over the whole text.
    """
    head = text[:4000]
    for year in _YEAR.finditer(head):
        offset = max(0, year.start() - _DATE_REACH)
        found = _first_date(head[offset:year.end() + _DATE_REACH])
        if found:
            return found
    return ""


def _first_date(window: str) -> str:
    best: tuple[int, str] | None = None
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(window):
            parts = dict(zip(order, match.groups()))
            try:
                month = _MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
                found = date(int(parts["y"]), month, int(parts["d"]))
            except (KeyError, ValueError):
                continue
            if 1900 <= found.year <= 2100 and (best is None or match.start() < best[0]):
                best = (match.start(), found.isoformat())
            break
    return best[1] if best else ""


_SCRIPTS = [
    ("km", 0x1780, 0x17FF), ("si", 0x0D80, 0x0DFF), ("th", 0x0E00, 0x0E7F), ("ja", 0x3040, 0x30FF),
    ("ko", 0xAC00, 0xD7AF), ("zh", 0x4E00, 0x9FFF), ("ar", 0x0600, 0x06FF), ("he", 0x0590, 0x05FF),
    ("ru", 0x0400, 0x04FF), ("el", 0x0370, 0x03FF), ("hi", 0x0900, 0x097F), ("ta", 0x0B80, 0x0BFF),
]
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "by"},
    "fr": {"le", "la", "les", "et", "des", "du", "est", "une", "pour", "dans", "que", "sur"},
    "de": {"der", "die", "das", "und", "ist", "mit", "den", "von", "zu", "für", "auf", "nicht"},
    "es": {"el", "la", "los", "las", "y", "del", "que", "en", "por", "con", "para", "una"},
    "pt": {"o", "os", "as", "e", "do", "da", "que", "em", "para", "com", "uma", "não"},
    "it": {"il", "lo", "gli", "e", "che", "di", "della", "per", "con", "una", "sono", "nel"},
}


_SCRIPT_PATTERNS = [(tag, re.compile(f"[{chr(low)}-{chr(high)}]")) for tag, low, high in _SCRIPTS]


def find_language(text: str) -> str:
    """A language tag from the script, or for Latin text from the commonest function words."""
    from collections import Counter

    sample = text[:5000]
    letters = sum(map(str.isalpha, sample))
    counts = {tag: count for tag, pattern in _SCRIPT_PATTERNS if (count := len(pattern.findall(sample)))}
    if counts:
        tag, count = max(counts.items(), key=lambda item: item[1])
        if "ja" in counts and tag == "zh":
            tag = "ja"  # kana anywhere means Japanese, even if kanji outnumber it
        if count >= 0.2 * letters:
            return tag
    words = Counter(re.findall(r"[a-zà-ÿ]+", sample.lower()))
    if not words:
        return ""
    scores = {tag: sum(words[word] for word in stop) for tag, stop in _STOPWORDS.items()}
    tag, score = max(scores.items(), key=lambda item: item[1])
    return tag if score >= 3 else ""


def complete_metadata(draft: ReleaseDraft) -> ReleaseDraft:
    """The draft with each empty metadata field filled from its text where the text states it."""
    if draft.title and draft.issuer and draft.date and draft.language:
        return draft
    blocks = blocks_of(draft.html)
    plain = "\n".join(block.text for block in blocks)
    issuer = draft.issuer or find_issuer(blocks)
    return dataclasses.replace(
        draft,
        issuer=issuer,
        title=draft.title or find_title(blocks, issuer),
        date=draft.date or find_date(plain),
        language=draft.language or find_language(plain),
    )

"""A release's sanitised HTML as the blocks a reader sees (paragraphs, headings, list items, cells),
and the small pieces of wording shared by the title and issuer rules."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

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


#: "Press release" as ministries write it in other languages (a masthead, never a headline).
_MASTHEADS_SPACED = ("пресс-релиз", "пресс релиз", "сообщение для печати", "сообщение для прессы",
                     "communiqué de presse", "comunicado de prensa", "nota de prensa", "comunicado de imprensa",
                     "nota à imprensa", "pressemitteilung", "presseerklärung", "comunicato stampa", "persbericht",
                     "komunikat prasowy", "tisková zpráva", "basın açıklaması", "basın bülteni", "siaran pers",
                     "thông cáo báo chí", "بيان صحفي", "بيان صحافي", "بيان إعلامي", "اطلاعیه مطبوعاتی",
                     "הודעה לעיתונות", "보도자료")
#: ... and in scripts written without spaces, where it runs on from the issuer ("外務省報道発表").
_MASTHEADS_UNSPACED = ("報道発表", "報道資料", "プレスリリース", "新闻稿", "新聞稿", "新闻公报", "ข่าวประชาสัมพันธ์",
                       "ข่าวสารนิเทศ")
_SPACED = "|".join(map(re.escape, _MASTHEADS_SPACED))
_UNSPACED = "|".join(map(re.escape, _MASTHEADS_UNSPACED))
MARKER = re.compile(r"^(press|media|news)\s+(release|statement|advisory)|^(statement|communiqu[ée]|joint statement)$"
                    rf"|^(?:{_SPACED})(?!\w)|^(?:{_UNSPACED})", re.IGNORECASE)
#: A heading block that ends with the marker ("MINISTRY OF X / PRESS RELEASE" set as one paragraph).
MARKER_LAST = re.compile(rf"(?:\b(press|media|news)\s+(release|statement|advisory)|(?<!\w)(?:{_SPACED})|{_UNSPACED})$",
                         re.IGNORECASE)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "with", "de", "du", "des", "la", "le", "et"}


def smart_title(text: str) -> str:
    """'MINISTRY OF FOREIGN AFFAIRS' -> 'Ministry of Foreign Affairs'; mixed case is left alone."""
    if text != text.upper():
        return text
    words = text.split()
    return " ".join(word if _ABBREVIATION.fullmatch(word) else  # "U.S.", "SEN." stay as written
                    word.lower() if i and word.lower() in _SMALL_WORDS else word[:1] + word[1:].lower()
                    for i, word in enumerate(words))


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence (an abbreviation's full stop does not end one), cut at ``limit`` characters."""
    for match in _SENTENCE_END.finditer(text):
        word = text[:match.start() + 1].rsplit(None, 1)[-1]
        if not _ABBREVIATION.fullmatch(word):
            text = text[:match.start() + 1]
            break
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)")
#: "U.S.", "Sen.", "Dr.", "б.п.", "No.": a full stop that does not end a sentence.
_ABBREVIATION = re.compile(r"(?:\w\.){2,}|\w\.|[A-ZА-ЯЁ][a-zа-яё]{1,2}\.|[A-ZА-ЯЁ]{2,4}\.|(?i:no|vs|etc|approx|incl)\.")

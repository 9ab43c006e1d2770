"""East Asian line breaks in Markdown: a soft line break between Chinese or Japanese characters joins them.

Chinese and Japanese put no spaces between words, so a writer who wraps a paragraph's source
lines means nothing by the line break; read as a space (CommonMark's rule for every soft break)
it would put spaces between sentences ("此前多年来， Kubernetes") into the reader, the canonical
text, search and quotes. Like Pandoc's ``east_asian_line_breaks`` and markdown-it's cjk-breaks, a
soft break is dropped where the characters on both sides are East Asian wide (or fullwidth) ones,
or where one side is East Asian punctuation (a fullwidth comma, 。, 「) and the other any
character. Korean, which spaces its words, keeps its breaks as spaces; so does code.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_CODE_TAGS = {"code", "pre"}
_BLOCK_TAGS = {"address", "blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
               "ol", "p", "pre", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F


def _is_wide(char: str) -> bool:
    """An East Asian wide or fullwidth character other than Hangul and emoji (which are wide too)."""
    return (unicodedata.east_asian_width(char) in ("W", "F") and not _is_hangul(char)
            and not 0x1F000 <= ord(char) < 0x20000)


def joins(before: str, after: str) -> bool:
    """Whether a soft line break between the characters ``before`` and ``after`` is dropped."""
    if not before or not after or before.isspace() or after.isspace():
        return False
    wide_before, wide_after = _is_wide(before), _is_wide(after)
    return ((wide_before and wide_after)
            or (wide_before and unicodedata.category(before).startswith("P"))
            or (wide_after and unicodedata.category(after).startswith("P")))


def join_east_asian_lines(text: str, before: str = "", after: str = "") -> str:
    """``text`` with the soft breaks that ``joins`` drops removed; ``before`` and ``after`` are the
    characters around ``text`` in its paragraph (for a break at its very start or end)."""
    def replace(match: re.Match) -> str:
        start, end = match.start(), match.end()
        previous = text[start - 1] if start else before
        following = text[end] if end < len(text) else after
        return "" if joins(previous, following) else match.group()

    return _SOFT_BREAK.sub(replace, text)


class _JoinEastAsianLines(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        # Each run of text in document order: (element, "text" or "tail", editable). None marks
        # where a block starts or ends: no break is joined across it.
        slots: list[tuple[etree.Element, str, bool] | None] = []

        def walk(element: etree.Element, in_code: bool) -> None:
            in_code = in_code or element.tag in _CODE_TAGS
            slots.append((element, "text", not in_code))
            for child in element:
                block = child.tag in _BLOCK_TAGS
                if block:
                    slots.append(None)
                walk(child, in_code)
                if block:
                    slots.append(None)
                slots.append((child, "tail", not in_code and not block))

        for child in root:
            slots.append(None)
            walk(child, False)
        texts = [getattr(slot[0], slot[1]) or "" if slot else "" for slot in slots]
        first_after = [""] * len(texts)  # the first character after each slot, in its block
        for index in range(len(texts) - 2, -1, -1):
            following = texts[index + 1]
            first_after[index] = "" if slots[index + 1] is None else following[:1] or first_after[index + 1]
        last_before = ""
        for index, slot in enumerate(slots):
            if slot is None:
                last_before = ""
                continue
            element, attribute, editable = slot
            if editable and "\n" in texts[index]:
                texts[index] = join_east_asian_lines(texts[index], last_before, first_after[index])
                setattr(element, attribute, texts[index])
            last_before = texts[index][-1:] or last_before


class EastAsianLineBreaks(Extension):
    """The Python-Markdown extension: after inline parsing, before the HTML is serialised."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_JoinEastAsianLines(md), "east_asian_line_breaks", 5)

"""Offsets in a text counted two ways: in code points (ours) and in UTF-16 code units (Qt's).

The library, its anchoring and the W3C selectors count characters as Unicode code points, as
Python does. Qt counts UTF-16 code units. The two differ only for characters beyond the Basic
Multilingual Plane (emoji and flags, rare CJK ideographs), each one code point but two units: a
highlight after a flag emoji would otherwise be drawn a character to the left.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts offsets into one text between code points and UTF-16 code units."""

    def __init__(self, text: str):
        self._astral = [match.start() for match in _BEYOND_BMP.finditer(text)]
        self._astral_units = [index + count for count, index in enumerate(self._astral)]

    def to_units(self, index: int) -> int:
        """A code-point offset as Qt counts it."""
        return index + bisect_left(self._astral, index) if self._astral else index

    def to_code_points(self, unit: int) -> int:
        """A Qt offset as a code-point offset."""
        return unit - bisect_left(self._astral_units, unit) if self._astral else unit


def unit_slice(text: str, start: int, end: int) -> str:
    """``text`` between two UTF-16 offsets (Qt's), as a str."""
    return text.encode("utf-16-le", "surrogatepass")[2 * start:2 * end].decode("utf-16-le", "surrogatepass")


def characters_by_unit(text: str) -> list[str]:
    """``text``'s characters indexed by UTF-16 unit: one beyond the BMP fills its two places."""
    if not _BEYOND_BMP.search(text):
        return list(text)
    return [character for character in text for _ in range(2 if ord(character) > 0xFFFF else 1)]

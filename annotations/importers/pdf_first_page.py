"""What the layout of a PDF's first page says: the headline and the dateline.

The text layer alone loses it: Word-made releases put the letterhead and the dateline last in the
content stream, and the headline is only told from the body by its size. pypdf's text visitor
gives each piece of text with its position and size; the headline is the largest text in the
upper part of the page (when it is larger than the body), the dateline the top lines' text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject

#: Text this much larger than the body's is a headline ...
_HEADLINE_SCALE = 1.2
#: ... when it sits in this upper share of the page.
_HEADLINE_REGION = 0.5
#: The dateline is looked for in the lines within this share of the page height below the top line.
_DATELINE_REGION = 0.12
#: Pieces whose baselines differ by less than this many points are on one line.
_SAME_LINE = 2.0
_NOT_A_HEADLINE = re.compile(r"^(prepared|produced|written|compiled)\s+(by|for)\b|^(draft|confidential|page\s+\d)",
                             re.IGNORECASE)
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st"})
_LAYOUT_SPACES = str.maketrans({"\u00a0": " ", "\u00ad": ""})


@dataclass(frozen=True)
class Piece:
    """A piece of text as drawn: its baseline (points from the bottom), left edge and size."""

    text: str
    y: float
    x: float
    size: float


@dataclass(frozen=True)
class FirstPage:
    text: str              # pypdf's text of the page, as its plain extraction gives it
    pieces: list[Piece]
    height: float

    @classmethod
    def read(cls, page: PageObject) -> FirstPage:
        pieces: list[Piece] = []

        def visit(text, cm, tm, font, size):
            if not text.strip():
                return
            a, b, c, d, e, f = _multiplied(tm, cm)
            pieces.append(Piece(text, f, e, abs(size) * math.sqrt(abs(a * d - b * c))))

        text = page.extract_text(visitor_text=visit)
        return cls(text, pieces, float(page.mediabox.height))

    def headline(self) -> str:
        """The largest text near the top, when it is larger than the body ('' otherwise)."""
        letters = [piece for piece in self.pieces if any(char.isalpha() for char in piece.text)]
        if not letters:
            return ""
        body = _weighted_median([(piece.size, len(piece.text)) for piece in letters])
        top = max(piece.y for piece in self.pieces)
        upper = [piece for piece in letters if piece.y >= top - _HEADLINE_REGION * self.height]
        largest = max((piece.size for piece in upper), default=0.0)
        if largest < _HEADLINE_SCALE * body:
            return ""
        lines = _lines([piece for piece in upper if piece.size >= 0.95 * largest])
        # The first run of lines set at that size, a line apart at most: a headline may wrap.
        kept = [lines[0]]
        for line in lines[1:]:
            if kept[-1][0].y - line[0].y > 2.5 * largest:
                break
            kept.append(line)
        headline = " ".join(" ".join(_line_text(line).split()) for line in kept)
        return "" if _NOT_A_HEADLINE.match(headline) else headline

    def top_lines(self) -> str:
        """The text of the lines at the top of the page, top first: where the dateline is."""
        if not self.pieces:
            return ""
        top = max(piece.y for piece in self.pieces)
        near_top = [piece for piece in self.pieces if piece.y >= top - _DATELINE_REGION * self.height]
        return "\n".join(_line_text(line) for line in _lines(near_top))


def _multiplied(tm, cm) -> tuple[float, ...]:
    """The text matrix times the current transformation matrix: where and how large text is drawn."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    e = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    f = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    return a, b, c, d, e, f


def _lines(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into lines, top line first, each line's pieces left to right."""
    lines: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda piece: -piece.y):
        if lines and abs(lines[-1][0].y - piece.y) < _SAME_LINE:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [sorted(line, key=lambda piece: piece.x) for line in lines]


def _line_text(line: list[Piece]) -> str:
    return "".join(piece.text for piece in line).translate(_LAYOUT_SPACES).translate(LIGATURES)


def _weighted_median(values: list[tuple[float, int]]) -> float:
    ordered = sorted(values)
    half = sum(weight for _, weight in ordered) / 2
    running = 0
    for value, weight in ordered:
        running += weight
        if running >= half:
            return value
    return ordered[-1][0]

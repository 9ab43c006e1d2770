"""Right-to-left lines (Arabic, Hebrew, Persian, Urdu) that copy out of the PDF as written.

Qt draws a right-to-left line's runs left to right but the glyphs of each run right to left, and
a ligature (lam-alef) has no text of its own. Each reader rebuilds a line its own way: poppler
(pdftotext, Evince, Okular) by position, reordering what it sees; pdf.js (Firefox) by drawing
order, reordering each piece it joins; pypdf by drawing order, reversing right-to-left runs. No
one text per glyph satisfies all three, so Qt's glyphs are made silent (codes that map to no
text, which pdf.js also skips: the Unicode format characters) and the line's text is added
beside them, invisibly (text render mode 3), once per reader:

* pdf.js: the line put through pdf.js's own reordering (``pdfjs_order``), one code per
  character, read through its code (an empty ToUnicode entry: pdf.js reads the code itself,
  pypdf reads nothing), laid out across the line so pdf.js joins it into one piece and reorders
  it back into the order written;
* poppler: the same glyphs wrapped in ``/ActualText`` giving the line as poppler's reordering
  turns it back (``poppler_order``); Qt's glyphs get an empty ``/ActualText``;
* pypdf: one glyph off the page (which poppler leaves out) whose ToUnicode entry is a line break
  and the whole line in logical order (pypdf keeps a many-character entry as it is; pdf.js takes
  an entry that starts with white space for a space, and drops it).
"""

from __future__ import annotations

import unicodedata

from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, FloatObject, IndirectObject, NameObject,
                           NumberObject)

from .visual_order import pdfjs_order, visual_order
from .font_maps import SILENT_CODES, parse_widths, widths_array, write_to_unicode
from .update import PdfUpdate, compressed, text_string

#: The copy-out layer's codes for whole lines (pypdf): the private use area, which no release writes.
_FIRST_LINE_CODE, _LAST_LINE_CODE = 0xE000, 0xF8FF
_ADVANCE = 500                          # every copy-out glyph's width (glyph space)
_OFF_PAGE = -10000.0                    # where pypdf's glyph goes (points left of the page)


def _name(value: str) -> NameObject:
    return NameObject(value)


class SilentGlyphs:
    """Copies of one of Qt's fonts whose codes draw its glyphs and read as nothing.

    A copy has as many codes as there are silent ones (``SILENT_CODES``); a page whose
    right-to-left lines use more of the font's glyphs than that draws them from further copies.
    """

    def __init__(self, update: PdfUpdate, reference: IndirectObject):
        self.update, self.reference = update, reference
        self.font = reference.get_object()
        self.descendant = self.font["/DescendantFonts"][0].get_object()
        self.usable = self.descendant.get("/CIDToGIDMap", "/Identity") == "/Identity"   # codes are glyphs
        self.copies: list[dict[int, int]] = []           # per copy: glyph -> code
        self.references: list[IndirectObject] = []

    def name(self, copy: int) -> str:
        return f"/CQs{self.reference.idnum}x{copy}"

    def code_for(self, glyph: int) -> tuple[str, int] | None:
        """The font (resource name) and code that draw ``glyph`` silently; None if this font cannot."""
        if not self.usable:
            return None
        for number, copy in enumerate(self.copies):
            if glyph in copy:
                return self.name(number), copy[glyph]
        if not self.copies or len(self.copies[-1]) == len(SILENT_CODES):
            self.copies.append({})
            self.references.append(self.update.add(DictionaryObject()))     # filled in by write()
        copy = self.copies[-1]
        copy[glyph] = SILENT_CODES[len(copy)]
        return self.name(len(self.copies) - 1), copy[glyph]

    def write(self) -> None:
        glyph_widths = parse_widths(self.descendant.get("/W", ArrayObject()))
        default = float(self.descendant.get("/DW", 1000))
        for copy, reference in zip(self.copies, self.references):
            mapping = bytearray(2 * (max(copy.values()) + 1))
            for glyph, code in copy.items():
                mapping[2 * code:2 * code + 2] = glyph.to_bytes(2, "big")
            descendant = DictionaryObject(self.descendant)
            descendant[_name("/CIDToGIDMap")] = self.update.add(compressed(bytes(mapping)))
            descendant[_name("/W")] = widths_array({code: glyph_widths.get(glyph, default)
                                                     for glyph, code in copy.items()})
            font = DictionaryObject(self.font)
            font[_name("/DescendantFonts")] = ArrayObject([self.update.add(descendant)])
            font[_name("/ToUnicode")] = self.update.add(compressed(write_to_unicode(dict.fromkeys(copy.values(), ""))))
            self.update.objects[reference.idnum] = font


class CopyOutLayer:
    """One page's invisible copy-out text: a font drawing nothing visible (glyph 0 in render mode
    3), whose codes read as the characters they are (pdf.js) or as whole lines (pypdf; 6,400 of
    them a page, the private use area)."""

    NAME = "/CQtext"

    def __init__(self, update: PdfUpdate, model: IndirectObject):
        self.update, self.model = update, model.get_object()
        self.reference = update.add(DictionaryObject())          # filled in by write()
        self.characters: set[int] = set()
        self.lines: dict[int, str] = {}

    def operations(self, line, left_to_right_page: bool, inverse_ctm: tuple) -> list:
        """The content operations drawing a line's copy-out text (``line``: a ``TextLine``), in the
        user space the CTM ``inverse_ctm`` undoes (so positions are the page's points);
        ``left_to_right_page``: whether poppler will read the page left to right."""
        left, bottom, right, top, text = line.left, line.bottom, line.right, line.top, line.text
        actual_text = poppler_order(text, visual_order(text, line.right_to_left), left_to_right_page)
        # Spaces: one ordinary space for each run, because pdf.js takes a wider gap for the end of a
        # piece of text, and reorders a no-break space as if it separated numbers.
        codes = [ord(character) for character in pdfjs_order(" ".join(text.split()))
                 if ord(character) <= 0xFFFF and not _FIRST_LINE_CODE <= ord(character) <= _LAST_LINE_CODE]
        line_code = _FIRST_LINE_CODE + len(self.lines)
        if not codes or line_code > _LAST_LINE_CODE:
            return []
        self.characters.update(codes)
        # pdf.js takes an entry that starts with a line break for white space, and skips it
        # wherever it is (text holding a combining mark it would take anywhere, even off the page).
        self.lines[line_code] = "\n" + text
        size = 1000 * max(right - left, 1.0) / (_ADVANCE * max(sum(map(_takes_room, codes)), 1))
        baseline = bottom + 0.25 * (top - bottom)
        shown = ByteStringObject(b"".join(code.to_bytes(2, "big") for code in codes))
        numbers = [FloatObject(round(value, 4)) for value in inverse_ctm]

        def text_object(x: float, show: ByteStringObject) -> list:
            return [([], b"BT"), ([NumberObject(3)], b"Tr"), ([_name(self.NAME), FloatObject(round(size, 4))], b"Tf"),
                    ([NumberObject(1), NumberObject(0), NumberObject(0), NumberObject(1),
                      FloatObject(round(x, 3)), FloatObject(round(baseline, 3))], b"Tm"),
                    ([show], b"Tj"), ([], b"ET")]

        actual = DictionaryObject({_name("/ActualText"): text_string(actual_text)})
        return [([], b"q"), (numbers, b"cm"), ([_name("/Span"), actual], b"BDC"),
                *text_object(left, shown), ([], b"EMC"),
                *text_object(_OFF_PAGE, ByteStringObject(line_code.to_bytes(2, "big"))), ([], b"Q")]

    def write(self) -> None:
        descendant = DictionaryObject(self.model["/DescendantFonts"][0].get_object())
        descendant[_name("/CIDToGIDMap")] = self.update.add(compressed(bytes(2 * 0x10000)))   # glyph 0: nothing drawn
        descendant[_name("/W")] = widths_array({code: 0 for code in self.characters if not _takes_room(code)})
        descendant[_name("/DW")] = NumberObject(_ADVANCE)
        mapping = {**dict.fromkeys(self.characters, ""), **self.lines}
        font = DictionaryObject(self.model)
        font[_name("/DescendantFonts")] = ArrayObject([self.update.add(descendant)])
        font[_name("/ToUnicode")] = self.update.add(compressed(write_to_unicode(mapping)))
        self.update.objects[self.reference.idnum] = font


def _takes_room(code: int) -> bool:
    """Whether a copy-out glyph advances: not a combining mark (pdf.js places none, and would read
    the room as a space), nor a space (pdf.js reads a space from the glyph itself; room as well
    would make two where a mark follows it)."""
    return code != 0x20 and unicodedata.category(chr(code)) not in ("Mn", "Me")


def poppler_order(text: str, visual: str, left_to_right: bool) -> str:
    """What poppler must be given so that its reordering of a line gives ``text`` back.

    poppler reorders each line by the page's main direction. Right to left: it reads the line
    as seen (``visual``) and turns it around, keeping runs from a letter or digit written left to
    right up to the next right-to-left letter as they are (so a space or bracket after a number
    can land before it: a limit of poppler's). Left to right: it keeps the line as it is and
    turns around each run from a right-to-left letter to the last one before a letter or digit
    written left to right; so those runs are given turned around.
    """
    if not left_to_right:
        return visual
    pieces, start = [], None
    kinds = [unicodedata.bidirectional(character) for character in text]
    last_right = None
    for index, kind in enumerate([*kinds, "L"]):
        if kind in ("R", "AL"):
            start = index if start is None else start
            last_right = index
        elif kind in ("L", "EN", "AN") and start is not None:
            pieces.append((start, last_right + 1))
            start = None
    result = list(text)
    for begin, end in pieces:
        result[begin:end] = reversed(result[begin:end])
    return "".join(result)


def inverse(matrix: tuple) -> tuple:
    """The inverse of a PDF matrix (a b c d e f)."""
    a, b, c, d, e, f = matrix
    determinant = a * d - b * c
    if not determinant:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (d / determinant, -b / determinant, -c / determinant, a / determinant,
            (c * f - d * e) / determinant, (b * e - a * f) / determinant)

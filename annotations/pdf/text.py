"""Text that copies out of Qt's PDF as the release's words.

Qt's ToUnicode maps give each glyph the lowest code point drawn with it (a tab for the space, a
Kangxi radical for 力, "ﬃ" for a ligature), and shaped scripts (Khmer, Sinhala...) draw glyphs
that no single character maps to, in visual order. Repaired here: the maps, an /ActualText span
per shaped line (poppler, Acrobat), and per-cluster glyph codes (pypdf, pdf.js).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field

from pypdf.generic import (ArrayObject, ByteStringObject, ContentStream, DictionaryObject, FloatObject, IndirectObject,
                           NameObject,
                           NumberObject, StreamObject, TextStringObject)

from .font_maps import SILENT_CODES, parse_to_unicode, parse_widths, widths_array, write_to_unicode
from .right_to_left import CopyOutLayer, SilentGlyphs, inverse
from .update import PdfUpdate, compressed, text_string


# ToUnicode maps ------------------------------------------------------------------------------

def _better_code_point(value: str) -> str:
    """What a glyph should extract as, where Qt picked the lowest code point sharing the glyph.

    Tab shares the space glyph (so spaces came out as tabs); Kangxi and CJK radicals, and CJK
    compatibility ideographs, share glyphs with the unified ideographs people write (力, not ⼒);
    a ligature glyph stands for its letters (ﬃ is "ffi"); an Arabic glyph shaped for its place in
    a word stands for the letter people write (ﻣ is م), not for its presentation form.
    """
    if value == "\t":
        return " "
    if len(value) == 1 and (0x2E80 <= ord(value) <= 0x2FDF or 0xF900 <= ord(value) <= 0xFAFF
                            or 0xFB00 <= ord(value) <= 0xFB06 or 0x2F800 <= ord(value) <= 0x2FA1F
                            or 0xFB50 <= ord(value) <= 0xFDFF or 0xFE70 <= ord(value) <= 0xFEFF):
        return unicodedata.normalize("NFKC", value)
    return value


def repair_to_unicode(data: bytes) -> bytes:
    mapping = parse_to_unicode(data)
    repaired = {code: _better_code_point(text) for code, text in mapping.items()}
    return data if repaired == mapping else write_to_unicode(repaired)


def repair_text_extraction(update: PdfUpdate) -> int:
    """Replace each font's ToUnicode map that needs repair; returns how many maps changed.

    Qt writes font dictionaries uncompressed, so their /ToUnicode references are found in the
    file's bytes instead of by parsing every page's resources (a dictionary per page); each one
    found is checked to be a CMap stream before it is touched.
    """
    changed = 0
    for number in sorted({int(n) for n in re.findall(rb"/ToUnicode\s+(\d+)\s+0\s+R", update.data)}):
        reference = IndirectObject(number, 0, update.reader)
        cmap = reference.get_object()
        if not isinstance(cmap, StreamObject) or b"begincmap" not in (data := cmap.get_data()):
            continue
        repaired = repair_to_unicode(data)
        if repaired != data:
            update.replace(reference, compressed(repaired))
            changed += 1
    return changed


# ActualText for complex scripts -----------------------------------------------------------------

@dataclass(frozen=True)
class TextLine:
    """A laid-out line whose glyphs do not spell its text one for one (Khmer, Sinhala, Arabic, ...), in PDF points."""

    page_index: int
    left: float
    bottom: float
    right: float
    top: float
    text: str
    #: Each glyph's origin (PDF points), the text it stands for (its share of its cluster, maybe
    #: "") and how far that text reaches (points). Empty when not known.
    glyphs: tuple[tuple[float, float, str, float], ...] = ()
    #: A line holding right-to-left text: its paragraph's direction (``annotations.pdf.right_to_left``).
    right_to_left: bool | None = None

    def contains(self, x: float, y: float, slack: float = 1.0) -> bool:
        return (self.left - slack <= x <= self.right + slack) and (self.bottom - slack <= y <= self.top + slack)


def _multiply(a: tuple, b: tuple) -> tuple:
    """The affine product a×b of PDF matrices (a b c d e f)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


@dataclass
class TextObject:
    """A BT ... ET in a content stream, and where each of its show operators puts its first glyph."""

    begin: int                                            # index of BT in the operations
    end: int                                              # index of ET
    #: Each show operator: (index, x, y, font name, points per glyph-space unit horizontally, font size).
    shows: list[tuple[int, float, float, str, float, float]] = field(default_factory=list)
    ctm: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)         # the graphics matrix at ET

    @property
    def origin(self) -> tuple[float, float] | None:
        return self.shows[0][1:3] if self.shows else None


def _text_objects(operations: list) -> list[TextObject]:
    """The text objects of a content stream, with the user-space origin of each glyph shown.

    Interprets just what positions text: q/Q/cm for the graphics matrix, BT/Tm/Td/TD/T* for the
    text matrix, Tf for the font (Qt writes nothing else that moves text, and one glyph per Tj).
    """
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    ctm, stack, found = identity, [], []
    current, line_matrix, leading, font, size = None, identity, 0.0, "", 0.0
    for index, (operands, operator) in enumerate(operations):
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop() if stack else identity
        elif operator == b"cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif operator == b"BT":
            current, line_matrix = TextObject(index, index), identity
        elif operator == b"Tf":
            font, size = str(operands[0]), float(operands[1])
        elif operator == b"Tm":
            line_matrix = tuple(float(v) for v in operands)
        elif operator in (b"Td", b"TD"):
            tx, ty = float(operands[0]), float(operands[1])
            line_matrix = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), line_matrix)
            if operator == b"TD":
                leading = -ty
        elif operator == b"T*":
            line_matrix = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line_matrix)
        elif operator in (b"Tj", b"TJ", b"'", b'"') and current is not None:
            matrix = _multiply(line_matrix, ctm)
            current.shows.append((index, matrix[4], matrix[5], font, abs(matrix[0]) * size / 1000, size))
        elif operator == b"ET" and current is not None:
            current.end, current.ctm = index, ctm
            found.append(current)
            current = None
    return found


class _ClusterCodes:
    """New glyph codes for one Type0 font, so that its ToUnicode map can spell shaped clusters.

    A glyph of a Khmer cluster is drawn in many clusters; one ToUnicode entry per glyph cannot
    say which. Each glyph occurrence instead gets a code of its own kind, (glyph, text, width):
    its share of the cluster's characters, as the layout gave it (``TextLine.glyphs``). The new
    codes draw the same glyphs (a CIDToGIDMap), so nothing on the page moves, and extractors that
    read ToUnicode maps (pypdf, pdf.js, a viewer's copy) read the words in logical order.
    """

    def __init__(self, update: PdfUpdate, reference: IndirectObject):
        self.update, self.reference = update, reference
        self.font = reference.get_object()
        self.descendant_ref = self.font["/DescendantFonts"][0]
        self.descendant = self.descendant_ref.get_object()
        self.to_unicode_ref = self.font.raw_get("/ToUnicode") if "/ToUnicode" in self.font else None
        current = self.to_unicode_ref
        if isinstance(current, IndirectObject):              # as repaired earlier in this update, if it was
            current = update.objects.get(current.idnum) or current.get_object()
        self.to_unicode = parse_to_unicode(current.get_data()) if current is not None else {}
        self.widths = parse_widths(self.descendant.get("/W", []))
        self.default_width = float(self.descendant.get("/DW", 1000))
        # Codes are glyph numbers (Qt's fonts): only then can a new code name an old glyph simply.
        self.identity = self.descendant.get("/CIDToGIDMap", "/Identity") == "/Identity"
        self.glyph_of: dict[int, int] = {}
        self.codes: dict[tuple[int, str, int], int] = {}
        self.next_code = max([*self.to_unicode, *self.widths, 0]) + 1
        self.silent = [code for code in SILENT_CODES if code >= self.next_code]

    def code_for(self, code: int, text: str, width: float) -> int:
        """The code drawing glyph ``code`` that reads as ``text``, ``width`` wide (glyph space)."""
        glyph = self.glyph_of.get(code, code)
        # Widths move nothing here (Qt places each glyph with Td from the last one's origin): they
        # tell readers where a glyph's text ends, so each glyph of a cluster reaches its end. A
        # silent glyph keeps one code (they are few) at the widest reach it needs.
        kind = (glyph, text, round(width) if text else -1)
        if not self.identity or (self.to_unicode.get(code) == text
                                 and round(self.widths.get(code, self.default_width)) == round(width)):
            return code
        if kind not in self.codes:
            new = self.silent.pop(0) if not text and self.silent else self._next_free_code()
            self.codes[kind] = new
            self.glyph_of[new] = glyph
            self.to_unicode[new] = text
            self.widths[new] = 0
        new = self.codes[kind]
        self.widths[new] = max(self.widths[new], round(width))
        return new

    def _next_free_code(self) -> int:
        while self.next_code in SILENT_CODES:
            self.next_code += 1
        self.next_code += 1
        return self.next_code - 1

    def write(self) -> None:
        if not self.codes:
            return
        first_new = min(self.glyph_of)
        mapping = bytearray()
        for code in range(max(self.glyph_of) + 1):      # old codes name their own glyph; unused ones .notdef
            mapping += (code if code < first_new else self.glyph_of.get(code, 0)).to_bytes(2, "big")
        descendant = DictionaryObject(self.descendant)
        descendant[NameObject("/CIDToGIDMap")] = self.update.add(compressed(bytes(mapping)))
        descendant[NameObject("/W")] = widths_array(self.widths)
        to_unicode = compressed(write_to_unicode(self.to_unicode))
        font = DictionaryObject(self.font)          # replaced only where Qt wrote a part inline
        if isinstance(self.descendant_ref, IndirectObject):
            self.update.replace(self.descendant_ref, descendant)
        else:
            font[NameObject("/DescendantFonts")] = ArrayObject([self.update.add(descendant)])
        if isinstance(self.to_unicode_ref, IndirectObject):
            self.update.replace(self.to_unicode_ref, to_unicode)
        else:
            font[NameObject("/ToUnicode")] = self.update.add(to_unicode)
        if font != self.font:
            self.update.replace(self.reference, font)


def _glyph_code(operand) -> int | None:
    """The two-byte code a Tj shows (Qt shows one glyph per Tj), as it stood in the file."""
    if isinstance(operand, TextStringObject):
        # pypdf decodes the bytes as text; the bytes read are kept (get_original_bytes adds a BOM).
        data = getattr(operand, "_original_bytes", None) or operand.get_original_bytes()
    else:
        data = bytes(operand)
    return int.from_bytes(data, "big") if len(data) == 2 else None


def add_actual_text(update: PdfUpdate, lines: list[TextLine]) -> int:
    """Make each listed line copy out as its text, in logical order, whatever the extractor.

    Shaped scripts draw glyphs that no single character maps to (Khmer subscripts) in visual, not
    logical, order (pre-base vowels). Two repairs, for two kinds of reader: each text object that
    starts on such a line is wrapped in a marked-content span whose /ActualText is the line's
    text (the first on the line; the others get an empty one, so the line is read exactly once):
    poppler and Acrobat read that. And each glyph gets a code that spells its cluster
    (``_ClusterCodes``): readers of ToUnicode maps, such as pypdf, read that. Right-to-left lines
    (``right_to_left`` not None) are silenced and given a copy-out layer instead
    (``annotations.pdf.right_to_left``). Only the pages holding such lines are parsed. Returns
    the number of text objects wrapped.
    """
    wrapped = 0
    fonts: dict[int, _ClusterCodes] = {}
    silent: dict[int, SilentGlyphs] = {}
    maps: dict[int, dict[int, str]] = {}
    for page_index in sorted({line.page_index for line in lines}):
        page_lines = [line for line in lines if line.page_index == page_index]
        page = update.pages[page_index]
        content = ContentStream(page.get_contents(), update.reader)
        operations = content.operations
        font_resources = page["/Resources"].get("/Font", {})
        used: set[int] = set()
        before: dict[int, list] = {}
        after: dict[int, list] = {}
        last_object: dict[int, TextObject] = {}
        rtl_objects: list[TextObject] = []
        layer: CopyOutLayer | None = None              # the page's copy-out text (right-to-left lines)
        text_objects = _text_objects(operations)
        for text_object in text_objects:
            if text_object.origin is None:
                continue
            match = next((n for n, line in enumerate(page_lines) if line.contains(*text_object.origin)), None)
            if match is None:
                continue
            line = page_lines[match]
            if line.right_to_left is not None:
                layer = layer or _copy_out_layer(update, text_object, font_resources)
                if layer is None:                          # no font to model it on: ActualText only
                    line = dataclasses.replace(line, right_to_left=None)
            text = "" if match in used or line.right_to_left is not None else line.text
            properties = DictionaryObject({NameObject("/ActualText"): text_string(text)})
            before.setdefault(text_object.begin, []).append(([NameObject("/Span"), properties], b"BDC"))
            after.setdefault(text_object.end, []).append(([], b"EMC"))
            used.add(match)
            wrapped += 1
            if line.right_to_left is not None:
                _silence(update, operations, text_object, font_resources, silent, before)
                last_object[match] = text_object
                rtl_objects.append(text_object)
            else:
                _recode_clusters(update, operations, text_object, line, font_resources, fonts)
        if last_object and layer is not None:
            silenced = {text_object.begin for text_object in rtl_objects}
            left_to_right = _reads_left_to_right(update, operations, text_objects, font_resources, page_lines, maps,
                                                 silenced)
            for match, text_object in last_object.items():
                line = page_lines[match]
                after[text_object.end] += layer.operations(line, left_to_right, inverse(text_object.ctm))
        if before:
            content.operations = [new for index, operation in enumerate(operations)
                                  for new in (*before.get(index, ()), operation, *after.get(index, ()))]
            stream = compressed(content.get_data())
            current = page.raw_get("/Contents")
            if isinstance(current, IndirectObject) and not isinstance(current.get_object(), ArrayObject):
                update.replace(current, stream)
            else:
                update.edited_page(page_index)[NameObject("/Contents")] = update.add(stream)
            if last_object:
                _add_fonts(update, page_index, page, layer, silent.values())
                layer.write()
    for codes in fonts.values():
        codes.write()
    for glyphs in silent.values():
        glyphs.write()
    return wrapped


def _add_fonts(update: PdfUpdate, page_index: int, page, layer: CopyOutLayer | None, silent) -> None:
    """Name the copy-out layer's font and the silent copies of Qt's fonts in the page's resources."""
    resources = DictionaryObject(page["/Resources"])
    fonts = DictionaryObject(resources.get("/Font", DictionaryObject()))
    if layer is not None:
        fonts[NameObject(CopyOutLayer.NAME)] = layer.reference
    for glyphs in silent:
        for number, reference in enumerate(glyphs.references):
            fonts[NameObject(glyphs.name(number))] = reference
    resources[NameObject("/Font")] = fonts
    update.edited_page(page_index)[NameObject("/Resources")] = resources


def _reads_left_to_right(update: PdfUpdate, operations: list, text_objects: list[TextObject], font_resources,
                         lines: list[TextLine], maps: dict[int, dict[int, str]], silenced: set[int]) -> bool:
    """Whether poppler will read this page left to right: it counts the page's letters written
    left to right against those written right to left, and reorders every line by the winner.

    Counted as poppler will see them: Qt's glyphs through their fonts' ToUnicode maps, except
    those of right-to-left lines, which are silenced and counted as those lines' text.
    """
    balance = sum(_direction_balance(line.text) for line in lines if line.right_to_left is not None)
    for text_object in text_objects:
        if text_object.begin in silenced:
            continue
        for index, _, _, font_name, _, _ in text_object.shows:
            reference = font_resources.raw_get(font_name) if font_name in font_resources else None
            operands = operations[index][0]
            code = _glyph_code(operands[0]) if operations[index][1] == b"Tj" and operands else None
            if code is None or not isinstance(reference, IndirectObject):
                continue
            if reference.idnum not in maps:
                maps[reference.idnum] = _current_to_unicode(update, reference.get_object())
            balance += _direction_balance(maps[reference.idnum].get(code, ""))
    return balance >= 0


def _direction_balance(text: str) -> int:
    """Letters written left to right, less those written right to left."""
    kinds = [unicodedata.bidirectional(character) for character in text]
    return kinds.count("L") - kinds.count("R") - kinds.count("AL")


def _current_to_unicode(update: PdfUpdate, font) -> dict[int, str]:
    """A font's ToUnicode map as this update leaves it (repaired earlier in the update, if it was)."""
    current = font.raw_get("/ToUnicode") if "/ToUnicode" in font else None
    if isinstance(current, IndirectObject):
        current = update.objects.get(current.idnum) or current.get_object()
    return parse_to_unicode(current.get_data()) if isinstance(current, StreamObject) else {}


def _silence(update: PdfUpdate, operations: list, text_object: TextObject, font_resources,
             silent: dict[int, SilentGlyphs], before: dict[int, list]) -> None:
    """Draw each glyph of ``text_object`` from a copy of its font in which it reads as nothing."""
    for index, _, _, font_name, _, size in text_object.shows:
        operands = operations[index][0]
        reference = font_resources.raw_get(font_name) if font_name in font_resources else None
        code = _glyph_code(operands[0]) if operations[index][1] == b"Tj" and operands else None
        if code is None or not isinstance(reference, IndirectObject):
            continue
        if reference.idnum not in silent:
            silent[reference.idnum] = SilentGlyphs(update, reference)
        found = silent[reference.idnum].code_for(code)
        if found is None:
            continue
        name, new = found
        operands[0] = ByteStringObject(new.to_bytes(2, "big"))
        before.setdefault(index, []).append(([NameObject(name), FloatObject(size)], b"Tf"))


def _copy_out_layer(update: PdfUpdate, text_object: TextObject, font_resources) -> CopyOutLayer | None:
    """A copy-out layer font modelled on the Type0 font ``text_object`` draws with, if it has one."""
    for _, _, _, font_name, _, _ in text_object.shows:
        reference = font_resources.raw_get(font_name) if font_name in font_resources else None
        if isinstance(reference, IndirectObject) and "/DescendantFonts" in reference.get_object():
            return CopyOutLayer(update, reference)
    return None


def _recode_clusters(update: PdfUpdate, operations: list, text_object: TextObject, line: TextLine,
                     font_resources, fonts: dict[int, _ClusterCodes]) -> None:
    """Give each glyph shown in ``text_object`` the code for the text it stands for on ``line``.

    A glyph is found by its origin: the nearest of the line's glyphs, within half a point.
    """
    free = list(line.glyphs)
    for index, x, y, font_name, points_per_unit, _ in text_object.shows:
        operands = operations[index][0]
        reference = font_resources.raw_get(font_name) if font_name in font_resources else None
        code = _glyph_code(operands[0]) if operations[index][1] == b"Tj" and operands else None
        if not free or code is None or not isinstance(reference, IndirectObject):
            continue
        nearest = min(range(len(free)), key=lambda n: abs(free[n][0] - x) + abs(free[n][1] - y))
        if abs(free[nearest][0] - x) + abs(free[nearest][1] - y) > 0.5:
            continue
        _, _, text, advance = free.pop(nearest)
        if reference.idnum not in fonts:
            fonts[reference.idnum] = _ClusterCodes(update, reference)
        width = advance / points_per_unit if points_per_unit else 0.0
        operands[0] = ByteStringObject(fonts[reference.idnum].code_for(code, text, width).to_bytes(2, "big"))

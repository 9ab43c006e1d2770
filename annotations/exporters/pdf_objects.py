"""Real PDF annotation objects, metadata and text-extraction repairs, written with pypdf.

The application lays a release out and paints it (Qt); this module then adds what Qt cannot
write: one ``/Highlight`` per highlighted passage and page, with ``/QuadPoints`` over the very
glyphs painted, a ``/Popup``, and an explicit ``/AP`` appearance (multiply blend) so that viewers
which do not synthesise appearances still draw it. It also repairs the ToUnicode maps Qt writes,
so that text copied out of the PDF equals the release's words.

All of it is appended to Qt's file as an incremental update (PDF 32000-1 §7.5.6): the new and
changed objects, then their own cross-reference section pointing back to Qt's. Nothing Qt wrote is
read more than needed or written twice, so finishing costs milliseconds, not a rewrite of the file.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, ContentStream, DecodedStreamObject,
                           DictionaryObject, FloatObject, IndirectObject, NameObject, NumberObject, PdfObject,
                           StreamObject, TextStringObject)

#: Private key holding an annotation's tags (PDF names: second-class names carry a prefix).
TAGS_KEY = "/CommuniqueTags"
POPUP_WIDTH, POPUP_HEIGHT = 200.0, 120.0


@dataclass(frozen=True)
class Quad:
    """One highlighted line part, in PDF points (origin bottom-left): left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class PdfHighlight:
    page_index: int
    quads: tuple[Quad, ...]
    color: tuple[float, float, float]      # 0–1 RGB
    note: str
    tags: tuple[str, ...]
    author: str
    modified: datetime
    name: str                              # /NM: stable; parts of one highlight share its prefix
    subject: str = "Highlight"

    @property
    def contents(self) -> str:
        """The note, then the tags: the text that viewers list in their comment panes."""
        if not self.tags:
            return self.note
        tags = "Tags: " + ", ".join(self.tags)
        return f"{self.note}\n\n{tags}" if self.note else tags


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...] = field(default_factory=tuple)
    creator: str = "Communiqué"


def pdf_date(moment: datetime) -> str:
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def text_string(value: str) -> ByteStringObject:
    """A PDF text string: ASCII as is (PDFDocEncoding agrees with it), anything else UTF-16BE with its BOM.

    Built as bytes directly: pypdf's TextStringObject tests every character against
    PDFDocEncoding in Python when it is made, and again when it is written.
    """
    if value.isascii():
        return ByteStringObject(value.encode("ascii"))
    return ByteStringObject(codecs.BOM_UTF16_BE + value.encode("utf-16-be"))


def _real(value: float) -> bytes:
    """A number to a thousandth of a point, without trailing zeros."""
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".") or b"0"


def _name(key: str, names: dict[str, bytes]) -> bytes:
    """A name as pypdf writes it (escaped), once per export."""
    if key not in names:
        buffer = io.BytesIO()
        NameObject(key).write_to_stream(buffer)
        names[key] = buffer.getvalue()
    return names[key]


def serialize(value: PdfObject, names: dict[str, bytes]) -> bytes:
    """PDF syntax for pypdf's objects, as pypdf writes it but a good deal faster.

    pypdf escapes every name and string one byte at a time; an export writes some 200 objects
    with thousands of names and numbers, which made serialising cost more than painting. Names
    are cached in ``names``; strings are written in hex, which every reader accepts.
    """
    if isinstance(value, FloatObject):                 # the commonest: quad points, rectangles
        return _real(value)
    if isinstance(value, NameObject):
        return _name(value, names)
    if isinstance(value, IndirectObject):
        return b"%d %d R" % (value.idnum, value.generation)
    if isinstance(value, ByteStringObject):
        return b"<" + value.hex().encode("ascii") + b">"
    if isinstance(value, TextStringObject):
        return serialize(text_string(str(value)), names)
    if isinstance(value, (BooleanObject, NumberObject)):
        return (b"true" if value else b"false") if isinstance(value, BooleanObject) else b"%d" % value
    if isinstance(value, ArrayObject):
        if all(type(item) is FloatObject for item in value):          # quad points, rectangles, colours
            return b"[" + b" ".join([_real(item) for item in value]) + b"]"
        return b"[" + b" ".join([serialize(item, names) for item in value]) + b"]"
    if isinstance(value, DictionaryObject):
        entries = [_name(key, names) + b" " + serialize(item, names)
                   for key, item in value.items() if key != "/Length"]
        if not isinstance(value, StreamObject):
            return b"<<" + b"\n".join(entries) + b">>"
        data = value._data
        entries.append(b"/Length %d" % len(data))
        return b"<<" + b"\n".join(entries) + b">>\nstream\n" + data + b"\nendstream"
    buffer = io.BytesIO()
    value.write_to_stream(buffer)
    return buffer.getvalue()


class PdfUpdate:
    """An incremental update to an existing PDF: objects added or replaced, appended with an xref section.

    Objects are pypdf's; references to the file's own objects keep their numbers, and new objects
    are numbered from the trailer's /Size on.
    """

    def __init__(self, path: str):
        self.path = path
        with open(path, "rb") as stream:
            self.data = stream.read()
        self.reader = PdfReader(io.BytesIO(self.data))
        self.trailer = self.reader.trailer
        self.next_number = int(self.trailer["/Size"])
        self.objects: dict[int, PdfObject] = {}
        self.pages = list(self.reader.pages)      # pypdf walks the page tree on every len() and index
        self._multiply: IndirectObject | None = None

    def add(self, value: PdfObject) -> IndirectObject:
        reference = IndirectObject(self.next_number, 0, self.reader)
        self.objects[self.next_number] = value
        self.next_number += 1
        return reference

    def multiply_resources(self) -> IndirectObject:
        """Resources with one ExtGState, /GS0: multiply blend. One object that every appearance shares."""
        if self._multiply is None:
            self._multiply = self.add(DictionaryObject({
                NameObject("/ExtGState"): DictionaryObject({
                    NameObject("/GS0"): DictionaryObject({
                        NameObject("/Type"): NameObject("/ExtGState"),
                        NameObject("/BM"): NameObject("/Multiply"),
                        NameObject("/ca"): FloatObject(1),
                        NameObject("/CA"): FloatObject(1),
                    }),
                }),
            }))
        return self._multiply

    def replace(self, reference: IndirectObject, value: PdfObject) -> None:
        self.objects[reference.idnum] = value

    def edited_page(self, page_index: int) -> DictionaryObject:
        """A copy of a page's dictionary that replaces it in the update (the same copy on every call)."""
        reference = self.pages[page_index].indirect_reference
        if reference.idnum not in self.objects:
            self.objects[reference.idnum] = DictionaryObject(self.pages[page_index])
        return self.objects[reference.idnum]

    def append(self, info: dict[str, str]) -> None:
        """Write the objects, an xref section for them, and a trailer whose /Prev is the file's last xref."""
        with open(self.path, "rb+") as stream:
            previous = int(re.findall(rb"startxref\s+(\d+)", self.data[-1024:])[-1])
            old_info = self.trailer.get("/Info")
            merged = DictionaryObject(old_info.get_object() if old_info is not None else {})
            merged.update({NameObject(key): text_string(value) for key, value in info.items()})
            info_reference = self.add(merged)
            stream.seek(0, 2)
            stream.write(b"\n")
            offsets, chunks, position, names = {}, [], stream.tell(), {}
            for number in sorted(self.objects):
                offsets[number] = position
                chunks.append(b"%d 0 obj\n%s\nendobj\n" % (number, serialize(self.objects[number], names)))
                position += len(chunks[-1])
            stream.write(b"".join(chunks))
            xref = position
            # The free-list head first, as Acrobat writes it: readers such as pypdf take a section
            # that does not start at object 0 for a damaged table and renumber its objects.
            stream.write(b"xref\n0 1\n0000000000 65535 f \n")
            numbers = sorted(offsets)
            runs = [[numbers[0]]]
            for number in numbers[1:]:
                if number == runs[-1][-1] + 1:
                    runs[-1].append(number)
                else:
                    runs.append([number])
            for run in runs:
                stream.write(b"%d %d\n" % (run[0], len(run)))
                stream.write(b"".join(b"%010d 00000 n \n" % offsets[number] for number in run))
            trailer = DictionaryObject({
                NameObject("/Size"): NumberObject(self.next_number),
                NameObject("/Root"): self.trailer.raw_get("/Root"),
                NameObject("/Info"): info_reference,
                NameObject("/Prev"): NumberObject(previous),
            })
            if "/ID" in self.trailer:
                trailer[NameObject("/ID")] = self.trailer.raw_get("/ID")
            stream.write(b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (serialize(trailer, names), xref))


def _numbers(values) -> ArrayObject:
    return ArrayObject([FloatObject(value) for value in values])      # written to 3 places by serialize


def _appearance(update: PdfUpdate, highlight: PdfHighlight, rect: tuple[float, float, float, float]):
    """An indirect Form XObject: BBox = Rect, multiply blend, one filled rectangle per quad."""
    r, g, b = highlight.color
    lines = ["/GS0 gs", f"{r:.3f} {g:.3f} {b:.3f} rg"]
    lines += [f"{q.left:.3f} {q.bottom:.3f} {q.right - q.left:.3f} {q.top - q.bottom:.3f} re f"
              for q in highlight.quads]
    stream = DecodedStreamObject()
    stream.set_data("\n".join(lines).encode("ascii"))
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/FormType"): NumberObject(1),
        NameObject("/BBox"): _numbers(rect),
        NameObject("/Resources"): update.multiply_resources(),
    })
    return update.add(stream)


def add_highlight(update: PdfUpdate, highlight: PdfHighlight) -> list[IndirectObject]:
    """The highlight and its popup as new objects; returns their references, for the page's /Annots."""
    page = update.pages[highlight.page_index]
    quads = highlight.quads
    rect = (min(q.left for q in quads), min(q.bottom for q in quads),
            max(q.right for q in quads), max(q.top for q in quads))
    quad_points = []
    for q in quads:   # upper-left, upper-right, lower-left, lower-right: the order viewers expect
        quad_points += [q.left, q.top, q.right, q.top, q.left, q.bottom, q.right, q.bottom]
    stamp = text_string(pdf_date(highlight.modified))
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Highlight"),
        NameObject("/Rect"): _numbers(rect),
        NameObject("/QuadPoints"): _numbers(quad_points),
        NameObject("/C"): _numbers(highlight.color),
        NameObject("/CA"): FloatObject(1),
        NameObject("/F"): NumberObject(4),                       # print
        NameObject("/Contents"): text_string(highlight.contents),
        NameObject("/T"): text_string(highlight.author),
        NameObject("/Subj"): text_string(highlight.subject),
        NameObject("/M"): stamp,
        NameObject("/CreationDate"): stamp,
        NameObject("/NM"): text_string(highlight.name),
        NameObject("/P"): page.indirect_reference,
        NameObject(TAGS_KEY): ArrayObject(text_string(tag) for tag in highlight.tags),
    })
    annotation[NameObject("/AP")] = DictionaryObject({NameObject("/N"): _appearance(update, highlight, rect)})
    annotation_ref = update.add(annotation)
    page_width, page_height = float(page.mediabox.right), float(page.mediabox.top)
    # The popup opens beside the passage, in the right margin, and wholly on the page.
    popup_top = min(max(rect[3], POPUP_HEIGHT + 10), page_height - 10)
    popup = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Popup"),
        NameObject("/Parent"): annotation_ref,
        NameObject("/Open"): BooleanObject(False),
        NameObject("/F"): NumberObject(4 | 24),                  # print, no zoom, no rotate
        NameObject("/Rect"): _numbers((page_width - POPUP_WIDTH - 10, popup_top - POPUP_HEIGHT,
                                       page_width - 10, popup_top)),
        NameObject("/P"): page.indirect_reference,
    })
    popup_ref = update.add(popup)
    annotation[NameObject("/Popup")] = popup_ref
    return [annotation_ref, popup_ref]


def attach_annotations(update: PdfUpdate, page_index: int, references: list[IndirectObject]) -> None:
    """Add annotations to a page's /Annots: Qt writes it as an indirect array, replaced here whole."""
    page = update.pages[page_index]
    existing = page.raw_get("/Annots") if "/Annots" in page else None
    if isinstance(existing, IndirectObject):
        update.replace(existing, ArrayObject([*existing.get_object(), *references]))
    else:
        update.edited_page(page_index)[NameObject("/Annots")] = ArrayObject([*(existing or []), *references])


# ToUnicode repair ------------------------------------------------------------------------------

_SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _text(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """Glyph code -> text, from a ToUnicode CMap's bfchar and bfrange sections."""
    mapping: dict[int, str] = {}
    for kind, body in _SECTION.findall(data):
        if kind == b"bfchar":
            for source, target in _CHAR.findall(body):
                mapping[int(source, 16)] = _text(target)
            continue
        for low, high, target in _RANGE.findall(body):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, value in enumerate(_HEX.findall(target)):
                    mapping[low + offset] = _text(value)
            else:
                first = _text(target[1:-1])
                for offset in range(high - low + 1):
                    mapping[low + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
    return mapping


def write_to_unicode(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap with one bfchar entry per glyph code (100 to a section, as the spec allows)."""
    entries = sorted(mapping.items())
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange"]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        lines += [b"<%04X> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode()) for code, text in chunk]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines) + b"\n"


def _better_code_point(value: str) -> str:
    """What a glyph should extract as, where Qt picked the lowest code point sharing the glyph.

    Tab shares the space glyph (so spaces came out as tabs); Kangxi and CJK radicals, and CJK
    compatibility ideographs, share glyphs with the unified ideographs people write (力, not ⼒);
    a ligature glyph stands for its letters (ﬃ is "ffi").
    """
    if value == "\t":
        return " "
    if len(value) == 1 and (0x2E80 <= ord(value) <= 0x2FDF or 0xF900 <= ord(value) <= 0xFAFF
                            or 0xFB00 <= ord(value) <= 0xFB06 or 0x2F800 <= ord(value) <= 0x2FA1F):
        return unicodedata.normalize("NFKC", value)
    return value


def repair_to_unicode(data: bytes) -> bytes:
    mapping = parse_to_unicode(data)
    repaired = {code: _better_code_point(text) for code, text in mapping.items()}
    return data if repaired == mapping else write_to_unicode(repaired)


def _compressed(data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


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
            update.replace(reference, _compressed(repaired))
            changed += 1
    return changed


# ActualText for complex scripts -----------------------------------------------------------------

@dataclass(frozen=True)
class TextLine:
    """A laid-out line whose glyphs do not spell its text one for one (Khmer, Sinhala, ...), in PDF points."""

    page_index: int
    left: float
    bottom: float
    right: float
    top: float
    text: str
    #: Each glyph's origin (PDF points) and the text it stands for: a cluster's characters on its
    #: first glyph, "" on the others. Empty when the layout could not say.
    glyphs: tuple[tuple[float, float, str], ...] = ()

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
    shows: list[tuple[int, float, float, str]] = field(default_factory=list)   # (index, x, y, font name)

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
    current, line_matrix, leading, font = None, identity, 0.0, ""
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
            font = str(operands[0])
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
            current.shows.append((index, matrix[4], matrix[5], font))
        elif operator == b"ET" and current is not None:
            current.end = index
            found.append(current)
            current = None
    return found


class _ClusterCodes:
    """New glyph codes for one Type0 font, so that its ToUnicode map can spell shaped clusters.

    A glyph of a Khmer cluster is drawn in many clusters; one ToUnicode entry per glyph cannot
    say which. Each glyph occurrence instead gets a code of its own kind, (glyph, text): the
    cluster's first glyph stands for all its characters, the others for nothing. The new codes
    draw the same glyphs (a CIDToGIDMap) at the same widths (/W), so nothing on the page moves,
    and every extractor that reads ToUnicode maps (pypdf, pdf.js, a viewer's copy) reads the
    words in logical order.
    """

    def __init__(self, update: PdfUpdate, reference: IndirectObject):
        self.update, self.reference = update, reference
        self.font = reference.get_object()
        self.descendant = self.font["/DescendantFonts"][0].get_object()
        to_unicode = self.font.raw_get("/ToUnicode")
        replaced = update.objects.get(to_unicode.idnum) if isinstance(to_unicode, IndirectObject) else None
        self.to_unicode = parse_to_unicode((replaced or to_unicode.get_object()).get_data())
        self.widths = _parse_widths(self.descendant.get("/W", []))
        self.default_width = float(self.descendant.get("/DW", 1000))
        # Codes are glyph numbers (Qt's fonts): only then can a new code name an old glyph simply.
        self.identity = self.descendant.get("/CIDToGIDMap", "/Identity") == "/Identity"
        self.glyph_of: dict[int, int] = {}
        self.codes: dict[tuple[int, str], int] = {}
        self.next_code = max([*self.to_unicode, *self.widths, 0]) + 1

    def code_for(self, code: int, text: str) -> int:
        glyph = self.glyph_of.get(code, code)
        if self.to_unicode.get(code) == text or not self.identity:
            return code
        if (glyph, text) not in self.codes:
            self.codes[glyph, text] = self.next_code
            self.glyph_of[self.next_code] = glyph
            self.to_unicode[self.next_code] = text
            self.widths[self.next_code] = self.widths.get(glyph, self.default_width)
            self.next_code += 1
        return self.codes[glyph, text]

    def write(self) -> None:
        if not self.codes:
            return
        mapping = bytearray()
        for code in range(self.next_code):
            mapping += self.glyph_of.get(code, code).to_bytes(2, "big")
        descendant = DictionaryObject(self.descendant)
        descendant[NameObject("/CIDToGIDMap")] = self.update.add(_compressed(bytes(mapping)))
        descendant[NameObject("/W")] = ArrayObject(
            [NumberObject(0), ArrayObject([NumberObject(round(self.widths.get(code, self.default_width)))
                                           for code in range(self.next_code)])])
        font = DictionaryObject(self.font)
        font[NameObject("/DescendantFonts")] = ArrayObject([self.update.add(descendant)])
        font[NameObject("/ToUnicode")] = self.update.add(_compressed(write_to_unicode(self.to_unicode)))
        self.update.replace(self.reference, font)


def _parse_widths(array) -> dict[int, float]:
    """A CIDFont's /W array (c [w1 w2 ...] or c_first c_last w) as code -> width."""
    widths, items, index = {}, list(array), 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], ArrayObject) or isinstance(items[index + 1], list):
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(items[index + 1]) + 1):
                widths[code] = float(items[index + 2])
            index += 3
    return widths


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
    (``_ClusterCodes``): readers of ToUnicode maps, such as pypdf, read that. Only the pages
    holding such lines are parsed. Returns the number of text objects wrapped.
    """
    wrapped = 0
    fonts: dict[int, _ClusterCodes] = {}
    for page_index in sorted({line.page_index for line in lines}):
        page_lines = [line for line in lines if line.page_index == page_index]
        page = update.pages[page_index]
        content = ContentStream(page.get_contents(), update.reader)
        operations = content.operations
        font_resources = page["/Resources"].get("/Font", {})
        used: set[int] = set()
        insertions: list[tuple[int, int, str]] = []
        for text_object in _text_objects(operations):
            if text_object.origin is None:
                continue
            match = next((n for n, line in enumerate(page_lines) if line.contains(*text_object.origin)), None)
            if match is None:
                continue
            insertions.append((text_object.begin, text_object.end, "" if match in used else page_lines[match].text))
            used.add(match)
            _recode_clusters(update, operations, text_object, page_lines[match], font_resources, fonts)
        for begin, end, text in reversed(insertions):
            properties = DictionaryObject({NameObject("/ActualText"): text_string(text)})
            operations.insert(end + 1, ([], b"EMC"))
            operations.insert(begin, ([NameObject("/Span"), properties], b"BDC"))
        if insertions:
            content.operations = operations
            stream = _compressed(content.get_data())
            current = page.raw_get("/Contents")
            if isinstance(current, IndirectObject) and not isinstance(current.get_object(), ArrayObject):
                update.replace(current, stream)
            else:
                update.edited_page(page_index)[NameObject("/Contents")] = update.add(stream)
            wrapped += len(insertions)
    for codes in fonts.values():
        codes.write()
    return wrapped


def _recode_clusters(update: PdfUpdate, operations: list, text_object: TextObject, line: TextLine,
                     font_resources, fonts: dict[int, _ClusterCodes]) -> None:
    """Give each glyph shown in ``text_object`` the code for the text it stands for on ``line``.

    A glyph is found by its origin: the nearest of the line's glyphs, within half a point.
    """
    free = list(line.glyphs)
    for index, x, y, font_name in text_object.shows:
        operands = operations[index][0]
        reference = font_resources.raw_get(font_name) if font_name in font_resources else None
        code = _glyph_code(operands[0]) if operations[index][1] == b"Tj" and operands else None
        if not free or code is None or not isinstance(reference, IndirectObject):
            continue
        nearest = min(range(len(free)), key=lambda n: abs(free[n][0] - x) + abs(free[n][1] - y))
        if abs(free[nearest][0] - x) + abs(free[nearest][1] - y) > 0.5:
            continue
        text = free.pop(nearest)[2]
        if reference.idnum not in fonts:
            fonts[reference.idnum] = _ClusterCodes(update, reference)
        operands[0] = ByteStringObject(fonts[reference.idnum].code_for(code, text).to_bytes(2, "big"))


def finish_pdf(path: str, highlights: list[PdfHighlight], metadata: PdfMetadata,
               complex_lines: list[TextLine] = ()) -> None:
    """Add the annotations, metadata and text repairs to the PDF Qt painted at ``path``, in place."""
    update = PdfUpdate(path)
    by_page: dict[int, list[IndirectObject]] = {}
    for highlight in highlights:
        by_page.setdefault(highlight.page_index, []).extend(add_highlight(update, highlight))
    for page_index, references in by_page.items():
        attach_annotations(update, page_index, references)
    repair_text_extraction(update)
    add_actual_text(update, list(complex_lines))
    update.append({
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Subject": metadata.subject,
        "/Keywords": ", ".join(metadata.keywords),
        "/Creator": metadata.creator,
        "/Producer": f"{metadata.creator} (Qt, pypdf)",
        "/ModDate": pdf_date(datetime.now(timezone.utc)),
    })

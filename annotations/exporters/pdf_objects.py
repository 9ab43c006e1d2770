"""Real PDF annotation objects, metadata and text-extraction repairs, written with pypdf.

The application lays a release out and paints it (Qt); this module then adds what Qt cannot
write: one ``/Highlight`` per highlighted passage and page, with ``/QuadPoints`` over the very
glyphs painted, a ``/Popup``, and an explicit ``/AP`` appearance (multiply blend) so that viewers
which do not synthesise appearances still draw it. It also repairs the ToUnicode maps Qt writes,
so that text copied out of the PDF equals the release's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                           NumberObject, TextStringObject)

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


def _numbers(values) -> ArrayObject:
    return ArrayObject(FloatObject(round(value, 3)) for value in values)


def _appearance(writer: PdfWriter, highlight: PdfHighlight, rect: tuple[float, float, float, float]):
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
        NameObject("/Resources"): DictionaryObject({
            NameObject("/ExtGState"): DictionaryObject({
                NameObject("/GS0"): DictionaryObject({
                    NameObject("/Type"): NameObject("/ExtGState"),
                    NameObject("/BM"): NameObject("/Multiply"),
                    NameObject("/ca"): FloatObject(1),
                    NameObject("/CA"): FloatObject(1),
                }),
            }),
        }),
    })
    return writer._add_object(stream)


def add_highlight(writer: PdfWriter, highlight: PdfHighlight) -> None:
    page = writer.pages[highlight.page_index]
    quads = highlight.quads
    rect = (min(q.left for q in quads), min(q.bottom for q in quads),
            max(q.right for q in quads), max(q.top for q in quads))
    quad_points = []
    for q in quads:   # upper-left, upper-right, lower-left, lower-right: the order viewers expect
        quad_points += [q.left, q.top, q.right, q.top, q.left, q.bottom, q.right, q.bottom]
    stamp = TextStringObject(pdf_date(highlight.modified))
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Highlight"),
        NameObject("/Rect"): _numbers(rect),
        NameObject("/QuadPoints"): _numbers(quad_points),
        NameObject("/C"): _numbers(highlight.color),
        NameObject("/CA"): FloatObject(1),
        NameObject("/F"): NumberObject(4),                       # print
        NameObject("/Contents"): TextStringObject(highlight.contents),
        NameObject("/T"): TextStringObject(highlight.author),
        NameObject("/Subj"): TextStringObject(highlight.subject),
        NameObject("/M"): stamp,
        NameObject("/CreationDate"): stamp,
        NameObject("/NM"): TextStringObject(highlight.name),
        NameObject("/P"): page.indirect_reference,
        NameObject(TAGS_KEY): ArrayObject(TextStringObject(tag) for tag in highlight.tags),
    })
    annotation[NameObject("/AP")] = DictionaryObject({NameObject("/N"): _appearance(writer, highlight, rect)})
    annotation_ref = writer._add_object(annotation)
    page_width = float(page.mediabox.right)
    popup = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Popup"),
        NameObject("/Parent"): annotation_ref,
        NameObject("/Open"): BooleanObject(False),
        NameObject("/F"): NumberObject(4 | 24),                  # print, no zoom, no rotate
        NameObject("/Rect"): _numbers((page_width - POPUP_WIDTH - 10, rect[3] - POPUP_HEIGHT,
                                       page_width - 10, rect[3])),
        NameObject("/P"): page.indirect_reference,
    })
    popup_ref = writer._add_object(popup)
    annotation[NameObject("/Popup")] = popup_ref
    if "/Annots" not in page:
        page[NameObject("/Annots")] = ArrayObject()
    annotations = page["/Annots"].get_object()
    annotations.append(annotation_ref)
    annotations.append(popup_ref)


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


def repair_text_extraction(writer: PdfWriter) -> int:
    """Fix each font's ToUnicode map in place; returns how many maps changed."""
    seen, changed = set(), 0
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            cmap_ref = font.get("/ToUnicode")
            if cmap_ref is None or id(cmap_ref.get_object()) in seen:
                continue
            cmap = cmap_ref.get_object()
            seen.add(id(cmap))
            data = cmap.get_data()
            repaired = repair_to_unicode(data)
            if repaired != data:
                cmap.set_data(repaired)
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

    def contains(self, x: float, y: float, slack: float = 1.0) -> bool:
        return (self.left - slack <= x <= self.right + slack) and (self.bottom - slack <= y <= self.top + slack)


def _multiply(a: tuple, b: tuple) -> tuple:
    """The affine product a×b of PDF matrices (a b c d e f)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _text_objects(operations: list) -> list[tuple[int, int, tuple[float, float] | None]]:
    """(index of BT, index of ET, origin of the first glyph shown in user space) for each text object.

    Interprets just what positions text: q/Q/cm for the graphics matrix, BT/Tm/Td/TD/T* for the
    text matrix (Qt writes nothing else that moves text).
    """
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    ctm, stack, found = identity, [], []
    begin, line_matrix, origin, leading = None, identity, None, 0.0
    for index, (operands, operator) in enumerate(operations):
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop() if stack else identity
        elif operator == b"cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)
        elif operator == b"BT":
            begin, line_matrix, origin = index, identity, None
        elif operator == b"Tm":
            line_matrix = tuple(float(v) for v in operands)
        elif operator in (b"Td", b"TD"):
            tx, ty = float(operands[0]), float(operands[1])
            line_matrix = _multiply((1.0, 0.0, 0.0, 1.0, tx, ty), line_matrix)
            if operator == b"TD":
                leading = -ty
        elif operator == b"T*":
            line_matrix = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -leading), line_matrix)
        elif operator in (b"Tj", b"TJ", b"'", b'"') and origin is None and begin is not None:
            matrix = _multiply(line_matrix, ctm)
            origin = (matrix[4], matrix[5])
        elif operator == b"ET" and begin is not None:
            found.append((begin, index, origin))
            begin = None
    return found


def add_actual_text(writer: PdfWriter, lines: list[TextLine]) -> int:
    """Give each listed line its text as /ActualText, so copying it yields the words in logical order.

    Shaped scripts draw glyphs that no single character maps to (Khmer subscripts, ligatures) and
    in visual, not logical, order (pre-base vowels): no ToUnicode map can spell them. Each text
    object that starts on such a line is wrapped in a marked-content span: the first carries the
    line's text, the others on the same line an empty text, so the line is read exactly once.
    Returns the number of text objects wrapped.
    """
    from pypdf.generic import ContentStream

    wrapped = 0
    for page_index, page in enumerate(writer.pages):
        page_lines = [line for line in lines if line.page_index == page_index]
        if not page_lines:
            continue
        content = ContentStream(page.get_contents(), writer)
        operations = content.operations
        used: set[int] = set()
        insertions: list[tuple[int, int, str]] = []
        for begin, end, origin in _text_objects(operations):
            if origin is None:
                continue
            match = next((n for n, line in enumerate(page_lines) if line.contains(*origin)), None)
            if match is None:
                continue
            insertions.append((begin, end, "" if match in used else page_lines[match].text))
            used.add(match)
        for begin, end, text in reversed(insertions):
            properties = DictionaryObject({NameObject("/ActualText"): TextStringObject(text)})
            operations.insert(end + 1, ([], b"EMC"))
            operations.insert(begin, ([NameObject("/Span"), properties], b"BDC"))
        if insertions:
            content.operations = operations
            page.replace_contents(content)
            wrapped += len(insertions)
    return wrapped


def finish_pdf(painted_path: str, out_path: str, highlights: list[PdfHighlight], metadata: PdfMetadata,
               complex_lines: list[TextLine] = ()) -> None:
    """Read what Qt painted, add the annotations, metadata and repairs, and write ``out_path``."""
    writer = PdfWriter(clone_from=PdfReader(painted_path))
    for highlight in highlights:
        add_highlight(writer, highlight)
    repair_text_extraction(writer)
    add_actual_text(writer, list(complex_lines))
    writer.add_metadata({
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Subject": metadata.subject,
        "/Keywords": ", ".join(metadata.keywords),
        "/Creator": metadata.creator,
        "/Producer": f"{metadata.creator} (Qt, pypdf)",
    })
    with open(out_path, "wb") as stream:
        writer.write(stream)

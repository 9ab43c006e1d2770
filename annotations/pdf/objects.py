"""Real PDF annotation objects, metadata and text-extraction repairs, written with pypdf.

The application lays a release out and paints it (Qt); this module then adds what Qt cannot
write: one ``/Highlight`` per highlighted passage and page, with ``/QuadPoints`` over the very
glyphs painted, a ``/Popup``, and an explicit ``/AP`` appearance (multiply blend) so that viewers
which do not synthesise appearances still draw it. It also repairs the ToUnicode maps Qt writes,
so that text copied out of the PDF equals the release's words.

All of it is appended to Qt's file as an incremental update (``update``); the text repairs
are in ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           IndirectObject, NameObject, NumberObject)

from .text import TextLine, add_actual_text, repair_text_extraction
from .update import PdfUpdate, text_string

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

"""Annotated PDF of a release: laid out once on the PDF writer, painted page by page by us.

Why not ``QTextDocument.print_``: it adds its own margins and page numbers, so the geometry it
paints differs from any we could compute. Here the release is laid out once, on the writer's own
resolution, paginated by Qt's document layout; each page is painted with a clip that admits
exactly the lines of that page (a line touching the page edge is not painted twice), and the
highlight rectangles painted are the very ones written as ``/QuadPoints``
(``annotations.pdf.objects`` adds them after Qt has written the file).
"""

from __future__ import annotations

import html
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QFontMetricsF, QPageLayout, QPageSize,
                           QPainter, QPdfWriter, QPen, QTextCursor, QTextDocument, QTextFrameFormat)

from annotations import anchoring
from annotations.exporters import atomic_destination
from annotations.pdf.objects import PdfHighlight, PdfMetadata, Quad, finish_pdf
from annotations.pdf.text import TextLine
from annotations.library import Library
from annotations.models import PALETTE, Annotation, Lineage, Release, TextPositionSelector
from annotations.offsets import Utf16Offsets, characters_by_unit

from .. import __version__
from .layout import REPAIRED_SCRIPT, TEXT_COLOR, ShapedLine, Span, Table, TextBox, shaped_line
from ..rendering import document_font, style_document

RESOLUTION = 600                      # device pixels per inch of the layout
PT = RESOLUTION / 72.0                # device pixels per point
BODY_POINT_SIZE = 10.5
NOTE_POINT_SIZE = 8
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 64, 56, 56, 36
NOTES_WIDTH, GUTTER = 150, 18        # the right-hand column of numbered notes, and the gap before it
#: A note taller than this (in points) goes to the closing table as an endnote.
LONG_NOTE_POINTS = 160
ASIDE_COLOR = "#5f6b73"               # tags, pointers to endnotes, the running head
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


@dataclass(frozen=True)
class PdfOptions:
    page_size: str = "A4"             # "A4" or "Letter"
    analyst: str = ""
    meanings: dict = field(default_factory=dict)   # colour → the analyst's name (export_pdf reads the codebook)
    lineage: Lineage | None = None    # which version the release is (export_pdf reads it from the library)

    @classmethod
    def from_settings(cls, settings) -> "PdfOptions":
        """The user's choices (Edit → Preferences), else Letter/A4 by locale. The analyst is whoever
        the user said (asked on the first export), never the login account's name."""
        from .. import settings as options

        return cls(page_size=settings.get(options.PDF_PAGE_SIZE) or default_page_size(),
                   analyst=settings.get(options.ANALYST_NAME))


@dataclass(frozen=True)
class PdfExportResult:
    path: Path
    pages: int
    highlights: int                   # annotation objects written (a highlight across pages counts per part)


def default_page_size() -> str:
    """Letter where the locale measures in inches (US), A4 elsewhere."""
    from PySide6.QtCore import QLocale

    return "Letter" if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem else "A4"


@dataclass
class _Placed:
    """A highlight as laid out: its number, and its line rectangles per page (page-relative device px)."""

    number: int
    annotation: Annotation
    rects_by_page: dict[int, list[QRectF]]

    @property
    def first_page(self) -> int:
        return min(self.rects_by_page)


class _Geometry:
    """Page and column rectangles in device pixels, for one page size."""

    def __init__(self, writer: QPdfWriter):
        self.device = writer
        layout = writer.pageLayout()
        self.page = QRectF(layout.fullRectPixels(RESOLUTION))
        self.origin = QPointF(layout.paintRectPixels(RESOLUTION).topLeft())
        self.body = QRectF(MARGIN_LEFT * PT, MARGIN_TOP * PT,
                           self.page.width() - (MARGIN_LEFT + MARGIN_RIGHT + NOTES_WIDTH + GUTTER) * PT,
                           self.page.height() - (MARGIN_TOP + MARGIN_BOTTOM) * PT)
        self.notes = QRectF(self.body.right() + GUTTER * PT, self.body.top(), NOTES_WIDTH * PT, self.body.height())
        self.full_width = QRectF(self.body.left(), self.body.top(), self.notes.right() - self.body.left(),
                                 self.body.height())
        # Qt writes the MediaBox in whole points (A4 is 595 x 842): PDF y is measured from its top.
        self.page_height_pt = round(layout.fullRect(QPageLayout.Unit.Point).height())

    def text_line(self, page: int, area_origin: QPointF, line: ShapedLine) -> TextLine:
        """A shaped line painted in an area of a page, in PDF terms (points, origin bottom-left)."""
        glyphs = tuple((*self.point_to_pdf(area_origin, glyph.origin), glyph.text, glyph.advance / PT)
                       for glyph in line.glyphs)
        return TextLine(page, *self.to_pdf(area_origin, line.rect), line.text, glyphs, line.right_to_left)

    def point_to_pdf(self, area_origin: QPointF, point: QPointF) -> tuple[float, float]:
        """A point in device px, relative to ``area_origin`` on its page, as PDF (x, y) in points."""
        return ((self.origin.x() + area_origin.x() + point.x()) / PT,
                self.page_height_pt - (self.origin.y() + area_origin.y() + point.y()) / PT)

    def to_pdf(self, area_origin: QPointF, rect: QRectF) -> tuple[float, float, float, float]:
        """A rectangle in device px, relative to ``area_origin`` on its page, as PDF (left, bottom, right, top)."""
        return (*self.point_to_pdf(area_origin, rect.bottomLeft()), *self.point_to_pdf(area_origin, rect.topRight()))


@dataclass(frozen=True)
class PaintedPdf:
    """An export's first half, done by Qt: the pages painted, in memory, and what the second
    half (pypdf, no Qt, seconds for a long right-to-left or CJK release) adds to them."""

    data: bytes
    pages: int
    highlights: list[PdfHighlight]
    metadata: PdfMetadata
    shaped_lines: list[TextLine]


@dataclass(frozen=True)
class ExportMaterial:
    """What an export reads from the library (on the thread that owns its connection); painting
    and writing need nothing more, so a worker thread can do both."""

    release: Release
    annotations: list[Annotation]
    options: PdfOptions


def export_pdf(library: Library, release_id: int, out_path: str | Path, options: PdfOptions) -> PdfExportResult:
    """Write the annotated PDF of a release to ``out_path`` atomically.

    Raises ReleaseNotFound, ExportFailed (with one sentence naming the file). Needs a
    QGuiApplication (the CLI makes an offscreen one).
    """
    return write_pdf(paint_pdf(export_material(library, release_id, options)), out_path)


def export_material(library: Library, release_id: int, options: PdfOptions) -> ExportMaterial:
    """The release, its annotations and the library's colour meanings. Raises ReleaseNotFound."""
    return ExportMaterial(library.release(release_id), library.annotations_for(release_id),
                          dataclasses.replace(options, meanings=options.meanings or library.color_meanings(),
                                              lineage=library.lineage(release_id)))


def paint_pdf(material: ExportMaterial) -> PaintedPdf:
    """Qt's half of the export. Qt lays out text and paints on a QPdfWriter in any thread, so the
    window runs this on a worker: a long release takes a few tenths of a second."""
    release, annotations, options = material.release, material.annotations, material.options
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    highlights, shaped_lines, pages = _paint(release, annotations, buffer, options)
    metadata = PdfMetadata(
        title=release.title, author=release.issuer,
        subject=f"{release.title} — annotated by {options.analyst or 'Communiqué'}",
        keywords=tuple(sorted({tag for a in annotations for tag in a.tags}, key=str.lower)),
        creator=f"Communiqué {__version__}")
    return PaintedPdf(buffer.data().data(), pages, highlights, metadata, shaped_lines)


def write_pdf(painted: PaintedPdf, out_path: str | Path) -> PdfExportResult:
    """The export's second half, Qt-free: pypdf's annotation objects, text repairs and metadata
    added, and the file written atomically. Raises ExportFailed."""
    with atomic_destination(out_path) as destination:
        destination.write_bytes(painted.data)
        finish_pdf(str(destination), painted.highlights, painted.metadata, painted.shaped_lines)
    return PdfExportResult(Path(out_path), painted.pages, len(painted.highlights))


# Painting ----------------------------------------------------------------------------------------

def _paint(release: Release, annotations: list[Annotation], path,
           options: PdfOptions) -> tuple[list[PdfHighlight], list[TextLine], int]:
    writer = QPdfWriter(path)         # a file's path, or a QIODevice
    writer.setTitle(release.title)
    writer.setCreator(f"Communiqué {__version__}")
    return _paint_pages(writer, release, annotations, options)


def print_release(library: Library, release_id: int, printer, options: PdfOptions) -> int:
    """Print the annotated release on ``printer`` (a QPrinter) with the PDF export's very layout.

    Returns the number of pages. Raises ReleaseNotFound.
    """
    material = export_material(library, release_id, options)
    printer.setFullPage(True)
    return _paint_pages(printer, material.release, material.annotations, material.options,
                        paint_highlights=True)[2]


def _paint_pages(writer, release: Release, annotations: list[Annotation], options: PdfOptions,
                 paint_highlights: bool = False) -> tuple[list[PdfHighlight], list[TextLine], int]:
    """Lay out and paint on a paged device: the PDF writer, or a printer (the same pages).

    On paper there are no /Highlight objects to draw the colours (``paint_highlights``): they are
    painted under the text, in the very rectangles the PDF's objects cover.
    """
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES.get(options.page_size, QPageSize.PageSizeId.A4)),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    geometry = _Geometry(writer)

    body, shift = _body_document(release, _header_html(release, annotations, options), geometry)
    highlights = [a for a in annotations if a.quote is not None and not a.orphaned]
    placed = _place_highlights(body, shift, highlights, geometry)
    notes_by_page = _layout_margin_notes(placed, geometry, release.language)
    body_pages = body.pageCount()
    table, first_table_page = None, body_pages
    if placed or any(a.orphaned for a in annotations):
        # The table follows the release on its last page when a third of that page is free.
        free_from = _last_page_bottom(body, notes_by_page.get(body_pages - 1, []), geometry) + 28 * PT
        shares_page = free_from <= geometry.full_width.height() * 2 / 3
        table = _closing_table(placed, annotations, geometry, options.meanings, free_from if shares_page else 0.0,
                               release.language)
        if shares_page:
            first_table_page -= 1
    table_pages = len(table.pages) if table else 0
    total_pages = max(body_pages, first_table_page + table_pages)

    shaped: list[TextLine] = []
    running_head = _RunningHead(release, geometry)
    markers = _Markers(writer)
    painter = QPainter(writer)
    try:
        for page in range(total_pages):
            if page:
                writer.newPage()
            shaped += running_head.paint(painter, page, total_pages)
            if page < body_pages:
                if paint_highlights:
                    _paint_highlight_rects(painter, placed, page, geometry)
                _paint_body_page(painter, body, page, geometry)
                _paint_margin_notes(painter, notes_by_page.get(page, []), geometry, markers)
            if table and page >= first_table_page:
                table.paint(painter, page - first_table_page, geometry.full_width.topLeft())
    finally:
        painter.end()
    shaped += _shaped_lines(body, geometry.body, geometry)
    shaped += [geometry.text_line(first_table_page + page, geometry.full_width.topLeft(), line)
               for page in range(table_pages) for line in table.shaped_lines(page)]
    shaped += [geometry.text_line(page, QPointF(geometry.notes.left(), note.note_top), line)
               for page, notes in notes_by_page.items() for note in notes if note.box is not None
               for line in note.box.shaped_lines()]
    return _pdf_highlights(placed, geometry, options), shaped, total_pages


def _body_document(release: Release, header_html: str, geometry: _Geometry) -> tuple[QTextDocument, int]:
    """The release as laid out for print, with the header block in a frame before it.

    Returns the document and how far the header shifts the release's text: the release's
    canonical offsets plus the shift are offsets in this document.
    """
    document = QTextDocument()
    document.documentLayout().setPaintDevice(geometry.device)    # laid out for the writer: printed sizes
    style_document(document, BODY_POINT_SIZE, release.language)
    document.setDocumentMargin(0)
    document.setHtml(release.html)
    release_length, release_units = len(document.toPlainText()), document.characterCount()
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    first_block_format = cursor.blockFormat()       # inserting the frame would reset it
    frame_format = QTextFrameFormat()
    frame_format.setMargin(0)
    frame_format.setPadding(0)
    frame_format.setBottomMargin(16 * 96 / 72)   # format lengths are 96-dpi pixels, scaled to the device
    cursor.insertFrame(frame_format)
    cursor.insertHtml(header_html)
    after = QTextCursor(document)
    after.setPosition(document.characterCount() - release_units)      # Qt counts UTF-16 units
    after.setBlockFormat(first_block_format)
    # Paginate only now, so the whole document is laid out once with the header in place.
    document.setPageSize(QSizeF(geometry.body.width(), geometry.body.height()))
    return document, len(document.toPlainText()) - release_length


def _header_html(release: Release, annotations: list[Annotation], options: PdfOptions) -> str:
    """Title, where the release came from (with its SHA-256), which version it is and which it
    superseded, who exported it, and release-level notes."""
    exported = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    rows = [("Issuer", release.issuer or "—"), ("Date", release.date or "—"),
            ("Source", Path(release.source_path).name or "—"), ("SHA-256", release.content_hash)]
    lineage = options.lineage
    if lineage is not None and lineage.count > 1:       # a release of its own is named by its SHA-256
        rows.append(("Version", f"{lineage.number} of {lineage.count}, imported {lineage.imported_at[:10]}"))
        if lineage.previous is not None:
            rows += [("Supersedes", f"version {lineage.number - 1}, SHA-256 {lineage.previous.content_hash}, "
                                    f"imported {lineage.previous.imported_at[:10]}"),
                     ("Changes", lineage.changes)]
    rows += [("Exported", exported), ("Analyst", options.analyst or "—")]
    lines = "<br>".join(f"<span style='color:{ASIDE_COLOR}'>{html.escape(label)}:</span> {html.escape(value)}"
                        for label, value in rows)
    notes = [a for a in annotations if a.quote is None and (a.note or a.tags)]
    notes_html = ""
    if notes:
        items = "".join(f"<li>{_note_html(a.note, a.tags)}</li>" for a in notes)
        notes_html = f"<p style='margin-top:8px'><b>Notes on this release</b></p><ul>{items}</ul>"
    return (f"<p style='font-size:14pt; font-weight:600; margin-bottom:6px'>"
            f"{html.escape(release.title or 'Untitled release')}</p>"
            f"<p style='font-size:8pt; line-height:125%; color:#333'>{lines}</p>"
            f"{notes_html}")


def _note_html(note: str, tags: tuple[str, ...]) -> str:
    text = html.escape(note).replace("\n", "<br>")
    if tags:
        text += f" <span style='color:{ASIDE_COLOR}'>[{html.escape(', '.join(tags))}]</span>"
    return text


def _block_origin(document: QTextDocument, block) -> QPointF:
    """Where a block's line coordinates start, in document coordinates (table cells included).

    Qt's blockBoundingRect puts the layout's bounding rectangle at the layout's position, so its
    top-left is that origin itself, whatever the first line's offset: a block whose first line
    was pushed to the next page has its bounding rectangle start below the origin.
    """
    return document.documentLayout().blockBoundingRect(block).topLeft()


def _shaped_lines(document: QTextDocument, area: QRectF, geometry: _Geometry) -> list[TextLine]:
    """The lines of ``document`` (painted into ``area``) that hold shaped-script or right-to-left text, in PDF points."""
    lines = []
    block = document.begin()
    while block.isValid():
        if REPAIRED_SCRIPT.search(block.text()):
            origin = _block_origin(document, block)
            right_to_left = block.textDirection() == Qt.LayoutDirection.RightToLeft
            for index in range(block.layout().lineCount()):
                shaped = shaped_line(block.layout().lineAt(index), block.text(), origin, right_to_left)
                if shaped is not None:
                    page = int(shaped.rect.top() // area.height())
                    lines.append(geometry.text_line(page, area.topLeft(),
                                                    shaped.translated(QPointF(0, -page * area.height()))))
        block = block.next()
    return lines


def _line_rects(document: QTextDocument, start: int, end: int) -> list[QRectF]:
    """Document-coordinate rectangles over exactly the glyphs between two Qt (UTF-16) positions.

    Trailing spaces at a line's end are left out, so a quad never runs past the last glyph.
    """
    rects = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        text_layout = block.layout()
        origin = _block_origin(document, block)
        text = characters_by_unit(block.text())
        first = max(0, text_layout.lineForTextPosition(max(start - block.position(), 0)).lineNumber())
        for index in range(first, text_layout.lineCount()):
            line = text_layout.lineAt(index)
            line_start = block.position() + line.textStart()
            if line_start >= end:
                break
            line_end = line_start + line.textLength()
            a, b = max(start, line_start), min(end, line_end)
            while b > a and text[b - 1 - block.position()].isspace():
                b -= 1
            while a < b and text[a - block.position()].isspace():
                a += 1
            if a >= b:
                continue
            x0 = line.cursorToX(a - block.position())[0]
            x1 = line.cursorToX(b - block.position())[0]
            rects.append(QRectF(origin.x() + min(x0, x1), origin.y() + line.y(), abs(x1 - x0), line.height()))
        block = block.next()
    return rects


def _place_highlights(body: QTextDocument, shift: int, highlights: list[Annotation],
                      geometry: _Geometry) -> list[_Placed]:
    """Each highlight's rectangles, split by page, at its place in the laid-out text."""
    text = body.toPlainText()
    offsets = Utf16Offsets(text)
    page_height = geometry.body.height()
    placed = []
    for annotation in highlights:
        position = annotation.position and TextPositionSelector(annotation.position.start + shift,
                                                                annotation.position.end + shift)
        span = anchoring.resolve(text, annotation.quote, position)
        if span is None:
            continue
        by_page: dict[int, list[QRectF]] = {}
        for rect in _line_rects(body, offsets.to_units(span[0]), offsets.to_units(span[1])):
            page = int(rect.center().y() // page_height)
            by_page.setdefault(page, []).append(rect.translated(0, -page * page_height))
        if by_page:
            placed.append(_Placed(len(placed) + 1, annotation, by_page))
    return placed


class _RunningHead:
    """Title (after page 1), date and "page / pages": measured once, painted on every page."""

    def __init__(self, release: Release, geometry: _Geometry):
        self.font = document_font(8, release.language)
        metrics = QFontMetricsF(self.font, geometry.device)
        self.top = QRectF(geometry.full_width.left(), 28 * PT, geometry.full_width.width(), metrics.height())
        title = metrics.elidedText(release.title or "Untitled release", Qt.TextElideMode.ElideRight,
                                   self.top.width() * 0.75)
        # Laid out as a box, not drawn with drawText: a Khmer title needs its glyphs known to copy out.
        self.title = TextBox(title, self.font, self.top.width() * 0.75, geometry.device)
        self.title_at = QPointF(self.top.left(), self.top.top() + (self.top.height() - self.title.height) / 2)
        self.bottom = QRectF(geometry.full_width.left(), geometry.page.height() - 36 * PT,
                             geometry.full_width.width(), metrics.height())
        self.date = release.date or ""
        self.geometry = geometry

    def paint(self, painter: QPainter, page: int, total_pages: int) -> list[TextLine]:
        """Returns the title's line if its script is shaped (for /ActualText)."""
        painter.save()
        painter.setFont(self.font)
        painter.setPen(QColor(ASIDE_COLOR))
        shaped = []
        if page:
            self.title.paint(painter, self.title_at)
            shaped += [self.geometry.text_line(page, QPointF(0, 0), line.translated(self.title_at))
                       for line in self.title.shaped_lines()]
        painter.drawText(self.top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.date)
        painter.drawText(self.bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         f"{page + 1} / {total_pages}")
        painter.restore()
        return shaped


def _paint_body_page(painter: QPainter, body: QTextDocument, page: int, geometry: _Geometry) -> None:
    """The release text of one page: only the lines of that page.

    The clip is the page's band shrunk by a pixel at each edge, because Qt's layout paints every
    line that touches the clip: a line ending exactly at the page break would be written (as
    invisible text) on the next page too.

    Highlights are not painted into the page: their /Highlight annotations draw them (through their
    appearance streams), so a colleague who deletes one in Acrobat sees it go, and a colour is never
    multiplied with itself.
    """
    area = geometry.body
    page_height = area.height()
    painter.save()
    painter.translate(area.left(), area.top() - page * page_height)
    band = QRectF(0, page * page_height + 1, area.width(), page_height - 2)
    painter.setClipRect(band)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = band
    context.palette.setColor(context.palette.ColorRole.Text, TEXT_COLOR)
    body.documentLayout().draw(painter, context)
    painter.restore()


def _paint_highlight_rects(painter: QPainter, placed: list[_Placed], page: int, geometry: _Geometry) -> None:
    """The highlights' colours on one body page, to be painted before (under) its text."""
    for item in placed:
        color = QColor(PALETTE[item.annotation.color])
        for rect in item.rects_by_page.get(page, []):
            painter.fillRect(rect.translated(geometry.body.topLeft()), color)


@dataclass
class _MarginNote:
    item: _Placed
    marker_top: float                  # device px from the page top
    note_top: float
    box: TextBox | None                # None: a marker only (no note, no tags)


def _layout_margin_notes(placed: list[_Placed], geometry: _Geometry, language: str) -> dict[int, list[_MarginNote]]:
    """Where each marker and note goes, page by page; a note that does not fit points to the table.

    Done before painting so the closing table (and so the page count) is known in advance.
    """
    by_page: dict[int, list[_MarginNote]] = {}
    next_free: dict[int, float] = {}
    font = document_font(NOTE_POINT_SIZE, language)
    for item in placed:
        page = item.first_page
        marker_top = geometry.body.top() + item.rects_by_page[page][0].top()
        box = None
        top = max(marker_top, next_free.get(page, geometry.notes.top()))
        if item.annotation.note or item.annotation.tags:
            box = _note_box(item.number, item.annotation.note, item.annotation.tags, font, geometry)
            if top + box.height > geometry.notes.bottom():   # slide up into free space above, if any
                top = max(next_free.get(page, geometry.notes.top()), geometry.notes.bottom() - box.height)
            if box.height > LONG_NOTE_POINTS * PT or top + box.height > geometry.notes.bottom():
                box = _note_box(item.number, f"see note {item.number} in the Annotations table at the end", (),
                                font, geometry, aside=True)
                top = min(top, geometry.notes.bottom() - box.height)
            next_free[page] = top + box.height + 6 * PT
        by_page.setdefault(page, []).append(_MarginNote(item, marker_top, top, box))
    return by_page


def _note_box(number: int, note: str, tags: tuple[str, ...], font, geometry: _Geometry,
              aside: bool = False) -> TextBox:
    """"3  The note [tags]": the number bold, the tags (or a pointer to the endnote) in grey.

    Grey, not italics: an italic face would be one more font to embed in every PDF (a few ms).
    """
    label = f"{number}\u00a0 "
    text = label + note
    spans = [Span(0, len(str(number)), bold=True)]
    if aside:
        spans.append(Span(len(label), len(note), color=ASIDE_COLOR))
    if tags:
        tag_text = f"[{', '.join(tags)}]"
        text += (" " if note else "") + tag_text
        spans.append(Span(len(text) - len(tag_text), len(tag_text), color=ASIDE_COLOR))
    return TextBox(text, font, geometry.notes.width(), geometry.device, tuple(spans), line_spacing=1.15)


def _paint_margin_notes(painter: QPainter, notes: list[_MarginNote], geometry: _Geometry, markers: "_Markers") -> None:
    """A numbered marker beside each passage that starts on this page, and its note in the right column."""
    for note in notes:
        markers.paint(painter, note.item, QPointF(geometry.body.right() + 3 * PT, note.marker_top))
        if note.box is None:
            continue
        painter.save()
        painter.translate(geometry.notes.left(), note.note_top)
        painter.setPen(QPen(QColor(PALETTE[note.item.annotation.color]), 2 * PT))
        painter.drawLine(QPointF(-5 * PT, 0), QPointF(-5 * PT, note.box.height))
        painter.setPen(TEXT_COLOR)
        note.box.paint(painter, QPointF(0, 0))
        painter.restore()


class _Markers:
    """The numbered circles beside annotated passages: font, pens and digit metrics made once.

    The number is centred by arithmetic (Noto's digits share one advance) rather than by
    drawText's rectangle layout, which cost more than the rest of the marker.
    """

    DIAMETER = 11 * PT

    def __init__(self, device):
        self.font = document_font(6.5)
        self.font.setBold(True)
        metrics = QFontMetricsF(self.font, device)
        self.digit, self.ascent, self.descent = metrics.horizontalAdvance("0"), metrics.ascent(), metrics.descent()
        self.outline, self.ink = QPen(QColor("#37474f"), 0.6 * PT), TEXT_COLOR

    def paint(self, painter: QPainter, item: _Placed, top_left: QPointF) -> None:
        painter.save()
        painter.setPen(self.outline)
        painter.setBrush(QColor(PALETTE[item.annotation.color]))
        painter.drawEllipse(QRectF(top_left.x(), top_left.y(), self.DIAMETER, self.DIAMETER))
        label = str(item.number)
        painter.setFont(self.font)
        painter.setPen(self.ink)
        painter.drawText(QPointF(top_left.x() + (self.DIAMETER - self.digit * len(label)) / 2,
                                 top_left.y() + (self.DIAMETER + self.ascent - self.descent) / 2), label)
        painter.restore()


def _last_page_bottom(body: QTextDocument, notes: list[_MarginNote], geometry: _Geometry) -> float:
    """How far down the last page of the release its text, markers and notes reach (area device px)."""
    layout = body.documentLayout()
    text_bottom = layout.blockBoundingRect(body.lastBlock()).bottom() - (body.pageCount() - 1) * geometry.body.height()
    note_bottoms = [max(note.marker_top + _Markers.DIAMETER, note.note_top + (note.box.height if note.box else 0))
                    - geometry.body.top() for note in notes]
    return max([text_bottom, *note_bottoms])


def _closing_table(placed: list[_Placed], annotations: list[Annotation], geometry: _Geometry,
                   meanings: dict[str, str], first_top: float = 0.0, language: str = "") -> Table:
    """The Annotations table (number, page, colour and meaning, quote, note, tags), then any orphans.

    ``first_top``: where on its first page it starts (below the release's end, when they share one);
    ``language``: the release's, whose fonts the quotes are set in.
    """
    table = Table(geometry.device, geometry.full_width.width(), geometry.full_width.height(), first_top)
    heading = document_font(13.5, language)
    heading.setBold(True)
    table.paragraph("Annotations", heading, space_after=8 * PT)
    table.start_table(["#", "Page", "Colour", "Quote", "Note", "Tags"], [0.05, 0.07, 0.13, 0.30, 0.32, 0.13],
                      document_font(9, language), padding=3 * PT)
    for item in placed:
        annotation = item.annotation
        color, meaning = PALETTE[annotation.color], meanings.get(annotation.color, annotation.color)
        pages = sorted(item.rects_by_page)
        page_range = f"{pages[0] + 1}" + (f"–{pages[-1] + 1}" if len(pages) > 1 else "")
        table.row([str(item.number), page_range, meaning,
                   f"“{' '.join(annotation.quote.exact.split())}”", annotation.note, ", ".join(annotation.tags)],
                  fills={2: QColor(color)})
    table.end_table()
    orphans = [a for a in annotations if a.orphaned and a.quote is not None]
    if orphans:
        subheading = document_font(11, language)
        subheading.setBold(True)
        table.paragraph("Orphaned annotations (their text is no longer in the release)", subheading,
                        space_before=16 * PT, space_after=6 * PT)
        for orphan in orphans:
            tags = f" [{', '.join(orphan.tags)}]" if orphan.tags else ""
            table.paragraph(f"•  “{orphan.quote.exact}” — {orphan.note}{tags}", document_font(9, language),
                            space_after=4 * PT)
    return table


def _pdf_highlights(placed: list[_Placed], geometry: _Geometry, options: PdfOptions) -> list[PdfHighlight]:
    """The laid-out rectangles as PDF quads (points, origin bottom-left), one object per page part."""
    highlights = []
    for item in placed:
        annotation = item.annotation
        color = QColor(PALETTE[annotation.color])
        parts = sorted(item.rects_by_page.items())
        for part, (page, rects) in enumerate(parts):
            quads = tuple(Quad(*geometry.to_pdf(geometry.body.topLeft(), rect)) for rect in rects)
            name = f"communique-{annotation.uuid}" + (f"-part{part + 1}" if len(parts) > 1 else "")
            highlights.append(PdfHighlight(
                page_index=page, quads=quads, color=(color.redF(), color.greenF(), color.blueF()),
                note=annotation.note, tags=annotation.tags, author=options.analyst or "Communiqué",
                modified=_parse_time(annotation.updated), name=name,
                subject=options.meanings.get(annotation.color, annotation.color)))
    return highlights


def _parse_time(stamp: str) -> datetime:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(timezone.utc)

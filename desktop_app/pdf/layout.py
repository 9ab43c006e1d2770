"""Text laid out directly with QTextLayout for the annotated PDF: margin notes and the closing table.

Why not QTextDocument here: Qt's document layout of a fifty-row HTML table cost more than laying
out and painting the whole ten-page release, and a document per margin note cost a parse each.
A cell or a note is one paragraph in one font, which QTextLayout lays out in a fraction of that.
The release itself stays a QTextDocument (headings, lists, tables of the release).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCharFormat, QTextLayout, QTextLine, QTextOption

from annotations.offsets import unit_slice
from annotations.pdf.visual_order import first_strong_is_right_to_left

#: Scripts whose lines need the layout's own account of their glyphs to copy out as written (see
#: ``glyph_texts``): Indic scripts, Sinhala, Thai, Lao, Tibetan, Myanmar and Khmer (glyphs reordered
#: and fused in shaping), and Chinese, Japanese and Korean (Qt's ToUnicode maps leave a CJK font's
#: space without text, and its runs would come apart).
SHAPED_SCRIPT = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff"
                           "\u19e0-\u19ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
#: Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko...): their lines copy out through a
#: layer of their own (``annotations.pdf.right_to_left``), not through their glyphs, because Qt
#: draws them in neither the visual nor the logical order readers expect, and its account of
#: which characters a glyph stands for is wrong for runs after a change of direction.
RIGHT_TO_LEFT_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: Lines that need either repair.
REPAIRED_SCRIPT = re.compile(f"{SHAPED_SCRIPT.pattern}|{RIGHT_TO_LEFT_SCRIPT.pattern}")

_WRAP_ANYWHERE = QTextOption()
_WRAP_ANYWHERE.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
TEXT_COLOR = QColor("#111111")
RULE_COLOR = QColor("#c8ccd0")
HEADER_FILL = QColor("#f1f3f4")


@dataclass(frozen=True)
class Glyph:
    """A glyph as laid out: its origin (device px), the text it stands for, and the advance that text takes."""

    origin: QPointF
    text: str
    advance: float

    def moved(self, offset: QPointF) -> "Glyph":
        return Glyph(self.origin + offset, self.text, self.advance)


def glyph_texts(line: QTextLine, text: str) -> list[Glyph]:
    """Each glyph of a laid-out line (layout coordinates) and the text it stands for.

    Shaping draws a cluster (a Khmer consonant with its subscripts and vowels) as several glyphs,
    some before the consonant, some back over it. Reading the glyphs left to right must spell the
    cluster in logical order, and readers that place text by position (pdf.js) must see no gap or
    step back inside it: so the cluster's characters go on its first two glyphs drawn
    (``_share``), and each glyph reaches to the cluster's end. Characters that draw no glyph go
    with the cluster before them.
    """
    flags = (QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
             | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes)
    glyphs = [(position, index) for run in line.glyphRuns(line.textStart(), line.textLength(), flags)
              for position, index in zip(run.positions(), run.stringIndexes())]
    starts = sorted({index for _, index in glyphs})
    if not starts:
        return []
    ends = dict(zip(starts, [*starts[1:], line.textStart() + line.textLength()]))
    members: dict[int, list[int]] = {}
    for number, (_, index) in enumerate(glyphs):
        members.setdefault(index, []).append(number)
    found: list[Glyph | None] = [None] * len(glyphs)
    for index, numbers in members.items():
        begin = line.textStart() if index == starts[0] else index
        cluster = unit_slice(text, begin, ends[index]).replace("\u2028", "")      # Qt counts UTF-16 units
        cluster_end = max(line.cursorToX(begin)[0], line.cursorToX(ends[index])[0])
        pieces = _share(cluster, len(numbers))
        for slot, number in enumerate(numbers):
            piece = pieces[slot] if slot < len(pieces) else ""
            # Every glyph reaches to the cluster's end: readers that measure (pypdf) then see the
            # next cluster follow on, with no space between.
            found[number] = Glyph(glyphs[number][0], piece, max(cluster_end - glyphs[number][0].x(), 0.0))
    return _reach_over_marks(_spaces_before_marks(found))


def _share(cluster: str, glyphs: int) -> list[str]:
    """The cluster's characters for each of its glyphs, in drawing order.

    The first glyph takes the first character (the consonant, which readers place) and the
    second the rest, which readers attach to it; further glyphs (subscripts drawn below, split
    vowels' second halves) stand for nothing, as readers would otherwise place their text by
    where they are drawn and break the word.
    """
    if glyphs <= 1 or len(cluster) <= 1:
        return [cluster]
    return [cluster[0], cluster[1:]]


def _has_mark(text: str) -> bool:
    """Whether ``text`` holds a combining mark (Mn): pdf.js then takes all of it for a zero-width
    diacritic, attached where the last glyph ended, and does not move on."""
    return any(unicodedata.category(character) == "Mn" for character in text)


def _moves_on(glyph: Glyph) -> bool:
    """Whether readers that place text by position (pdf.js) move on after this glyph's text."""
    return bool(glyph.text) and not _has_mark(glyph.text)


def _spaces_before_marks(glyphs: list[Glyph]) -> list[Glyph]:
    """Give a space that comes before a syllable holding a mark to the text before it.

    pdf.js counts a space apart from the positions it compares, so the glyph before the space
    could not reach across the syllable that follows; with the space, it can.
    """
    moved = list(glyphs)
    spoken = [number for number, glyph in enumerate(glyphs) if glyph.text]
    for before, space, after in zip(spoken, spoken[1:], spoken[2:]):
        if moved[space].text.isspace() and _has_mark(moved[after].text) and not moved[before].text.isspace():
            moved[before] = Glyph(moved[before].origin, moved[before].text + moved[space].text, moved[before].advance)
            moved[space] = Glyph(moved[space].origin, "", moved[space].advance)
    return moved


def _reach_over_marks(glyphs: list[Glyph]) -> list[Glyph]:
    """Let each glyph that moves readers on reach to the next such glyph, across text they take for marks.

    A Sinhala syllable such as "ලි" is one glyph whose text holds a mark: pdf.js would not move
    past it, and would put a space before the next syllable. The glyph before it spans it instead.
    """
    moving = [number for number, glyph in enumerate(glyphs) if _moves_on(glyph)]
    stretched = list(glyphs)
    for number, following in zip(moving, moving[1:]):
        gap = glyphs[following].origin.x() - glyphs[number].origin.x()
        if gap > glyphs[number].advance and abs(glyphs[following].origin.y() - glyphs[number].origin.y()) < 1:
            stretched[number] = Glyph(glyphs[number].origin, glyphs[number].text, gap)
    return stretched


@dataclass(frozen=True)
class Span:
    """A run of a box's text set in bold or a colour."""

    start: int
    length: int
    bold: bool = False
    color: str = ""


@dataclass(frozen=True)
class ShapedLine:
    """A line of shaped-script text as painted (device px): its box, its text, and its glyphs.

    ``right_to_left``: for a line holding right-to-left text (which has no glyphs), its paragraph's
    direction; None for other lines.
    """

    rect: QRectF
    text: str
    glyphs: list[Glyph]
    right_to_left: bool | None = None

    def translated(self, offset: QPointF) -> "ShapedLine":
        return ShapedLine(self.rect.translated(offset), self.text, [glyph.moved(offset) for glyph in self.glyphs],
                          self.right_to_left)


def shaped_line(line: QTextLine, text: str, origin: QPointF, right_to_left: bool = False) -> ShapedLine | None:
    """A laid-out line of ``text`` if it holds shaped-script or right-to-left text, placed with its
    layout's origin at ``origin``; ``right_to_left``: the paragraph's direction."""
    line_text = unit_slice(text, line.textStart(), line.textStart() + line.textLength()).replace("\u2028", "").strip()
    if RIGHT_TO_LEFT_SCRIPT.search(line_text):
        return ShapedLine(line.naturalTextRect(), line_text, [], right_to_left).translated(origin)
    if not SHAPED_SCRIPT.search(line_text):
        return None
    rect = QRectF(line.x(), line.y(), line.naturalTextWidth(), line.height())
    return ShapedLine(rect, line_text, glyph_texts(line, text)).translated(origin)


def _text_option(text: str) -> QTextOption:
    """Wrap anywhere; and a paragraph whose first strong character is right-to-left (Arabic,
    Hebrew) laid out right to left and aligned right, as the reader's document does by itself
    (a QTextLayout does not look at its text)."""
    option = QTextOption(_WRAP_ANYWHERE)
    if first_strong_is_right_to_left(text):
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    return option


class TextBox:
    """One paragraph laid out at a fixed width on the PDF writer (device pixels), painted line by line."""

    def __init__(self, text: str, font: QFont, width: float, device, spans: tuple[Span, ...] = (),
                 line_spacing: float = 1.0):
        self.text = text.replace("\r\n", "\n").replace("\n", "\u2028")
        self.layout = QTextLayout(self.text, font, device)
        self.layout.setTextOption(_text_option(self.text))
        if spans:
            self.layout.setFormats([self._format_range(span) for span in spans])
        self.layout.beginLayout()
        self.lines, top, self.height = [], 0.0, 0.0
        while (line := self.layout.createLine()).isValid():
            line.setLineWidth(width)
            line.setPosition(QPointF(0, top))
            self.lines.append(line)
            self.height = top + line.height()
            top += line.height() * line_spacing
        self.layout.endLayout()

    @staticmethod
    def _format_range(span: Span) -> QTextLayout.FormatRange:
        text_format = QTextCharFormat()
        if span.bold:
            text_format.setFontWeight(QFont.Weight.Bold)
        if span.color:
            text_format.setForeground(QColor(span.color))
        format_range = QTextLayout.FormatRange()
        format_range.start, format_range.length, format_range.format = span.start, span.length, text_format
        return format_range

    def lines_between(self, start: float, end: float):
        """The lines lying within [start, end) of the box's height (a line belongs where its top is)."""
        return [line for line in self.lines if start <= line.y() < end]

    def paint(self, painter: QPainter, top_left: QPointF, start: float = 0.0, end: float = math.inf) -> None:
        """Paint the lines within [start, end) with their top at ``top_left``."""
        if start == 0 and end == math.inf:
            self.layout.draw(painter, top_left)         # the whole box: one call, not one per line
            return
        origin = QPointF(top_left.x(), top_left.y() - start)
        for line in self.lines_between(start, end):
            line.draw(painter, origin)

    def shaped_lines(self, start: float = 0.0, end: float = math.inf) -> list[ShapedLine]:
        """Lines within [start, end) in a shaped script, relative to the painted top."""
        right_to_left = self.layout.textOption().textDirection() == Qt.LayoutDirection.RightToLeft
        return [shaped for line in self.lines_between(start, end)
                if (shaped := shaped_line(line, self.text, QPointF(0, -start), right_to_left)) is not None]

    def break_at_or_before(self, limit: float) -> float:
        """The lowest y at or above ``limit`` that cuts no line (0 when the first line does not fit)."""
        for line in self.lines:
            if line.y() < limit < line.y() + line.height():
                return line.y()
        return limit


@dataclass
class Placement:
    """A box, or the part [start, end) of it, at a place on a page (device px, page-area coordinates)."""

    box: TextBox
    left: float
    top: float
    start: float = 0.0
    end: float = math.inf


@dataclass
class TablePage:
    texts: list[Placement] = field(default_factory=list)
    fills: list[tuple[QRectF, QColor]] = field(default_factory=list)
    cells: list[QRectF] = field(default_factory=list)           # outlined in the rule colour


class Table:
    """A heading, a table whose header row repeats on every page, and paragraphs after it, paginated.

    Rows split between pages at line boundaries (a long note may run over a page); a row is
    moved whole to the next page when not one line of it fits.
    """

    def __init__(self, device, width: float, page_height: float, first_top: float = 0.0):
        self.device, self.width, self.page_height = device, width, page_height
        self.pages: list[TablePage] = [TablePage()]
        self.top = self.fresh_top = first_top
        self.header: list[TextBox] = []
        self.columns: list[tuple[float, float]] = []          # left and width of each column
        self.padding = 0.0
        self.cell_font = QFont()
        self.laid_out: dict[tuple[str, str, float], TextBox] = {}

    def paragraph(self, text: str, font: QFont, space_before: float = 0.0, space_after: float = 0.0) -> None:
        """A paragraph across the full width (a heading, an item of a list)."""
        self.top += space_before
        self._flow([TextBox(text, font, self.width, self.device)], [(0.0, self.width)], 0.0, {}, False)
        self.top += space_after

    def start_table(self, header: list[str], fractions: list[float], font: QFont, padding: float) -> None:
        self.padding, self.cell_font = padding, font
        lefts = [self.width * sum(fractions[:index]) for index in range(len(fractions))]
        self.columns = [(left, self.width * fraction) for left, fraction in zip(lefts, fractions)]
        header_font = QFont(font)
        header_font.setBold(True)
        self.header = self._boxes(header, header_font)
        self._header_row()
        self.fresh_top = self.top

    def row(self, cells: list[str], fills: dict[int, QColor] | None = None) -> None:
        self._flow(self._boxes(cells, self.cell_font), self.columns, self.padding, fills or {}, True)

    def end_table(self) -> None:
        self.header = []

    # Layout --------------------------------------------------------------------------------------

    def _boxes(self, texts: list[str], font: QFont) -> list[TextBox]:
        """A laid-out box per cell; cells that repeat (page numbers, colour meanings, tags) share one."""
        boxes, font_key = [], font.key()
        for text, (_, width) in zip(texts, self.columns):
            key = (text, font_key, width)
            if key not in self.laid_out:
                self.laid_out[key] = TextBox(text, font, width - 2 * self.padding, self.device)
            boxes.append(self.laid_out[key])
        return boxes

    def _new_page(self) -> None:
        self.pages.append(TablePage())
        self.top = 0.0
        if self.header:
            self._header_row()
        self.fresh_top = self.top

    def _header_row(self) -> None:
        height = max(box.height for box in self.header) + 2 * self.padding
        self._place(self.header, self.columns, self.padding, height, 0.0, math.inf,
                    dict.fromkeys(range(len(self.header)), HEADER_FILL), True)

    def _flow(self, boxes: list[TextBox], columns: list[tuple[float, float]], padding: float,
              fills: dict[int, QColor], outlined: bool) -> None:
        """Place boxes side by side from the current top, going on to new pages as they need."""
        start, content_height = 0.0, max(box.height for box in boxes)
        while True:
            room = self.page_height - self.top - 2 * padding
            if content_height - start <= room:
                self._place(boxes, columns, padding, content_height - start + 2 * padding, start, math.inf,
                            fills, outlined)
                return
            cut = start + room
            for _ in range(len(boxes) + 1):          # settle on a cut that splits no line of any box
                cut = min(box.break_at_or_before(cut) for box in boxes)
            if cut <= start:
                if self.top > self.fresh_top:        # not one line fits here: begin on the next page
                    self._new_page()
                    continue
                cut = start + room                   # a line taller than a page: cut it rather than loop
            self._place(boxes, columns, padding, cut - start + 2 * padding, start, cut, fills, outlined)
            start = cut
            self._new_page()

    def _place(self, boxes: list[TextBox], columns: list[tuple[float, float]], padding: float, height: float,
               start: float, end: float, fills: dict[int, QColor], outlined: bool) -> None:
        page = self.pages[-1]
        for index, (box, (left, width)) in enumerate(zip(boxes, columns)):
            cell = QRectF(left, self.top, width, height)
            if index in fills:
                page.fills.append((cell, fills[index]))
            if outlined:
                page.cells.append(cell)
            page.texts.append(Placement(box, left + padding, self.top + padding, start, end))
        self.top += height

    # Painting ------------------------------------------------------------------------------------

    def paint(self, painter: QPainter, page_index: int, area_top_left: QPointF) -> None:
        page = self.pages[page_index]
        painter.save()
        painter.translate(area_top_left)
        for rect, color in page.fills:
            painter.fillRect(rect, color)
        painter.setPen(QPen(RULE_COLOR, self.device.resolution() / 96))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRects(page.cells)
        painter.setPen(TEXT_COLOR)
        for placement in page.texts:
            placement.box.paint(painter, QPointF(placement.left, placement.top), placement.start, placement.end)
        painter.restore()

    def shaped_lines(self, page_index: int) -> list[ShapedLine]:
        """Shaped-script and right-to-left lines on a page, in page-area device px."""
        return [line.translated(QPointF(placement.left, placement.top)) for placement in self.pages[page_index].texts
                for line in placement.box.shaped_lines(placement.start, placement.end)]

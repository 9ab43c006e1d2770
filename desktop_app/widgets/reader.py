"""The release as a reader sees it, with highlights drawn over the text.

Highlights are QTextEdit extra selections: painted over the laid-out text, never written into
the document, so the stored release and its canonical text stay exactly as imported.
The reader has a caret (caret browsing): arrows, Home/End and the Page keys move it, with Shift
they select, so a passage can be highlighted without a mouse; the caret entering a highlight
tells the window (``caret_entered``), which selects its card.
Nothing is loaded from the network: only data: images inside the release are resolved, and a
link opens in the system browser only when the user clicks it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QUrl, Qt, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFontMetricsF, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser, QTextEdit

from annotations.models import DEFAULT_COLOR, PALETTE, Annotation, Release
from annotations.offsets import Utf16Offsets

from ..appearance import HIGHLIGHT_TEXT
from .layout_pacer import AT_ONCE_CHARS, LayoutPacer
from .release_loader import BACKGROUND_HTML_CHARS, DocumentLoader
from ..rendering import document_font, style_document

PLACEHOLDER = "Select a release in the library, or import one with File → Import…"
READER_POINT_SIZE = 11
ZOOM_STEPS = range(-4, 13)            # point-size steps from READER_POINT_SIZE
#: The reader keeps at least this many characters a line; the docks give way first.
MIN_LINE_CHARS = 60
DOCUMENT_MARGIN = 24
CLICKABLE_SCHEMES = {"http", "https", "mailto"}
#: Search matches, as a browser's find marks them: all of them, and the current one stronger.
MATCH_COLOR = "#ffc680"
CURRENT_MATCH_COLOR = "#ff9a1f"


class ReaderView(QTextBrowser):
    """Read-only view of one release. ``selection_changed_span`` and highlight actions come from outside.

    Offsets in and out are code points into the release's canonical text (the library's); Qt's
    cursor counts UTF-16 units, converted here.
    """

    link_activated = Signal(QUrl)
    caret_entered = Signal(object)          # the Annotation whose highlight the caret moved into
    release_shown = Signal()                # the release is laid out (at once, or after a background load)

    def __init__(self, parent=None):
        super().__init__(parent)
        # Always there: otherwise each release opened lays out twice (without, then with, a scrollbar).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # A caret the keyboard moves and selects with; Tab leaves the reader instead of walking links.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setTabChangesFocus(True)
        self.anchorClicked.connect(self._on_anchor_clicked)
        style_document(self.document(), READER_POINT_SIZE)
        self.document().setDocumentMargin(DOCUMENT_MARGIN)
        self.setAccessibleName("Release text")
        self.zoom_step = 0
        self._language = ""
        self._keep_line_length()
        self.setPlaceholderText(PLACEHOLDER)
        self._context_actions: list = []
        self._annotations: list[Annotation] = []
        self._focused_annotation: int | None = None
        self._offsets = Utf16Offsets("")
        self._loader = None                      # the DocumentLoader at work on a long release
        self._loading = False
        self._pending_position: int | None = None
        self._matches: list[tuple[int, int]] = []    # search matches (code points), in text order
        self._match_index = -1
        self.cursorPositionChanged.connect(self._on_caret_moved)
        self._pacer = LayoutPacer(self)           # lays long releases out between events
        self._pacer.finished.connect(self._on_laid_out)
        self._pacer.watch(self.document())

    def loadResource(self, resource_type: int, url: QUrl):
        """Resolve only data: URLs already inside the release; never a file or network fetch."""
        if url.scheme() == "data":
            return super().loadResource(resource_type, url)
        return None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in CLICKABLE_SCHEMES:
            self.link_activated.emit(url)
            QDesktopServices.openUrl(url)

    def set_zoom(self, step: int) -> int:
        """Text size in steps of a point from the usual; the place being read stays in view."""
        step = max(ZOOM_STEPS.start, min(step, ZOOM_STEPS.stop - 1))
        if step != self.zoom_step:
            position = self.top_position()
            self.zoom_step = step
            self.document().setDefaultFont(document_font(self.point_size(), self._language))
            self._keep_line_length()
            self.scroll_to_position(position)
        return step

    def resizeEvent(self, event) -> None:
        """A new width lays the text out anew, and Qt lays out at once all that is above the view:
        in a long release read far down, the view starts from the top and comes back paced."""
        if event.size().width() != event.oldSize().width() and not self.is_loading():
            position = self.top_position()
            if self._offsets.to_units(position) > AT_ONCE_CHARS:
                self.verticalScrollBar().setValue(0)
                super().resizeEvent(event)
                self.scroll_to_position(position)
                return
        super().resizeEvent(event)

    def point_size(self) -> float:
        return READER_POINT_SIZE + self.zoom_step

    def _keep_line_length(self) -> None:
        """A minimum width of MIN_LINE_CHARS average characters, so the window's docks give way first."""
        metrics = QFontMetricsF(self.document().defaultFont())
        self.setMinimumWidth(math.ceil((MIN_LINE_CHARS + 1) * metrics.averageCharWidth() + 2 * DOCUMENT_MARGIN
                                 + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()))

    def characters_per_line(self) -> float:
        """About how many average characters fit on a line of the reader now."""
        metrics = QFontMetricsF(self.document().defaultFont())
        return (self.viewport().width() - 2 * DOCUMENT_MARGIN) / metrics.averageCharWidth()

    def show_release(self, release: Release | None) -> None:
        """Show ``release``: at once if short, else built and laid out between events behind a busy cursor."""
        self._annotations = []
        self._matches, self._match_index = [], -1
        if self._loader is not None:             # another release was asked for meanwhile
            self._loader.cancel()
            self._loader = None
        self._pending_position = None
        self._pacer.forget_waiting()
        if release is None or len(release.html) <= BACKGROUND_HTML_CHARS:
            self._set_loading(False)
            self._offsets = Utf16Offsets(release.text if release else "")
            if release is None:
                self.clear()
            else:
                self._language = release.language
                style_document(self.document(), self.point_size(), release.language)  # its CJK font first
                self.setHtml(release.html)
            self.moveCursor(QTextCursor.MoveOperation.Start)
            self.release_shown.emit()
            return
        self._set_loading(True)
        self._offsets = Utf16Offsets("")
        self.clear()
        self._language = release.language
        self._loader = DocumentLoader(release.html, release.text, self.point_size(), DOCUMENT_MARGIN,
                                      release.language, self)
        self._loader.loaded.connect(self._on_document_loaded)
        self._loader.start()

    def is_loading(self) -> bool:
        return self._loading

    def is_laying_out(self) -> bool:
        """The text is still being laid out (after opening a long release, a resize or a zoom),
        or a scroll waits for it."""
        return self._loading or self._pacer.is_working() or self._pending_position is not None

    def _set_loading(self, loading: bool) -> None:
        """A busy cursor (and a word in the empty reader) from the moment a long release is asked for."""
        if loading and not self._loading:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.setPlaceholderText("Opening the release…")
        elif not loading and self._loading:
            QApplication.restoreOverrideCursor()
            self.setPlaceholderText(PLACEHOLDER)
        self._loading = loading

    def _on_document_loaded(self, document, offsets) -> None:
        """The text is shown (its top laid out); the rest is laid out by the pacer, then ``_on_laid_out``."""
        self._loader = None
        replaced = self.document()
        ours = replaced.parent() is self             # a long release shown before: Qt deletes only its own
        document.setParent(self)                     # the reader owns it, and deletes the one it replaces
        self.setDocument(document)
        if ours:
            replaced.deleteLater()
        self._offsets = offsets
        self._pacer.watch(document)

    def _on_laid_out(self) -> None:
        """Highlights and the reading position wait for the whole layout: drawn earlier, each would
        make Qt lay out everything before it in one go."""
        if not self._loading or self._loader is not None:
            return
        self._set_loading(False)
        self._paint_highlights()
        if self._pending_position is not None:
            self._scroll_to_pending()
        self.release_shown.emit()

    def set_context_actions(self, actions: list) -> None:
        """Actions offered on a right click over a selection (highlight colours, note)."""
        self._context_actions = actions

    def contextMenuEvent(self, event) -> None:
        menu: QMenu = self.createStandardContextMenu(event.pos())
        if self.textCursor().hasSelection() and self._context_actions:
            first = menu.actions()[0] if menu.actions() else None
            for action in self._context_actions:
                menu.insertAction(first, action)
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    # Selections and highlights -------------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return (self._offsets.to_code_points(cursor.selectionStart()),
                self._offsets.to_code_points(cursor.selectionEnd()))

    def clear_selection(self) -> None:
        """Drop the selection (so a new highlight shows its colour), keeping the caret where it ended."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def annotation_with_span(self, span: tuple[int, int]) -> Annotation | None:
        """The highlight over exactly ``span`` (code points), if there is one."""
        return next((a for a in self._annotations if (a.position.start, a.position.end) == span), None)

    def annotation_at_caret(self) -> Annotation | None:
        """The highlight the caret (or the selection's start) is in; the innermost when they nest."""
        cursor = self.textCursor()
        position = self._offsets.to_code_points(cursor.selectionStart() if cursor.hasSelection() else cursor.position())
        inside = [a for a in self._annotations if a.position.start <= position <= a.position.end]
        return min(inside, key=lambda a: (position == a.position.end, a.position.end - a.position.start),
                   default=None)

    def _on_caret_moved(self) -> None:
        annotation = self.annotation_at_caret()
        if annotation is not None and annotation.id != self._focused_annotation:
            self.caret_entered.emit(annotation)

    def set_annotations(self, annotations: list[Annotation], focused: int | None = None) -> None:
        self._annotations = [a for a in annotations if a.position is not None and not a.orphaned]
        self._focused_annotation = focused
        self._paint_highlights()

    def _paint_highlights(self) -> None:
        if self.is_loading():
            return
        length = self.document().characterCount() - 1
        selections = []
        for annotation in self._annotations:
            start = self._offsets.to_units(annotation.position.start)
            end = min(self._offsets.to_units(annotation.position.end), length)
            if start >= end:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(PALETTE.get(annotation.color, PALETTE[DEFAULT_COLOR])))
            fmt.setForeground(QColor(HIGHLIGHT_TEXT))      # readable on the light highlight in both schemes
            if annotation.id == self._focused_annotation:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor("#1f3a5f"))
            selection.format = fmt
            selections.append(selection)
        selections += self._match_selections(length)
        self.setExtraSelections(selections)

    # Search matches ------------------------------------------------------------------------

    def set_matches(self, spans: list[tuple[int, int]]) -> None:
        """Mark every match of a search (code-point spans); ``step_match`` goes through them."""
        self._matches, self._match_index = sorted(spans), -1
        self._paint_highlights()

    @property
    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    @property
    def match_index(self) -> int:
        """The match shown last (-1: none yet)."""
        return self._match_index

    def step_match(self, step: int) -> int | None:
        """Show the next (``step`` 1) or previous (-1) match, wrapping around; its index, or None."""
        if not self._matches:
            return None
        if self._match_index < 0:
            self._match_index = 0 if step > 0 else len(self._matches) - 1
        else:
            self._match_index = (self._match_index + step) % len(self._matches)
        self._paint_highlights()
        self.reveal(*self._matches[self._match_index])
        return self._match_index

    def _match_selections(self, length: int) -> list:
        selections = []
        for index, (start, end) in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(self._offsets.to_units(start), length))
            cursor.setPosition(min(self._offsets.to_units(end), length), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(CURRENT_MATCH_COLOR if index == self._match_index else MATCH_COLOR))
            selection.format = fmt
            selections.append(selection)
        return selections

    def reveal(self, start: int, end: int, select: bool = True) -> None:
        """Scroll the passage into view (centred) and select it (once laid out, in a long release)."""
        if self.is_loading():
            return
        self._pending_position = None                # a jump replaces a scroll still waiting for the layout
        self._pacer.when_laid_out(self._offsets.to_units(end), lambda: self._reveal_now(start, end, select))

    def _reveal_now(self, start: int, end: int, select: bool) -> None:
        cursor = QTextCursor(self.document())
        length = self.document().characterCount() - 1
        cursor.setPosition(min(self._offsets.to_units(start), length))
        if select:
            cursor.setPosition(min(self._offsets.to_units(end), length), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def top_position(self) -> int:
        """The character offset at the top of the view: where reading resumes after a restart."""
        if self.is_loading() or self._pending_position is not None:
            return self._pending_position or 0
        return self._offsets.to_code_points(self.cursorForPosition(QPoint(4, 4)).position())

    def scroll_to_position(self, position: int) -> None:
        """Put ``position`` at the top of the view: when the text is laid out that far, in a long
        release (after opening it, or a zoom), so that Qt never lays out megabytes in one go."""
        self._pending_position = position
        if not self.is_loading():
            self._pacer.when_laid_out(self._offsets.to_units(position), self._scroll_to_pending)

    def _scroll_to_pending(self) -> None:
        position, self._pending_position = self._pending_position, None
        if position is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(0, min(self._offsets.to_units(position), self.document().characterCount() - 1)))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - 4)

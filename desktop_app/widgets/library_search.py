"""The library's search box and its results: releases with a snippet, then matching quotes and notes.

Typing waits for a short pause (``DEBOUNCE_MS``) and cancels the search in flight at once; the
search itself runs in a ``BackgroundSearch`` thread, so the window never waits for it. While the
box is empty the library list shows; otherwise the results do. Esc clears the box.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QStackedWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
                               QVBoxLayout, QWidget)

from annotations.errors import AnnotationsError
from annotations.models import COLORS
from annotations.query import Query, parse_query
from annotations.search import FIRST_SCREEN
from annotations.search_text import Snippet

from ..search_worker import BackgroundSearch, SearchReply

DEBOUNCE_MS = 120
ORDERS = [("newest", "Newest first"), ("relevance", "Best first")]
HIT_ROLE = Qt.ItemDataRole.UserRole + 1          # (release_id, annotation_id or None)


def _emphasised(snippet: Snippet) -> str:
    return snippet.marked("<b style='background:#ffe8a3'>", "</b>", html.escape)


class HtmlDelegate(QStyledItemDelegate):
    """Draws an item's text as rich text (a title, a dateline, a snippet with its words in bold)."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data(Qt.ItemDataRole.DisplayRole) or "")
        document.setTextWidth(max(50, option.rect.width() - 8))
        return document

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     option.palette.color(QPalette.ColorRole.HighlightedText))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 4)


class LibrarySearch(QWidget):
    """Search box above a stack: the library list (box empty) or the search results."""

    release_chosen = Signal(int)               # release id
    annotation_chosen = Signal(int, int)       # annotation id, release id

    def __init__(self, library_path: Path, library_view: QWidget, parent=None):
        super().__init__(parent)
        self.box = QLineEdit(self)
        self.box.setPlaceholderText('Search the library (Ctrl+K): words, "phrase", OR, -word, tag:, color:, from:')
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.order = QComboBox(self)
        for key, text in ORDERS:
            self.order.addItem(text, key)
        # Narrow docks give way (the reader keeps its line length): the choice may shrink to a few letters.
        self.order.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.order.setMinimumContentsLength(3)
        self.releases = self._make_list()
        self.notes_label = QLabel("Quotes and notes", self)
        self.notes = self._make_list()
        self.query = Query()
        self._total: tuple[int, bool] | None = None
        self._fetching = False
        self._search = BackgroundSearch(library_path, self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._place(library_view)
        self._debounce.timeout.connect(self._start)
        self.box.textChanged.connect(self._on_text_changed)
        self.order.currentIndexChanged.connect(lambda _: self._start())
        self._search.replied.connect(self._on_replied)
        self._search.counted.connect(self._on_counted)
        self.releases.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        for view in (self.releases, self.notes):
            view.itemActivated.connect(self._on_item_activated)
            view.itemClicked.connect(self._on_item_activated)

    def _make_list(self) -> QListWidget:
        view = QListWidget(self)
        view.setItemDelegate(HtmlDelegate(view))
        view.setWordWrap(True)
        view.setUniformItemSizes(False)
        view.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        return view

    def _place(self, library_view: QWidget) -> None:
        results = QWidget(self)
        layout = QVBoxLayout(results)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.status, 1)
        header.addWidget(self.order)
        layout.addLayout(header)
        layout.addWidget(self.releases, 3)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(library_view)
        self.stack.addWidget(results)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.box)
        outer.addWidget(self.stack, 1)

    # Searching -----------------------------------------------------------------------------

    def _on_text_changed(self, text: str) -> None:
        self._search.cancel()                  # the query in flight is stale from this keystroke on
        if not text.strip():
            self._debounce.stop()
            self.query = Query()
            self.status.clear()
            self.stack.setCurrentIndex(0)
            return
        self._debounce.start()

    def _start(self) -> None:
        text = self.box.text()
        if not text.strip():
            return
        try:
            self.query = parse_query(text, as_you_type=True)
        except AnnotationsError:
            self.query = Query()               # the worker says why, in the status line
        self._total = None
        self._fetching = True
        self.status.setText("Searching…")
        self.stack.setCurrentIndex(1)
        self._search.request(text, self.order.currentData())

    def _on_replied(self, reply: SearchReply) -> None:
        self._fetching = False
        if reply.offset == 0:
            self.releases.clear()
            self.notes.clear()
        if reply.error:
            self.status.setText(reply.error)
            self._show_notes(False)
            return
        results = reply.results
        for hit in results.releases:
            dateline = " · ".join(part for part in (hit.date, hit.issuer) if part)
            self._add(self.releases, f"<b>{html.escape(hit.title or 'Untitled release')}</b>"
                                     f"<br><small>{html.escape(dateline)}</small><br>{_emphasised(hit.snippet)}",
                      (hit.release_id, None))
        for hit in results.annotations:
            swatch = COLORS.get(hit.color, COLORS["yellow"])[0]
            self._add(self.notes, f"<span style='background:{swatch}'>&nbsp;&nbsp;</span> "
                                  f"<b>{html.escape(hit.release_title or 'Untitled release')}</b><br>"
                                  f"{_emphasised(hit.snippet)}", (hit.release_id, hit.annotation_id))
        if reply.offset == 0:
            self._show_notes(bool(results.annotations))
            self._update_status()

    def _add(self, view: QListWidget, text: str, hit: tuple[int, int | None]) -> None:
        item = QListWidgetItem(text)
        item.setData(HIT_ROLE, hit)
        view.addItem(item)

    def _show_notes(self, shown: bool) -> None:
        self.notes_label.setVisible(shown)
        self.notes.setVisible(shown)

    def _on_counted(self, total: int, capped: bool) -> None:
        self._total = (total, capped)
        self._update_status()

    def _update_status(self) -> None:
        shown, notes = self.releases.count(), self.notes.count()
        if self._total is None:
            self.status.setText("Searching…" if shown == 0 and notes == 0 else f"{shown}+ releases…")
        elif self._total[0] == 0 and notes == 0:
            self.status.setText("No release, quote or note matches.")
        else:
            total, capped = self._total
            count = f"{total:,}+" if capped else f"{total:,}"
            self.status.setText(f"{count} release{'s' * (total != 1 or capped)}"
                                + (f"; {notes}{'+' * (notes >= FIRST_SCREEN)} quotes and notes" if notes else ""))

    def _on_scrolled(self, value: int) -> None:
        bar = self.releases.verticalScrollBar()
        loaded = self.releases.count()
        more = self._total is not None and (self._total[1] or loaded < self._total[0])
        if value >= bar.maximum() - 4 and more and not self._fetching and loaded:
            self._fetching = True
            self._search.request(self.box.text(), self.order.currentData(), offset=loaded)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        release_id, annotation_id = item.data(HIT_ROLE)
        if annotation_id is None:
            self.release_chosen.emit(release_id)
        else:
            self.annotation_chosen.emit(annotation_id, release_id)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape and self.box.text():
                self.box.clear()
                return True
            if event.key() == Qt.Key.Key_Down and self.stack.currentIndex() == 1 and self.releases.count():
                self.releases.setFocus()
                self.releases.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    def stop(self) -> None:
        """Stop the search thread (before the window closes)."""
        self._search.stop()

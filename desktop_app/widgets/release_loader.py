"""Lay out a long release a piece at a time, so opening a 3 MB release never freezes the window.

Parsing HTML into a QTextDocument runs in Qt's C++ code holding Python's interpreter lock, so on
another thread it would stall the window just the same. Instead the release's HTML is cut where
the canonical text is cut too (``html_pieces``: between top-level paragraphs, whose texts join
with one newline), each piece parsed on its own and appended to a document the reader does not
show yet, one piece per turn of the event loop (a few tens of milliseconds each); the reader
takes the finished document in one step, and its ``LayoutPacer`` lays it out as unhurriedly. The text and the block formats come out as parsing
the whole HTML gives them (a test compares them).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor, QTextDocument, QTextDocumentFragment

from annotations.offsets import Utf16Offsets
from annotations.rendering import html_pieces

from ..rendering import style_document

#: Releases with HTML longer than this open piece by piece (shorter ones open at once: < ~30 ms).
BACKGROUND_HTML_CHARS = 200_000
#: About 10–40 ms of parsing per piece here.
PIECE_CHARS = 40_000


class DocumentLoader(QObject):
    """Builds the reader's document for one release between events; ``loaded`` hands it over."""

    loaded = Signal(object, object)      # QTextDocument, Utf16Offsets

    def __init__(self, html: str, text: str, point_size: float, margin: int, language: str = "", parent=None):
        super().__init__(parent)
        self._html, self._text, self._point_size, self._language = html, text, point_size, language
        self._pieces: list[str] | None = None    # cut in a turn of its own: ~20 ms on 3 MB
        self._offsets: Utf16Offsets | None = None
        self._next = 0
        self.document = QTextDocument(self)
        style_document(self.document, point_size, language)
        self.document.setDocumentMargin(margin)
        self._cursor = QTextCursor(self.document)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self.deleteLater()

    def _step(self) -> None:
        if self._pieces is None:
            self._pieces = html_pieces(self._html, PIECE_CHARS)
            return
        if self._next < len(self._pieces):
            self._append(self._pieces[self._next])
            self._next += 1
            return
        if self._offsets is None:                # a turn of its own: 15-40 ms on 3 MB
            self._offsets = Utf16Offsets(self._text)
            return
        self._timer.stop()                       # the reader shows it in a turn of its own too
        self.document.setParent(None)
        self.loaded.emit(self.document, self._offsets)
        self.deleteLater()

    def _append(self, html: str) -> None:
        piece = QTextDocument()
        style_document(piece, self._point_size, self._language)
        piece.setHtml(html)
        self._cursor.movePosition(QTextCursor.MoveOperation.End)
        if self._next:                           # the newline between two pieces' texts
            self._cursor.insertBlock(piece.begin().blockFormat(), piece.begin().charFormat())
        self._cursor.insertFragment(QTextDocumentFragment(piece))

"""Lay a long document out a slice at a time, so a 3 MB release never freezes the window.

Qt lays a QTextEdit's document out lazily, behind a 10 ms timer whose steps double up to
200,000 characters: on a 3 MB release each late step froze the window 60–160 ms (up to 266 ms
on a busy machine), after opening and again after every resize or zoom. The pacer takes that
timer over: while it works it swallows the layout's timer events and advances the layout itself,
a few thousand characters per call, yielding to the event loop every ``SLICE_SECONDS``. Anything
that needs a place laid out sooner (painting, a click, a cursor's rectangle) still gets it from
Qt at once, so the pacer changes when the layout happens, never what it is.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSizeF, QTimer, Signal
from PySide6.QtGui import QTextDocument

#: The longest the pacer keeps the GUI thread in one turn of the event loop (and one call more).
SLICE_SECONDS = 0.02
#: How far each call asks the layout to go; Qt stops at its next checkpoint past it (~2000 px).
STEP_CHARS = 4_000
#: Text Qt may lay out at once when something needs a place now (~30 ms' worth); farther, it waits.
AT_ONCE_CHARS = 60_000


class LayoutPacer(QObject):
    """Drives the layout of one document to its end in slices; ``finished`` when it is all laid out.

    The layout's own timers are swallowed only while the pacer works: its 0 ms size report
    fires again once let through, and the pacer reports the growing size itself meanwhile, so
    the scroll bar follows the text as it is laid out.
    """

    finished = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layout = None
        self._document: QTextDocument | None = None
        self._position = 0
        self._working = False
        self._waiting: tuple[int, Callable[[], None]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    def watch(self, document: QTextDocument) -> None:
        """Pace ``document``'s layout from now on, starting with the layout it has to do now."""
        if self._layout is not None:
            self._layout.removeEventFilter(self)
            self._layout.update.disconnect(self._on_layout_changed)
            self._document.destroyed.disconnect(self._on_document_destroyed)
        self._document = document
        self._waiting = None
        self._layout = document.documentLayout()
        self._layout.installEventFilter(self)
        self._layout.update.connect(self._on_layout_changed)   # emitted as every relayout starts
        document.destroyed.connect(self._on_document_destroyed)
        self._on_layout_changed()

    def is_working(self) -> bool:
        return self._working

    def when_laid_out(self, position: int, action: Callable[[], None]) -> None:
        """Run ``action`` (which needs the layout up to ``position``, in Qt's units) now if that is
        cheap, else as soon as the pacer has laid the text out that far; a later call replaces it."""
        if not self._working or position <= self._position + AT_ONCE_CHARS:
            self._waiting = None
            action()
        else:
            self._waiting = (position, action)

    def forget_waiting(self) -> None:
        """Drop the action ``when_laid_out`` keeps (the text it was for is no longer shown)."""
        self._waiting = None

    def eventFilter(self, watched, event) -> bool:
        return self._working and event.type() == QEvent.Type.Timer

    def _on_layout_changed(self, *_) -> None:
        self._position = 0
        self._working = True
        self._timer.start()

    def _on_document_destroyed(self, *_) -> None:
        self._timer.stop()
        self._waiting = None
        self._working = False
        self._layout = self._document = None

    def _slice(self) -> None:
        document, layout = self._document, self._layout
        if document is None:
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        end = document.characterCount()
        while self._position < end and time.perf_counter() < deadline:
            self._position = min(self._position + STEP_CHARS, end)
            layout.blockBoundingRect(document.findBlock(self._position - 1))
        layout.documentSizeChanged.emit(QSizeF())        # the reader's scroll bar reads the size itself
        if self._waiting is not None and (self._waiting[0] <= self._position or self._position >= end):
            action, self._waiting = self._waiting[1], None
            action()
        if self._position < end:
            self._timer.start()
            return
        self._working = False          # the layout's 0 ms size report goes through now, and stops
        self.finished.emit()

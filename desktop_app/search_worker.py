"""Library search off the GUI thread: a worker thread with its own read-only connection.

Each request carries a number; a newer request interrupts the one running
(``sqlite3.Connection.interrupt``, safe to call from the GUI thread) and requests that are no
longer the latest are skipped, so the window never waits for a search nobody wants any more.
The first screen of hits is sent as soon as it is ready; the count (capped) follows.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from annotations.errors import AnnotationsError
from annotations.query import parse_query
from annotations.search import FIRST_SCREEN, SearchResults, Searcher, open_search_connection


@dataclass(frozen=True)
class SearchReply:
    """What a request found: hits (a page of them after the first), or the sentence saying why not."""

    number: int
    offset: int
    results: SearchResults | None = None
    error: str = ""


class _Worker(QObject):
    replied = Signal(object)               # SearchReply
    counted = Signal(int, int, bool)       # request number, count, capped

    def __init__(self, library_path: Path):
        super().__init__()
        self._library_path = library_path
        self._conn: sqlite3.Connection | None = None
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()
        self.latest = 0                    # written by the GUI thread, read here

    def interrupt(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = self._searcher = None

    @Slot(int, str, str, int)
    def run(self, number: int, text: str, order: str, offset: int) -> None:
        if number != self.latest:
            return
        try:
            with self._lock:
                if self._conn is None:
                    self._conn = open_search_connection(self._library_path)
                    self._searcher = Searcher(self._conn)   # what it learns of the library is kept
            searcher = self._searcher
            query = parse_query(text, as_you_type=True, colors=searcher.colors())
            hits = searcher.release_hits(query, order, FIRST_SCREEN, offset)
            notes = searcher.annotation_hits(query, FIRST_SCREEN) if offset == 0 else []
            self.replied.emit(SearchReply(number, offset, SearchResults(hits, annotations=notes)))
            if offset == 0 and number == self.latest:
                total, capped = searcher.count(query)
                self.counted.emit(number, total, capped)
        except AnnotationsError as error:
            self.replied.emit(SearchReply(number, offset, error=str(error)))
        except sqlite3.OperationalError as error:
            if "interrupted" not in str(error):
                self.replied.emit(SearchReply(number, offset, error=f"The search failed: {error}."))


class BackgroundSearch(QObject):
    """Runs searches in a worker thread; ``replied`` and ``counted`` arrive only for the latest."""

    replied = Signal(object)               # SearchReply
    counted = Signal(int, bool)            # count, capped
    _requested = Signal(int, str, str, int)

    def __init__(self, library_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("library-search")
        self._worker = _Worker(Path(library_path))
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.run)
        self._worker.replied.connect(self._on_replied)
        self._worker.counted.connect(self._on_counted)
        self.latest = 0

    def request(self, text: str, order: str, offset: int = 0) -> int:
        """Search for ``text`` (a page from ``offset``), cancelling whatever runs; returns its number."""
        self.cancel()
        if not self._thread.isRunning():     # started on the first search: most windows never search
            self._thread.start()
        self._requested.emit(self.latest, text, order, offset)
        return self.latest

    def cancel(self) -> None:
        """Nothing asked so far is wanted any more: stop the query in flight."""
        self.latest += 1
        self._worker.latest = self.latest
        self._worker.interrupt()

    def stop(self) -> None:
        self.cancel()
        self._thread.quit()
        self._thread.wait()
        self._worker.close()

    def _on_replied(self, reply: SearchReply) -> None:
        if reply.number == self.latest:
            self.replied.emit(reply)

    def _on_counted(self, number: int, total: int, capped: bool) -> None:
        if number == self.latest:
            self.counted.emit(total, capped)

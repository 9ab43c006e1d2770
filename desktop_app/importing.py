"""Imports run off the GUI thread, on their own connection to the library file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal

from annotations.importing import ImportReport, import_files
from annotations.library import Library

from .rendering import canonical_text, text_renderer


def import_into(library: Library, paths: list[str | Path], on_progress=None) -> ImportReport:
    """The application's import: the core's batch import with Qt deriving the canonical text."""
    return import_files(library, paths, canonical_text, text_renderer(), on_progress)


class ImportWorker(QThread):
    """Imports ``paths`` into the library file at ``library_path``; cancel() stops before the next file.

    The import runs in a child process (``import_supervisor``): a file that crashes it is reported,
    and neither the other files nor the window go down with it.
    """

    progress = Signal(int, int, str)
    finished_with = Signal(object)          # ImportReport

    def __init__(self, library_path: Path, paths: list[str], parent=None):
        super().__init__(parent)
        self._library_path = library_path
        self._paths = paths
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        from .import_supervisor import supervised_import

        with Library(self._library_path) as library:
            highest_id = library.highest_release_id()
        report = supervised_import(self._library_path, self._paths, highest_id, self._on_progress)
        self.finished_with.emit(report)

    def _on_progress(self, done: int, total: int, path: str) -> bool:
        self.progress.emit(done, total, path)
        return not self._cancelled

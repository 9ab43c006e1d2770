"""Annotated PDFs exported from the window without freezing it.

The window's thread only reads the release and its annotations from the library. Qt's layout
and painting (a few tenths of a second for a long release), pypdf's annotation objects and text
repairs (seconds for a long right-to-left or CJK release) and the file's writing run on a worker
(``CareWorker``), one file at a time.

pypdf makes hundreds of thousands of objects that live until the file is written, so Python's
cyclic collector runs full passes over them every few tenths of a second, each holding the
interpreter lock (and so the window) for 60–90 ms; the collector is paused while a file is
written: what pypdf leaves is freed by reference counting when the job ends.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from annotations.errors import AnnotationsError

from ..library_care import CareWorker
from .export import PdfOptions, paint_pdf, write_pdf


class PdfExportJob(QObject):
    """Exports ``targets`` ((release id, path) pairs) in order; ``done`` carries the results
    written when the last is written, one fails (the user is told why) or the user cancels."""

    done = Signal(list)                 # the PdfExportResults written, in order

    def __init__(self, controller, targets: list[tuple[int, str]], options: PdfOptions, parent=None,
                 dialog=None):
        super().__init__(parent)
        self.controller = controller
        self.targets = targets
        self.options = options
        self.dialog = dialog            # a QProgressDialog for several files, with Cancel
        self.results: list = []
        self.running = False
        self.worker: CareWorker | None = None
        self._cancelled = False
        if dialog is not None:
            dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.running = True
        self._next()

    def cancel(self) -> None:
        """Export no further file; the one being written is finished."""
        self._cancelled = True

    def wait(self) -> None:
        """Block until the file being written is written (the window is closing)."""
        if self.worker is not None:
            self.worker.wait()

    def _next(self) -> None:
        index = len(self.results)
        if self._cancelled or index == len(self.targets):
            self._finish()
            return
        release_id, path = self.targets[index]
        if self.dialog is not None:
            self.dialog.setValue(index)
            self.dialog.setLabelText(f"Exporting {Path(path).name[:70]}…")
        material = self.controller.pdf_export_material(release_id, self.options)
        if material is None:
            self._finish()
            return
        self.worker = CareWorker(lambda _report: _painted_and_written(material, path), self,
                                 doing="annotated PDF export")
        self.worker.finished_with.connect(self._on_written, Qt.ConnectionType.QueuedConnection)
        self.worker.start()

    def _on_written(self, result) -> None:
        self.worker.wait()
        self.worker.deleteLater()
        self.worker = None
        if isinstance(result, AnnotationsError):
            self.controller.error.emit(str(result))
            self._finish()
            return
        self.results.append(result)
        self._next()

    def _finish(self) -> None:
        if self.dialog is not None:
            self.dialog.setValue(len(self.targets))
            self.dialog.reset()
            self.dialog.deleteLater()
        self.running = False
        self.done.emit(self.results)


def _painted_and_written(material, path: str):
    with _collector_paused():
        return write_pdf(paint_pdf(material), path)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off for the block, if it was on (see the module's docstring)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

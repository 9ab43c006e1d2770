"""Annotated PDFs exported from the window without freezing it.

Qt paints each PDF on the window's thread (a tenth of a second for a long release); pypdf's
annotation objects and text repairs, and the file's writing, take seconds for a long
right-to-left or CJK release and run on a worker (``CareWorker``), one file at a time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from annotations.errors import AnnotationsError

from ..library_care import CareWorker
from .export import PdfOptions, write_pdf


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
        painted = self.controller.paint_pdf(release_id, self.options)
        if painted is None:
            self._finish()
            return
        self.worker = CareWorker(lambda _report: write_pdf(painted, path), self, doing="annotated PDF export")
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

"""Opening a library made by an older Communiqué: backed up and upgraded on a worker, with progress.

A library at an older schema is backed up, then migrated, as it opens (``Library``). At 100,000
releases that is a minute of backup and many more of rebuilding the search index (README), so the
window's start runs the open on a ``CareWorker`` and shows, in plain words, what is happening; the
main window is built once the library is open. The dialog cannot be cancelled, and says so: a
migration must finish (one killed is rolled back to its last whole step, so the library still
opens), but the window's thread only relays progress, so the dialog repaints all along.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QVBoxLayout

from .library_care import CareWorker


def open_library(path: Path):
    """The Library at ``path``; when it must be upgraded first, that runs on a worker behind an
    ``UpgradeDialog`` while events go on. Raises what ``Library`` raises (AnnotationsError)."""
    from annotations.library import Library
    from annotations.library_file import upgrade_pending

    if not upgrade_pending(path):
        return Library(path)            # opening takes milliseconds (README, "Backups")
    dialog = UpgradeDialog(path)
    worker = CareWorker(lambda report: Library(path, progress=report), doing="upgrade")
    outcome = []
    waiting = QEventLoop()
    worker.progress.connect(dialog.show_progress)
    worker.finished_with.connect(lambda result: (outcome.append(result), waiting.quit()),
                                 Qt.ConnectionType.QueuedConnection)
    dialog.show()
    worker.start()
    waiting.exec()
    worker.wait()
    dialog.done(0)
    dialog.deleteLater()
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


class UpgradeDialog(QDialog):
    """What the upgrade is doing and how far it is; it stays until the upgrade ends."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Upgrading the Library")
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        explanation = QLabel(f"{path} was made by an earlier version of Communiqué. It is backed up, then "
                             "upgraded for this version. This must finish before the library opens (it cannot "
                             "be cancelled); nothing in it is lost.", self)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.doing = QLabel("Getting ready…", self)
        self.doing.setWordWrap(True)
        layout.addWidget(self.doing)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setFormat("%p%")
        layout.addWidget(self.bar)
        self.resize(560, self.sizeHint().height())

    def show_progress(self, fraction: float, doing: str) -> None:
        self.doing.setText(doing)
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))

    def reject(self) -> None:
        """Escape does not stop an upgrade."""

    def closeEvent(self, event) -> None:
        event.ignore()

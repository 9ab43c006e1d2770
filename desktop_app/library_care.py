"""The window's care of the library file: the check and backup after it opens, Back Up Now,
Restore from Backup…, and what to do about a damaged library. Every long job runs on a worker
thread (``CareWorker``), so the window never waits on the disk.

After the window appears, every page is checked in the background (a few seconds at 100,000
releases) and, on the day's first open, a backup is written. A damaged library is switched to
read-only and the user is offered the newest backup or a rescue into a new file.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox,
                               QProgressDialog, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from annotations import backups
from annotations.errors import AnnotationsError

from .controller import Controller


class CareWorker(QThread):
    """Runs ``job(progress)`` off the window's thread; ``finished_with`` carries its result or the
    AnnotationsError / Cancelled it raised."""

    progress = Signal(float, str)
    finished_with = Signal(object)

    def __init__(self, job: Callable[[backups.Progress], object], parent=None,
                 doing: str = "backup, check or restore"):
        super().__init__(parent)
        self._job = job
        self._doing = doing             # for the sentence an unexpected failure ends in
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        try:
            result = self._job(self._report)
        except (AnnotationsError, backups.Cancelled) as error:
            result = error
        except Exception as error:      # a job must always finish: the library may be closed for it
            logging.getLogger("communique").exception("The library's %s failed", self._doing)
            result = AnnotationsError(f"The library's {self._doing} failed unexpectedly "
                                      f"({type(error).__name__}: {error}); the details are in the log.")
        self.finished_with.emit(result)

    def _report(self, fraction: float, doing: str) -> bool:
        self.progress.emit(fraction, doing)
        return not self._cancelled


class LibraryCare(QObject):
    """Owned by the main window: starts the jobs, shows their progress, tells the user the outcome."""

    state_changed = Signal()            # the library was restored, or found damaged

    def __init__(self, controller: Controller, window):
        super().__init__(window)
        self.controller = controller
        self.window = window
        self.worker: CareWorker | None = None
        self.remedies_box: QMessageBox | None = None      # the offer shown for a damaged library
        self.backups_dialog: BackupsDialog | None = None
        self.last_outcome = ""                            # what the status bar last said about it
        self._read_only_label = QLabel("")
        window.statusBar().addPermanentWidget(self._read_only_label)
        self._show_state()

    @property
    def library(self):
        return self.controller.library

    # After opening --------------------------------------------------------------------------

    def check_after_open(self) -> None:
        """Check every page in the background; back up if none was written today."""
        if self.library.read_only:
            self.offer_remedies()
            return
        self._start(lambda report: backups.daily_care(self.library.path, progress=report), self._on_checked)

    def _on_checked(self, result) -> None:
        if isinstance(result, (AnnotationsError, backups.Cancelled)):
            self._tell(f"The daily backup was not written: {result}" if isinstance(result, AnnotationsError) else "")
            return
        found, backup = result
        if found:
            self.library.mark_damaged(found)
            self._show_state()
            self.state_changed.emit()
            self.offer_remedies()
            return
        if self.library.full_check_due():
            self.library.record_full_check()
        if backup is not None:
            self._tell(f"Checked the library and backed it up to {backup.path}.")

    def offer_remedies(self) -> None:
        """Say what is wrong, in one sentence, and offer the newest backup or a rescue."""
        box = QMessageBox(QMessageBox.Icon.Warning, "The library is damaged", str(self.library.damaged_error()),
                          QMessageBox.StandardButton.NoButton, self.window)
        newest = next(iter(backups.list_backups(self.library.path)), None)
        if newest is not None:
            restore = box.addButton(f"Restore the Backup of {newest.created[:16].replace('T', ' ')}",
                                    QMessageBox.ButtonRole.AcceptRole)
            restore.clicked.connect(lambda: self.restore(Path(newest.path)))
        rescue = box.addButton("Rescue into a New File…", QMessageBox.ButtonRole.ActionRole)
        rescue.clicked.connect(self.rescue)
        box.addButton("Keep Reading", QMessageBox.ButtonRole.RejectRole)
        self.remedies_box = box
        box.open()

    # Menu commands ---------------------------------------------------------------------------

    def back_up_now(self) -> CareWorker | None:
        return self._start(lambda report: backups.write_backup(self.library.path, "manual", progress=report),
                           self._on_backed_up, title="Back Up")

    def _on_backed_up(self, result) -> None:
        if isinstance(result, backups.Backup):
            self._tell(f"Backed up {result.releases} releases and {result.annotations} annotations to {result.path}.")
        elif isinstance(result, AnnotationsError):
            self.controller.error.emit(str(result))

    def restore_from_backup(self) -> BackupsDialog:
        """The list of backups (date, size, releases, annotations); pick one to restore."""
        dialog = BackupsDialog(backups.list_backups(self.library.path), self.window)
        dialog.chosen.connect(self.restore)
        dialog.rescue_requested.connect(self.rescue)
        self.backups_dialog = dialog
        dialog.open()
        return dialog

    def restore(self, backup_path: Path, any_library: bool = False) -> CareWorker | None:
        """Close the library, restore (verified, the old file kept aside) off the thread, reopen.
        ``any_library``: the user picked the file (From a File…), so it need not be this library's."""
        if self.worker is not None:
            return None
        self.controller.stop_watching()
        self.library.close()
        return self._start(lambda report: backups.restore(self.library.path, backup_path, progress=report,
                                                          any_library=any_library),
                           lambda result: self._on_restored(result, backup_path), title="Restore")

    def _on_restored(self, result, backup_path: Path) -> None:
        try:
            self.library.reopen()               # the restored file, or the untouched old one on failure
        except AnnotationsError as error:
            self.controller.error.emit(str(error))
            return
        self.controller.library_replaced()
        self._show_state()
        self.state_changed.emit()
        if isinstance(result, AnnotationsError):
            self.controller.error.emit(str(result))
        elif not isinstance(result, backups.Cancelled):
            kept = f"; the library as it was is kept as {result}" if result else ""
            self._tell(f"Restored the library from {backup_path}{kept}.")

    def rescue(self, new_path: str | None = None) -> CareWorker | None:
        """Copy what can be read into a new library (asks where, unless told)."""
        from annotations.rescue import rescue

        if not new_path:
            suggested = self.library.path.with_name(f"{self.library.path.stem}-rescued-"
                                                    f"{datetime.now():%Y-%m-%dT%H%M}.sqlite3")
            new_path, _ = QFileDialog.getSaveFileName(self.window, "Rescue into a New Library", str(suggested),
                                                      "Communiqué library (*.sqlite3)")
            if not new_path:
                return None
        return self._start(lambda report: (rescue(self.library.path, Path(new_path)), new_path),
                           self._on_rescued, title="Rescue")

    def _on_rescued(self, result) -> None:
        if isinstance(result, AnnotationsError):
            self.controller.error.emit(str(result))
            return
        report, new_path = result
        self._tell(f"Rescued into {new_path}: {report.describe()}. Restore from it with File → Restore from "
                   "Backup… → From a File….")

    def shutdown(self) -> None:
        """Before the library closes: stop the job running, if any, and wait for it."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    # Plumbing -----------------------------------------------------------------------------------

    def _start(self, job, on_finished, title: str = "") -> CareWorker | None:
        """Run ``job`` on a worker; with a ``title``, a progress dialog appears after half a second."""
        if self.worker is not None:
            self._tell("The library is being backed up or checked; try again in a moment.")
            return None
        worker = CareWorker(job, self)
        dialog = None
        if title:
            dialog = QProgressDialog(f"{title}…", "Cancel", 0, 100, self.window)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(500)
            dialog.canceled.connect(worker.cancel)
            worker.progress.connect(lambda fraction, doing: (dialog.setValue(int(fraction * 100)),
                                                             dialog.setLabelText(doing.capitalize() + "…")))
        else:
            worker.progress.connect(lambda fraction, doing: self.window.statusBar().showMessage(
                f"Library: {doing}…", 2000))

        def finished(result) -> None:
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()
            worker.wait()
            self.worker = None
            on_finished(result)

        worker.finished_with.connect(finished, Qt.ConnectionType.QueuedConnection)
        self.worker = worker
        worker.start(QThread.Priority.LowPriority)
        return worker

    def _tell(self, message: str) -> None:
        self.last_outcome = message
        if message:
            self.window.statusBar().showMessage(message, 15000)

    def _show_state(self) -> None:
        self._read_only_label.setText("Read-only: the library is damaged" if self.library.read_only else "")


class BackupsDialog(QDialog):
    """The library's backups, newest first; Restore replaces the library by the one selected."""

    chosen = Signal(object, bool)       # Path of the backup (or library file) to restore; picked From a File…
    rescue_requested = Signal()

    def __init__(self, found: list[backups.Backup], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        self.backups = found
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Restoring replaces the library by the backup; the library as it is now is "
                                "kept beside it, so nothing is lost." if found else "There are no backups yet."))
        self.table = QTableWidget(len(found), 5, self)
        self.table.setHorizontalHeaderLabels(["Date", "Size", "Releases", "Annotations", "Why"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, backup in enumerate(found):
            cells = [backup.created[:16].replace("T", " "), f"{backup.size / 1e6:,.1f} MB", f"{backup.releases:,}",
                     f"{backup.annotations:,}", backup.reason]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if found:
            self.table.selectRow(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(found))
        from_file = QPushButton("From a File…", self)
        buttons.addButton(from_file, QDialogButtonBox.ButtonRole.ActionRole)
        rescue = QPushButton("Rescue into a New File…", self)
        buttons.addButton(rescue, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._on_restore)
        from_file.clicked.connect(self._on_from_file)
        rescue.clicked.connect(lambda: (self.reject(), self.rescue_requested.emit()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _on_restore(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.accept()
            self.chosen.emit(Path(self.backups[rows[0].row()].path), False)

    def _on_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Restore from a File", "",
                                              f"Backups and libraries (*{backups.SUFFIX} *.sqlite3)")
        if path:
            self.accept()
            self.chosen.emit(Path(path), True)


def open_or_offer_backup(library_path: Path, error: AnnotationsError):
    """The library could not be opened at all (its header or schema is damaged, say): tell the user
    in one sentence and, when it has backups, offer the newest (the file as it is stays beside it).
    Returns the restored Library, or None."""
    from annotations.library import Library

    newest = next(iter(backups.list_backups(library_path)), None)
    if newest is None:
        QMessageBox.critical(None, "Communiqué", str(error))
        return None
    answer = QMessageBox.question(
        None, "Communiqué", f"{error}\n\nRestore its newest backup, of {newest.created[:16].replace('T', ' ')} "
        f"({newest.releases:,} releases, {newest.annotations:,} annotations)? The file as it is now is kept beside it.")
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        backups.restore(library_path, Path(newest.path))
        return Library(library_path)
    except AnnotationsError as failure:
        QMessageBox.critical(None, "Communiqué", str(failure))
        return None

"""Exports behave like files the user made: where the save dialog starts, and whose name they carry.

The dialog starts in the folder of the last export (else the user's Documents folder) with a
file name of whole words; the analyst's name is asked for on the first PDF export and kept in
Preferences, never taken from the login account.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from annotations.exporters import export_file_name
from annotations.models import Release

from .. import settings as options


def start_folder(settings) -> Path:
    """The folder of the last export if it still exists, else Documents (else home)."""
    last = settings.get(options.LAST_EXPORT_FOLDER)
    if last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def suggested_path(settings, release: Release, suffix: str) -> str:
    return str(start_folder(settings) / export_file_name(release, suffix))


def remember_folder(settings, path: str | Path) -> None:
    """The next save dialog starts where this export went (a folder export: that folder)."""
    path = Path(path)
    settings.set(options.LAST_EXPORT_FOLDER, str(path if path.is_dir() else path.parent))


def ensure_analyst_name(parent, settings) -> bool:
    """On the first export, ask whose name goes on it; False if the user cancelled the export.

    Asked once: an empty answer is respected (the PDF then names no one), and Preferences can
    change it later.
    """
    if settings.get(options.ANALYST_NAME) or settings.get(options.ANALYST_ASKED):
        return True
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Your name on exports")
    dialog.setLabelText("Your name, as exported PDFs should show it\n(Edit → Preferences changes it later):")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setAccessibleName("Your name on exports")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    settings.set(options.ANALYST_NAME, " ".join(dialog.textValue().split()))
    settings.set(options.ANALYST_ASKED, True)
    return True

"""Preferences: who the analyst is and the paper size, both used by the annotated PDF."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from .. import settings as options
from ..pdf.export import PAGE_SIZES, default_page_size


class PreferencesDialog(QDialog):
    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.analyst = QLineEdit(settings.get(options.ANALYST_NAME), self)
        self.analyst.setPlaceholderText("Your name, as it appears on exported PDFs")
        self.page_size = QComboBox(self)
        self.page_size.addItem(f"From the locale ({default_page_size()})", "")
        for name in PAGE_SIZES:
            self.page_size.addItem(name, name)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(settings.get(options.PDF_PAGE_SIZE))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Analyst name:", self.analyst)
        form.addRow("PDF paper size:", self.page_size)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        self._settings.set(options.ANALYST_NAME, self.analyst.text().strip())
        self._settings.set(options.PDF_PAGE_SIZE, self.page_size.currentData())
        super().accept()

"""Preferences: who the analyst is and the paper size (the annotated PDF), and the codebook."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLineEdit, QVBoxLayout

from .. import settings as options
from ..pdf.export import PAGE_SIZES, default_page_size


class PreferencesDialog(QDialog):
    def __init__(self, settings, parent=None, controller=None):
        super().__init__(parent)
        self._controller = controller
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.analyst = QLineEdit(settings.get(options.ANALYST_NAME), self)
        self.analyst.setAccessibleName("Analyst name")
        self.analyst.setPlaceholderText("Your name, as it appears on exported PDFs")
        self.page_size = QComboBox(self)
        self.page_size.setAccessibleName("PDF paper size")
        self.page_size.addItem(f"From the locale ({default_page_size()})", "")
        for name in PAGE_SIZES:
            self.page_size.addItem(name, name)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(settings.get(options.PDF_PAGE_SIZE))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Analyst name:", self.analyst)
        form.addRow("PDF paper size:", self.page_size)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.codebook = None
        if controller is not None:
            from .codebook import CodebookEditor

            group = QGroupBox("Codebook: what each colour means (keys 1–8, in this order)", self)
            self.codebook = CodebookEditor(controller.codebook(), group)
            QVBoxLayout(group).addWidget(self.codebook)
            layout.addWidget(group)
        layout.addWidget(buttons)
        self.setMinimumWidth(560 if controller is not None else 420)

    def accept(self) -> None:
        self._settings.set(options.ANALYST_NAME, self.analyst.text().strip())
        self._settings.set(options.PDF_PAGE_SIZE, self.page_size.currentData())
        if self.codebook is not None and self.codebook.entries() != self._controller.codebook():
            self._controller.set_codebook(self.codebook.entries())
        super().accept()

"""Release Details: the analyst corrects the title, issuer, date and language import derived."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

import re

from annotations.dates import parse_date
from annotations.errors import AnnotationsError
from annotations.models import Release
from annotations.release_edits import EDITABLE_FIELDS, checked_metadata

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LABELS = {"title": "&Title:", "issuer": "&Issuer:", "date": "&Date:", "language": "&Language:"}
_HINTS = {"title": "The release's headline", "issuer": "Who issued it (ministry, company, office …)",
          "date": "YYYY-MM-DD (or as written: 10 Aug 2015), empty if none", "language": "A tag such as en, fr, ja, pt-BR"}


class ReleaseDetailsDialog(QDialog):
    """A small form; OK saves through the controller (one undoable step), a bad value is explained in place."""

    def __init__(self, controller, release: Release, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Release Details")
        self._controller = controller
        self._release = release
        edited = controller.library.edited_fields(release.id)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for name in EDITABLE_FIELDS:
            field = QLineEdit(getattr(release, name), self)
            field.setPlaceholderText(_HINTS[name])
            field.setAccessibleName(name.capitalize())
            field.setToolTip("Corrected by you: importing again keeps it" if name in edited else
                             "Found at import; what you type here is kept")
            label = QLabel(_LABELS[name], self)
            label.setBuddy(field)
            form.addRow(label, field)
            self.fields[name] = field
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c92a2a;")
        self.problem.hide()
        form.addRow(self.problem)
        form.addRow(QLabel(f"Source: {release.source_path or '—'}", self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    def accept(self) -> None:
        values = {name: field.text() for name, field in self.fields.items()}
        written = values["date"].strip()
        if written and not _ISO_DATE.fullmatch(written):
            # "10 Aug 2015", "20 декабря 2024": read as import reads dates, shown before it is saved
            understood = parse_date(written, values["language"].strip())
            if understood:
                self.fields["date"].setText(understood)
                values["date"] = understood
        try:
            checked_metadata(**values)
        except AnnotationsError as error:
            self.problem.setText(str(error))
            self.problem.show()
            self.adjustSize()
            return
        if self._controller.edit_release(self._release.id, **values):
            super().accept()

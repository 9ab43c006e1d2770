"""Filters over the annotation pane: by colour, by tag, and "has a note"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from annotations.models import Annotation, CodebookEntry

from ..actions import color_icon


class PaneFilters(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.color = QComboBox(self)
        self.color.setAccessibleName("Show annotations of colour")
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Show annotations with tag")
        self.has_note = QCheckBox("With a note", self)
        self.has_note.setAccessibleName("Show only annotations with a note")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.color, 1)
        layout.addWidget(self.tag, 1)
        layout.addWidget(self.has_note)
        self.color.currentIndexChanged.connect(self.changed)
        self.tag.currentIndexChanged.connect(self.changed)
        self.has_note.toggled.connect(self.changed)
        for box in (self.color, self.tag):      # narrow docks give way: a choice may shrink to a few letters
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(3)

    def set_choices(self, codebook: list[CodebookEntry], tags: list[str]) -> None:
        """Offer the codebook's colours and the tags shown; keep what was chosen where still offered."""
        for box, items, everything in ((self.color, [(color_icon(e.color), e.name, e.color) for e in codebook],
                                        "All colours"),
                                       (self.tag, [(None, tag, tag) for tag in tags], "All tags")):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, "")
            for icon, text, data in items:
                if icon is None:
                    box.addItem(text, data)
                else:
                    box.addItem(icon, text, data)
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.blockSignals(False)

    def matches(self, annotation: Annotation) -> bool:
        color, tag = self.color.currentData(), self.tag.currentData()
        return ((not color or annotation.color == color)
                and (not tag or tag.lower() in (t.lower() for t in annotation.tags))
                and (not self.has_note.isChecked() or bool(annotation.note.strip())))

    def active(self) -> bool:
        return bool(self.color.currentData() or self.tag.currentData() or self.has_note.isChecked())

    def tab_stops(self) -> list[QWidget]:
        return [self.color, self.tag, self.has_note]

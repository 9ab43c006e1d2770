"""The codebook in the window: highlight actions named and keyed by it, a legend, and its editor.

The codebook lives in the library (``Library.codebook``); these widgets show it and change it
through the controller. Keys 1–8 follow its order; palette colours outside it are hidden.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from annotations.models import MAX_CODEBOOK, PALETTE, CodebookEntry

from ..actions import color_icon


def apply_codebook(actions: dict[str, QAction], codebook: list[CodebookEntry]) -> None:
    """Name, describe and key (1–8, in order) each colour's highlight action; hide the unused."""
    keys = {entry.color: (number, entry) for number, entry in enumerate(codebook, start=1)}
    for color in PALETTE:
        action = actions[f"highlight_{color}"]
        number, entry = keys.get(color, (None, None))
        action.setVisible(entry is not None)
        action.setShortcut(str(number) if number else "")
        if entry is not None:
            action.setText(f"Highlight: {entry.name}")
            tip = f"{entry.name} — key {number}" + (f": {entry.description}" if entry.description else "")
            action.setToolTip(tip)
            action.setStatusTip(tip)


class CodebookLegend(QWidget):
    """Key, swatch and name of each colour in the codebook; the description as a tooltip."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Codebook: what each colour means")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(10, 2, 6, 2)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(1)

    def show_codebook(self, codebook: list[CodebookEntry]) -> None:
        while self._grid.count():
            self._grid.takeAt(0).widget().deleteLater()
        for row, entry in enumerate(codebook):
            key = QLabel(f"<b>{row + 1}</b>", self)
            swatch = QLabel(self)
            swatch.setPixmap(color_icon(entry.color).pixmap(14, 14))
            name = QLabel(entry.name, self)
            name.setWordWrap(True)
            for label in (key, swatch, name):
                label.setToolTip(entry.description or entry.name)
            name.setAccessibleName(f"Key {row + 1}: {entry.name}. {entry.description}")
            self._grid.addWidget(key, row // 2, 3 * (row % 2))
            self._grid.addWidget(swatch, row // 2, 3 * (row % 2) + 1)
            self._grid.addWidget(name, row // 2, 3 * (row % 2) + 2)
        self._grid.setColumnStretch(2, 1)
        self._grid.setColumnStretch(5, 1)

    def names(self) -> list[str]:
        return [self._grid.itemAtPosition(row // 2, 3 * (row % 2) + 2).widget().text()
                for row in range(self._grid.count() // 3)]


class CodebookEditor(QWidget):
    """Preferences → Codebook: a name and a one-line description per colour; Add colour up to eight."""

    changed = Signal()

    def __init__(self, codebook: list[CodebookEntry], parent=None):
        super().__init__(parent)
        self._rows: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        self._grid = QGridLayout()
        self._grid.addWidget(QLabel("Key"), 0, 0)
        self._grid.addWidget(QLabel("Name"), 0, 2)
        self._grid.addWidget(QLabel("Description (one line)"), 0, 3)
        for entry in codebook:
            self._add_row(entry)
        self._more = QComboBox(self)
        self._more.setAccessibleName("Colour to add to the codebook")
        self._add = QPushButton("&Add Colour", self)
        self._add.clicked.connect(self._on_add)
        add_row = QHBoxLayout()
        add_row.addWidget(self._more)
        add_row.addWidget(self._add)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self._grid)
        layout.addLayout(add_row)
        layout.addStretch(1)
        self._refresh_more()

    def _add_row(self, entry: CodebookEntry) -> None:
        row = len(self._rows) + 1
        swatch = QLabel(self)
        swatch.setPixmap(color_icon(entry.color).pixmap(18, 18))
        name, description = QLineEdit(entry.name, self), QLineEdit(entry.description, self)
        name.setAccessibleName(f"Name of key {row} ({entry.color})")
        description.setAccessibleName(f"Description of key {row} ({entry.color})")
        self._grid.addWidget(QLabel(str(row), self), row, 0)
        self._grid.addWidget(swatch, row, 1)
        self._grid.addWidget(name, row, 2)
        self._grid.addWidget(description, row, 3)
        self._rows[entry.color] = (name, description)

    def _refresh_more(self) -> None:
        self._more.clear()
        for color in PALETTE:
            if color not in self._rows:
                self._more.addItem(color_icon(color), color, color)
        full = len(self._rows) >= MAX_CODEBOOK
        self._more.setEnabled(not full)
        self._add.setEnabled(not full)

    def _on_add(self) -> None:
        color = self._more.currentData()
        if color:
            self._add_row(CodebookEntry(color, color.capitalize(), ""))
            self._rows[color][0].setFocus()
            self._rows[color][0].selectAll()
            self._refresh_more()

    def entries(self) -> list[CodebookEntry]:
        """What the editor holds now, in key order (empty names fall back to the colour's name)."""
        return [CodebookEntry(color, name.text().strip() or color.capitalize(), description.text().strip())
                for color, (name, description) in self._rows.items()]

    def field(self, color: str, which: int = 0) -> QLineEdit:
        return self._rows[color][which]

"""Find in the open release (Ctrl+F), apart from searching the library (Ctrl+K).

Matches are found in the release's canonical text with the library search's own folding (case,
accents, width; words inside Japanese or Khmer text), marked in the reader, and stepped through
with Enter / Shift+Enter or F3 / Shift+F3. Esc closes the bar and clears the marks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotations.search_text import MatchFinder, SearchTerm

from .reader import ReaderView


class FindBar(QWidget):
    def __init__(self, reader: ReaderView, parent=None):
        super().__init__(parent)
        self._reader = reader
        self._text = ""                    # the release text matches are found in
        self.box = QLineEdit(self)
        self.box.setPlaceholderText("Find in this release")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.count = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self.box, 1)
        layout.addWidget(self.count)
        for text, tip, slot in (("▲", "Previous match (Shift+F3)", lambda: self.step(-1)),
                                ("▼", "Next match (F3)", lambda: self.step(1)),
                                ("✕", "Close (Esc)", self.close_bar)):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            layout.addWidget(button)
        self.box.textChanged.connect(self._on_text_changed)
        self.hide()

    def open_bar(self, text: str) -> None:
        """Show the bar over the open release's ``text``, the box focused with what was typed last."""
        self._text = text
        self.show()
        self.box.setFocus()
        self.box.selectAll()
        self._on_text_changed(self.box.text())

    def release_changed(self, text: str) -> None:
        """Another release opened: find the same words in it (if the bar is open)."""
        self._text = text
        if self.isVisible():
            self._on_text_changed(self.box.text())

    def close_bar(self) -> None:
        self.hide()
        self._reader.set_matches([])
        self._reader.setFocus()

    def step(self, step: int) -> None:
        self._reader.step_match(step)
        self._show_count()

    def _on_text_changed(self, typed: str) -> None:
        finder = MatchFinder([SearchTerm(typed.strip(), prefix=True)]) if typed.strip() else None
        self._reader.set_matches(finder.spans(self._text) if finder else [])
        if self._reader.matches:
            self._reader.step_match(1)
        self._show_count()

    def _show_count(self) -> None:
        matches = self._reader.matches
        if not self.box.text().strip():
            self.count.setText("")
        elif not matches:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self._reader.match_index + 1} of {len(matches)}")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
        return super().eventFilter(watched, event)

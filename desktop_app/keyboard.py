"""A keyboard-only day: where Tab goes, and where single-key shortcuts may fire.

Tab and Shift+Tab cycle through the window's regions in a fixed order (library, reader,
annotation pane, search), each region giving its own stops; Qt's default chain follows widget
creation order and lets the library table keep Tab for itself.
Single-key shortcuts (1–8, N, Delete) act only with the focus in the reader or the annotation
pane, so typing in the library list or the search box never highlights or deletes anything.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

Stops = Callable[[], list[QWidget]]


class FocusCycle:
    """The regions' tab stops, in order; ``move`` goes to the next or previous one, wrapping."""

    def __init__(self, regions: Iterable[Stops]):
        self._regions = list(regions)

    def stops(self) -> list[QWidget]:
        return [widget for region in self._regions for widget in region()
                if widget.isVisible() and widget.isEnabled()]

    def move(self, forward: bool) -> bool:
        """Move the focus; False when the focus is outside every region (Qt's own order applies)."""
        stops = self.stops()
        focus = QApplication.focusWidget()
        if focus is None:
            return False
        # The stop that is the focus, else the innermost stop holding it (a card holds its note).
        row = next((row for row, widget in enumerate(stops) if widget is focus), None)
        if row is None:
            row = next((row for row, widget in reversed(list(enumerate(stops))) if widget.isAncestorOf(focus)), None)
        if row is None:
            return False
        target = stops[(row + (1 if forward else -1)) % len(stops)]
        target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True


def confine_to(actions: Iterable[QAction], widgets: Iterable[QWidget]) -> None:
    """Let ``actions``' shortcuts fire only while the focus is inside one of ``widgets``."""
    widgets = list(widgets)
    for action in actions:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in widgets:
            widget.addAction(action)

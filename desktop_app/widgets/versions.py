"""Versions in the window: the bar above the reader (which version this is, the others, what changed)
and the diff view between two versions.

The bar lists the open release's versions; picking one opens it, *Compare…* shows what changed
from the previous version (or between any two picked in the dialog). The diff is drawn from
``annotations.diffing``: removed words struck through in red, added words underlined in green,
and a change to a number, date, name or quoted words in bold on a stronger colour, so figures
stand out from rewording.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton,
                               QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from annotations.diffing import Change, summary

DELETED = "background:#ffe3e3; color:#a61e4d; text-decoration:line-through;"
INSERTED = "background:#d3f9d8; color:#2b8a3e; text-decoration:underline;"
EMPHASIS = "font-weight:bold; background:#ffd43b; color:#000000;"
WHAT_EMPHASIS_MEANS = {"number": "figure", "date": "date", "name": "name", "quotation": "quotation"}


def _span(text: str, style: str, title: str = "") -> str:
    escaped = html.escape(text).replace("\n", "<br>")
    return f'<span style="{style}" title="{html.escape(title)}">{escaped}</span>' if text else ""


def _marked(change: Change, side: str) -> str:
    text = change.old_text if side == "old" else change.new_text
    style = DELETED if side == "old" else INSERTED
    if change.emphasised:
        style += EMPHASIS
    return _span(text, style, ", ".join(WHAT_EMPHASIS_MEANS[kind] for kind in sorted(change.emphasis)))


def diff_html(old: str, new: str, changes: list[Change], side: str = "inline") -> str:
    """The text with its changes marked: ``inline`` (both), ``old`` or ``new`` (one side each)."""
    text = new if side == "new" else old
    parts, position = [], 0
    for change in changes:
        start, end = (change.new_start, change.new_end) if side == "new" else (change.old_start, change.old_end)
        parts.append(html.escape(text[position:start]).replace("\n", "<br>"))
        if side == "inline":
            parts.append(_marked(change, "old") + _marked(change, "new"))
        else:
            parts.append(_marked(change, side))
        position = end
    parts.append(html.escape(text[position:]).replace("\n", "<br>"))
    return f'<div style="line-height:140%">{"".join(parts)}</div>'


class DiffDialog(QDialog):
    """What changed between two versions: the summary line, then inline and side-by-side views."""

    def __init__(self, library, old_id: int, new_id: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Changes from release {old_id} to release {new_id}")
        self.resize(1000, 700)
        old, new = library.release(old_id), library.release(new_id)
        self.changes = library.changes_between(old_id, new_id)
        self.summary = QLabel(summary(self.changes), self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight:600; padding:4px;")
        self.tabs = QTabWidget(self)
        self.inline = QTextBrowser(self)
        self.inline.setHtml(diff_html(old.text, new.text, self.changes, "inline"))
        self.old_side, self.new_side = QTextBrowser(self), QTextBrowser(self)
        self.old_side.setHtml(diff_html(old.text, new.text, self.changes, "old"))
        self.new_side.setHtml(diff_html(old.text, new.text, self.changes, "new"))
        sides = QSplitter(self)
        sides.addWidget(self.old_side)
        sides.addWidget(self.new_side)
        self.tabs.addTab(self.inline, "Inline")
        self.tabs.addTab(sides, "Side by side")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)


class VersionBar(QWidget):
    """Above the reader: "Version 2 of 3", the other versions to open, and *Compare…*."""

    version_picked = Signal(int)            # a release id to open

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self._controller = controller
        self._versions = []
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Versions of this release")
        self.picker.activated.connect(self._on_picked)
        self.compare_button = QPushButton("Compare…", self)
        self.compare_button.setToolTip("What changed from the previous version")
        self.compare_button.clicked.connect(self.compare_with_previous)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.picker)
        layout.addWidget(self.compare_button)
        self.setStyleSheet("VersionBar { background: #fff4e6; border-bottom: 1px solid #ffd8a8; }")
        self.dialog: DiffDialog | None = None
        controller.release_opened.connect(lambda release: self.refresh())
        controller.releases_changed.connect(self.refresh)
        self.hide()

    def refresh(self) -> None:
        """Shown only for a release with more than one version."""
        release = self._controller.current_release
        self._versions = self._controller.versions()
        if release is None or len(self._versions) < 2:
            self.hide()
            return
        number = next(n for n, version in enumerate(self._versions, start=1) if version.id == release.id)
        current = self._versions[number - 1]
        text = f"<b>Version {number} of {len(self._versions)}</b> · imported {current.imported_at[:10]}"
        if current.previous_id is not None:
            text += f" · {html.escape(current.changes)}"
        if number < len(self._versions):
            text += " · <b>a newer version exists</b>"
        self.label.setText(text)
        self.picker.clear()
        for n, version in enumerate(self._versions, start=1):
            self.picker.addItem(f"Version {n} — {version.imported_at[:10]} (release {version.id})", version.id)
        self.picker.setCurrentIndex(number - 1)
        self.compare_button.setEnabled(current.previous_id is not None)
        self.show()

    def _on_picked(self, index: int) -> None:
        release_id = self.picker.itemData(index)
        current = self._controller.current_release
        if release_id is not None and (current is None or current.id != release_id):
            self.version_picked.emit(release_id)

    def compare_with_previous(self) -> DiffDialog | None:
        release = self._controller.current_release
        previous = next((v.previous_id for v in self._versions if release and v.id == release.id), None)
        if previous is None:
            return None
        self.dialog = DiffDialog(self._controller.library, previous, release.id, self)
        self.dialog.open()
        return self.dialog


class LinkVersionDialog(QDialog):
    """Pick the release the open one is a new version of (releases of the same issuer or title first)."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        release = controller.current_release
        self.setWindowTitle("Mark as a new version")
        self.release_id = release.id
        self.picker = QComboBox(self)
        self.picker.setAccessibleName("Earlier version")
        summaries = [s for s in controller.library.release_summaries(0, 1000, sort="date") if s.id != release.id]
        summaries.sort(key=lambda s: (s.issuer.casefold() != release.issuer.casefold()
                                      and s.title.casefold() != release.title.casefold()))
        for s in summaries:
            self.picker.addItem(f"{s.id} · {s.date or 'undated'} · {s.issuer or 'no issuer'} · {s.title[:70]}", s.id)
        label = QLabel(f"“{release.title[:80]}” is a new version of:", self)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.picker)
        layout.addWidget(buttons)

    def previous_id(self) -> int | None:
        return self.picker.currentData()

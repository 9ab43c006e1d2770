"""The tag manager: every tag with its count; rename, merge into another tag, delete; undoable.

Merging is renaming onto a tag that exists. The changes go on the controller's tag history,
so Undo here (Ctrl+Z while the manager has focus) puts every touched annotation back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout)


class TagManager(QDialog):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.setAccessibleName("Tag manager")
        self._controller = controller

        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName("Tags and how many annotations carry each")
        self.table.setHorizontalHeaderLabels(["Tag", "Annotations"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(self._on_row_changed)

        self.new_name = QComboBox(self)
        self.new_name.setEditable(True)
        self.new_name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.new_name.setAccessibleName("New name, or a tag to merge into")
        self.new_name.lineEdit().setPlaceholderText("New name, or pick a tag to merge into")
        self.new_name.lineEdit().returnPressed.connect(self.rename_selected)
        label = QLabel("&Rename to:", self)
        label.setBuddy(self.new_name)
        self.rename_button = QPushButton("Rename / &Merge", self)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton("&Delete Tag", self)
        self.delete_button.setAccessibleName("Delete the selected tag from every annotation")
        self.delete_button.clicked.connect(self.delete_selected)

        # Actions (not button shortcuts, which click only after an animation): "Undo Rename tag …".
        stack = controller.tags_undo_stack
        self.undo_button, self.redo_button = QToolButton(self), QToolButton(self)
        for button, action, keys in (
                (self.undo_button, stack.createUndoAction(self, "Undo"), QKeySequence.StandardKey.Undo),
                (self.redo_button, stack.createRedoAction(self, "Redo"), QKeySequence("Ctrl+Shift+Z"))):
            action.setShortcut(keys)
            self.addAction(action)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        edit_row = QHBoxLayout()
        edit_row.addWidget(label)
        edit_row.addWidget(self.new_name, 1)
        edit_row.addWidget(self.rename_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.resize(460, 420)

        controller.tags_changed.connect(self.reload)
        controller.notice.connect(self.status.setText)
        self.reload()

    def reload(self) -> None:
        selected = self.selected_tag()
        counts = self._controller.tag_counts()
        self.table.setRowCount(len(counts))
        for row, tag in enumerate(counts):
            count = QTableWidgetItem(str(tag.count))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, QTableWidgetItem(tag.name))
            self.table.setItem(row, 1, count)
        self.new_name.clear()
        self.new_name.addItems([tag.name for tag in counts])
        self.new_name.setEditText("")
        names = [tag.name for tag in counts]
        if names:
            self.table.selectRow(names.index(selected) if selected in names else 0)
        self.rename_button.setEnabled(bool(names))
        self.delete_button.setEnabled(bool(names))

    def selected_tag(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.text() if item else None

    def _on_row_changed(self, row: int, *_) -> None:
        self.new_name.setEditText("")

    def rename_selected(self) -> None:
        old, new = self.selected_tag(), self.new_name.currentText().strip()
        if old and new and new != old and self._controller.rename_tag(old, new):
            self.status.setText(f"Renamed {old!r} to {new!r}.")

    def delete_selected(self) -> None:
        name = self.selected_tag()
        if name and self._controller.delete_tag(name):
            self.status.setText(f"Deleted the tag {name!r}; the annotations stay.")

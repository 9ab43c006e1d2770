"""The library list as a Qt table model that fetches rows a page at a time.

Only the rows scrolled into view are ever read, so a library of 100,000 releases opens as fast
as one of ten; sorting and filtering are done by SQLite, not in Python.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotations.errors import LibraryDamaged
from annotations.library import Library
from annotations.models import ReleaseSummary

PAGE_SIZE = 200
COLUMNS = [("title", "Title"), ("issuer", "Issuer"), ("date", "Date")]
RELEASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ReleaseListModel(QAbstractTableModel):
    def __init__(self, library: Library, parent=None):
        super().__init__(parent)
        self._library = library
        self._rows: list[ReleaseSummary] = []
        self._total = 0
        self._sort = "date"
        self._descending = True
        self._matching = ""
        self.reload()

    # Loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read from the first page (after an import, a sort, a new filter, or outside edits)."""
        self.beginResetModel()
        try:
            self._total = self._library.release_count(self._matching)
            self._rows = self._library.release_summaries(0, PAGE_SIZE, self._sort, self._descending, self._matching)
        except LibraryDamaged:          # the library is now read-only; the window offers a remedy
            self._total, self._rows = 0, []
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        if text != self._matching:
            self._matching = text
            self.reload()

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        try:
            page = self._library.release_summaries(len(self._rows), PAGE_SIZE, self._sort, self._descending,
                                                   self._matching)
        except LibraryDamaged:
            page = []
        if not page:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # Table -----------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(summary, COLUMNS[index.column()][0])
            return value or ("—" if role == Qt.ItemDataRole.DisplayRole else None)
        if role == RELEASE_ID_ROLE:
            return summary.id
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = COLUMNS[column][0]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def row_of(self, release_id: int) -> int:
        """The row showing ``release_id``, fetching further pages if needed; -1 when filtered out."""
        while True:
            for row, summary in enumerate(self._rows):
                if summary.id == release_id:
                    return row
            if not self.canFetchMore():
                return -1
            self.fetchMore()

    def release_id_at(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

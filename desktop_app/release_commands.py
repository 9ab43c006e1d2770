"""Undoable changes to a release as a whole: correcting its metadata, deleting it.

Like the annotation commands (undo.py), each redo and undo is one committed Library write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from .controller import Controller


class EditRelease(QUndoCommand):
    """Set title, issuer, date or language; undo puts back the values and which fields were edited."""

    def __init__(self, controller: "Controller", release_id: int, fields: dict[str, str]):
        super().__init__("Edit release details")
        self._controller = controller
        self._release_id = release_id
        library = controller.library
        release = library.release(release_id)
        self._before = {name: getattr(release, name) for name in fields}
        self._edited_before = library.edited_fields(release_id)
        self._after = fields

    def redo(self) -> None:
        self._controller.library.edit_release(self._release_id, **self._after)
        self._controller.notify_release_edited(self._release_id)

    def undo(self) -> None:
        self._controller.library.restore_metadata(self._release_id, self._before, self._edited_before)
        self._controller.notify_release_edited(self._release_id)


class DeleteRelease(QUndoCommand):
    """Delete a release with its annotations; undo puts it all back and opens it again."""

    def __init__(self, controller: "Controller", release_id: int, title: str):
        super().__init__(f"Delete “{title}”")
        self._controller = controller
        self._release_id = release_id
        self._deleted = None

    def redo(self) -> None:
        self._deleted = self._controller.library.delete_release(self._release_id, with_annotations=True)
        self._controller.notify_release_deleted(self._release_id)

    def undo(self) -> None:
        self._release_id = self._controller.library.restore_release(self._deleted)
        self._controller.notify_releases()
        self._controller.open_release(self._release_id)

"""Undoable annotation edits. Each command's redo/undo is one Library write, committed at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QUndoCommand

from annotations.models import Annotation

if TYPE_CHECKING:
    from .controller import Controller

_EDIT_NOTE_ID = 1001


class CreateAnnotation(QUndoCommand):
    """The first redo creates; undo deletes; later redos restore the very same annotation."""

    def __init__(self, controller: "Controller", create: Callable[[], Annotation], text: str):
        super().__init__(text)
        self._controller = controller
        self._create = create
        self.annotation: Annotation | None = None

    def redo(self) -> None:
        library = self._controller.library
        if self.annotation is None:
            self.annotation = self._create()
        else:
            self.annotation = library.restore_annotation(self.annotation)
        self._controller.notify_annotations(self.annotation.release_id)

    def undo(self) -> None:
        self.annotation = self._controller.library.delete_annotation(self.annotation.id)
        self._controller.notify_annotations(self.annotation.release_id)


class DeleteAnnotation(QUndoCommand):
    def __init__(self, controller: "Controller", annotation: Annotation):
        super().__init__("Delete annotation")
        self._controller = controller
        self._annotation = annotation

    def redo(self) -> None:
        self._annotation = self._controller.library.delete_annotation(self._annotation.id)
        self._controller.notify_annotations(self._annotation.release_id)

    def undo(self) -> None:
        self._annotation = self._controller.library.restore_annotation(self._annotation)
        self._controller.notify_annotations(self._annotation.release_id)


class ChangeAnnotation(QUndoCommand):
    """Set one field (note, colour or tags) from ``old`` to ``new``.

    Successive note edits on the same annotation merge into one undo step, so Ctrl+Z undoes a
    whole typing session rather than a debounce interval.
    """

    def __init__(self, controller: "Controller", annotation: Annotation, field: str, old, new):
        super().__init__({"note": "Edit note", "color": "Change colour", "tags": "Edit tags"}[field])
        self._controller = controller
        self._annotation_id = annotation.id
        self._release_id = annotation.release_id
        self._field = field
        self._old, self._new = old, new

    def _apply(self, value) -> None:
        library = self._controller.library
        setter = {"note": library.update_note, "color": library.set_color, "tags": library.set_tags}[self._field]
        setter(self._annotation_id, value)
        self._controller.notify_annotations(self._release_id)

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)

    def id(self) -> int:
        return _EDIT_NOTE_ID if self._field == "note" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeAnnotation) or other._annotation_id != self._annotation_id \
                or other._field != self._field:
            return False
        self._new = other._new
        return True

"""Undoable annotation edits. Each command's redo/undo is one Library write, committed at once.

Commands name their annotation by uuid (a row id can be reused once its row is deleted), and
check before acting that the annotation is still as they left it: one changed or deleted
meanwhile (another window, another process, a tag renamed) is not overwritten. Such a step is
refused: the user is told, and the step leaves the stack (Qt drops an obsolete command), so the
steps around it still undo and redo in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QUndoCommand

from annotations.models import Annotation

if TYPE_CHECKING:
    from .controller import Controller

_EDIT_NOTE_ID = 1001


def _content(annotation: Annotation | None) -> tuple | None:
    """What an undo step must find unchanged before it acts (None: the annotation is gone)."""
    if annotation is None:
        return None
    return (annotation.note, annotation.color, tuple(annotation.tags), annotation.position, annotation.quote)


class AnnotationCommand(QUndoCommand):
    """Shared by the commands: look the annotation up by uuid, refuse when it moved on."""

    def __init__(self, controller: "Controller", text: str):
        super().__init__(text)
        self._controller = controller

    def _current(self, uuid: str) -> Annotation | None:
        return self._controller.library.annotation_by_uuid(uuid)

    def _refuse(self, why: str) -> None:
        self.setObsolete(True)
        self._controller.notice.emit(f"Cannot {why}: the annotation was changed elsewhere since. "
                                     "That step is dropped from the undo history.")


class CreateAnnotation(AnnotationCommand):
    """The first redo creates; undo deletes; later redos restore the very same annotation."""

    def __init__(self, controller: "Controller", create: Callable[[], Annotation], text: str):
        super().__init__(controller, text)
        self._create = create
        self.annotation: Annotation | None = None

    def redo(self) -> None:
        library = self._controller.library
        if self.annotation is None:
            self.annotation = self._create()
        elif self._current(self.annotation.uuid) is not None:
            return self._refuse(f"redo “{self.text()}”")
        else:
            self.annotation = library.restore_annotation(self.annotation)
        self._controller.notify_annotations(self.annotation.release_id)

    def undo(self) -> None:
        current = self._current(self.annotation.uuid)
        if _content(current) != _content(self.annotation):
            return self._refuse(f"undo “{self.text()}”")
        self.annotation = self._controller.library.delete_annotation(current.id)
        self._controller.notify_annotations(self.annotation.release_id)


class DeleteAnnotation(AnnotationCommand):
    def __init__(self, controller: "Controller", annotation: Annotation):
        super().__init__(controller, "Delete annotation")
        self._annotation = annotation

    def redo(self) -> None:
        current = self._current(self._annotation.uuid)
        if _content(current) != _content(self._annotation):
            return self._refuse("delete the annotation again")
        self._annotation = self._controller.library.delete_annotation(current.id)
        self._controller.notify_annotations(self._annotation.release_id)

    def undo(self) -> None:
        if self._current(self._annotation.uuid) is not None:
            return self._refuse("bring the deleted annotation back")
        self._annotation = self._controller.library.restore_annotation(self._annotation)
        self._controller.notify_annotations(self._annotation.release_id)


class ChangeAnnotation(AnnotationCommand):
    """Set one field (note, colour or tags) from ``old`` to ``new``.

    Successive note edits on the same annotation merge into one undo step, so Ctrl+Z undoes a
    whole typing session rather than a save interval.
    """

    def __init__(self, controller: "Controller", annotation: Annotation, field: str, old, new):
        super().__init__(controller, {"note": "Edit note", "color": "Change colour", "tags": "Edit tags"}[field])
        self._uuid = annotation.uuid
        self._release_id = annotation.release_id
        self._field = field
        self._old, self._new = old, new

    def _value(self, annotation: Annotation):
        value = getattr(annotation, self._field)
        return list(value) if self._field == "tags" else value

    def _apply(self, expected, value, why: str) -> None:
        current = self._current(self._uuid)
        if current is None or self._value(current) != expected:
            return self._refuse(why)
        library = self._controller.library
        setter = {"note": library.update_note, "color": library.set_color, "tags": library.set_tags}[self._field]
        setter(current.id, value)
        self._controller.notify_annotations(self._release_id)

    def redo(self) -> None:
        self._apply(self._old, self._new, f"redo “{self.text()}”")

    def undo(self) -> None:
        self._apply(self._new, self._old, f"undo “{self.text()}”")

    def id(self) -> int:
        return _EDIT_NOTE_ID if self._field == "note" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ChangeAnnotation) or other.isObsolete():
            return False
        if other._uuid != self._uuid or other._field != self._field:
            return False
        self._new = other._new
        return True


class RetagAnnotations(AnnotationCommand):
    """A tag renamed, merged or deleted across the library; undo puts every card's tags back.

    Refused when any touched annotation's tags were changed elsewhere since (its uuid names it).
    """

    def __init__(self, controller: "Controller", retagging, text: str):
        """``retagging`` is the change already made (the Library's Retagging); pushing records it."""
        super().__init__(controller, text)
        self.retagging = retagging
        self._done = True

    def _put(self, expected: dict, wanted: dict, why: str) -> None:
        library = self._controller.library
        if library.tags_of_uuids(expected) != {uuid: tuple(tags) for uuid, tags in expected.items()}:
            return self._refuse(why)
        library.retag(wanted)
        self._controller.notify_tags()

    def redo(self) -> None:
        if self._done:                # the first redo, on push: the change is already made
            self._done = False
            self._controller.notify_tags()
        else:
            self._put(self.retagging.before, self.retagging.after, f"redo “{self.text()}”")

    def undo(self) -> None:
        self._put(self.retagging.after, self.retagging.before, f"undo “{self.text()}”")

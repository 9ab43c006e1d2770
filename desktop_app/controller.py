"""The one place the window changes the library: calls the Library, then tells the widgets.

Widgets never touch the Library for writes; they call a controller method and redraw on its
signals. Every change goes through the undo stack of its release (one per release, so Ctrl+Z
never reaches into a release not on screen), and is committed before the call returns.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from annotations.errors import AnnotationsError
from annotations.library import Library
from annotations.models import DEFAULT_COLOR, Annotation, Release

from .rendering import canonical_text, text_renderer
from .release_commands import DeleteRelease, EditRelease
from .undo import ChangeAnnotation, CreateAnnotation, DeleteAnnotation, RetagAnnotations

#: How often to look for commits by another window or process on the same file.
OUTSIDE_CHANGE_POLL_MS = 1500


class Controller(QObject):
    release_opened = Signal(object)          # Release
    annotations_changed = Signal(int)        # release id
    releases_changed = Signal()
    release_edited = Signal(object)          # Release: the open release's metadata was corrected
    error = Signal(str)                      # one sentence for the user
    notice = Signal(str)                     # news for the status bar (e.g. an undo step refused)
    tags_changed = Signal()                  # the tag vocabulary changed (renamed, merged, deleted)
    codebook_changed = Signal()              # the colours' names, descriptions or order changed

    def __init__(self, library: Library, parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.undo_group = QUndoGroup(self)
        self._undo_stacks: dict[int, QUndoStack] = {}
        # Renaming or deleting a tag touches many releases: it has its own history (the tag manager's).
        self.tags_undo_stack = QUndoStack(self)
        # Deleting a release: its undo cannot live on the release's own stack, which goes with it.
        self.releases_undo_stack = QUndoStack(self.undo_group)
        self.undo_group.addStack(self.releases_undo_stack)
        self._codebook = None
        self.current_release: Release | None = None
        # The open release's annotations, read once per change: the pane and the reader both ask.
        self._annotations: list[Annotation] | None = None
        self._seen_data_version = library.data_version()
        self._poll = QTimer(self)
        self._poll.setInterval(OUTSIDE_CHANGE_POLL_MS)
        self._poll.timeout.connect(self._on_poll)
        self._poll.start()

    # Reading ---------------------------------------------------------------------------------

    def open_release(self, release_id: int) -> Release | None:
        try:
            release = self.library.release(release_id)
            if self.library.text_renderer_of(release_id) not in ("", text_renderer()):
                release = self._rederive_text(release)
        except AnnotationsError as error:
            self.error.emit(str(error))
            return None
        self.current_release = release
        self._annotations = None
        self.undo_group.setActiveStack(self.undo_stack_of(release.id))
        self.release_opened.emit(release)
        return release

    def _rederive_text(self, release: Release) -> Release:
        """A different Qt may lay text out differently: derive it again and re-anchor (DESIGN.md)."""
        self.library.replace_text(release.id, canonical_text(release.html), text_renderer())
        return self.library.release(release.id)

    @property
    def undo_stack(self) -> QUndoStack | None:
        """The open release's undo stack (None before a release is opened)."""
        return self.undo_group.activeStack()

    def undo_stack_of(self, release_id: int) -> QUndoStack:
        if release_id not in self._undo_stacks:
            self._undo_stacks[release_id] = QUndoStack(self.undo_group)
            self.undo_group.addStack(self._undo_stacks[release_id])
        return self._undo_stacks[release_id]

    def annotations(self) -> list[Annotation]:
        if self.current_release is None:
            return []
        if self._annotations is None:
            self._annotations = self.library.annotations_for(self.current_release.id)
        return self._annotations

    # Changes ---------------------------------------------------------------------------------

    def add_highlight(self, start: int, end: int, color: str = DEFAULT_COLOR, note: str = "") -> Annotation | None:
        release = self.current_release
        if release is None or start == end:
            return None
        start, end = min(start, end), max(start, end)
        command = CreateAnnotation(
            self, lambda: self.library.add_highlight(release.id, start, end, color, note), "Highlight")
        return self._push_create(release.id, command)

    def add_release_note(self, note: str = "") -> Annotation | None:
        release = self.current_release
        if release is None:
            return None
        command = CreateAnnotation(self, lambda: self.library.add_release_note(release.id, note),
                                   "Note on release")
        return self._push_create(release.id, command)

    def _push_create(self, release_id: int, command: CreateAnnotation) -> Annotation | None:
        try:
            self.undo_stack_of(release_id).push(command)
        except (AnnotationsError, ValueError) as error:
            self.error.emit(str(error))
            return None
        return command.annotation

    def edit_note(self, annotation: Annotation, note: str) -> None:
        self._change(annotation, "note", note)

    def set_color(self, annotation: Annotation, color: str) -> None:
        self._change(annotation, "color", color)

    def set_tags(self, annotation: Annotation, tags: list[str]) -> None:
        self._change(annotation, "tags", list(tags))

    def _change(self, annotation: Annotation, field: str, value) -> None:
        current = self._still_there(annotation)
        if current is None:
            return
        old = list(current.tags) if field == "tags" else getattr(current, field)
        if old != value:
            self.undo_stack_of(current.release_id).push(ChangeAnnotation(self, current, field, old, value))

    def delete_annotation(self, annotation: Annotation) -> None:
        current = self._still_there(annotation)
        if current is not None:
            self.undo_stack_of(current.release_id).push(DeleteAnnotation(self, current))

    def _still_there(self, annotation: Annotation) -> Annotation | None:
        """The annotation as stored now, found by uuid; None (and the user told) if it was deleted elsewhere."""
        current = self.library.annotation_by_uuid(annotation.uuid)
        if current is None:
            self.notice.emit("That annotation was deleted elsewhere; the change was not made.")
            self.notify_annotations(annotation.release_id)
        return current

    def edit_release(self, release_id: int, **fields: str) -> bool:
        """Correct title, issuer, date or language, undoably; False after telling the user why not."""
        from annotations.release_edits import checked_metadata

        try:
            checked = checked_metadata(**fields)
            release = self.library.release(release_id)
        except AnnotationsError as error:
            self.error.emit(str(error))
            return False
        changed = {name: value for name, value in checked.items() if getattr(release, name) != value}
        if changed:
            self.undo_stack_of(release_id).push(EditRelease(self, release_id, changed))
        return True

    def delete_release(self, release_id: int) -> bool:
        """Delete a release and its annotations (the window asked first); Ctrl+Z puts it back."""
        try:
            title = self.library.release(release_id).title
        except AnnotationsError as error:
            self.error.emit(str(error))
            return False
        self.releases_undo_stack.push(DeleteRelease(self, release_id, title))
        self.undo_group.setActiveStack(self.releases_undo_stack)
        self.notice.emit(f"Deleted “{title}”. Undo (Ctrl+Z) puts it back with its annotations.")
        return True

    def notify_release_edited(self, release_id: int) -> None:
        if self.current_release is not None and self.current_release.id == release_id:
            self.current_release = self.library.release(release_id)
            self.release_edited.emit(self.current_release)
        self.notify_releases()

    def notify_release_deleted(self, release_id: int) -> None:
        if self.current_release is not None and self.current_release.id == release_id:
            self.current_release = None
            self._annotations = None
            self.release_opened.emit(None)
            self.undo_group.setActiveStack(self.releases_undo_stack)
        self.notify_releases()

    def undo(self) -> None:
        self.undo_group.undo()

    def redo(self) -> None:
        self.undo_group.redo()

    # Exports --------------------------------------------------------------------------------

    def pdf_export_material(self, release_id: int, options):
        """What an annotated PDF export reads from the library (``pdf.background`` paints and
        writes it off the window's thread); None after telling the user what failed."""
        from .pdf.export import export_material

        try:
            return export_material(self.library, release_id, options)
        except AnnotationsError as error:
            self.error.emit(str(error))
            return None

    def export_annotations(self, release_id: int, path, format_name: str) -> bool:
        from annotations.exporters import render_release_annotations, write_text_atomically

        try:
            write_text_atomically(path, render_release_annotations(self.library, release_id, format_name))
        except AnnotationsError as error:
            self.error.emit(str(error))
            return False
        return True

    def import_annotations(self, release_id: int, path):
        """Add the annotations of a W3C JSON file (one undoable step is not offered: it is a merge)."""
        from annotations.exporters.w3c import parse_annotation_file

        try:
            summary = self.library.import_annotations(release_id, parse_annotation_file(path))
        except AnnotationsError as error:
            self.error.emit(str(error))
            return None
        self._codebook = None                    # a colleague's colours may have come in
        self.codebook_changed.emit()
        self.notify_annotations(release_id)
        return summary

    # Versions -----------------------------------------------------------------------------------

    def versions(self) -> list:
        """The open release's versions, first to latest ([] when none is open)."""
        return self.library.versions_of(self.current_release.id) if self.current_release is not None else []

    def carry_marks(self) -> dict:
        """For the open release's annotations carried from its previous version: how each fared."""
        return self.library.carry_marks(self.current_release.id) if self.current_release is not None else {}

    def link_versions(self, previous_id: int, release_id: int) -> int | None:
        """Mark ``release_id`` as the next version of ``previous_id`` (notes carried; not undoable: unlink)."""
        return self._change_versions(release_id, lambda: self.library.link_versions(previous_id, release_id))

    def unlink_version(self, release_id: int) -> int | None:
        return self._change_versions(release_id, lambda: self.library.unlink_version(release_id))

    def _change_versions(self, release_id: int, change) -> int | None:
        try:
            count = change()
        except AnnotationsError as error:
            self.error.emit(str(error))
            return None
        self.notify_releases()
        self.notify_annotations(release_id)
        return count

    def all_tags(self) -> list[str]:
        return self.library.all_tags()

    def codebook(self):
        if self._codebook is None:
            self._codebook = self.library.codebook()
        return self._codebook

    def set_codebook(self, entries) -> None:
        """Store the analyst's names and descriptions (entries new to the codebook go last)."""
        try:
            for entry in entries:
                self.library.set_codebook_entry(entry.color, entry.name, entry.description)
        except ValueError as error:
            self.error.emit(f"{error}.")
        self._codebook = None
        self.codebook_changed.emit()

    def tag_counts(self):
        return self.library.tag_counts()

    def rename_tag(self, old: str, new: str) -> bool:
        """Rename (or merge into an existing tag) everywhere, undoably; False after telling the user why not."""
        return self._push_retag(lambda: self.library.rename_tag(old, new), f"Rename tag {old!r} to {new!r}")

    def delete_tag(self, name: str) -> bool:
        return self._push_retag(lambda: self.library.delete_tag(name), f"Delete tag {name!r}")

    def _push_retag(self, change, text: str) -> bool:
        try:
            retagging = change()
        except (AnnotationsError, ValueError) as error:
            self.notice.emit(str(error))
            return False
        self.tags_undo_stack.push(RetagAnnotations(self, retagging, text))
        return True

    def notify_tags(self) -> None:
        self.tags_changed.emit()
        if self.current_release is not None:
            self.notify_annotations(self.current_release.id)

    def notify_annotations(self, release_id: int) -> None:
        self._annotations = None
        self._seen_data_version = self.library.data_version()
        self.annotations_changed.emit(release_id)

    def notify_releases(self) -> None:
        self._seen_data_version = self.library.data_version()
        self.releases_changed.emit()

    def library_replaced(self) -> None:
        """After a restore put another file in place: the old file's undo history no longer applies."""
        for stack in self._undo_stacks.values():
            stack.clear()
        self.tags_undo_stack.clear()
        self.current_release = None
        self._annotations = None
        self._seen_data_version = self.library.data_version()
        self._poll.start()
        self.releases_changed.emit()

    def stop_watching(self) -> None:
        """Stop looking for outside edits (before the library is closed)."""
        self._poll.stop()

    def _on_poll(self) -> None:
        version = self.library.data_version()
        if version == self._seen_data_version:
            return
        self._seen_data_version = version
        self._annotations = None
        self.releases_changed.emit()
        if self.current_release is not None:
            self.annotations_changed.emit(self.current_release.id)

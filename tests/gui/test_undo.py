"""Issue 10, point 3: undo and redo act on the open release only, by uuid, and refuse stale steps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotations.library import Library

from .test_annotating import select_text


def press_undo(window) -> None:
    QTest.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def press_redo(window) -> None:
    QTest.keyClick(window.reader, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


@pytest.fixture
def two_releases(windows, demo_path, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("# Fisheries talks\n\nThe ministry will publish the fisheries figures next week.\n")
    window = windows.open(imports=[demo_path, other])
    window.reader.setFocus()
    ids = [summary.id for summary in window.controller.library.release_summaries()]
    return window, ids


def highlight_by_key(window, quote: str, key=Qt.Key.Key_1) -> None:
    select_text(window, quote)
    window.reader.setFocus()
    QTest.keyClick(window.reader, key)


def quotes(library, release_id) -> list[str]:
    return [annotation.quote.exact for annotation in library.annotations_for(release_id)]


def test_undo_never_reaches_into_a_release_not_on_screen(two_releases):
    window, (first, second) = two_releases
    library = window.controller.library
    window.select_release(first)
    highlight_by_key(window, window.reader.toPlainText().split()[0])
    first_quotes = quotes(library, first)
    window.select_release(second)
    window.reader.setFocus()
    assert not window.actions_by_name["undo"].isEnabled()
    press_undo(window)                                  # nothing to undo here: A's highlight stays
    assert quotes(library, first) == first_quotes
    highlight_by_key(window, "fisheries figures")
    press_undo(window)
    assert quotes(library, second) == [] and quotes(library, first) == first_quotes
    press_redo(window)
    assert quotes(library, second) == ["fisheries figures"]
    window.select_release(first)                        # A's own history comes back with it
    window.reader.setFocus()
    assert window.actions_by_name["undo"].isEnabled()
    press_undo(window)
    assert quotes(library, first) == [] and quotes(library, second) == ["fisheries figures"]


def test_a_step_whose_annotation_changed_elsewhere_is_refused_and_the_stack_stays_usable(two_releases, windows):
    window, (first, _) = two_releases
    window.select_release(first)
    highlight_by_key(window, "Ostrava")
    highlight_by_key(window, "Communiqué Demo Office", Qt.Key.Key_2)
    ostrava = next(a for a in window.controller.library.annotations_for(first) if a.quote.exact == "Ostrava")
    with Library(windows.db_path) as elsewhere:              # another window or process edits it
        elsewhere.update_note(ostrava.id, "written in another window")
    stack = window.controller.undo_stack
    press_undo(window)                                       # the second highlight: untouched, undone
    assert quotes(window.controller.library, first) == ["Ostrava"]
    press_undo(window)                                       # the first: changed elsewhere, refused
    (kept,) = window.controller.library.annotations_for(first)
    assert kept.note == "written in another window"
    assert "changed elsewhere" in window.statusBar().currentMessage()
    assert (stack.count(), stack.index(), stack.canUndo()) == (1, 0, False)
    press_redo(window)                                       # the step still on the stack redoes
    assert sorted(quotes(window.controller.library, first)) == ["Communiqué Demo Office", "Ostrava"]


def test_undo_finds_annotations_by_uuid_when_a_row_id_was_reused(two_releases, windows):
    window, (first, _) = two_releases
    window.select_release(first)
    highlight_by_key(window, "Ostrava")
    (mine,) = window.controller.library.annotations_for(first)
    press_undo(window)
    with Library(windows.db_path) as elsewhere:              # takes the freed row id
        theirs = elsewhere.add_highlight_of_quote(first, "Communiqué Demo Office", note="theirs")
    assert theirs.id == mine.id
    press_redo(window)
    restored = window.controller.library.annotation_by_uuid(mine.uuid)
    assert restored.quote.exact == "Ostrava" and restored.id != mine.id
    press_undo(window)
    assert window.controller.library.annotation_by_uuid(mine.uuid) is None
    assert window.controller.library.annotation_by_uuid(theirs.uuid).note == "theirs"

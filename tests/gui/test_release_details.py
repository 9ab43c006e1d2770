"""Correcting a release's details and deleting a release in the window, with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.models.release_list import RELEASE_ID_ROLE


@pytest.fixture
def two_releases(tmp_path):
    first = tmp_path / "first.md"
    first.write_text("# Visit to Tokyo\n\nThe ministers met in Tokyo on Friday.\n")
    second = tmp_path / "second.md"
    second.write_text("# Trade figures\n\nExports rose in March.\n")
    return [first, second]


def _listed(window) -> dict[int, tuple[str, str, str]]:
    model = window.release_model
    return {model.index(row, 0).data(RELEASE_ID_ROLE): tuple(model.index(row, column).data()
                                                              for column in range(3))
            for row in range(model.rowCount())}


def test_release_details_correct_the_metadata_the_list_follows_and_undo_reverts(windows, two_releases, qtbot):
    window = windows.open(imports=two_releases)
    window.select_release(1)
    dialog = window._on_release_details()                            # Edit → Release Details… (Ctrl+I)
    assert dialog.fields["title"].text() == "Visit to Tokyo"
    dialog.fields["title"].setText("Joint statement: visit to Tokyo")
    dialog.fields["issuer"].setText("Ministry of Foreign Affairs of Japan")
    dialog.fields["date"].setText("31 Feb 2023")                     # no such day: explained, kept open
    dialog.accept()                                                   # OK
    assert dialog.isVisible() and "YYYY-MM-DD" in dialog.problem.text()
    dialog.fields["date"].setText("24 Jan 2023")                     # as written: read as import reads dates
    dialog.accept()
    assert not dialog.isVisible()
    release = window.controller.library.release(1)
    assert (release.title, release.issuer, release.date) == \
        ("Joint statement: visit to Tokyo", "Ministry of Foreign Affairs of Japan", "2023-01-24")
    assert "Joint statement: visit to Tokyo" in _listed(window)[1][0]
    assert window.windowTitle().startswith("Joint statement: visit to Tokyo")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.library.release(1).title == "Visit to Tokyo"
    assert window.windowTitle().startswith("Visit to Tokyo")
    assert window.controller.library.edited_fields(1) == frozenset()


def test_deleting_a_release_asks_first_and_undo_puts_it_back_with_its_notes(windows, two_releases, qtbot,
                                                                           monkeypatch):
    window = windows.open(imports=two_releases)
    window.select_release(1)
    library = window.controller.library
    library.add_highlight(1, 4, 13, note="who met", tags=["japan"])
    window.controller.notify_annotations(1)
    asked = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel if len(asked) == 1 else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    window.library_view.setFocus()
    qtbot.keyClick(window.library_view, Qt.Key.Key_Delete)          # Cancel: nothing happens
    assert library.release_exists(1) and "1 annotation(s)" in asked[0]
    qtbot.keyClick(window.library_view, Qt.Key.Key_Delete)          # Yes
    assert not library.release_exists(1)
    assert list(_listed(window)) == [2]
    assert window.controller.current_release is None and window.reader.toPlainText() == ""
    assert "Deleted" in window.statusBar().currentMessage()
    qtbot.keyClick(window.library_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.release_exists(1) and library.annotations_for(1)[0].note == "who met"
    assert sorted(_listed(window)) == [1, 2]
    assert window.controller.current_release.id == 1


def test_the_delete_key_in_the_reader_never_deletes_a_release(windows, two_releases, qtbot):
    window = windows.open(imports=two_releases)
    window.select_release(1)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    assert window.controller.library.release_exists(1)

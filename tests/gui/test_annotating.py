"""A user's session, driven through real widgets: select, highlight, note, undo, restart."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

QUOTE = "Comprehensive Strategic Partnership"


def select_text(window, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Select ``quote`` in the reader with a text cursor, as a user dragging over it would."""
    text = window.reader.toPlainText()
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(quote), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    return start, start + len(quote)


def rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def seed_window(windows, seed_path):
    return windows.open(imports=[seed_path])


def test_seed_highlight_note_undo_and_restart(windows, seed_window, qtbot):
    window = seed_window
    assert window.controller.current_release.title.startswith("Outcomes of the Official Working Visit")
    start, end = select_text(window, QUOTE)
    window.actions_by_name["highlight_green"].trigger()

    # In the database at once, with both selectors over the canonical text.
    (row,) = rows(windows.db_path, 'SELECT start, "end", exact, prefix, suffix, color FROM annotations')
    text = window.controller.current_release.text
    assert row == (start, end, QUOTE, text[start - 32:start], text[end:end + 32], "green")
    # A card in the pane, and the highlight drawn over the text.
    (card,) = window.annotation_pane.cards()
    assert QUOTE in card._quote.text()
    (selection,) = window.reader.extraSelections()
    assert selection.cursor.selectedText() == QUOTE

    # Edit the note in place.
    qtbot.mouseClick(card.note_editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(card.note_editor, "Upgraded in 2023")
    qtbot.waitUntil(lambda: rows(windows.db_path, "SELECT note FROM annotations") == [("Upgraded in 2023",)])

    # Undo takes the note back, then the highlight; redo brings both back.
    window.setFocus()
    window.actions_by_name["undo"].trigger()
    assert rows(windows.db_path, "SELECT note FROM annotations") == [("",)]
    window.actions_by_name["undo"].trigger()
    assert rows(windows.db_path, "SELECT count(*) FROM annotations") == [(0,)]
    assert window.annotation_pane.cards() == []
    window.actions_by_name["redo"].trigger()
    window.actions_by_name["redo"].trigger()
    assert rows(windows.db_path, "SELECT note, color FROM annotations") == [("Upgraded in 2023", "green")]
    window.reader.verticalScrollBar().setValue(window.reader.verticalScrollBar().maximum() // 2)
    position = window.reader.top_position()
    window.close()

    # Start again on the same file: the same release, the same place, every annotation in place.
    again = windows.open()
    assert again.controller.current_release.id == window.controller.current_release.id
    (card,) = again.annotation_pane.cards()
    assert card.note_editor.toPlainText() == "Upgraded in 2023"
    assert card.tag_edit.text() == ""
    qtbot.waitUntil(lambda: abs(again.reader.top_position() - position) < 200)


def test_highlight_with_note_opens_the_editor_and_tags_autocomplete(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    select_text(window, "never connects to the network")
    window.actions_by_name["highlight_with_note"].trigger()
    (card,) = window.annotation_pane.cards()
    qtbot.waitUntil(card.note_editor.hasFocus)
    qtbot.keyClicks(card.note_editor, "Privacy claim")
    card.tag_edit.setFocus()
    qtbot.keyClicks(card.tag_edit, "privacy, offline")
    qtbot.keyClick(card.tag_edit, Qt.Key.Key_Return)
    annotation = window.controller.library.annotations_for(window.controller.current_release.id)[0]
    assert annotation.note == "Privacy claim"
    assert annotation.tags == ("privacy", "offline")

    select_text(window, "single library file")
    second = window.annotation_pane.card(window.highlight_selection("pink").id)
    second.tag_edit.setFocus()
    qtbot.keyClicks(second.tag_edit, "pri")
    completer = second.tag_edit._completer
    assert completer.currentCompletion() == "privacy"


def test_cards_follow_reading_order_and_click_reveals_the_passage(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    later = select_text(window, "Nothing is sent anywhere")
    window.actions_by_name["highlight_blue"].trigger()
    earlier = select_text(window, "Communiqué Demo Office")
    window.actions_by_name["highlight_yellow"].trigger()
    cards = window.annotation_pane.cards()
    assert [card.annotation.position.start for card in cards] == [earlier[0], later[0]]
    window.reader.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.mouseClick(cards[1]._quote, Qt.MouseButton.LeftButton)
    assert window.reader.selection_span() == later
    assert window.annotation_pane.current_annotation().id == cards[1].annotation.id


def test_delete_key_removes_the_selected_annotation_and_undo_restores_it(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    select_text(window, "Every highlight and note is saved")
    window.actions_by_name["highlight_purple"].trigger()
    (card,) = window.annotation_pane.cards()
    qtbot.mouseClick(card._quote, Qt.MouseButton.LeftButton)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    assert window.controller.library.annotation_count() == 0
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.library.annotation_count() == 1
    assert window.annotation_pane.cards()[0].annotation.color == "purple"


def test_number_keys_highlight_in_their_colour(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_4)
    (annotation,) = window.controller.library.annotations_for(window.controller.current_release.id)
    assert annotation.color == "pink" and annotation.quote.exact == "Ostrava"


def test_note_on_the_whole_release(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    window.actions_by_name["release_note"].trigger()
    (card,) = window.annotation_pane.cards()
    qtbot.waitUntil(card.note_editor.hasFocus)
    qtbot.keyClicks(card.note_editor, "Routine statement.")
    window.annotation_pane.setFocus()   # leaving the editor saves at once
    (annotation,) = window.controller.library.annotations_for(window.controller.current_release.id)
    assert annotation.is_release_note and annotation.note == "Routine statement."


def test_a_second_window_sees_changes_made_in_the_first(windows, demo_path, qtbot):
    first = windows.open(imports=[demo_path])
    second = windows.open()
    select_text(first, "Ostrava")
    first.actions_by_name["highlight_green"].trigger()
    qtbot.waitUntil(lambda: len(second.annotation_pane.cards()) == 1, timeout=5000)
    assert second.reader.extraSelections()[0].cursor.selectedText() == "Ostrava"


def test_import_dropped_files_in_the_background(windows, demo_path, tmp_path, qtbot):
    window = windows.open(imports=[demo_path])
    (tmp_path / "new.md").write_text("# Fisheries agreement signed\n\nThe ministry announced a fisheries deal.")
    (tmp_path / "empty.txt").write_text("")
    worker = window.import_paths([str(tmp_path / "new.md"), str(tmp_path / "empty.txt")])
    qtbot.waitUntil(lambda: getattr(window, "last_import_report", None) is not None, timeout=60000)
    worker.wait()
    assert window.release_model.rowCount() == 2
    assert window.controller.current_release.title == "Fisheries agreement signed"
    assert "empty.txt" in str(window.last_import_report.failures[0])
    window.search_box.setText("fisher")
    qtbot.waitUntil(lambda: window.library_search.releases.count() == 1, timeout=5000)


def test_links_are_not_followed_inside_the_reader(windows, demo_path):
    window = windows.open(imports=[demo_path])
    assert not window.reader.openLinks() and not window.reader.openExternalLinks()
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    assert window.reader.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                      QUrl("https://example.org/pixel.gif")) is None


def test_a_note_typed_just_before_switching_release_is_kept(windows, demo_path, tmp_path, qtbot):
    other = tmp_path / "other.md"
    other.write_text("# Another release\n\nThe ministry will publish figures next week.\n")
    window = windows.open(imports=[demo_path, other])
    first_id = window.controller.current_release.id
    select_text(window, window.reader.toPlainText().split("\n")[-1][:12])
    window.highlight_selection("yellow", with_note=True)
    (card,) = window.annotation_pane.cards()
    qtbot.keyClicks(card.note_editor, "typed then switched")
    other_id = next(s.id for s in window.controller.library.release_summaries() if s.id != first_id)
    window.select_release(other_id)                       # within the save delay
    assert window.annotation_pane.cards() == []
    assert [a.note for a in window.controller.library.annotations_for(first_id)] == ["typed then switched"]
    window.select_release(first_id)
    (card,) = window.annotation_pane.cards()
    assert card.note_editor.toPlainText() == "typed then switched"


def test_dropping_files_on_the_window_imports_them(windows, demo_path, tmp_path, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = windows.open(imports=[demo_path])
    dropped = tmp_path / "dropped.md"
    dropped.write_text("# Dropped statement\n\nThe embassy reopens on Monday.\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.last_import_report is not None, timeout=60000)
    assert window.controller.current_release.title == "Dropped statement"


def test_context_menu_over_a_selection_offers_the_highlight_actions(windows, demo_path):
    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    offered = [action.objectName() for action in window.reader._context_actions if action.isVisible()]
    assert offered == ["highlight_yellow", "highlight_green", "highlight_blue", "highlight_pink",
                       "highlight_purple", "highlight_with_note"]
    assert all(action.isEnabled() for action in window.reader._context_actions if action.isVisible())


def test_highlights_after_emoji_are_stored_and_drawn_on_the_words_selected(windows, tmp_path, qtbot):
    """Qt counts UTF-16 units, the library code points: a flag emoji is one code point and four units."""
    source = tmp_path / "flags.md"
    source.write_text("# Flags\n\nThe flags 🇰🇭 and 🇯🇵 were raised 😀 before the ministers signed the accord.\n",
                      encoding="utf-8")
    window = windows.open(imports=[source])
    found = window.reader.document().find("signed the accord")   # as a user's drag selects it, in Qt's terms
    window.reader.setTextCursor(found)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    release = window.controller.current_release
    (annotation,) = window.controller.library.annotations_for(release.id)
    assert annotation.quote.exact == "signed the accord"
    assert release.text[annotation.position.start:annotation.position.end] == "signed the accord"
    (drawn,) = window.reader.extraSelections()
    assert drawn.cursor.selectedText() == "signed the accord"
    window.reader.reveal(annotation.position.start, annotation.position.end)
    assert window.reader.textCursor().selectedText() == "signed the accord"
    assert window.reader.selection_span() == (annotation.position.start, annotation.position.end)

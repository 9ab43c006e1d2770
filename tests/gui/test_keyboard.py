"""Issue 10, points 1 and 2: a keyboard-only day, and one highlight per passage. Real key events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .test_annotating import select_text

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def put_caret(window, quote: str, offset: int = 0) -> None:
    """Caret (no selection) at ``quote`` + ``offset``, as a click there leaves it."""
    start = window.reader.toPlainText().index(quote) + offset
    cursor = window.reader.textCursor()
    cursor.setPosition(start)
    window.reader.setTextCursor(cursor)
    window.reader.setFocus()


def stored(window):
    return window.controller.library.annotations_for(window.controller.current_release.id)


def press(widget, key, modifiers=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(widget, key, modifiers)


# 1. Keyboard-only day ------------------------------------------------------------------------

def test_caret_browsing_selects_with_shift_and_the_arrows(windows, demo_path):
    window = windows.open(imports=[demo_path])
    reader = window.reader
    put_caret(window, "Ostrava")
    press(reader, Qt.Key.Key_Right, SHIFT, times=len("Ostrava"))
    assert reader.textCursor().selectedText() == "Ostrava"
    press(reader, Qt.Key.Key_3)
    (annotation,) = stored(window)
    assert (annotation.quote.exact, annotation.color) == ("Ostrava", "blue")
    # Word, line and page keys select too.
    put_caret(window, "Ostrava")
    press(reader, Qt.Key.Key_Right, CTRL | SHIFT)
    assert reader.textCursor().selectedText().strip() == "Ostrava"
    press(reader, Qt.Key.Key_End, SHIFT)
    assert len(reader.textCursor().selectedText()) > len("Ostrava ")
    press(reader, Qt.Key.Key_Home)
    assert not reader.textCursor().hasSelection()
    press(reader, Qt.Key.Key_PageDown, SHIFT)
    assert reader.textCursor().hasSelection()
    press(reader, Qt.Key.Key_Left)
    assert not reader.textCursor().hasSelection()


def test_tab_cycles_library_reader_pane_search_and_back(windows, demo_path):
    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.reader.setFocus()
    press(window.reader, Qt.Key.Key_1)
    (card,) = window.annotation_pane.cards()
    window.library_view.setFocus()
    visited = []
    filters = window.annotation_pane.filters
    for _ in range(11):
        press(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [window.reader, card, card.note_editor, card.tag_edit, card._color_button,
                       card._delete_button, filters.color, filters.tag, filters.has_note,
                       window.search_box, window.library_view]
    back = []
    for _ in range(3):
        press(QApplication.focusWidget(), Qt.Key.Key_Backtab, SHIFT)
        back.append(QApplication.focusWidget())
    assert back == [window.search_box, filters.has_note, filters.tag]


def test_tab_skips_the_cards_of_an_empty_pane(windows, demo_path):
    window = windows.open(imports=[demo_path])
    window.reader.setFocus()
    press(window.reader, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.annotation_pane.filters.color


def test_cards_take_focus_enter_jumps_arrows_move_delete_removes(windows, demo_path):
    window = windows.open(imports=[demo_path])
    for quote in ("Nothing is sent anywhere", "Ostrava", "Communiqué Demo Office"):   # in reading order
        select_text(window, quote)
        window.reader.setFocus()
        press(window.reader, Qt.Key.Key_2)
    first, second, third = window.annotation_pane.cards()
    assert [card.annotation.quote.exact for card in (first, second, third)] == [
        "Ostrava", "Communiqué Demo Office", "Nothing is sent anywhere"]
    window.annotation_pane.select(first.annotation.id)
    press(window.reader, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first
    press(first, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is second
    assert window.annotation_pane.current_annotation().id == second.annotation.id
    assert window.reader.textCursor().selectedText() == "Communiqué Demo Office"   # the reader follows
    press(second, Qt.Key.Key_Down)
    press(third, Qt.Key.Key_Return)                                     # Enter: read on from there
    assert QApplication.focusWidget() is window.reader
    assert window.reader.textCursor().selectedText() == "Nothing is sent anywhere"
    press(window.reader, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is third
    press(third, Qt.Key.Key_Delete)
    assert [a.quote.exact for a in stored(window)] == ["Ostrava", "Communiqué Demo Office"]
    # The keyboard stays in the pane, on the neighbour, so Delete can go on.
    assert QApplication.focusWidget().annotation.quote.exact == "Communiqué Demo Office"
    press(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert len(stored(window)) == 3


def test_next_and_previous_annotation_keys(windows, demo_path):
    window = windows.open(imports=[demo_path])
    for quote in ("Ostrava", "Communiqué Demo Office"):                  # in reading order
        select_text(window, quote)
        window.reader.setFocus()
        press(window.reader, Qt.Key.Key_1)
    put_caret(window, "Ostrava")
    press(window.reader, Qt.Key.Key_Down, ALT)
    assert window.annotation_pane.current_annotation().quote.exact == "Communiqué Demo Office"
    assert window.reader.textCursor().selectedText() == "Communiqué Demo Office"
    assert QApplication.focusWidget() is window.reader
    press(window.reader, Qt.Key.Key_Up, ALT)
    assert window.annotation_pane.current_annotation().quote.exact == "Ostrava"


def test_single_keys_do_nothing_in_the_library_list_or_search_box(windows, demo_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []   # Delete in the library list offers to delete the release (Cancel here), never an annotation
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, *args: asked.append(title) or QMessageBox.StandardButton.Cancel))
    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.reader.setFocus()
    press(window.reader, Qt.Key.Key_1)
    select_text(window, "Communiqué Demo Office")           # a selection is waiting in the reader
    window.library_view.setFocus()
    press(window.library_view, Qt.Key.Key_2)
    press(window.library_view, Qt.Key.Key_Delete)
    press(window.library_view, Qt.Key.Key_N)
    assert [(a.quote.exact, a.color) for a in stored(window)] == [("Ostrava", "yellow")]
    assert asked == ["Delete Release"]
    window.search_box.setFocus()
    QTest.keyClicks(window.search_box, "1 N")
    assert window.search_box.text() == "1 N"
    assert len(stored(window)) == 1


# 2. One highlight per passage ----------------------------------------------------------------

def test_a_colour_key_recolours_instead_of_adding_a_duplicate(windows, demo_path):
    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.reader.setFocus()
    press(window.reader, Qt.Key.Key_1)
    assert not window.reader.textCursor().hasSelection()         # the new colour is visible at once
    # The same words selected again: recoloured.
    select_text(window, "Ostrava")
    press(window.reader, Qt.Key.Key_4)
    assert [(a.quote.exact, a.color) for a in stored(window)] == [("Ostrava", "pink")]
    # The focused card: recoloured.
    (card,) = window.annotation_pane.cards()
    card.setFocus(Qt.FocusReason.TabFocusReason)
    press(card, Qt.Key.Key_2)
    assert [(a.quote.exact, a.color) for a in stored(window)] == [("Ostrava", "green")]
    # The caret inside the highlight, nothing selected: recoloured.
    put_caret(window, "Ostrava", 3)
    press(window.reader, Qt.Key.Key_5)
    assert [(a.quote.exact, a.color) for a in stored(window)] == [("Ostrava", "purple")]
    assert card.property("color") == "purple"


def test_a_colour_key_with_nothing_selected_says_what_to_do(windows, demo_path):
    window = windows.open(imports=[demo_path])
    window.reader.setFocus()
    window.reader.moveCursor(QTextCursor.MoveOperation.Start)
    press(window.reader, Qt.Key.Key_1)
    assert stored(window) == []
    assert "Select text" in window.statusBar().currentMessage()


def test_clicking_or_moving_the_caret_into_a_highlight_selects_its_card(windows, demo_path):
    window = windows.open(imports=[demo_path])
    text = window.reader.toPlainText()
    words = [word for word in dict.fromkeys(text.split()) if len(word) > 6 and text.count(word) == 1][:14]
    for word in words:
        select_text(window, word)
        window.reader.setFocus()
        press(window.reader, Qt.Key.Key_3)
    first, last = stored(window)[0], stored(window)[-1]
    QTest.mouseClick(window.annotation_pane.card(first.id)._quote, Qt.MouseButton.LeftButton)
    # A click in the middle of the last highlight.
    cursor = window.reader.textCursor()
    cursor.setPosition(window.reader._offsets.to_units(last.position.start + 2))
    window.reader.reveal(last.position.start, last.position.start, select=False)
    QTest.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.reader.cursorRect(cursor).center())
    assert window.annotation_pane.current_annotation().id == last.id
    card = window.annotation_pane.card(last.id)
    assert not card.visibleRegion().isEmpty()                    # the pane scrolled to it
    # The caret walked into the first highlight by keyboard.
    put_caret(window, text[first.position.start - 2:first.position.start])
    press(window.reader, Qt.Key.Key_Right, times=3)
    assert window.annotation_pane.current_annotation().id == first.id
    assert not window.annotation_pane.card(first.id).visibleRegion().isEmpty()

"""Issue 10, point 6: tags you can manage. Completion stores the tag chosen; the manager undoes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .test_annotating import select_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def tagged_window(windows, demo_path):
    """Two highlights tagged (partnership, pacific) and (Pacific-trip); a third untagged."""
    window = windows.open(imports=[demo_path])
    library = window.controller.library
    for quote, tags in (("Ostrava", ["partnership", "pacific"]), ("Communiqué Demo Office", ["Pacific-trip"]),
                        ("Nothing is sent anywhere", [])):
        select_text(window, quote)
        window.highlight_selection("yellow")
        library.set_tags(window.annotation_pane.current_annotation().id, tags)
    window.controller.notify_annotations(window.controller.current_release.id)
    return window


def stored_tags(window) -> dict[str, tuple]:
    return {a.quote.exact: a.tags for a in window.controller.library.annotations_for(
        window.controller.current_release.id)}


def untagged_card(window):
    return next(card for card in window.annotation_pane.cards() if not card.annotation.tags)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_choosing_a_completion_stores_the_tag_not_the_typed_prefix(tagged_window, key):
    window = tagged_window
    card = untagged_card(window)
    card.tag_edit.setFocus()
    QTest.keyClicks(card.tag_edit, "pa")
    popup = card.tag_edit._completer.popup()
    assert popup.isVisible()
    rows = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, key)
    assert stored_tags(window)["Nothing is sent anywhere"] == (rows[1],)
    assert card.tag_edit.text() == f"{rows[1]}, "


def open_manager(window, qtbot):
    manager = window._on_manage_tags()
    qtbot.waitUntil(manager.isActiveWindow)      # its Ctrl+Z, not the window's
    return manager


def test_the_tag_manager_renames_merges_and_deletes_with_counts_and_undo(tagged_window, qtbot):
    window = tagged_window
    manager = open_manager(window, qtbot)
    table = manager.table
    listed = lambda: [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]  # noqa: E731
    assert listed() == [("pacific", "1"), ("Pacific-trip", "1"), ("partnership", "1")]

    # Merge: Pacific-trip into pacific, by typing the existing name and Return.
    table.setFocus()
    table.selectRow(1)
    manager.new_name.setFocus()
    QTest.keyClicks(manager.new_name.lineEdit(), "pacific")
    QTest.keyClick(manager.new_name.lineEdit(), Qt.Key.Key_Return)
    assert listed() == [("pacific", "2"), ("partnership", "1")]
    assert stored_tags(window)["Communiqué Demo Office"] == ("pacific",)
    # The cards show it at once.
    assert {card.tag_edit.text() for card in window.annotation_pane.cards()} == {
        "partnership, pacific", "pacific", ""}

    # Delete, then undo both steps with Ctrl+Z in the manager.
    table.selectRow(1)
    QTest.mouseClick(manager.delete_button, Qt.MouseButton.LeftButton)
    assert listed() == [("pacific", "2")]
    QTest.keyClick(manager.table, Qt.Key.Key_Z, CTRL)
    assert listed() == [("pacific", "2"), ("partnership", "1")]
    QTest.keyClick(manager.table, Qt.Key.Key_Z, CTRL)
    assert stored_tags(window) == {"Ostrava": ("partnership", "pacific"),
                                   "Communiqué Demo Office": ("Pacific-trip",), "Nothing is sent anywhere": ()}


def test_tag_undo_is_refused_when_a_card_changed_meanwhile(tagged_window, qtbot):
    window = tagged_window
    manager = open_manager(window, qtbot)
    assert window.controller.delete_tag("partnership")
    ostrava = next(card for card in window.annotation_pane.cards() if card.annotation.quote.exact == "Ostrava")
    window.controller.set_tags(ostrava.annotation, ["pacific", "trade"])
    QTest.keyClick(manager.table, Qt.Key.Key_Z, CTRL)
    assert stored_tags(window)["Ostrava"] == ("pacific", "trade")
    assert "changed elsewhere" in manager.status.text()
    assert not manager.undo_button.isEnabled()

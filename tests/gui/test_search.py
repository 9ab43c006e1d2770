"""Issue 9 in the window: searching the library off the GUI thread, opening a hit at its match,
F3 through the matches, the find bar, Esc, and what an empty or bad search says. Real key events."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotations.importers.common import make_draft

FILLER = "The committee reviewed routine matters of procedure and budget for the coming year."


@pytest.fixture
def window(windows):
    """A window over a library of a few releases; the long one says "Zanzibar" twice, far down."""
    library = windows.library()
    paragraphs = [FILLER] * 120
    paragraphs[80] = "Ministers flew on to Zanzibar for talks on the port."
    paragraphs[100] = "A second visit to ZANZIBAR is planned."
    releases = [("Long report", "2024-05-01", "\n".join(paragraphs)),
                ("Short note", "2023-02-01", "Nothing about islands here; the embassy is closed."),
                ("東京", "2022-01-01", "東京電力の株価が急落した。")]
    for number, (title, date, text) in enumerate(releases):
        html = "".join(f"<p>{line}</p>" for line in text.split("\n"))
        library.add_release(make_draft(f"{number}.txt", text.encode(), "text", html, title=title, date=date), text)
    short = next(s.id for s in library.release_summaries() if s.title == "Short note")
    library.add_highlight_of_quote(short, "islands", color="pink", note="Ask the consulate about Zanzibar ferries")
    return windows.open()


def search(window, qtbot, typed: str) -> None:
    window.search_box.setFocus()
    window.search_box.clear()
    if typed.isascii():
        QTest.keyClicks(window.search_box, typed)
    else:                          # as an input method commits it (QTest types Latin keys only)
        window.search_box.insert(typed)
    qtbot.waitUntil(lambda: window.library_search.status.text() not in ("", "Searching…")
                    and "…" not in window.library_search.status.text(), timeout=5000)


def hit_titles(view) -> list[str]:
    return [view.item(row).text().split("</b>")[0].split("<b>")[-1] for row in range(view.count())]


def click(view, row: int) -> None:
    rect = view.visualItemRect(view.item(row))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_typing_searches_in_a_worker_thread_and_only_the_last_keystroke_answers(window, qtbot):
    on_gui_connection = []
    window.controller.library.db.conn.set_trace_callback(on_gui_connection.append)
    replies = []
    window.library_search._search.replied.connect(lambda reply: replies.append(reply.number))
    search(window, qtbot, "zanz")
    assert hit_titles(window.library_search.releases) == ["Long report"]
    assert window.library_search.status.text() == "1 release; 1 quotes and notes"
    # Every keystroke cancelled the one before: only the last request answered.
    assert replies == [window.library_search._search.latest]
    assert not [sql for sql in on_gui_connection if "release_search" in sql]   # no search SQL on the GUI thread
    worker_thread = window.library_search._search._thread
    assert worker_thread.isRunning() and worker_thread is not window.thread()
    window.controller.library.db.conn.set_trace_callback(None)


def test_a_request_cancelled_while_queued_never_answers(window, qtbot):
    background = window.library_search._search
    replies = []
    background.replied.connect(lambda reply: replies.append(reply.number))
    first = background.request("the", "newest")
    second = background.request("zanzibar", "newest")
    qtbot.waitUntil(lambda: bool(replies), timeout=5000)
    qtbot.wait(100)
    assert first != second and replies == [second]


def test_a_hit_opens_scrolled_to_its_first_match_with_every_match_marked(window, qtbot):
    window.select_release(window.release_model.release_id_at(window.release_model.rowCount() - 1))
    search(window, qtbot, "zanzibar")
    click(window.library_search.releases, 0)
    reader = window.reader
    assert window.controller.current_release.title == "Long report"
    assert [reader.toPlainText()[a:b] for a, b in reader.matches] == ["Zanzibar", "ZANZIBAR"]
    assert reader.match_index == 0 and reader.textCursor().selectedText() == "Zanzibar"
    assert reader.verticalScrollBar().value() > 0
    assert reader.viewport().rect().contains(reader.cursorRect(reader.textCursor()).center())
    painted = [s.cursor.selectedText() for s in reader.extraSelections()]
    assert painted.count("Zanzibar") == 1 and painted.count("ZANZIBAR") == 1
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert reader.match_index == 1 and reader.textCursor().selectedText() == "ZANZIBAR"
    QTest.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert reader.match_index == 0


def test_a_matching_note_is_listed_apart_and_opens_on_its_card(window, qtbot):
    search(window, qtbot, "consulate")
    assert window.library_search.releases.count() == 0
    assert hit_titles(window.library_search.notes) == ["Short note"]
    click(window.library_search.notes, 0)
    assert window.controller.current_release.title == "Short note"
    assert window.annotation_pane.current_annotation().note.startswith("Ask the consulate")
    assert window.reader.textCursor().selectedText() == "islands"


def test_one_japanese_character_finds_its_release(window, qtbot):
    search(window, qtbot, "急")
    assert hit_titles(window.library_search.releases) == ["東京"]
    assert "<b" in window.library_search.releases.item(0).text()


def test_an_empty_result_and_a_bad_filter_say_so_and_esc_clears(window, qtbot):
    search(window, qtbot, "qwertyuiop")
    assert window.library_search.status.text() == "No release, quote or note matches."
    search(window, qtbot, "zanzibar color:octarine")
    assert window.library_search.status.text().startswith("There is no highlight colour 'octarine'")
    QTest.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert window.library_search.stack.currentWidget() is window.library_view


def test_ctrl_k_searches_the_library_ctrl_f_finds_in_the_release(window, qtbot):
    window.reader.setFocus()
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    window.select_release(next(window.release_model.release_id_at(row) for row in range(3)
                               if window.release_model.data(window.release_model.index(row, 0)) == "Long report"))
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.box.hasFocus()
    QTest.keyClicks(bar.box, "zanzi")
    assert bar.count.text() == "1 of 2" and window.reader.textCursor().selectedText() == "Zanzibar"
    QTest.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 2"
    assert window.search_box.text() == ""                     # the library search is untouched
    QTest.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.reader.matches == []

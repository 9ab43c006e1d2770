"""Issue 10, point 8: a 3 MB release opens behind a busy cursor, laid out a piece at a time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.widgets.release_loader import DocumentLoader

from .test_annotating import select_text

WORDS = "ministry cooperation partnership agreement development economic security regional summit".split()


@pytest.fixture
def big_release(tmp_path):
    """About 3 MB of Markdown: headings every twenty paragraphs, as a long report has."""
    paragraphs = []
    for number in range(3_000_000 // 640):
        words = [WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(80)]
        paragraphs.append((f"## Section {number}\n\n" if number % 20 == 0 else "") + " ".join(words) + ".")
    path = tmp_path / "long.md"
    path.write_text("# A very long statement\n\n" + "\n\n".join(paragraphs) + "\n\nThe last sentence.\n")
    return path


def test_a_3_mb_release_opens_behind_a_busy_cursor_while_the_window_keeps_answering(
        windows, demo_path, big_release, qtbot):
    window = windows.open(imports=[demo_path, big_release])
    library = window.controller.library
    big_id = next(s.id for s in library.release_summaries() if s.title == "A very long statement")
    assert len(library.release(big_id).html) > 3_000_000
    ticks = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(window.reader.is_loading()))
    timer.start()

    window.select_release(big_id)
    # At once: the busy cursor, an empty reader saying so, and the window's events still served.
    assert window.reader.is_loading()
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.BusyCursor
    qtbot.waitUntil(lambda: not window.reader.is_loading(), timeout=60000)
    timer.stop()
    assert any(ticks), "the GUI thread served no timer while the release was being laid out"
    assert QApplication.overrideCursor() is None
    release = window.controller.current_release
    assert window.reader.toPlainText() == release.text          # offsets stay the library's
    # Annotating works as on any release, at the very end too.
    select_text(window, "The last sentence")
    window.highlight_selection("green")
    (annotation,) = library.annotations_for(big_id)
    assert release.text[annotation.position.start:annotation.position.end] == "The last sentence"
    assert window.reader.extraSelections()[0].cursor.selectedText() == "The last sentence"


def test_switching_away_before_a_long_release_is_laid_out_keeps_the_one_chosen(
        windows, demo_path, big_release, qtbot):
    window = windows.open(imports=[demo_path, big_release])
    library = window.controller.library
    ids = {s.title: s.id for s in library.release_summaries()}
    big_id = ids["A very long statement"]
    demo_id = next(i for title, i in ids.items() if i != big_id)
    window.select_release(big_id)
    window.select_release(demo_id)                                # before the background layout ends
    assert not window.reader.is_loading() and QApplication.overrideCursor() is None
    demo_text = window.reader.toPlainText()
    # The abandoned layout stops and is thrown away, never shown.
    qtbot.waitUntil(lambda: not window.reader.findChildren(DocumentLoader), timeout=5000)
    qtbot.wait(200)
    assert window.reader.toPlainText() == demo_text == window.controller.current_release.text


def test_a_release_laid_out_in_pieces_matches_one_parsed_whole(big_release, qtbot):
    from PySide6.QtGui import QTextDocument, QTextFormat

    from annotations.rendering import markdown_to_html
    from desktop_app.rendering import style_document
    from desktop_app.widgets.release_loader import DocumentLoader

    html = markdown_to_html(big_release.read_text())
    whole = QTextDocument()
    style_document(whole, 11)
    whole.setHtml(html)
    loader = DocumentLoader(html, whole.toPlainText(), 11, 24)
    received = []
    loader.loaded.connect(lambda document, offsets: received.append(document))
    loader.start()
    qtbot.waitUntil(lambda: bool(received), timeout=60000)
    (pieced,) = received
    assert pieced.toPlainText() == whole.toPlainText()

    def shape(document):
        block, shapes = document.begin(), []
        while block.isValid():
            fmt, first = block.blockFormat(), block.charFormat()
            shapes.append((fmt.headingLevel(), fmt.topMargin(), fmt.bottomMargin(), fmt.lineHeight(),
                           first.fontWeight(), first.fontPointSize(), first.property(QTextFormat.Property.FontSizeAdjustment)))
            block = block.next()
        return shapes
    assert shape(pieced) == shape(whole)


def open_long_release(windows, demo_path, big_release, qtbot):
    window = windows.open(imports=[demo_path, big_release])
    big_id = next(s.id for s in window.controller.library.release_summaries() if s.title == "A very long statement")
    window.select_release(big_id)
    qtbot.waitUntil(lambda: not window.reader.is_laying_out(), timeout=60000)
    return window


def test_the_text_shows_while_the_rest_is_laid_out_and_the_scroll_bar_reaches_into_it(
        windows, demo_path, big_release, qtbot):
    window = windows.open(imports=[demo_path, big_release])
    library, reader = window.controller.library, window.reader
    big_id = next(s.id for s in library.release_summaries() if s.title == "A very long statement")
    length = len(library.release(big_id).text) + 1
    seen = []                                      # between events: shown whole? laid out? scroll range
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: seen.append((reader.document().characterCount() == length,
                                               reader.is_laying_out(), reader.verticalScrollBar().maximum())))
    timer.start()
    window.select_release(big_id)
    qtbot.waitUntil(lambda: not reader.is_laying_out(), timeout=60000)
    timer.stop()
    final = reader.verticalScrollBar().maximum()
    whole = reader.document().documentLayout().documentSize().height()
    assert final == pytest.approx(whole - reader.viewport().height(), abs=2)
    readable = [maximum for shown, laying_out, maximum in seen if shown and laying_out]
    assert len(readable) >= 3, "the text was not there to read while the rest was laid out"
    assert max(readable) > final / 2                # and the scroll bar reached down into it


def test_resizing_or_zooming_a_long_release_read_at_its_end_keeps_the_place(
        windows, demo_path, big_release, qtbot):
    from PySide6.QtTest import QTest

    window = open_long_release(windows, demo_path, big_release, qtbot)
    reader = window.reader
    reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum() - 3000)
    position = reader.top_position()
    assert position > len(reader.toPlainText()) * 0.9
    width = reader.width()
    window.resize(window.width() + 200, window.height())
    qtbot.waitUntil(lambda: reader.width() != width)
    assert reader.is_laying_out()                  # laid out anew at the new width, between events
    qtbot.waitUntil(lambda: not reader.is_laying_out(), timeout=60000)
    assert abs(reader.top_position() - position) < 300        # the same line, or the one above
    position = reader.top_position()
    reader.setFocus()
    QTest.keyClick(reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.is_laying_out() and reader.top_position() == position
    qtbot.waitUntil(lambda: not reader.is_laying_out(), timeout=60000)
    assert abs(reader.top_position() - position) < 300


def test_a_jump_to_a_card_while_the_layout_catches_up_goes_there_and_nothing_stays_pending(
        windows, demo_path, big_release, qtbot):
    from PySide6.QtTest import QTest

    window = open_long_release(windows, demo_path, big_release, qtbot)
    reader = window.reader
    release = window.controller.current_release
    select_text(window, "The last sentence")
    window.highlight_selection("green")
    reader.clear_selection()
    reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum() // 2)
    reader.setFocus()
    QTest.keyClick(reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)   # a zoom: laid out anew
    assert reader.is_laying_out()
    window.actions_by_name["next_annotation"].trigger()         # Alt+Down: to the card and its passage
    qtbot.waitUntil(lambda: not reader.is_laying_out(), timeout=60000)
    assert reader.textCursor().selectedText() == "The last sentence"
    assert reader.top_position() > len(release.text) * 0.9

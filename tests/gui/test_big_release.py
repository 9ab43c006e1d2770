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

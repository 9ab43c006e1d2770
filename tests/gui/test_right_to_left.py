"""Right-to-left releases in the reader: Arabic and Hebrew paragraphs laid out right to left and
aligned right, numbers and Latin words in their bidi places, selected by mouse and keyboard,
highlighted, and re-anchored after the release changes."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotations.anchoring import anchor, resolve

ARABIC = "أعلنت وزارة المالية أن الإيرادات ارتفعت بنسبة (1.92%) خلال عام 2024 وفق بيان Reuters."
HEBREW = "משרד החוץ הודיע היום כי השיחות יתקיימו ב-12 במאי (בשעה 10:00)."
QUOTE = "الإيرادات ارتفعت"


@pytest.fixture
def window(windows, tmp_path):
    release = tmp_path / "finance.md"
    release.write_text(f"# وزارة المالية\n\n{ARABIC}\n\n{HEBREW}\n", encoding="utf-8")
    return windows.open(imports=[release])


def block_holding(window, text: str):
    document = window.reader.document()
    block = document.begin()
    while block.isValid() and text not in block.text():
        block = block.next()
    assert block.isValid()
    return block


@pytest.mark.parametrize("paragraph", [ARABIC, HEBREW])
def test_paragraphs_are_laid_out_right_to_left_and_aligned_right(window, paragraph):
    block = block_holding(window, paragraph)
    assert block.textDirection() == Qt.LayoutDirection.RightToLeft
    line = block.layout().lineAt(0)
    width = window.reader.document().textWidth() - 2 * window.reader.document().documentMargin()
    assert line.naturalTextRect().right() == pytest.approx(width, abs=2)     # flush right
    assert line.naturalTextRect().left() > 1                                 # a short line: ragged left


def test_numbers_and_latin_keep_their_order_inside_arabic(window):
    """Bidi: "(1.92%)", "2024" and "Reuters" read left to right inside the right-to-left line."""
    block = block_holding(window, ARABIC)
    line = block.layout().lineAt(0)

    def x_of(text: str, offset: int = 0) -> float:
        return line.cursorToX(block.text().index(text) + offset)[0]

    # Logical order runs right to left: what is written later sits further left ...
    assert x_of("وزارة", 1) < x_of("أعلنت", 1) and x_of("خلال", 1) < x_of("بنسبة", 1)
    # ... but inside a number or a Latin word, later characters sit further right.
    assert x_of("1.92", 1) < x_of("1.92", 2) < x_of("1.92", 3)
    assert x_of("Reuters", 1) < x_of("Reuters", 3) < x_of("Reuters", 5)


def test_select_by_keyboard_and_highlight_arabic(window, windows, qtbot):
    reader = window.reader
    start = reader.toPlainText().index(QUOTE)
    cursor = reader.textCursor()
    cursor.setPosition(start)
    reader.setTextCursor(cursor)
    reader.setFocus()
    # In a right-to-left line, Shift+Left extends the selection forward in reading order.
    for _ in QUOTE:
        qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert reader.textCursor().selectedText() == QUOTE
    window.actions_by_name["highlight_green"].trigger()
    with sqlite3.connect(windows.db_path) as connection:
        (stored,) = connection.execute('SELECT start, "end", exact FROM annotations').fetchall()
    assert stored == (start, start + len(QUOTE), QUOTE)
    (selection,) = reader.extraSelections()
    assert selection.cursor.selectedText() == QUOTE


def test_select_by_mouse_drag_over_arabic(window, qtbot):
    reader = window.reader
    start = reader.toPlainText().index(QUOTE)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    begin_rect = reader.cursorRect(cursor)
    cursor.setPosition(start + len(QUOTE))
    end_rect = reader.cursorRect(cursor)
    viewport = reader.viewport()
    # Right to left: the quote starts at the right and ends further left.
    assert end_rect.center().x() < begin_rect.center().x()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin_rect.center())
    qtbot.mouseMove(viewport, pos=end_rect.center())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end_rect.center())
    assert reader.textCursor().selectedText() == QUOTE


def test_arabic_quotes_reanchor_after_the_release_changes():
    text = f"{ARABIC}\n{HEBREW}"
    position, quote = anchor(text, text.index(QUOTE), text.index(QUOTE) + len(QUOTE))
    edited = "بيان صحفي جديد.\n" + text.replace("2024", "٢٠٢٤")
    start, end = resolve(edited, quote, position)
    assert edited[start:end] == QUOTE
    hebrew_quote = "הודיע היום"
    position, quote = anchor(text, text.index(hebrew_quote), text.index(hebrew_quote) + len(hebrew_quote))
    start, end = resolve(edited, quote, position)
    assert edited[start:end] == hebrew_quote


@pytest.mark.parametrize(("text", "right_to_left"), [
    ("“الإيرادات ارتفعت”", True),          # an Arabic quote in the Annotations table
    ("“משרד החוץ”", True),
    ("“Revenue rose”", False),
    ("1 note أعلنت", False),                # a note that starts in Latin letters
])
def test_pdf_text_boxes_lay_out_right_to_left_paragraphs_flush_right(qapp, text, right_to_left):
    """The closing table's cells and the margin notes, laid out as the reader lays out paragraphs."""
    from PySide6.QtGui import QImage

    from desktop_app.pdf.layout import TextBox
    from desktop_app.rendering import document_font

    device = QImage(800, 100, QImage.Format.Format_RGB32)
    box = TextBox(text, document_font(9, "ar"), 600, device)
    assert (box.layout.textOption().textDirection() == Qt.LayoutDirection.RightToLeft) is right_to_left
    rect = box.lines[0].naturalTextRect()
    assert (rect.right() == pytest.approx(600, abs=1)) is right_to_left
    assert (rect.left() == pytest.approx(0, abs=1)) is not right_to_left

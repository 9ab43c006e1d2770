"""Issue 10, point 7: dark scheme with readable highlights, accessible names, zoom, small screens, Print."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QTextEdit, QWidget

from annotations.models import PALETTE
from desktop_app import settings as options
from desktop_app.appearance import contrast_ratio

from .test_annotating import select_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def restore_light(qapp):
    palette, style = qapp.palette(), qapp.style().name()
    yield
    qapp.setPalette(palette)
    qapp.setStyle(style)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_text_keeps_a_contrast_of_4_5_in_both_schemes(windows, demo_path, restore_light, scheme, qtbot):
    window = windows.open(imports=[demo_path])
    window.actions_by_name[f"scheme_{scheme}"].trigger()
    assert window.dark == (scheme == "dark")
    qtbot.waitUntil(lambda: (window.reader.palette().color(QPalette.ColorRole.Base).lightness() < 80)
                    == (scheme == "dark"))
    base = window.reader.palette().color(QPalette.ColorRole.Base)
    text = window.reader.palette().color(QPalette.ColorRole.Text)
    assert (base.lightness() < 80) == (scheme == "dark")
    assert contrast_ratio(text, base) >= 4.5                        # plain text
    for number, color in enumerate(PALETTE):
        window.controller.library.set_codebook_entry(color, color)
    window.controller.codebook_changed.emit()
    for color in PALETTE:
        select_text(window, "Ostrava")
        window.highlight_selection(color)
        (drawn,) = [s for s in window.reader.extraSelections()]
        assert drawn.format.background().color() == QColor(PALETTE[color])
        assert contrast_ratio(drawn.format.foreground().color(), QColor(PALETTE[color])) >= 4.5, color


def test_icons_stay_visible_on_a_dark_toolbar(windows, demo_path, restore_light):
    window = windows.open(imports=[demo_path])
    window.actions_by_name["scheme_dark"].trigger()
    window_color = QApplication.palette().color(QPalette.ColorRole.Window)
    image = window.actions_by_name["undo"].icon().pixmap(24, 24).toImage()
    strokes = [image.pixelColor(x, y) for x in range(24) for y in range(24) if image.pixelColor(x, y).alpha() > 200]
    assert strokes and max(contrast_ratio(c, window_color) for c in strokes) >= 4.5
    assert window.settings.get(options.COLOR_SCHEME) == "dark"
    # Fields keep a border that shows against the card.
    select_text(window, "Ostrava")
    window.highlight_selection("yellow")
    card = window.annotation_pane.cards()[0]
    assert "border" in window.annotation_pane.styleSheet() and card.note_editor.frameWidth() > 0


def test_every_control_has_an_accessible_name_and_cards_are_named_by_their_quote(windows, demo_path):
    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.highlight_selection("green")
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not name and not isinstance(widget, (QLineEdit, QTextEdit)) or (
                isinstance(widget, (QLineEdit, QTextEdit)) and not widget.accessibleName()):
            if widget.parent() is not None and type(widget).__name__ not in ("QScrollBar",):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert unnamed == []
    card = window.annotation_pane.cards()[0]
    assert card.accessibleName() == "Highlight “Ostrava”"
    assert card._delete_button.accessibleName() == "Delete Highlight “Ostrava”"


def test_zoom_keys_and_the_view_menu(windows, demo_path):
    window = windows.open(imports=[demo_path])
    size = window.reader.document().defaultFont().pointSizeF()
    window.reader.setFocus()
    QTest.keyClick(window.reader, Qt.Key.Key_Equal, CTRL)
    QTest.keyClick(window.reader, Qt.Key.Key_Equal, CTRL)
    assert window.reader.document().defaultFont().pointSizeF() == size + 2
    QTest.keyClick(window.reader, Qt.Key.Key_Minus, CTRL)
    assert window.reader.document().defaultFont().pointSizeF() == size + 1
    assert window.settings.get(options.READER_ZOOM) == 1
    QTest.keyClick(window.reader, Qt.Key.Key_0, CTRL)
    assert window.reader.document().defaultFont().pointSizeF() == size
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert [a.objectName() for a in view_menu.actions()][:3] == ["zoom_in", "zoom_out", "zoom_reset"]


def test_docks_give_way_so_the_reader_keeps_60_characters_a_line_at_1024_by_700(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()
    assert window.reader.characters_per_line() >= 60
    assert window.annotation_pane.isVisible() and window.library_view.isVisible()


def test_print_uses_the_pdf_exports_layout(windows, demo_path, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.highlight_selection("pink")
    window.settings.set(options.ANALYST_NAME, "Dana")
    exported, printed = tmp_path / "exported.pdf", tmp_path / "printed.pdf"
    window.export_pdf(window.controller.current_release.id, str(exported))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    pages = window.print_release(printer)
    exported_pages, printed_pages = PdfReader(exported).pages, PdfReader(printed).pages
    assert pages == len(exported_pages) == len(printed_pages)
    for mine, theirs in zip(exported_pages, printed_pages):
        assert [round(float(v)) for v in mine.mediabox] == [round(float(v)) for v in theirs.mediabox]
        assert " ".join(mine.extract_text().split()) == " ".join(theirs.extract_text().split())

"""Issue 10, point 7: dark scheme with readable highlights, accessible names, zoom, small screens, Print."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QPushButton, QTextEdit, QWidget

from annotations.models import PALETTE
from desktop_app import settings as options
from desktop_app.appearance import contrast_ratio

from .test_annotating import select_text
from .test_exporting import export_results

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def restore_light(qapp):
    palette, style = qapp.palette(), qapp.style().name() or "fusion"
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


@pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="no dbus-daemon for a private session bus")
@contextlib.contextmanager
def desktop_session(demo_path, tmp_path, chosen_scheme: str | None = None):
    """A private session bus, a stand-in for the desktop portal (``desktop/portal.py``: write 1 to
    it to prefer dark, 2 to prefer light) and the window in a process of its own on a library with
    a highlight of every colour (``desktop/window.py``: one JSON line of what it shows, and one
    each time the system's scheme changes). ``chosen_scheme``: the View menu's choice, saved."""
    from annotations.library import Library
    from desktop_app.importing import import_into

    library = Library(tmp_path / "library.sqlite3")
    (release,) = import_into(library, [demo_path]).imported
    for occurrence, color in enumerate(PALETTE, start=1):
        library.add_highlight_of_quote(release.release_id, "the", occurrence, color=color)
    library.close()
    if chosen_scheme:
        (tmp_path / "settings.ini").write_text(f"[view]\nscheme={chosen_scheme}\n", encoding="utf-8")
    folder = Path(__file__).parent / "desktop"
    bus = subprocess.Popen(["dbus-daemon", "--session", "--print-address=1", "--nofork"], stdout=subprocess.PIPE,
                           text=True)
    processes = [bus]
    try:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus.stdout.readline().strip(),
               "QT_QPA_PLATFORM": "offscreen", "QT_QPA_PLATFORMTHEME": "xdgdesktopportal"}
        portal = subprocess.Popen([sys.executable, str(folder / "portal.py")], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, env=env)
        processes.append(portal)
        assert read_line(portal) == "ready"
        window = subprocess.Popen([sys.executable, str(folder / "window.py"), str(tmp_path / "library.sqlite3"),
                                   str(tmp_path / "settings.ini")], stdout=subprocess.PIPE, text=True, env=env)
        processes.append(window)
        yield portal, window
    finally:
        for process in reversed(processes):
            process.kill()
            process.wait()


def prefer(portal, preference: int) -> None:
    portal.stdin.write(f"{preference}\n")
    portal.stdin.flush()


def test_the_window_follows_the_systems_scheme_as_the_desktop_changes_it(demo_path, tmp_path):
    """Through Qt's own path on Linux: the desktop portal's SettingChanged signal on a session bus,
    Qt's xdgdesktopportal theme, QStyleHints.colorSchemeChanged; the window runs in a process of its own."""
    with desktop_session(demo_path, tmp_path) as (portal, window):
        shown = json.loads(read_line(window))
        assert shown["checked"] == ["scheme_system"] and not shown["dark"] and shown["base_lightness"] > 200
        for preference, dark in ((1, True), (2, False), (1, True)):      # prefer dark, prefer light
            prefer(portal, preference)
            shown = json.loads(read_line(window))
            assert shown["system"] == ("Dark" if dark else "Light") and shown["dark"] == dark
            assert (shown["base_lightness"] < 80) == dark
            assert shown["text_contrast"] >= 4.5
            assert len(shown["highlight_contrasts"]) == len(PALETTE)
            assert min(shown["highlight_contrasts"]) >= 4.5


@pytest.mark.parametrize("chosen", ["light", "dark"])
def test_a_scheme_chosen_in_the_view_menu_holds_when_the_desktop_changes(demo_path, tmp_path, chosen):
    with desktop_session(demo_path, tmp_path, chosen_scheme=chosen) as (portal, window):
        shown = json.loads(read_line(window))
        assert shown["checked"] == [f"scheme_{chosen}"] and shown["dark"] == (chosen == "dark")
        for preference in (1, 2, 1) if chosen == "light" else (2, 1, 2):     # the desktop's the other way
            prefer(portal, preference)
            shown = json.loads(read_line(window))
            assert shown["system"] == ("Dark" if preference == 1 else "Light")
            assert shown["dark"] == (chosen == "dark") and (shown["base_lightness"] < 80) == (chosen == "dark")
            assert shown["checked"] == [f"scheme_{chosen}"] and min(shown["highlight_contrasts"]) >= 4.5


def read_line(process, timeout: float = 60) -> str:
    """The next line a process prints, or a failure after ``timeout`` seconds."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"no line from {process.args[-1]} in {timeout} s"
    return process.stdout.readline().strip()


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


def test_check_boxes_show_on_a_dark_window(windows, demo_path, restore_light):
    """Fusion outlines a check box a shade darker than the window: on a dark one it all but vanished."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    window = windows.open(imports=[demo_path])
    window.actions_by_name["scheme_dark"].trigger()
    (box,) = [box for box in window.annotation_pane.findChildren(QCheckBox) if box.text() == "With a note"]
    for checked in (False, True):
        box.setChecked(checked)
        option = QStyleOptionButton()
        box.initStyleOption(option)
        indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        image = box.grab(indicator).toImage()
        window_color = box.palette().color(QPalette.ColorRole.Window)
        width, height = image.width(), image.height()
        edge = [image.pixelColor(x, y) for x in range(width) for y in range(height)
                if x in (0, 1, width - 2, width - 1) or y in (0, 1, height - 2, height - 1)]
        assert max(contrast_ratio(color, window_color) for color in edge) >= 3.0        # WCAG 1.4.11


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


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_ctrl_p_prints_through_the_dialog_with_the_pdf_exports_layout(windows, demo_path, tmp_path, qtbot):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrintDialog

    window = windows.open(imports=[demo_path])
    select_text(window, "Ostrava")
    window.highlight_selection("pink")
    (card,) = window.annotation_pane.cards()
    qtbot.mouseClick(card.note_editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(card.note_editor, "Where the demo office sits")
    window.settings.set(options.ANALYST_NAME, "Dana")
    exported, printed = tmp_path / "exported.pdf", tmp_path / "printed.pdf"

    # Ctrl+P, then the dialog's own widgets: print to a file, named by typing, and Print.
    window.reader.setFocus()
    QTest.keyClick(window.reader, Qt.Key.Key_P, CTRL)
    dialog = window.findChild(QPrintDialog)
    qtbot.waitExposed(dialog)
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
    file_name = dialog.findChild(QLineEdit, "filename")
    file_name.selectAll()
    QTest.keyClicks(file_name, str(printed))
    print_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Print")
    qtbot.mouseClick(print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Sent"))
    assert not dialog.isVisible()

    # The text, the quote and the note are in it, page for page as the PDF export lays them out.
    export_results(windows.qtbot, window.export_pdf(window.controller.current_release.id, str(exported)))
    exported_pages, printed_pages = PdfReader(exported).pages, PdfReader(printed).pages
    assert len(printed_pages) == len(exported_pages)
    for mine, theirs in zip(exported_pages, printed_pages):
        assert [round(float(v)) for v in mine.mediabox] == [round(float(v)) for v in theirs.mediabox]
        assert " ".join(mine.extract_text().split()) == " ".join(theirs.extract_text().split())
    text = " ".join(subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Welcome to Communiqué: a Reader That Remembers What Mattered" in text
    assert "Where the demo office sits" in text and "Ostrava" in text
    # Rendered, the quote sits on the pink of its highlight.
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", str(printed), str(tmp_path / "page")],
                   check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(printed), "-"], capture_output=True,
                           text=True, check=True).stdout
    box = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Ostrava,', words)
    left, top, right, bottom = (float(v) for v in box.groups())
    pink = QColor(PALETTE["pink"])
    colours = [image.pixelColor(int(x), int(bottom) - 1) for x in range(int(left) + 1, int(right) - 1, 2)]
    assert sum(abs(c.red() - pink.red()) + abs(c.green() - pink.green()) + abs(c.blue() - pink.blue()) < 40
               for c in colours) > len(colours) / 2

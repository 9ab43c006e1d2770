"""Issue 10, point 9: exports behave like files the user made (umask, folder, whole words, analyst)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop_app import settings as options

from .test_annotating import select_text
from .test_exporting import export_results

LONG_TITLE = ("# Joint statement on the comprehensive strategic partnership between the kingdoms "
              "and the republics of the region\n\nThe ministers met in Phnom Penh.\n")


@pytest.fixture
def umask_022():
    before = os.umask(0o022)
    yield
    os.umask(before)


def answer_next_dialog(text: str) -> None:
    """Type into the modal dialog that is about to open, then press Return, as the user would."""
    def answer():
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "no dialog asked"
        from PySide6.QtWidgets import QLineEdit

        field = dialog.findChild(QLineEdit)
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
    QTimer.singleShot(0, answer)


def test_first_pdf_export_asks_the_analyst_and_follows_umask_folder_and_whole_words(
        windows, tmp_path, monkeypatch, umask_022):
    source = tmp_path / "statement.md"
    source.write_text(LONG_TITLE)
    window = windows.open(imports=[source])
    select_text(window, "Phnom Penh")
    window.highlight_selection("yellow")
    chosen_folder = tmp_path / "exports"
    chosen_folder.mkdir()
    suggestions = []

    def save_dialog(parent, caption, suggested, filters):
        suggestions.append(suggested)
        return str(chosen_folder / Path(suggested).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    assert window.settings.get(options.ANALYST_NAME) == ""
    answer_next_dialog("Dana Analyst")
    window.actions_by_name["export_pdf"].trigger()
    windows.qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Exported"), timeout=60000)

    assert window.settings.get(options.ANALYST_NAME) == "Dana Analyst"
    first = Path(suggestions[0])
    documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    assert first.parent == (documents if documents.is_dir() else Path.home())     # not the working directory
    # Whole words of the title, about 60 characters, never cut inside a word.
    title_words = LONG_TITLE.split("\n")[0].lstrip("# ").split()
    stem_words = first.stem.split()[1:]
    assert stem_words == title_words[:len(stem_words)] and 40 <= len(" ".join(stem_words)) <= 60
    exported = chosen_folder / first.name
    assert stat.S_IMODE(exported.stat().st_mode) == 0o644
    from pypdf import PdfReader

    assert "Dana Analyst" in PdfReader(exported).pages[0].extract_text()

    # The second export: not asked again, and the dialog starts where the last one went.
    window.actions_by_name["export_pdf"].trigger()
    assert Path(suggestions[1]).parent == chosen_folder


def test_cancelling_the_name_question_cancels_the_export(windows, demo_path, monkeypatch):
    window = windows.open(imports=[demo_path])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: pytest.fail("the save dialog opened after Cancel")))

    def cancel():
        QTest.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Escape)
    QTimer.singleShot(0, cancel)
    window.actions_by_name["export_pdf"].trigger()
    assert window.settings.get(options.ANALYST_NAME) == ""


def test_without_a_name_the_pdf_names_no_one_not_the_login(windows, demo_path, tmp_path):
    import getpass

    window = windows.open(imports=[demo_path])
    window.settings.set(options.ANALYST_ASKED, True)        # asked, and left empty
    out = tmp_path / "out.pdf"
    export_results(windows.qtbot, window.export_pdf(window.controller.current_release.id, str(out)))
    from pypdf import PdfReader

    text = PdfReader(out).pages[0].extract_text()
    assert "Analyst" in text and getpass.getuser() not in text.split("Analyst", 1)[1][:40]


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_text_exports_follow_the_umask_and_a_replaced_file_keeps_its_mode(windows, demo_path, tmp_path, mask, mode):
    window = windows.open(imports=[demo_path])
    before = os.umask(mask)
    try:
        out = tmp_path / "notes.md"
        assert window.controller.export_annotations(window.controller.current_release.id, out, "md")
        assert stat.S_IMODE(out.stat().st_mode) == mode
        out.chmod(0o600)
        assert window.controller.export_annotations(window.controller.current_release.id, out, "csv")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(before)

"""GUI fixtures: a real MainWindow over a real library file, settings in a temporary INI file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from annotations.library import Library
from desktop_app.controller import Controller
from desktop_app.importing import import_into
from desktop_app.main_window import MainWindow
from desktop_app.settings import Settings


class WindowFactory:
    """Opens main windows on one library file, as a user starting the app again would."""

    def __init__(self, qtbot, tmp_path):
        self.qtbot = qtbot
        self.db_path = tmp_path / "library.sqlite3"
        self.settings_path = tmp_path / "settings.ini"
        self.libraries: list[Library] = []
        self.windows: list[MainWindow] = []

    def library(self) -> Library:
        library = Library(self.db_path)
        self.libraries.append(library)
        return library

    def open(self, imports=()) -> MainWindow:
        library = self.library()
        if imports:
            import_into(library, list(imports))
        window = MainWindow(Controller(library), Settings(QSettings(str(self.settings_path), QSettings.Format.IniFormat),
                                                          library.path))
        self.qtbot.addWidget(window)
        self.windows.append(window)
        window.show()
        self.qtbot.waitExposed(window)
        window.activateWindow()
        self.qtbot.waitUntil(window.isActiveWindow)   # window shortcuts (1–5, Delete) need it
        window.restore_reading()
        return window

    def close_all(self):
        for window in self.windows:
            window.close()
        for library in self.libraries:
            library.close()


@pytest.fixture(scope="session", autouse=True)
def bundled_fonts(qapp):
    """As at start-up: the window and the PDF use the fonts we ship, not whatever the machine has."""
    from desktop_app.fonts import register_fonts

    return register_fonts()


@pytest.fixture(autouse=True)
def no_modal_message_boxes(monkeypatch):
    """A message box waits, offscreen, for a click that never comes: fail with its text instead of hanging."""
    from PySide6.QtWidgets import QMessageBox

    def refuse(parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("warning", "critical", "question", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))


@pytest.fixture
def windows(qtbot, tmp_path):
    factory = WindowFactory(qtbot, tmp_path)
    yield factory
    factory.close_all()

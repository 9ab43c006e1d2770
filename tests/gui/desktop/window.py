"""The main window as a user on that desktop has it: run as a script with Qt's
``xdgdesktopportal`` platform theme, on the library and settings files given. Prints one JSON line
with what the window shows now, and another each time the system's colour scheme changes."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication


def state(window) -> dict:
    from desktop_app.appearance import contrast_ratio

    reader = window.reader
    base = reader.palette().color(QPalette.ColorRole.Base)
    text = reader.palette().color(QPalette.ColorRole.Text)
    drawn = [(s.format.foreground().color(), s.format.background().color()) for s in reader.extraSelections()]
    return {"system": QApplication.styleHints().colorScheme().name, "dark": window.dark,
            "base_lightness": base.lightness(), "text_contrast": contrast_ratio(text, base),
            "highlight_contrasts": [contrast_ratio(fg, bg) for fg, bg in drawn],
            "checked": [a.objectName() for a in window.actions_by_name.values()
                        if a.objectName().startswith("scheme_") and a.isChecked()]}


def main(library_path: str, settings_path: str) -> int:
    application = QApplication(sys.argv[:1])
    from annotations.library import Library
    from desktop_app.controller import Controller
    from desktop_app.main_window import MainWindow
    from desktop_app.settings import Settings

    library = Library(library_path)
    window = MainWindow(Controller(library), Settings(QSettings(settings_path, QSettings.Format.IniFormat),
                                                      library.path))
    window.show()
    window.restore_reading()

    def report() -> None:
        print(json.dumps(state(window)), flush=True)

    # After the window's own handler (connected first): the palette has changed by the next turn.
    QApplication.styleHints().colorSchemeChanged.connect(lambda _: QTimer.singleShot(0, report))
    QTimer.singleShot(0, report)
    code = application.exec()
    library.close()
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

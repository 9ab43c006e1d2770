"""Every QSettings key the application uses, declared once with its type and default."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any


WINDOW_GEOMETRY = Option("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Option("window/state", QByteArray, QByteArray())
LIBRARY_SORT_COLUMN = Option("library/sort_column", int, 2)
LIBRARY_SORT_DESCENDING = Option("library/sort_descending", bool, True)
ANALYST_NAME = Option("export/analyst", str, "")
ANALYST_ASKED = Option("export/analyst_asked", bool, False)   # asked once, on the first export
LAST_EXPORT_FOLDER = Option("export/last_folder", str, "")
READER_ZOOM = Option("view/zoom", int, 0)                   # point-size steps from the usual size
COLOR_SCHEME = Option("view/scheme", str, "system")         # "system", "light" or "dark"
LAST_COLOR = Option("annotate/last_color", str, "yellow")    # N highlights in the colour used last
PDF_PAGE_SIZE = Option("export/page_size", str, "")          # "A4", "Letter", or "" for the locale's
# Reading state is kept per library file, so two libraries each reopen where they were.
LAST_RELEASE = Option("reading/{library}/release", int, 0)
LAST_POSITION = Option("reading/{library}/position", int, 0)


class Settings:
    """Typed access to QSettings; reading state is keyed by the library file it belongs to."""

    def __init__(self, qsettings: QSettings, library_path: Path):
        self._qsettings = qsettings
        self._library_key = hashlib.sha1(str(Path(library_path).resolve()).encode()).hexdigest()[:12]

    def _key(self, option: Option) -> str:
        return option.key.format(library=self._library_key)

    def get(self, option: Option) -> Any:
        value = self._qsettings.value(self._key(option), option.default)
        if option.type is bool and isinstance(value, str):  # INI files store booleans as text
            return value.lower() == "true"
        try:
            return option.type(value) if value is not None else option.default
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option, value: Any) -> None:
        self._qsettings.setValue(self._key(option), value)

    def sync(self) -> None:
        self._qsettings.sync()

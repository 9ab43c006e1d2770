"""What the benchmarks work on: seed-size releases, library files and a headless Qt.

Everything is made in a temporary folder the caller owns, so the user's library and settings
(QSettings go to an INI file there) are never touched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
SEED_PATH = REPO.parent / "shared" / "corpus" / "000_93a0bb01c3eb51b8.txt"
#: The size of the seed release; the demo release is repeated up to it when the corpus is absent.
SEED_SIZE = 4 * 1024
#: Qt draws into memory: figures do not depend on a display, and no window appears.
QT_PLATFORM = "offscreen"


def seed_text() -> str:
    """The seed release, or the demo release repeated to the seed's size when there is no corpus."""
    if SEED_PATH.is_file():
        return SEED_PATH.read_text(encoding="utf-8")
    from resources import demo_release_path

    demo = demo_release_path().read_text(encoding="utf-8")
    return "\n\n".join([demo] * -(-SEED_SIZE // len(demo)))


def variant(text: str, number: int) -> str:
    """``text`` with a numbered paragraph appended: same size and shape, but a distinct release
    (the library refuses a second copy of the same bytes)."""
    return f"{text}\n\nBenchmark paragraph {number}: this copy of the release is number {number}.\n"


def write_variants(folder: Path, count: int, first: int = 0) -> list[Path]:
    """``count`` distinct seed-size Markdown-in-.txt files (as the seed is) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = seed_text()
    paths = []
    for number in range(first, first + count):
        path = folder / f"release-{number:05d}.txt"
        path.write_text(variant(text, number), encoding="utf-8")
        paths.append(path)
    return paths


def qt_environment() -> dict[str, str]:
    """The environment for a Qt process of ours: headless, otherwise the caller's."""
    return {**os.environ, "QT_QPA_PLATFORM": QT_PLATFORM}


#: What the offscreen platform says about every docked window; it would bury the table.
_OFFSCREEN_CHATTER = "This plugin does not support propagateSizeHints()"


def gui_application():
    """The process's QApplication, made headless on first use (measures in this process need one)."""
    os.environ["QT_QPA_PLATFORM"] = QT_PLATFORM
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return QApplication.instance()
    qInstallMessageHandler(_print_qt_message)
    return QApplication(["benchmarks"])


def _print_qt_message(kind, context, message: str) -> None:
    if message != _OFFSCREEN_CHATTER:
        print(message, file=sys.stderr)


def prepare_library(path: Path, sources: list[Path]) -> list[int]:
    """A library file at ``path`` holding ``sources`` (imported as the app does); their ids."""
    from annotations.library import Library
    from desktop_app.importing import import_into

    with Library(path) as library:
        report = import_into(library, sources)
    if report.failures:
        raise RuntimeError(f"could not prepare {path}: {report.failures[0]}")
    return [item.release_id for item in report.imported]


#: The floors' one statement: a row of text into a table with nothing else on it.
PLAIN_INSERT = "INSERT INTO items (body) VALUES (?)"


@contextlib.contextmanager
def plain_database(path: Path) -> Iterator[sqlite3.Connection]:
    """A bare SQLite file with the library's durability settings (WAL, synchronous=FULL), in
    autocommit mode, and one table for ``PLAIN_INSERT``: what the floors write to."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, body TEXT)")
        yield conn
    finally:
        conn.close()

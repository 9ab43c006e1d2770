"""Opening a release and committing a highlight, through a real MainWindow in this process.

The window sits on a library holding two seed-size releases with three highlights each, the
state a reader is in after a few minutes' work.
"""

from __future__ import annotations

import contextlib
from itertools import cycle
from pathlib import Path
from typing import Iterator

from .material import PLAIN_INSERT, gui_application, plain_database, prepare_library, write_variants
from .measuring import Figure, paired_medians, timed

HIGHLIGHTS_PER_RELEASE = 3
HIGHLIGHT_LENGTH = 40


def spread_spans(text_length: int, count: int, length: int = HIGHLIGHT_LENGTH) -> list[tuple[int, int]]:
    """``count`` spans of ``length`` characters spread evenly through a text, none overlapping."""
    step = text_length // (count + 1)
    return [(step * k, step * k + length) for k in range(1, count + 1)]


@contextlib.contextmanager
def open_window(folder: Path) -> Iterator:
    """A shown MainWindow (settings in a temporary INI file) over two annotated seed-size releases."""
    from PySide6.QtCore import QSettings

    from annotations.library import Library
    from desktop_app.controller import Controller
    from desktop_app.main_window import MainWindow
    from desktop_app.settings import Settings

    app = gui_application()
    library_path = folder / "library.sqlite3"
    release_ids = prepare_library(library_path, write_variants(folder / "sources", 2))
    library = Library(library_path)
    for release_id in release_ids:
        for start, end in spread_spans(len(library.release(release_id).text), HIGHLIGHTS_PER_RELEASE):
            library.add_highlight(release_id, start, end)
    controller = Controller(library)
    window = MainWindow(controller, Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat),
                                             library_path))
    window.show()
    window.restore_reading()
    settle(app)
    try:
        yield window, release_ids
    finally:
        controller.stop_watching()
        window.close()
        window.deleteLater()
        settle(app)
        library.close()


def settle(app) -> None:
    """Let Qt finish what it deferred (deleteLater, layout, paint), outside the timed part."""
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def measure_opening(window, release_ids: list[int], repeat: int) -> list[Figure]:
    """Controller.open_release, alternating two releases so every open replaces what is shown.

    The target's floor parses the same HTML into a QTextDocument with the reader's style: the
    work no reader of this HTML can skip. A second floor also lays the text out at the reader's
    width, as any widget that shows it must; it is shown for information.
    """
    from PySide6.QtGui import QTextDocument

    from desktop_app.rendering import style_document
    from desktop_app.widgets.reader import READER_POINT_SIZE

    app = gui_application()
    library = window.controller.library
    next_id = cycle(release_ids)
    html_by_id = {release_id: library.release(release_id).html for release_id in release_ids}
    parsed, laid_out = QTextDocument(), QTextDocument()
    for document in (parsed, laid_out):
        style_document(document, READER_POINT_SIZE)
    laid_out.setTextWidth(window.reader.viewport().width())

    def ours() -> float:
        elapsed = timed(lambda: window.controller.open_release(next(next_id)))
        settle(app)
        return elapsed

    def parse() -> float:
        html = html_by_id[next(next_id)]
        return timed(lambda: parsed.setHtml(html))

    def parse_and_lay_out() -> float:
        html = html_by_id[next(next_id)]
        # documentSize() finishes the layout of the whole document.
        return timed(lambda: (laid_out.setHtml(html), laid_out.documentLayout().documentSize()))

    name = "open a seed-size release (3 highlights)"
    ours_median, parse_median = paired_medians(ours, parse, repeat, warmup=2)
    ours_again, layout_median = paired_medians(ours, parse_and_lay_out, repeat, warmup=2)
    return [Figure(name, ours_median, parse_median, target=1.2),
            Figure("  same, floor = parse + layout", ours_again, layout_median, target=None)]


def measure_highlighting(window, release_ids: list[int], folder: Path, repeat: int) -> list[Figure]:
    """A highlight committed by the Library (and, for information, through the undo stack).

    The Library's highlights go to the release that is not shown, so the shown one keeps its
    three and the window's refresh (in the Controller figure) stays the same size throughout.
    The floor commits one plain INSERT into a file in the same folder with the library's journal
    and sync settings: the fsyncs are the part no durable write can skip.
    """
    app = gui_application()
    controller = window.controller
    release = controller.current_release
    hidden_id = next(release_id for release_id in release_ids if release_id != release.id)
    spans = cycle(spread_spans(len(release.text), 10))

    def library_add() -> float:
        return timed(lambda: controller.library.add_highlight(hidden_id, *next(spans)))

    def controller_add() -> float:
        elapsed = timed(lambda: controller.add_highlight(*next(spans)))
        controller.undo_stack.undo()     # keeps the pane at the same number of cards
        settle(app)
        return elapsed

    with plain_database(folder / "floor.sqlite3") as conn:
        quote = release.text[:HIGHLIGHT_LENGTH]

        def floor() -> float:   # autocommit: the INSERT is its own committed transaction
            return timed(lambda: conn.execute(PLAIN_INSERT, [quote]))

        library_median, floor_median = paired_medians(library_add, floor, repeat)
        controller_median, floor_again = paired_medians(controller_add, floor, repeat)
    return [Figure("highlight committed (Library.add_highlight)", library_median, floor_median, target=2.0),
            Figure("  same, via Controller + undo stack", controller_median, floor_again, target=None)]


def measure(folder: Path, open_repeat: int, highlight_repeat: int) -> list[Figure]:
    """Both figures on one window, so it is built (and its first-paint costs paid) only once."""
    with open_window(folder) as (window, release_ids):
        return (measure_opening(window, release_ids, open_repeat)
                + measure_highlighting(window, release_ids, folder, highlight_repeat))

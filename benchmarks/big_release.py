"""Opening a 3 MB release: the longest time the window stops answering (issue 10: at most 200 ms).

Ours is the longest gap between the ticks of a 5 ms timer on the GUI thread while a real
MainWindow opens the release, from the click until the whole text is laid out and highlighted.
The floor is what one synchronous parse of the same HTML on the GUI thread would freeze it for:
the freeze we avoid by parsing the release a piece at a time between events. Then the same,
resizing the reader while it shows the end of the release; the floor there is one synchronous
layout of the whole text, which Qt would otherwise do (in steps of up to 200,000 characters).
"""

from __future__ import annotations

import time
from pathlib import Path

from .material import gui_application
from .measuring import Figure, timed

BIG_RELEASE_BYTES = 3_000_000
WORDS = "ministry cooperation partnership agreement development economic security regional summit".split()


def write_big_release(path: Path) -> Path:
    paragraphs = []
    for number in range(BIG_RELEASE_BYTES // 640):
        words = [WORDS[(number * 7 + i * 3) % len(WORDS)] for i in range(80)]
        paragraphs.append((f"## Section {number}\n\n" if number % 20 == 0 else "") + " ".join(words) + ".")
    path.write_text("# A very long statement\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def longest_stall(app, action, busy) -> float:
    """Seconds of the longest gap between timer ticks from ``action()`` until ``busy()`` is false."""
    from PySide6.QtCore import QTimer

    last, longest = [time.perf_counter()], [0.0]

    def tick() -> None:
        now = time.perf_counter()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    last[0] = time.perf_counter()
    action()
    tick()
    while busy():
        app.processEvents()
        tick()
    app.processEvents()                 # the last paint
    tick()
    timer.stop()
    return longest[0]


def opening_stall(app, window, release_id: int) -> float:
    """The longest freeze from open_release until the release is laid out and highlighted."""
    return longest_stall(app, lambda: window.controller.open_release(release_id), window.reader.is_loading)


def resizing_stall(app, window, width: int) -> float:
    """The longest freeze from narrowing the window (the reader shows the release's end) until the
    reader shows that place again, laid out at its new width."""
    reader = window.reader
    bar = reader.verticalScrollBar()
    bar.setValue(bar.maximum())
    app.processEvents()
    return longest_stall(app, lambda: window.resize(width, window.height()), reader.is_laying_out)


def whole_layout(html: str, width: int) -> float:
    """Seconds Qt takes to lay ``html`` out whole at ``width`` (what a resize costs unpaced)."""
    from PySide6.QtGui import QTextDocument

    from desktop_app.rendering import style_document
    from desktop_app.widgets.reader import READER_POINT_SIZE

    document = QTextDocument()
    style_document(document, READER_POINT_SIZE)
    document.setHtml(html)
    document.setTextWidth(width)
    return timed(lambda: document.documentLayout().documentSize())


def measure(folder: Path, repeat: int) -> list[Figure]:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QTextDocument

    from annotations.library import Library
    from desktop_app.controller import Controller
    from desktop_app.importing import import_into
    from desktop_app.main_window import MainWindow
    from desktop_app.rendering import style_document
    from desktop_app.settings import Settings
    from desktop_app.widgets.reader import READER_POINT_SIZE
    from resources import demo_release_path

    app = gui_application()
    folder.mkdir(parents=True, exist_ok=True)
    library = Library(folder / "library.sqlite3")
    report = import_into(library, [demo_release_path(), write_big_release(folder / "big.md")])
    small_id, big_id = (item.release_id for item in report.imported)
    window = MainWindow(Controller(library), Settings(QSettings(str(folder / "settings.ini"),
                                                                QSettings.Format.IniFormat), library.path))
    window.resize(1280, 800)
    window.show()
    html = library.release(big_id).html
    stalls, parses, resizes, layouts = [], [], [], []
    try:
        for run in range(repeat):
            window.controller.open_release(small_id)
            app.processEvents()
            stalls.append(opening_stall(app, window, big_id))
            document = QTextDocument()
            style_document(document, READER_POINT_SIZE)
            parses.append(timed(lambda: document.setHtml(html)))
            resizes.append(resizing_stall(app, window, 1180 - 40 * run))
            layouts.append(whole_layout(html, window.reader.viewport().width()))
            window.resize(1280, 800)
    finally:
        window.controller.stop_watching()
        window.close()
        library.close()
    for figures in (stalls, parses, resizes, layouts):
        figures.sort()
    return [Figure("longest freeze opening a 3 MB release", stalls[len(stalls) // 2], parses[len(parses) // 2],
                   target=0.5),
            Figure("  same, the worst of the runs (goal: 200 ms)", stalls[-1], 0.2, target=1.0),
            Figure("longest freeze resizing it, read at its end", resizes[len(resizes) // 2],
                   layouts[len(layouts) // 2], target=0.5),
            Figure("  same, the worst of the runs (goal: 200 ms)", resizes[-1], 0.2, target=1.0)]

"""Annotated PDF export: a ten-page release with fifty annotations, and an Arabic one.

Ours is the application's export (``desktop_app.pdf.export.export_pdf``: layout on the writer,
header, margin notes, closing table, then pypdf's annotation objects, ToUnicode repair and
metadata, written atomically). The floor is the same document painted by Qt with no
annotations: the export's own painting (header, running heads and page numbers, the release in
its column, so the same pages) given an empty list of annotations, and no pass after Qt.

Then the window's side: the longest gap between the ticks of a 5 ms timer on the window's
thread while the window's export job (``PdfExportJob``) writes the Arabic release, beside the
freeze that painting it on the window's thread would cost (its floor painting, timed).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from .material import gui_application, prepare_library, seed_text
from .measuring import Figure, paired_medians, timed
from .reading import spread_spans

PAGES = 10
ANNOTATIONS = 50


def ten_page_release(folder: Path) -> Path:
    """The seed repeated until it fills about ten A4 pages of the export."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ten-pages.txt"
    path.write_text("\n\n".join([seed_text()] * 5), encoding="utf-8")
    return path


#: An Arabic paragraph with what the copy-out repair of right-to-left lines handles: numbers in
#: brackets, a Latin word, lam-alef ligatures.
ARABIC_PARAGRAPH = ("أعلنت وزارة المالية أن الإيرادات ارتفعت بنسبة ( 1.92%) خلال عام 2024 وفق بيان Reuters، "
                    "وقال الوزير إن الاستقرار والسلام أولوية للحكومة في المرحلة المقبلة، وإن الموازنة "
                    "ستدعم القطاع الخاص والمشروعات الصغيرة والمتوسطة في جميع المناطق.")


def arabic_release(folder: Path) -> Path:
    """About ten pages of Arabic (each paragraph a few lines), with a heading."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "arabic.md"
    path.write_text("# وزارة المالية\n\n" + "\n\n".join([ARABIC_PARAGRAPH] * 90), encoding="utf-8")
    return path


def paint_plainly(release, out: Path, options) -> int:
    """The floor: the same document (header, running heads, the release in the export's column)
    painted by Qt to a QPdfWriter, with no annotations: no highlight, marker, note, closing table
    or annotation object, and no pass over the file after Qt."""
    from desktop_app.pdf.export import _paint

    return _paint(release, [], str(out), options)[2]


def measure(folder: Path, repeat: int) -> list[Figure]:
    from desktop_app.fonts import register_fonts

    gui_application()
    register_fonts()
    latin = _exported(folder, "latin", ten_page_release(folder / "source"),
                      lambda number: (f"Note {number}: " + "worth a look. " * (number % 4),
                                      [f"tag{number % 5}"]))
    # Arabic: every line is silenced and given its copy-out text (annotations.pdf.right_to_left),
    # which pypdf's parsing of each page's content dominates. Shown for information: the floor
    # draws no copy-out text at all.
    arabic = _exported(folder, "arabic", arabic_release(folder / "arabic-source"),
                       lambda number: (f"ملاحظة {number}", []))
    (ours, floor, pages, release_pages), (arabic_ours, arabic_floor, arabic_pages, _) = (
        _timings(*latin, repeat), _timings(*arabic, repeat))
    stall = _window_stall(*arabic, repeat)
    return [Figure(f"export annotated PDF ({release_pages}-page release, {pages} pages with the table, "
                   f"{ANNOTATIONS} annotations)", ours, floor, 2.0),
            Figure(f"export annotated PDF, Arabic ({arabic_pages} pages, {ANNOTATIONS} annotations)",
                   arabic_ours, arabic_floor, None),
            Figure("  the window's longest freeze while it exports that (goal: 50 ms)", stall,
                   arabic_floor_painting(*arabic), target=0.5)]


def _window_stall(library_path: Path, name: str, release_id: int, repeat: int) -> float:
    """The median over ``repeat`` exports of the longest freeze of the window's thread."""
    from annotations.library import Library
    from desktop_app.controller import Controller
    from desktop_app.pdf.background import PdfExportJob
    from desktop_app.pdf.export import PdfOptions

    from .big_release import longest_stall

    app = gui_application()
    stalls = []
    with Library(library_path) as library:
        controller = Controller(library)
        try:
            for run in range(repeat):
                job = PdfExportJob(controller, [(release_id, str(library_path.parent / f"{name}-window-{run}.pdf"))],
                                   PdfOptions("A4", "Benchmark"))
                stalls.append(longest_stall(app, job.start, lambda: job.running))
                job.deleteLater()
        finally:
            controller.stop_watching()
    return sorted(stalls)[len(stalls) // 2]


def arabic_floor_painting(library_path: Path, name: str, release_id: int) -> float:
    """Seconds Qt takes to paint the release on the calling thread (what the window would freeze for)."""
    from annotations.library import Library
    from desktop_app.pdf.export import PdfOptions

    with Library(library_path) as library:
        release = library.release(release_id)
    return timed(lambda: paint_plainly(release, library_path.parent / f"{name}-floor-painting.pdf",
                                       PdfOptions("A4", "Benchmark")))


def _exported(folder: Path, name: str, source: Path, annotation) -> tuple[Path, str, int]:
    """A library holding ``source`` with ``ANNOTATIONS`` highlights spread over it, each with the
    (note, tags) ``annotation(number)`` gives; the library's path, its name and the release's id."""
    from annotations.library import Library

    library_path = folder / f"{name}.sqlite3"
    (release_id,) = prepare_library(library_path, [source])
    with Library(library_path) as library:
        for number, (start, end) in enumerate(spread_spans(len(library.release(release_id).text), ANNOTATIONS)):
            note, tags = annotation(number)
            library.add_highlight(release_id, start, end, note=note, tags=tags)
    return library_path, name, release_id


def _timings(library_path: Path, name: str, release_id: int, repeat: int) -> tuple[float, float, int, int]:
    """Median times of the export and of its floor, and the pages of each."""
    from annotations.library import Library
    from desktop_app.pdf.export import PdfOptions, export_pdf

    folder, names = library_path.parent, itertools.count()
    options = PdfOptions("A4", "Benchmark")
    with Library(library_path) as library:
        release = library.release(release_id)
        pages = export_pdf(library, release_id, folder / f"{name}-check.pdf", options).pages
        release_pages = paint_plainly(release, folder / f"{name}-check-floor.pdf", options)
        ours, floor = paired_medians(
            lambda: timed(lambda: export_pdf(library, release_id, folder / f"{name}-{next(names)}.pdf", options)),
            lambda: timed(lambda: paint_plainly(release, folder / f"{name}-floor-{next(names)}.pdf", options)),
            repeat)
    return ours, floor, pages, release_pages

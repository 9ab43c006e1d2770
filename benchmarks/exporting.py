"""Annotated PDF export: a ten-page release with fifty annotations, and an Arabic one.

Ours is the application's export (``desktop_app.pdf.export.export_pdf``: layout on the writer,
header, margin notes, closing table, then pypdf's annotation objects, ToUnicode repair and
metadata, written atomically). The floor is the same document painted by Qt with no
annotations: the export's own painting (header, running heads and page numbers, the release in
its column, so the same pages) given an empty list of annotations, and no pass after Qt.
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
    from annotations.library import Library
    from desktop_app.fonts import register_fonts
    from desktop_app.pdf.export import PdfOptions, export_pdf

    gui_application()
    register_fonts()
    library_path = folder / "library.sqlite3"
    (release_id,) = prepare_library(library_path, [ten_page_release(folder / "source")])
    names = itertools.count()
    with Library(library_path) as library:
        release = library.release(release_id)
        for number, (start, end) in enumerate(spread_spans(len(release.text), ANNOTATIONS)):
            library.add_highlight(release_id, start, end, note=f"Note {number}: " + "worth a look. " * (number % 4),
                                  tags=[f"tag{number % 5}"])
        options = PdfOptions("A4", "Benchmark")
        pages = export_pdf(library, release_id, folder / "check.pdf", options).pages
        release_pages = paint_plainly(release, folder / "check-floor.pdf", options)
        ours, floor = paired_medians(
            lambda: timed(lambda: export_pdf(library, release_id, folder / f"ours-{next(names)}.pdf", options)),
            lambda: timed(lambda: paint_plainly(release, folder / f"floor-{next(names)}.pdf", options)),
            repeat)
    figures = [Figure(f"export annotated PDF ({release_pages}-page release, {pages} pages with the table, "
                      f"{ANNOTATIONS} annotations)", ours, floor, 2.0)]
    return figures + measure_arabic(folder, repeat)


def measure_arabic(folder: Path, repeat: int) -> list[Figure]:
    """The same export of an Arabic release: every line is silenced and given its copy-out text
    (annotations.pdf.right_to_left), which pypdf's parsing of each page's content dominates.
    Shown for information: the floor draws no copy-out text at all."""
    from annotations.library import Library
    from desktop_app.pdf.export import PdfOptions, export_pdf

    library_path = folder / "arabic.sqlite3"
    (release_id,) = prepare_library(library_path, [arabic_release(folder / "arabic-source")])
    names = itertools.count()
    with Library(library_path) as library:
        release = library.release(release_id)
        for number, (start, end) in enumerate(spread_spans(len(release.text), ANNOTATIONS)):
            library.add_highlight(release_id, start, end, note=f"ملاحظة {number}", tags=[])
        options = PdfOptions("A4", "Benchmark")
        pages = export_pdf(library, release_id, folder / "arabic-check.pdf", options).pages
        ours, floor = paired_medians(
            lambda: timed(lambda: export_pdf(library, release_id, folder / f"arabic-{next(names)}.pdf", options)),
            lambda: timed(lambda: paint_plainly(release, folder / f"arabic-floor-{next(names)}.pdf", options)),
            repeat)
    return [Figure(f"export annotated PDF, Arabic ({pages} pages, {ANNOTATIONS} annotations)", ours, floor, None)]

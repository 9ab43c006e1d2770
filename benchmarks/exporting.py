"""Annotated PDF export: a ten-page release with fifty annotations.

Ours is the application's export (``desktop_app.pdf_export.export_pdf``: layout on the writer,
header, margin notes, closing table, then pypdf's annotation objects, ToUnicode repair and
metadata, written atomically). The floor paints the same release to a QPdfWriter, page by
page, with no annotations at all: what any PDF of it costs.
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


def paint_plainly(html: str, out: Path) -> int:
    """The floor: the release's HTML laid out on a QPdfWriter and painted page by page."""
    from PySide6.QtCore import QRectF, QSizeF
    from PySide6.QtGui import QPainter, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(out))
    writer.setResolution(600)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(html)
    page = writer.pageLayout().paintRectPixels(600)
    document.setPageSize(QSizeF(page.width(), page.height()))
    painter = QPainter(writer)
    for number in range(document.pageCount()):
        if number:
            writer.newPage()
        painter.save()
        painter.translate(0, -number * page.height())
        document.drawContents(painter, QRectF(0, number * page.height(), page.width(), page.height()))
        painter.restore()
    painter.end()
    return document.pageCount()


def measure(folder: Path, repeat: int) -> list[Figure]:
    from annotations.library import Library
    from desktop_app.fonts import register_fonts
    from desktop_app.pdf_export import PdfOptions, export_pdf

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
        ours, floor = paired_medians(
            lambda: timed(lambda: export_pdf(library, release_id, folder / f"ours-{next(names)}.pdf", options)),
            lambda: timed(lambda: paint_plainly(release.html, folder / f"floor-{next(names)}.pdf")),
            repeat)
    return [Figure(f"export annotated PDF ({pages} pages, {ANNOTATIONS} annotations)", ours, floor, 2.0)]

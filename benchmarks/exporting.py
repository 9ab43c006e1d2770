"""Annotated PDF export: a ten-page release with fifty annotations.

Ours is the application's export (``desktop_app.pdf_export.export_pdf``: layout on the writer,
header, margin notes, closing table, then pypdf's annotation objects, ToUnicode repair and
metadata, written atomically). The floor paints the same release, laid out the same way (so
the same ten-odd pages), to a QPdfWriter page by page with no annotations at all: what any PDF
of it costs.
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
    """The floor: the release laid out as the export lays it out (same paper, column, font and
    size, so the same pages) on a QPdfWriter, and painted page by page: no header, marker, note,
    table or annotation object."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

    from desktop_app.pdf_export import BODY_POINT_SIZE, RESOLUTION, _Geometry, _paint_flow
    from desktop_app.rendering import style_document

    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    geometry = _Geometry(writer)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    style_document(document, BODY_POINT_SIZE)
    document.setDocumentMargin(0)
    document.setHtml(html)
    document.setPageSize(QSizeF(geometry.body.width(), geometry.body.height()))
    painter = QPainter(writer)
    for number in range(document.pageCount()):
        if number:
            writer.newPage()
        _paint_flow(painter, document, number, geometry.body)
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
        release_pages = paint_plainly(release.html, folder / "check-floor.pdf")
        ours, floor = paired_medians(
            lambda: timed(lambda: export_pdf(library, release_id, folder / f"ours-{next(names)}.pdf", options)),
            lambda: timed(lambda: paint_plainly(release.html, folder / f"floor-{next(names)}.pdf")),
            repeat)
    return [Figure(f"export annotated PDF ({release_pages}-page release, {pages} pages with the table, "
                   f"{ANNOTATIONS} annotations)", ours, floor, 2.0)]

"""Annotations as CSV, one row per annotation, for a spreadsheet.

Choices made for Excel, which is where these files end up:

- RFC 4180: fields quoted where needed, ``\\r\\n`` between records (a newline inside a note stays
  inside its quoted field).
- The text starts with a byte-order mark (``\\ufeff``): without it Excel reads UTF-8 as the
  system's legacy code page and garbles every accented, Khmer or Japanese character. Write the
  returned text with ``encoding="utf-8"`` (not ``utf-8-sig``, which would add a second mark).
- Formula injection: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is prefixed with an apostrophe, so a note such as ``=HYPERLINK(...)`` is shown as text rather than
  run as a formula (OWASP's advice). The apostrophe is visible in other readers; that is the price.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from ..models import Annotation, Release, default_meanings

COLUMNS = ("release_id", "title", "issuer", "date", "color", "meaning", "quote", "note", "tags",
           "created", "updated")
TAG_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def annotations_csv(rows: Iterable[tuple[Release, Annotation]], meanings: dict[str, str] | None = None) -> str:
    """A header and one row per (release, annotation), in the order given; ``meanings`` from the codebook."""
    meanings = meanings or default_meanings()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for release, annotation in rows:
        writer.writerow([_defused(str(value)) for value in (
            release.id, release.title, release.issuer, release.date, annotation.color,
            meanings.get(annotation.color, annotation.color), annotation.quote.exact if annotation.quote else "",
            annotation.note,
            TAG_SEPARATOR.join(annotation.tags), annotation.created, annotation.updated)])
    return "\ufeff" + buffer.getvalue()


def release_annotations_csv(release: Release, annotations: Iterable[Annotation],
                            meanings: dict[str, str] | None = None) -> str:
    """One release's annotations (reading order, as ``Library.annotations_for`` gives them)."""
    return annotations_csv(((release, annotation) for annotation in annotations), meanings)


def _defused(cell: str) -> str:
    """``cell``, prefixed with an apostrophe if a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell

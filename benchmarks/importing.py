"""Import throughput: seed-size Markdown releases per second, a thousand at a time.

Two kinds of batch: distinct releases (``archive.ReleaseMaker``: the corpus's sentences, their words
shuffled, as a week of a newswire), and a thousand revisions of the seed release (each differs by one
paragraph), where every release is recognised as a version of the one before and aligned with it.

Ours is the application's import (``desktop_app.importing.import_into``: read, decode, Markdown,
sanitise, derive the canonical text with Qt, store with full-text indexing). The floor does only
what any importer of these files must: read, Markdown + nh3, and one INSERT each, in one
transaction.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from .material import PLAIN_INSERT, gui_application, plain_database, write_variants
from .measuring import Figure, paired_medians, timed

RELEASES = 1000
#: Enough files for Markdown's extensions, nh3 and Qt's text layout to be loaded before timing.
WARMUP_RELEASES = 20


def render_and_insert(conn, paths: list[Path]) -> None:
    """The floor: each file through Markdown + nh3, then every HTML stored in one transaction."""
    from annotations.rendering import markdown_to_html

    rows = [(markdown_to_html(path.read_bytes().decode("utf-8")),) for path in paths]
    conn.execute("BEGIN")
    conn.executemany(PLAIN_INSERT, rows)
    conn.execute("COMMIT")


def import_all(library, folder: Path, expected: int) -> None:
    """The application's import of ``folder``; raises unless every file became a new release."""
    from desktop_app.importing import import_into

    report = import_into(library, [folder])
    if len(report.added) != expected:
        raise RuntimeError(f"expected {expected} new releases from {folder}, got {len(report.added)} "
                           f"({report.failures[:1]})")


def write_distinct(folder: Path, count: int, first: int = 0) -> list[Path]:
    """``count`` distinct seed-size releases as Markdown-in-.txt files (title, then paragraphs)."""
    from .archive import ReleaseMaker

    folder.mkdir(parents=True, exist_ok=True)
    maker = ReleaseMaker(first)
    paths = []
    for number in range(first, first + count):
        path = folder / f"release-{number:05d}.txt"
        path.write_text("\n\n".join(maker.make(number, scrambled=True)[4].split("\n")) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def measure(folder: Path, repeat: int, count: int = RELEASES) -> list[Figure]:
    return [*measure_batches(folder / "distinct", repeat, count, write_distinct, f"import {count:,} distinct releases"),
            *measure_batches(folder / "revisions", repeat, count, write_variants,
                             f"import {count:,} revisions of one")]


def measure_batches(folder: Path, repeat: int, count: int, write, name: str) -> list[Figure]:
    from annotations.library import Library

    gui_application()   # the app imports with a QApplication running; Qt's fonts are then loaded once
    batches = {"timed": write(folder / "timed", count),
               "warm-up": write(folder / "warm-up", WARMUP_RELEASES, first=count)}
    fresh = itertools.count()   # a fresh file each run, so no release is a duplicate

    def ours(batch: str) -> float:
        with Library(folder / f"ours-{next(fresh)}.sqlite3") as library:
            paths = batches[batch]
            return timed(lambda: import_all(library, paths[0].parent, len(paths)))

    def floor(batch: str) -> float:
        with plain_database(folder / f"floor-{next(fresh)}.sqlite3") as conn:
            return timed(lambda: render_and_insert(conn, batches[batch]))

    ours("warm-up"), floor("warm-up")
    ours_median, floor_median = paired_medians(lambda: ours("timed"), lambda: floor("timed"), repeat, warmup=0)
    return [Figure(name, count / ours_median, count / floor_median, target=0.5, is_rate=True)]

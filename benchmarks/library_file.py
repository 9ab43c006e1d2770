"""The library file at archive scale: open, check, back up and restore, beside what the disk alone takes.

    python -m benchmarks.library_file [--releases 100000] [--cache DIR]

Not part of ``python -m benchmarks`` (building a 100,000-release library takes minutes): the
library is the search benchmark's archive (``archive.py``), built once and kept in ``--cache``
(default: a folder beside the checkout, never inside it). Each figure sits beside a floor measured
in the same run: opening beside a bare SQLite connection, the checks beside reading the file's
bytes, the backup and the restore beside copying the file. Figures are information (no target):
README, "The library file", quotes them.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .measuring import Figure, format_table, timed



def cached_library(cache: Path, releases: int) -> Path:
    """The search benchmark's synthetic archive of ``releases`` releases, built if missing and
    brought to the current schema."""
    from . import archive

    return archive.ensure(cache, releases, progress=lambda message: print(message, file=sys.stderr, flush=True))


def archive_cache(option: Path | None) -> Path:
    from . import archive

    return archive.cache_folder(str(option) if option else None)


def median_of(action, repeat: int) -> float:
    return statistics.median(timed(action) for _ in range(repeat))


def read_bytes(path: Path) -> None:
    with open(path, "rb") as stream:
        while stream.read(16 * 1024 * 1024):
            pass


def measure(path: Path, scratch: Path, repeat: int = 5) -> tuple[list[Figure], dict]:
    import contextlib
    import sqlite3

    from annotations import backups, library_file
    from annotations.library import Library

    def open_library():
        Library(path).close()

    def open_bare():
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    def check_on_open():
        with contextlib.closing(library_file.connect_read_only(path)) as conn:
            assert library_file.check_on_open(conn) == []

    read_bytes(path)                                         # the same warm cache for every figure
    figures = [Figure("open the library (header, schema, analyst's tables)", median_of(open_library, repeat),
                      median_of(open_bare, repeat), None),
               Figure("  of which the check of the analyst's tables", median_of(check_on_open, repeat),
                      median_of(open_bare, repeat), None)]
    file_read = median_of(lambda: read_bytes(path), 3)
    figures.append(Figure("quick_check of every page", median_of(lambda: library_file.check_everything(path), 3),
                          file_read, None))
    with contextlib.closing(library_file.connect_read_only(path)) as conn:
        integrity = timed(lambda: library_file.problems(conn, thorough=True))
    figures.append(Figure("integrity_check of every page", integrity, file_read, None))

    copy = scratch / "copy.sqlite3"
    file_copy = timed(lambda: shutil.copyfile(path, copy))
    phases: dict[str, float] = {}
    began = time.perf_counter()

    def note(fraction: float, doing: str) -> bool:
        phases.setdefault(doing, time.perf_counter() - began)
        return True

    backup = backups.write_backup(path, "benchmark", destination=scratch, progress=note)
    backup_seconds = time.perf_counter() - began
    figures.append(Figure("back up (snapshot, check, compress, verify)", backup_seconds, file_copy, None))
    restored = scratch / "restored.sqlite3"
    restoring = timed(lambda: backups.restore(restored, backup.path, any_library=True))   # to another name
    figures.append(Figure("restore (decompress, verify, check)", restoring, file_copy, None))
    facts = {"library bytes": path.stat().st_size, "backup bytes": backup.size,
             "releases": backup.releases, "annotations": backup.annotations,
             "phases": {doing: round(seconds, 1) for doing, seconds in phases.items()}}
    return figures, facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.library_file", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=None, help="where generated archives are kept")
    args = parser.parse_args(argv)
    args.cache = archive_cache(args.cache)
    path = cached_library(args.cache, args.releases)
    with tempfile.TemporaryDirectory(prefix="communique-bench-", dir=args.cache) as scratch:
        figures, facts = measure(path, Path(scratch))
    print(format_table(figures))
    print(f"\nLibrary {facts['library bytes'] / 1e9:.2f} GB ({facts['releases']:,} releases, "
          f"{facts['annotations']:,} annotations); backup {facts['backup bytes'] / 1e6:.0f} MB "
          f"({facts['library bytes'] / facts['backup bytes']:.1f}x smaller). Backup phases began at (s): "
          + ", ".join(f"{doing} {seconds}" for doing, seconds in facts["phases"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

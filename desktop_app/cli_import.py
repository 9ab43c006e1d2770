"""``communique import``: every file named, each in or refused, even if one crashes the importer.

The import runs in child processes watched by this one (``import_supervisor``); the child is this
same command, told so by the environment, and writes its report for the parent to print.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from annotations.importers import iter_import_paths
from annotations.library import Library

from .cli_versions import report_new_versions
from .daily_backup import start_in_background
from .import_supervisor import EXCHANGE_VARIABLE, Exchange, is_import_child, supervised_import


def run_import(library: Library, args) -> int:
    if is_import_child():
        return import_as_child(library, args.paths, Exchange(Path(os.environ[EXCHANGE_VARIABLE])))
    missing = [path for path in args.paths if not Path(path).exists() and not Path(path).is_symlink()]
    for path in missing:
        print(f"communique: Could not import {path!r}: there is no such file or folder.", file=sys.stderr)
    paths = [path for path in args.paths if path not in missing]
    if not paths:
        return 1
    highest_id = library.highest_release_id()
    library.close()  # the child writes; this process only watches
    progress = _TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    report = supervised_import(args.db, paths, highest_id, progress)
    if progress is not None:
        progress.clear()
    for item in report.imported:
        print(f"{item.release_id}\t{item.title}")
        if not item.created:
            print(f"communique: {item.path!r} is already in the library as release {item.release_id}.",
                  file=sys.stderr)
    if any(item.created for item in report.imported):
        with Library(args.db) as reopened:          # the child stored them: read which are new versions
            report_new_versions(reopened, report.imported)
        start_in_background(args.db)                # the day's backup, if due, now they are in
    for failure in report.failures:
        print(f"communique: {failure}", file=sys.stderr)
    return 1 if report.failures or missing else 0


def import_as_child(library: Library, paths: list[str], exchange: Exchange) -> int:
    """The child's side: import, noting each file before reading it, and write the report."""
    from .importing import import_into

    skipped = exchange.skipped()
    items = [item for item in iter_import_paths(paths) if str(item) not in skipped]
    with exchange.progress.open("a", encoding="utf-8") as progress_file:
        def note(done: int, total: int, path: str) -> bool:
            if path:
                progress_file.write(f"{done}\t{total}\t{path}\n")
                progress_file.flush()
            return not exchange.cancel.exists()

        report = import_into(library, items, note)
    exchange.write_report(report)
    return 0


class _TerminalProgress:
    """One line on a terminal, rewritten per file: ``importing 3/120: name.pdf``."""

    def __init__(self, stream):
        self._stream = stream
        self._width = 0

    def __call__(self, done: int, total: int, path: str) -> bool:
        line = f"importing {done + 1}/{total}: {Path(path).name}"[:100]
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = len(line)
        return True

    def clear(self) -> None:
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()

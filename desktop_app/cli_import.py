"""``communique import``: every file named, each in or refused, even if one crashes the importer.

Deriving a release's text runs Qt's layout, native code that can crash the process outright (a
segmentation fault is no exception to catch). So the command imports in a child process and
watches it: when a file kills the child, that file is reported, and a new child goes on with the
files after it. The releases the dead child had read but not yet stored are read again; those it
had stored are recognised by their content and reported as imported, not as duplicates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from annotations.importers import iter_import_paths
from annotations.library import Library

#: Set in the child: the file its progress is written to (one path per line, before each file).
PROGRESS_FILE_VARIABLE = "COMMUNIQUE_IMPORT_PROGRESS"
#: Set in the child: files to leave out (they crashed an earlier child), one per line.
SKIP_FILE_VARIABLE = "COMMUNIQUE_IMPORT_SKIP"
#: Set in the child: releases with a higher id were stored by this same command, before a crash.
FRESH_ABOVE_VARIABLE = "COMMUNIQUE_IMPORT_FRESH_ABOVE"
#: More crashes than this in one command and the rest is given up (something is wrong beyond a file).
MAX_CRASHES = 20


def run_import(library: Library, args) -> int:
    if PROGRESS_FILE_VARIABLE in os.environ:
        return _import_here(library, args)
    highest_id = library.db.execute("SELECT coalesce(max(id), 0) FROM releases").fetchone()[0]
    library.close()  # the child writes; this process only watches
    return _supervise(args, highest_id)


def _supervise(args, highest_id: int) -> int:
    crashed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="communique-import-") as folder:
        progress_file, skip_file = Path(folder) / "progress", Path(folder) / "skip"
        while True:
            progress_file.write_text("")
            skip_file.write_text("".join(f"{path}\n" for path in crashed))
            env = {**os.environ, PROGRESS_FILE_VARIABLE: str(progress_file), SKIP_FILE_VARIABLE: str(skip_file),
                   FRESH_ABOVE_VARIABLE: str(highest_id)}
            child = subprocess.run([*_own_command(), "--db", str(args.db), "import", *map(str, args.paths)], env=env)
            if child.returncode >= 0:
                return 1 if crashed else child.returncode
            started = progress_file.read_text(encoding="utf-8").splitlines()
            culprit = started[-1] if started else ""
            if not culprit or culprit in crashed or len(crashed) >= MAX_CRASHES:
                print(f"communique: the import stopped: the importer crashed ({_signal_name(child.returncode)}).",
                      file=sys.stderr)
                return 1
            crashed.append(culprit)
            print(f"communique: Could not import {culprit!r}: reading it crashed the importer "
                  f"({_signal_name(child.returncode)}); the other files are imported.", file=sys.stderr)


def _own_command() -> list[str]:
    """How to run this program again: the frozen executable, or this Python with our package."""
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop_app"]


def _signal_name(returncode: int) -> str:
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


def _import_here(library: Library, args) -> int:
    from .importing import import_into

    missing = [path for path in args.paths if not Path(path).exists() and not Path(path).is_symlink()]
    for path in missing:
        print(f"communique: Could not import {path!r}: there is no such file or folder.", file=sys.stderr)
    skipped = set(Path(os.environ[SKIP_FILE_VARIABLE]).read_text(encoding="utf-8").splitlines()) \
        if os.environ.get(SKIP_FILE_VARIABLE) else set()
    items = [item for item in iter_import_paths([path for path in args.paths if path not in missing])
             if str(item) not in skipped]
    fresh_above = int(os.environ.get(FRESH_ABOVE_VARIABLE, "0"))
    with open(os.environ[PROGRESS_FILE_VARIABLE], "a", encoding="utf-8") as progress_file:
        progress = _Progress(progress_file, sys.stderr if sys.stderr.isatty() else None)
        report = import_into(library, items, progress)
        progress.clear()
    for item in report.imported:
        print(f"{item.release_id}\t{item.title}")
        if not item.created and item.release_id <= fresh_above:
            print(f"communique: {item.path!r} is already in the library as release {item.release_id}.",
                  file=sys.stderr)
    for failure in report.failures:
        print(f"communique: {failure}", file=sys.stderr)
    return 1 if report.failures or missing else 0


class _Progress:
    """Notes each file before it is read (for the supervisor); on a terminal, one line rewritten
    per file: ``importing 3/120: name.pdf``."""

    def __init__(self, progress_file, terminal):
        self._file = progress_file
        self._terminal = terminal
        self._width = 0

    def __call__(self, done: int, total: int, path: str) -> bool:
        if not path:
            return True
        self._file.write(f"{path}\n")
        self._file.flush()
        if self._terminal is not None:
            line = f"importing {done + 1}/{total}: {Path(path).name}"[:100]
            self._terminal.write("\r" + line.ljust(self._width))
            self._terminal.flush()
            self._width = len(line)
        return True

    def clear(self) -> None:
        if self._terminal is not None and self._width:
            self._terminal.write("\r" + " " * self._width + "\r")
            self._terminal.flush()

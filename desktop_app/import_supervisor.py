"""Import in a child process, so that a file which crashes the importer costs that file alone.

Deriving a release's text runs Qt's layout, native code that can crash the process outright (a
segmentation fault is no exception to catch), and the kernel may kill an importer that a huge
file makes grow. So the command line and the window both import in a child process and watch
it: when a file kills the child, that file is reported and a new child goes on with the files
after it. Releases the dead child had read but not stored are read again; those it had stored
are recognised by their content and reported as imported, not as duplicates.

The child is this program's own ``import`` command, told where to exchange with its parent
(``EXCHANGE_VARIABLE``): it notes each file before reading it, looks for a cancel request
between files, and writes its report as JSON at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from annotations.errors import ImportFailed
from annotations.importing import ImportedRelease, ImportReport

#: Set in the child: the folder of files it exchanges with its parent.
EXCHANGE_VARIABLE = "COMMUNIQUE_IMPORT_EXCHANGE"
#: More crashes than this in one import and the rest is given up: something is wrong beyond a file.
MAX_CRASHES = 20
POLL_SECONDS = 0.1

Progress = Callable[[int, int, str], "bool | None"]


class Exchange:
    """The files a parent and its import child share, in one folder."""

    def __init__(self, folder: Path):
        self.progress = folder / "progress"        # one "done<TAB>total<TAB>path" line per file begun
        self.skip = folder / "skip"                # files to leave out, one per line
        self.cancel = folder / "cancel"            # exists: stop before the next file
        self.report = folder / "report.json"       # the child's report, written last

    # The child's side ----------------------------------------------------------------------------

    def skipped(self) -> set[str]:
        return set(self.skip.read_text(encoding="utf-8").splitlines()) if self.skip.exists() else set()

    def write_report(self, report: ImportReport) -> None:
        data = {"imported": [[item.release_id, item.title, item.path, item.created] for item in report.imported],
                "failures": [[failure.path, failure.reason] for failure in report.failures],
                "cancelled": report.cancelled}
        partial = self.report.with_suffix(".partial")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.report)

    # The parent's side ---------------------------------------------------------------------------

    def read_report(self, fresh_above: int) -> ImportReport | None:
        if not self.report.exists():
            return None
        data = json.loads(self.report.read_text(encoding="utf-8"))
        return ImportReport(
            imported=[ImportedRelease(release_id, title, path, created or release_id > fresh_above)
                      for release_id, title, path, created in data["imported"]],
            failures=[ImportFailed(path, reason) for path, reason in data["failures"]],
            cancelled=data["cancelled"])


def supervised_import(db_path: Path, paths: list[str], highest_id: int,
                      on_progress: Progress | None = None) -> ImportReport:
    """Import ``paths`` into the library at ``db_path`` through child processes (see the module).

    ``highest_id`` is the library's highest release id before the import; ``on_progress(done, total,
    path)`` is called as files begin and may return False to cancel between files.
    """
    report = ImportReport()
    crashed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="communique-import-") as folder:
        exchange = Exchange(Path(folder))
        while True:
            exchange.progress.write_text("")
            exchange.skip.write_text("".join(f"{path}\n" for path in crashed), encoding="utf-8")
            child = subprocess.Popen([*own_command(), "--db", str(db_path), "import", *map(str, paths)],
                                     env={**os.environ, EXCHANGE_VARIABLE: folder},
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            started = _watch(child, exchange, on_progress)
            finished = exchange.read_report(highest_id)
            if child.returncode >= 0 and finished is not None:
                report.imported += finished.imported
                report.failures += finished.failures
                report.cancelled = finished.cancelled
                return report
            culprit = started[-1] if started else ""
            how = _how_it_ended(child.returncode)
            if not culprit or culprit in crashed or len(crashed) >= MAX_CRASHES:
                report.failures.append(ImportFailed(culprit or paths[0], f"the importer stopped ({how})"))
                return report
            crashed.append(culprit)
            report.failures.append(ImportFailed(culprit, f"reading it crashed the importer ({how}); "
                                                         "the other files were imported"))


def _watch(child: subprocess.Popen, exchange: Exchange, on_progress: Progress | None) -> list[str]:
    """Relay the child's progress until it ends; returns the files it began, in order."""
    started: list[str] = []
    while True:
        try:
            child.wait(timeout=POLL_SECONDS)
            ended = True
        except subprocess.TimeoutExpired:
            ended = False
        lines = exchange.progress.read_text(encoding="utf-8").splitlines()
        for line in lines[len(started):]:
            done, total, path = line.split("\t", 2)
            started.append(path)
            if on_progress is not None and on_progress(int(done), int(total), path) is False:
                exchange.cancel.touch()
        if ended:
            return started


def is_import_child() -> bool:
    """Whether this process is an import child (its parent, the command line or the window, sees
    to the rest: the report, the day's backup)."""
    return bool(os.environ.get(EXCHANGE_VARIABLE))


def own_command() -> list[str]:
    """How to run this program again: the frozen executable, or this Python with our package."""
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop_app"]


def _how_it_ended(returncode: int) -> str:
    if returncode >= 0:
        return f"exit status {returncode}"
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"

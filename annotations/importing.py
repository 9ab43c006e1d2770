"""Import a batch of files into a Library: the one path used by the command line and the window.

The canonical text of a release is derived by the application's renderer (Qt's
``QTextDocument.toPlainText``), so it is passed in as ``derive_text`` and this module stays Qt-free.
Each file either becomes a whole release or is reported as a failure; a bad file never stops the
batch and never leaves anything half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import ImportFailed
from .importers import SkippedPath, iter_import_paths, read_release
from .library import Library
from .models import ReleaseDraft

#: Releases stored per transaction in a bulk import: large enough to amortise the fsync.
BATCH_SIZE = 100


@dataclass(frozen=True)
class ImportedRelease:
    release_id: int
    title: str
    path: str
    created: bool       # False: the same content was already in the library


@dataclass
class ImportReport:
    imported: list[ImportedRelease] = field(default_factory=list)
    failures: list[ImportFailed] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added(self) -> list[ImportedRelease]:
        return [item for item in self.imported if item.created]

    @property
    def duplicates(self) -> list[ImportedRelease]:
        return [item for item in self.imported if not item.created]


def import_files(library: Library, paths: Iterable[str | Path], derive_text: Callable[[str], str],
                 text_renderer: str = "",
                 on_progress: Callable[[int, int, str], bool | None] | None = None) -> ImportReport:
    """Import every file named (folders are walked). ``on_progress(done, total, path)`` may return
    False to cancel; what was stored before stays, nothing after is started."""
    files = list(iter_import_paths(paths))
    report = ImportReport()
    pending: list[tuple[ReleaseDraft, str]] = []

    def flush() -> None:
        for (draft, _), (release_id, created) in zip(pending, library.add_releases(pending, text_renderer)):
            report.imported.append(ImportedRelease(release_id, draft.title, draft.source_path, created))
        pending.clear()

    for done, path in enumerate(files):
        shown = path.path if isinstance(path, SkippedPath) else path
        if on_progress is not None and on_progress(done, len(files), str(shown)) is False:
            report.cancelled = True
            break
        if isinstance(path, SkippedPath):
            report.failures.append(ImportFailed(path.path, path.reason))
            continue
        try:
            draft = read_release(path)
            text = derive_text(draft.html)
            if not text.strip():
                raise ImportFailed(path, "no readable text was found in it")
        except ImportFailed as failure:
            report.failures.append(failure)
            continue
        except RecursionError:
            report.failures.append(ImportFailed(path, "its markup is nested too deeply to lay out"))
            continue
        pending.append((draft, text))
        if len(pending) >= BATCH_SIZE:
            flush()
    flush()
    if on_progress is not None and not report.cancelled:
        on_progress(len(files), len(files), "")
    return report

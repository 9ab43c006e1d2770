"""Importers: one module per format, each a function ``path -> ReleaseDraft``.

``read_release`` picks the importer by file suffix (and, for .txt, by content), checks the
file is readable and not too large, and fills metadata the importer could not state itself.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import ImportFailed
from ..models import ReleaseDraft

#: Larger files are refused: no press release is this big, and reading it would stall the import.
MAX_FILE_BYTES = 20 * 1024 * 1024

Importer = Callable[[Path, bytes], ReleaseDraft]

#: File suffix -> (module in this package, its function ``path, bytes -> ReleaseDraft``). Modules
#: load on first use, so start-up pays for none of them.
IMPORTERS: dict[str, tuple[str, str]] = {
    ".md": ("text", "read_markdown"), ".markdown": ("text", "read_markdown"),
    ".txt": ("text", "read_text"), ".text": ("text", "read_text"),
    ".html": ("html", "read"), ".htm": ("html", "read"), ".xhtml": ("html", "read"),
    ".eml": ("email", "read"),
    ".docx": ("docx", "read"),
    ".pdf": ("pdf", "read"),
}


def importer_for(suffix: str) -> Importer | None:
    import importlib

    found = IMPORTERS.get(suffix.lower())
    if found is None:
        return None
    module_name, function_name = found
    return getattr(importlib.import_module(f"{__name__}.{module_name}"), function_name)


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(IMPORTERS))


def read_release(path: str | Path) -> ReleaseDraft:
    """Read one file into a draft release. Raises ImportFailed with one sentence naming the file."""
    from ..metadata import complete_metadata

    path = Path(path)
    importer = importer_for(path.suffix)
    if importer is None:
        raise ImportFailed(path, f"files of type {path.suffix or '(none)'!r} are not supported "
                                 f"(supported: {', '.join(supported_suffixes())})")
    data = read_regular_file(path)
    if not data.strip():
        raise ImportFailed(path, "the file is empty")
    try:
        draft = importer(path, data)
    except ImportFailed:
        raise
    except RecursionError:
        raise ImportFailed(path, "its markup is nested too deeply to read") from None
    except MemoryError:
        raise ImportFailed(path, "it needs more memory to read than this computer can give") from None
    except Exception as error:  # a malformed file must not take the batch down
        raise ImportFailed(path, f"the file is not valid {path.suffix.lstrip('.').upper()} ({error})") from None
    return complete_metadata(draft)


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes.

    A FIFO, device or socket (even behind a symlink with a release's name) is refused without
    reading it: ``/dev/zero`` never ends and a FIFO blocks until someone writes. The limit holds on
    what is read, not on what ``stat`` claims, since a file can grow while it is read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise ImportFailed(path, "it is a folder, not a file") from None
    except OSError as error:
        if stat.S_ISSOCK(_mode_or_zero(path)):
            raise ImportFailed(path, "it is a socket, not a file") from None
        raise ImportFailed(path, error.strerror or str(error)) from None
    with os.fdopen(descriptor, "rb") as file:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise ImportFailed(path, "it is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise ImportFailed(path, f"it is {_kind_of(mode)}, not a regular file")
        try:
            data = file.read(limit + 1)
        except OSError as error:
            raise ImportFailed(path, error.strerror or str(error)) from None
    if len(data) > limit:
        size = max(len(data), _size_or_zero(path))
        raise ImportFailed(path, f"it is {size / 1e6:.1f} MB, over the {limit // 2**20} MB limit")
    return data


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _mode_or_zero(path: Path) -> int:
    try:
        return path.stat().st_mode
    except OSError:
        return 0


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass(frozen=True)
class SkippedPath:
    """A path inside a folder that is not imported, and why (reported, never read)."""

    path: Path
    reason: str


def iter_import_paths(paths: Iterable[str | Path | SkippedPath]) -> Iterator[Path | SkippedPath]:
    """The files to import: each file named, and every supported file inside each folder, sorted.

    Inside a folder, links are not followed out of it: a link to ``/etc/passwd`` or to a folder
    elsewhere yields a ``SkippedPath``, so the user is told, and nothing outside is read. Hidden
    files and folders are left out, as a file manager does.
    """
    for path in paths:
        if isinstance(path, SkippedPath):   # already walked (the command line's import supervisor)
            yield path
            continue
        path = Path(path)
        if path.is_dir():
            yield from _walk_folder(path)
        else:
            yield path


def _walk_folder(folder: Path) -> Iterator[Path | SkippedPath]:
    root = folder.resolve()
    found: list[Path | SkippedPath] = []
    for directory, subfolders, files in os.walk(folder, followlinks=False):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in [*subfolders, *files]:
            child = Path(directory) / name
            if name.startswith(".") or child.suffix.lower() not in IMPORTERS and not child.is_symlink():
                continue
            if child.is_symlink():
                target = child.resolve()
                if not target.is_relative_to(root):
                    found.append(SkippedPath(child, "it links to a file outside the folder, which is not followed"))
                    continue
                if target.is_dir() or child.suffix.lower() not in IMPORTERS:
                    continue  # a link to a folder inside is reached by walking the folder itself
            if name in files:
                found.append(child)
    yield from sorted(found, key=lambda item: str(item.path if isinstance(item, SkippedPath) else item))

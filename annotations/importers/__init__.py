"""Importers: one module per format, each a function ``path -> ReleaseDraft``.

``read_release`` picks the importer by file suffix (and, for .txt, by content), checks the
file is readable and not too large, and fills metadata the importer could not state itself.
"""

from __future__ import annotations

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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailed(path, f"it is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit")
        data = path.read_bytes()
    except IsADirectoryError:
        raise ImportFailed(path, "it is a folder, not a file") from None
    except OSError as error:
        raise ImportFailed(path, error.strerror or str(error)) from None
    if not data.strip():
        raise ImportFailed(path, "the file is empty")
    try:
        draft = importer(path, data)
    except ImportFailed:
        raise
    except Exception as error:  # a malformed file must not take the batch down
        raise ImportFailed(path, f"the file is not valid {path.suffix.lstrip('.').upper()} ({error})") from None
    return complete_metadata(draft)


def iter_import_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to import: each file named, and every supported file inside each folder, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in IMPORTERS and not child.name.startswith("."):
                    yield child
        else:
            yield path

"""Importers: one module per format, each a function ``path -> ReleaseDraft``.

``read_release`` picks the importer by file suffix (and, for .txt, by content), checks the
file is readable and not too large, and fills metadata the importer could not state itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import ImportFailed
from ..models import ReleaseDraft
from . import text as text_importer

#: Larger files are refused: no press release is this big, and reading it would stall the import.
MAX_FILE_BYTES = 20 * 1024 * 1024

Importer = Callable[[Path, bytes], ReleaseDraft]

IMPORTERS: dict[str, Importer] = {
    ".md": text_importer.read_markdown,
    ".markdown": text_importer.read_markdown,
    ".txt": text_importer.read_text,
    ".text": text_importer.read_text,
}


def _register_optional() -> None:
    """Formats whose modules may be added beside this one register here."""
    import importlib

    for module_name, suffixes in (
        ("html", (".html", ".htm", ".xhtml")),
        ("email", (".eml",)),
        ("docx", (".docx",)),
        ("pdf", (".pdf",)),
    ):
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{module_name}":
                continue
            raise
        for suffix in suffixes:
            IMPORTERS[suffix] = module.read


_register_optional()


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(IMPORTERS))


def read_release(path: str | Path) -> ReleaseDraft:
    """Read one file into a draft release. Raises ImportFailed with one sentence naming the file."""
    from ..metadata import complete_metadata

    path = Path(path)
    importer = IMPORTERS.get(path.suffix.lower())
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

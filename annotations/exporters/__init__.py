"""Exporters of a release's annotations to formats other tools read, and safe writing of files."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import ExportFailed
from ..library import Library
from ..models import Annotation, Lineage, Release

#: Text formats, by the name the command line and the window use for them.
TEXT_FORMATS = {"md": "Markdown", "csv": "CSV", "json": "W3C Web Annotation JSON-LD"}
FILE_NAME_TITLE_CHARS = 60


def export_file_name(release: Release, suffix: str) -> str:
    """A file name a colleague can read: the release id and its title's first words (whole words,
    about 60 characters), without awkward characters."""
    words = re.sub(r"[^\w\s-]", "", release.title or "release").split() or ["release"]
    title = words[0][:FILE_NAME_TITLE_CHARS]
    for word in words[1:]:
        if len(title) + 1 + len(word) > FILE_NAME_TITLE_CHARS:
            break
        title += " " + word
    return f"{release.id:04d} {title}{suffix}"


def render_release_annotations(library: Library, release_id: int, format_name: str) -> str:
    """``render_annotations`` for a release in the library. Raises ReleaseNotFound."""
    return render_annotations(format_name, library.release(release_id), library.annotations_for(release_id),
                              library.color_meanings(), library.lineage(release_id))


def render_annotations(format_name: str, release: Release, annotations: list[Annotation],
                       meanings: dict[str, str] | None = None, lineage: Lineage | None = None) -> str:
    """A release's annotations as Markdown, CSV or W3C JSON text (see TEXT_FORMATS), colours named by
    ``meanings``; ``lineage`` names the version (and the one it superseded) in the Markdown and JSON."""
    if format_name == "md":
        from .markdown import release_annotations_markdown

        return release_annotations_markdown(release, annotations, meanings, lineage)
    if format_name == "csv":
        from .csv_export import release_annotations_csv

        return release_annotations_csv(release, annotations, meanings)
    if format_name == "json":
        import json

        from .w3c import collection

        return json.dumps(collection(release, annotations, meanings, lineage), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {format_name!r}; expected one of {', '.join(TEXT_FORMATS)}")


@contextlib.contextmanager
def atomic_destination(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it replaces ``path`` in one step.

    So a reader of ``path`` sees the old file or the whole new one, never half of it. Raises
    ExportFailed, naming the file, for a read-only target or a folder that cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise ExportFailed(path, "it is a folder")
    if not path.parent.is_dir():
        raise ExportFailed(path, f"the folder {str(path.parent)!r} does not exist")
    # Marked read-only counts even for an administrator, who os.access would let through.
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise ExportFailed(path, "the file is read-only (or open in another program)")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(handle)
    except OSError as error:
        raise ExportFailed(path, _reason(error)) from None
    temporary = Path(temporary)
    try:
        # mkstemp makes it private (0600); the export is a file the user made: the umask decides,
        # and a file replaced keeps its mode.
        os.chmod(temporary, _mode_for(path))
        yield temporary
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        raise ExportFailed(path, _reason(error)) from None
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomically(path: str | Path, content: str) -> None:
    with atomic_destination(path) as temporary:
        temporary.write_text(content, encoding="utf-8", newline="")


def _mode_for(path: Path) -> int:
    """The mode a new file gets from the umask (0644 under the usual 022), or the replaced file's."""
    if path.exists():
        return stat.S_IMODE(path.stat().st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where Linux says it (/proc), since an export
    now writes on a worker thread while the window may create files; elsewhere it is set to 0 and
    straight back."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied (is it open in another program, or read-only?)"
    return error.strerror or str(error)

"""Exporters of annotations to formats other tools read (W3C Web Annotation JSON-LD, ...)."""

import re as _re


def export_file_name(release, suffix: str) -> str:
    """A file name a colleague can read: the release id and its title, without awkward characters."""
    words = _re.sub(r"[^\w\s-]", "", release.title or "release").split()
    return f"{release.id:04d} {' '.join(words)[:60].strip()}{suffix}"

"""What every importer shares: decoding bytes whatever encoding the issuer used, and making the draft."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ImportFailed
from ..models import ReleaseDraft

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(path: Path, data: bytes) -> str:
    """Decode ``data``; raise ImportFailed for binary or undecodable content.

    UTF-8 first (most releases), a byte-order mark when present, then charset-normalizer's guess.
    Line endings become ``\\n``.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                raise ImportFailed(path, f"it starts with a {encoding} byte-order mark but is not {encoding}") from None
    if b"\x00" in data[:8192]:
        raise ImportFailed(path, "it is a binary file, not text")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ImportFailed(path, "its text encoding could not be recognised")
    return _normalise(str(best))


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(data: bytes) -> str:
    """The release's identity: the SHA-256 of the original bytes (duplicates are recognised by it)."""
    return hashlib.sha256(data).hexdigest()


def make_draft(path: Path, data: bytes, source_format: str, html: str, **metadata: str) -> ReleaseDraft:
    """A draft from sanitised ``html``; ``metadata`` (title, issuer, date, language) where the format states it."""
    return ReleaseDraft(source_path=str(path), source_format=source_format, original=data, html=html,
                        content_hash=content_hash(data), **metadata)

"""What every importer shares: decoding bytes whatever encoding the issuer used, and making the draft."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from ..errors import ImportFailed
from ..models import ReleaseDraft

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(path: Path, data: bytes, declared_encoding: str | None = None) -> str:
    """Decode ``data``; raise ImportFailed for binary or undecodable content.

    A byte-order mark when present, then UTF-8 (most releases), then ``declared_encoding`` (what an
    HTML <meta charset> or a MIME part says), then charset-normalizer's guess. UTF-8 goes before the
    declaration because bytes that decode as UTF-8 almost never mean anything else, while pages and
    mails that declare Latin-1 but hold UTF-8 are common. Line endings become ``\\n``.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                raise ImportFailed(path, f"it starts with a {encoding} byte-order mark but is not {encoding}") from None
    if b"\x00" in data[:8192]:
        encoding = _bomless_utf16(data)
        if encoding is None:
            raise ImportFailed(path, "it is a binary file, not text")
        try:
            return _normalise(data.decode(encoding))
        except UnicodeDecodeError:
            raise ImportFailed(path, f"it looks like {encoding.upper()} text but is not") from None
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared_encoding:
        try:
            return _normalise(data.decode(declared_encoding))
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: guess instead
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ImportFailed(path, "its text encoding could not be recognised")
    return _normalise(str(best))


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text saved without a byte-order mark, else None.

    Windows tools write such files. In UTF-16 text of any script, line breaks and spaces are a
    zero byte beside the character, always on the same side (odd offsets for little-endian);
    binary files scatter zero bytes on both sides.
    """
    sample = data[:8192]
    if len(data) % 2:
        return None
    zero_at_odd, zero_at_even = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    for encoding, zeros, other in (("utf-16-le", zero_at_odd, zero_at_even), ("utf-16-be", zero_at_even, zero_at_odd)):
        if other == 0 and zeros >= max(1, half // 20):
            try:
                decoded = codecs.getincrementaldecoder(encoding)().decode(sample)  # may end mid-pair
            except UnicodeDecodeError:
                continue
            if not _CONTROL_CHARACTERS.search(decoded):
                return encoding
    return None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    """``text`` without C0/C1 control characters (tab and newlines stay).

    Legacy mail exports and broken PDF fonts leave them in extracted text; the sanitiser keeps them
    and the reader would show them as boxes.
    """
    return _CONTROL_CHARACTERS.sub("", text)


def content_hash(data: bytes) -> str:
    """The release's identity: the SHA-256 of the original bytes (duplicates are recognised by it)."""
    return hashlib.sha256(data).hexdigest()


def make_draft(path: Path, data: bytes, source_format: str, html: str, **metadata: str) -> ReleaseDraft:
    """A draft from sanitised ``html``; ``metadata`` (title, issuer, date, language) where the format states it."""
    return ReleaseDraft(source_path=str(path), source_format=source_format, original=data, html=html,
                        content_hash=content_hash(data), **metadata)

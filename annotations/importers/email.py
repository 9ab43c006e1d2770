"""E-mailed releases (.eml): the body a mail program would show, with Subject, Date and From as metadata.

The standard library's ``email`` package with ``policy.default`` unfolds headers, decodes
quoted-printable and base64 and names each part's charset. An HTML body is a web page in an
envelope and is read as one; a plain body keeps its paragraphs.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from ..errors import ImportFailed
from ..models import ReleaseDraft
from ..rendering import text_to_html
from . import html as html_importer
from .common import decode_text, make_draft, strip_control_characters

#: Lotus Notes exports (the Enron corpus among them) write typographic quotes as a 0x01 byte and an
#: ASCII character; these three are certain from context, any other 0x01 pair loses its control byte.
_LOTUS_NOTES_PUNCTUATION = {"\x01,": "\u2019", "\x01&": "\u201c", "\x018": "\u201d"}
_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr)\s*:\s*)+", re.IGNORECASE)
#: A line that ends in a space continues on the next (RFC 3676 "flowed" text, and what Lotus Notes and
#: other mail programs write when they wrap long lines, even without declaring format=flowed).
_SOFT_LINE_BREAK = re.compile(r"[ \t]\n(?=[^\n])")


def read(path: Path, data: bytes) -> ReleaseDraft:
    """The message's HTML body (preferred) or plain body as a draft; Subject, Date, From as metadata.

    Raises ImportFailed when the file has no mail headers or no body to read.
    """
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not any(message[name] for name in ("from", "subject", "date")):
        raise ImportFailed(path, "it has no e-mail headers (From, Subject or Date)")
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None:
        raise ImportFailed(path, "it has no text or HTML body to read (only attachments)")
    text = _decoded_body(path, body)
    if body.get_content_subtype() == "html":
        page = html_importer.read(path, text.encode("utf-8"))
        return make_draft(path, data, "email", page.html, **_header_metadata(message, fallback_title=page.title))
    html = text_to_html(_unwrap_soft_line_breaks(_repair_lotus_notes(text)))
    return make_draft(path, data, "email", html, **_header_metadata(message))


def _decoded_body(path: Path, part: EmailMessage) -> str:
    """The part's text in the charset it declares, or the one that fits when the declaration is wrong."""
    payload = part.get_payload(decode=True) or b""
    return decode_text(path, payload, part.get_content_charset())


def _repair_lotus_notes(text: str) -> str:
    for sequence, character in _LOTUS_NOTES_PUNCTUATION.items():
        text = text.replace(sequence, character)
    return strip_control_characters(text)


def _unwrap_soft_line_breaks(text: str) -> str:
    return _SOFT_LINE_BREAK.sub(" ", text)


def _header_metadata(message: EmailMessage, fallback_title: str = "") -> dict[str, str]:
    """title (Subject without Re:/Fwd:), date (the sender's calendar day), issuer (From), language."""
    metadata = {"title": _REPLY_PREFIX.sub("", " ".join(str(message["subject"] or "").split())) or fallback_title}
    when = getattr(message["date"], "datetime", None)  # None when the Date header cannot be parsed
    if when is not None:
        metadata["date"] = when.date().isoformat()
    sender = next(iter(getattr(message["from"], "addresses", ())), None)
    if sender is not None:
        metadata["issuer"] = sender.display_name or (sender.addr_spec if "@" in sender.addr_spec else "")
    language = str(message["content-language"] or "").split(",")[0].strip()
    if language:
        metadata["language"] = language
    return {key: value for key, value in metadata.items() if value}

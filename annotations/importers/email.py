"""E-mailed releases (.eml): the body a mail program would show, with Subject, Date and From as metadata.

The standard library's ``email`` package with ``policy.default`` walks the parts and decodes
quoted-printable and base64 per part, each in its own charset (a wrong or unknown one is guessed).
An HTML body is a web page in an envelope and is read as one; plain parts keep their paragraphs.
Headers are read leniently (``compat32``): a malformed From costs the issuer, never the release.
The issuer is the sender's name, or the organisation its address names (press.release@enron.com
→ Enron), never a raw address.
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
    """The message's HTML body (preferred) or its plain parts as a draft; Subject, Date, From as metadata.

    Raises ImportFailed when the file has no mail headers or no body to read.
    """
    message = BytesParser(policy=policy.default).parsebytes(data)
    headers = _RawHeaders(data)
    if not any(headers.get(name) for name in ("from", "subject", "date")):
        raise ImportFailed(path, "it has no e-mail headers (From, Subject or Date)")
    html_body = _html_body(message)
    if html_body is not None:
        page = html_importer.read(path, _decoded_body(path, html_body).encode("utf-8"))
        html, fallback_title = page.html, page.title
    else:
        parts = _plain_parts(message)
        if not parts:
            raise ImportFailed(path, "it has no text or HTML body to read (only attachments)")
        text = "\n\n".join(_unwrap_soft_line_breaks(_repair_lotus_notes(_decoded_body(path, part))).strip("\n")
                           for part in parts)
        html, fallback_title = text_to_html(text), ""
    return make_draft(path, data, "email", html, **_header_metadata(headers, html, fallback_title))


def _html_body(message: EmailMessage) -> EmailMessage | None:
    try:
        body = message.get_body(preferencelist=("html", "plain"))
    except Exception:  # a malformed MIME structure: read its parts as they come
        return None
    return body if body is not None and body.get_content_subtype() == "html" else None


def _plain_parts(message: EmailMessage) -> list[EmailMessage]:
    """Every plain-text part a mail program shows inline, in order; each is decoded on its own
    (quoted-printable, base64, its own charset). A multipart without a readable boundary is read
    as one text."""
    if not message.is_multipart():
        return [message] if message.get_content_maintype() in {"text", "multipart"} else []
    return [part for part in message.walk()
            if part.get_content_type() == "text/plain" and part.get_content_disposition() != "attachment"]


def _decoded_body(path: Path, part: EmailMessage) -> str:
    """The part's text in the charset it declares, or, when the declaration is wrong or names no
    charset Python knows, the one that fits (see ``_fallback_encoding``)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):  # a multipart whose boundary is missing: its text as it is
        payload = str(part.get_payload()).encode("utf-8", "surrogateescape")
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    if not _decodes(payload, "utf-8") and not _decodes(payload, charset):
        charset = _fallback_encoding(payload)
    return decode_text(path, payload, charset)


#: Single-byte Latin code pages charset-normalizer tells apart poorly on a short mail.
_LATIN_CODE_PAGES = {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
                     "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
                     "mac_roman", "mac_latin2", "cp850", "cp437"}


def _fallback_encoding(payload: bytes) -> str | None:
    """What a mail program falls back to for an unknown charset: charset-normalizer's guess, except
    that any Latin guess is read as windows-1252 (by far the commonest in mail; a short French mail
    otherwise came out as Central European, "ministčre")."""
    from charset_normalizer import from_bytes

    best = from_bytes(payload).best()
    if best is None:
        return None
    return "cp1252" if best.encoding in _LATIN_CODE_PAGES and _decodes(payload, "cp1252") else best.encoding


def _decodes(payload: bytes, charset: str | None) -> bool:
    if not charset:
        return False
    try:
        payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


def _repair_lotus_notes(text: str) -> str:
    for sequence, character in _LOTUS_NOTES_PUNCTUATION.items():
        text = text.replace(sequence, character)
    return strip_control_characters(text)


def _unwrap_soft_line_breaks(text: str) -> str:
    return _SOFT_LINE_BREAK.sub(" ", text)


class _RawHeaders:
    """The message's headers as text, read without the strict parsers that raise on malformed
    addresses ('From: "a" <' made ``policy.default`` fail with "list index out of range")."""

    def __init__(self, data: bytes) -> None:
        from email import message_from_bytes
        from email.policy import compat32

        self._message = message_from_bytes(data, policy=compat32)

    def get(self, name: str) -> str:
        """The header's value with encoded words decoded, on one line ('' when absent or unreadable)."""
        from email.header import decode_header, make_header

        raw = self._message.get(name)
        if raw is None:
            return ""
        try:
            value = str(make_header(decode_header(str(raw))))
        except Exception:  # an encoded word that does not decode: the header as written
            value = str(raw)
        return " ".join(strip_control_characters(value).split())


def _header_metadata(headers: _RawHeaders, html: str, fallback_title: str) -> dict[str, str]:
    """title (Subject without Re:/Fwd:), date (the sender's calendar day), issuer, language."""
    metadata = {"title": _REPLY_PREFIX.sub("", headers.get("subject")) or fallback_title,
                "date": _sent_on(headers.get("date")),
                "issuer": _issuer(headers.get("from"), headers.get("organization"), html)}
    language = headers.get("content-language").split(",")[0].strip()
    if language:
        metadata["language"] = language
    return {key: value for key, value in metadata.items() if value}


def _sent_on(value: str) -> str:
    """The Date header's calendar day where it was written, read leniently ('' when it is no date)."""
    from email.utils import parsedate_to_datetime

    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        from ..dates import parse_date

        return parse_date(value, "en")


#: Display names that say which desk sent the mail, not who issued it ("Press Release", "Media Relations").
_DESK_WORDS = {"press", "release", "releases", "media", "news", "newsroom", "office", "desk", "team", "relations",
               "communications", "communication", "public", "affairs", "info", "information", "pr", "noreply",
               "no-reply", "donotreply", "the", "and", "of", "service", "services", "centre", "center", "mailer"}
#: Second-level labels under which organisations register (police.gov.lk, mofa.go.jp, bbc.co.uk).
_REGISTRY_LABELS = {"ac", "co", "com", "edu", "go", "gob", "gouv", "gov", "govt", "net", "or", "org"}


def _issuer(sender: str, organization: str, html: str) -> str:
    """The sender's display name when it names someone, else the Organization header, else the
    issuer the release itself states, else the organisation the sender's domain names
    (press.release@enron.com → Enron); never a raw address."""
    from email.utils import parseaddr

    from ..issuers import find_issuer
    from ..text_blocks import blocks_of

    name, address = parseaddr(sender)
    name = name.strip().strip("'\"")
    if name and "@" not in name and set(re.findall(r"[\w-]+", name.lower())) - _DESK_WORDS:
        return name
    return organization or find_issuer(blocks_of(html)) or _organisation_of_domain(address.rpartition("@")[2])


def _organisation_of_domain(domain: str) -> str:
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) < 2:
        return ""
    labels.pop()  # the top-level domain
    if len(labels) > 1 and labels[-1] in _REGISTRY_LABELS:
        labels.pop()
    name = labels[-1].replace("-", " ")
    return name.upper() if len(name) <= 3 else name.title()  # bbc → BBC, enron → Enron

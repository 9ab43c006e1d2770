"""Small PDFs written by hand for the importer's tests: text placed where and as large as a test says.

pypdf cannot write text, and Qt is kept out of the core's tests. The font's encoding maps five
codes to the ligature glyphs (ﬁ ﬂ ﬀ ﬃ ﬄ), as a typesetter's PDF draws them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

_LIGATURE_CODES = {"\ufb01": b"\x80", "\ufb02": b"\x81", "\ufb00": b"\x82", "\ufb03": b"\x83", "\ufb04": b"\x84"}
_FONT = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
         b"/BaseEncoding /WinAnsiEncoding /Differences [128 /fi /fl /ff /ffi /ffl] >> >>")


@dataclass(frozen=True)
class Text:
    text: str
    y: float
    size: float = 11
    x: float = 72


def encoded(text: str) -> bytes:
    out = b""
    for char in text:
        out += _LIGATURE_CODES.get(char) or char.encode("cp1252")
    return out.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_with(pages: list[list[Text]], info: dict[str, str] | None = None) -> bytes:
    """A PDF whose pages draw ``pages``' texts in the order given (not necessarily top to bottom)."""
    return pdf_of_streams([b"\n".join(b"BT /F1 %g Tf %g %g Td (%s) Tj ET" % (text.size, text.x, text.y, encoded(text.text))
                                      for text in texts) for texts in pages], info)


def pdf_of_streams(streams: list[bytes], info: dict[str, str] | None = None) -> bytes:
    """A PDF with one page per content stream, all using the font /F1, and ``info`` as its properties."""
    objects: list[bytes] = [b"", b"", _FONT]
    page_numbers = []
    for stream in streams:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % len(objects))
        page_numbers.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % n for n in page_numbers),
                                                                 len(page_numbers))
    trailer_info = b""
    if info:
        objects.append(b"<< %s >>" % b" ".join(b"/%s (%s)" % (key.encode(), encoded(value)) for key, value in info.items()))
        trailer_info = b" /Info %d 0 R" % len(objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_info, xref))
    return out.getvalue()


def lines_from(top: float, lines: list[str], size: float = 11, leading: float = 14) -> list[Text]:
    """``lines`` set one under the other from ``top`` down."""
    return [Text(line, top - index * leading, size) for index, line in enumerate(lines)]

"""The canonical plain text of a release, as Qt's reader lays it out.

DESIGN.md: the canonical text is exactly ``QTextDocument.toPlainText()`` of the stored sanitised
HTML, so its offsets are ``QTextCursor`` positions one for one, counted in code points rather
than Qt's UTF-16 units (``annotations.offsets`` converts where characters beyond the BMP, such
as emoji, make the two differ).
"""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtGui import QFont, QGuiApplication, QTextDocument

from annotations.rendering import PIECE_CHARS, html_pieces

from .headless import gui_application

#: How a release looks, in the reader and in the exported PDF alike (sizes come from the font).
DOCUMENT_STYLE = """
p { margin-top: 0; margin-bottom: 10px; line-height: 130%; }
h1, h2, h3 { margin-top: 16px; margin-bottom: 8px; }
table { border-collapse: collapse; }
td, th { padding: 4px 8px; border: 1px solid #c8ccd0; }
"""


def canonical_text(html: str, piece_chars: int = PIECE_CHARS) -> str:
    """The release's text as the reader shows it (offsets equal ``QTextCursor`` positions).

    A QTextDocument holds about a hundred times its HTML in memory, so long HTML is read in
    pieces cut between top-level paragraphs or headings, whose texts join with the one newline
    that separates two blocks: the same text as the whole document gives (a test checks it).
    """
    gui_application()  # without one, Qt crashes on <pre> and <code>
    return "\n".join(_plain_text(piece) for piece in html_pieces(html, piece_chars))


def _plain_text(html: str) -> str:
    document = QTextDocument()
    font = QFont()
    font.setPointSize(12)  # without a GUI application the default font has no size, and Qt warns
    document.setDefaultFont(font)
    document.setHtml(html)
    return document.toPlainText()


def text_renderer() -> str:
    """Names what derived a canonical text; when it changes, stored texts are derived anew."""
    return f"Qt {qVersion()}"


def document_font(point_size: float, language: str = "") -> QFont:
    """The application's font at ``point_size``, with ligatures off, for text in ``language``.

    A ligature glyph ("ffi" in "Official") copies out of a PDF as one character, so the text a
    colleague copies would differ from the release's words; the reader uses the same font so that
    screen and paper match. The language puts its own CJK font first (``fonts.families_for``).
    """
    from .fonts import families_for

    font = QFont(QGuiApplication.font()) if QGuiApplication.instance() else QFont()
    font.setPointSizeF(point_size)
    if language:
        font.setFamilies(families_for(language))
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    return font


def style_document(document: QTextDocument, point_size: float, language: str = "") -> None:
    """Give ``document`` the release look; call before setHtml (the style sheet applies on parse)."""
    document.setDefaultStyleSheet(DOCUMENT_STYLE)
    document.setDefaultFont(document_font(point_size, language))

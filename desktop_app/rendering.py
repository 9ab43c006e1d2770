"""The canonical plain text of a release, as Qt's reader lays it out.

DESIGN.md: the canonical text is exactly ``QTextDocument.toPlainText()`` of the stored sanitised
HTML, so its offsets are ``QTextCursor`` positions one for one and the reader and the PDF exporter
need no mapping between them.
"""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtGui import QFont, QTextDocument


def canonical_text(html: str) -> str:
    document = QTextDocument()
    font = QFont()
    font.setPointSize(12)  # without a GUI application the default font has no size, and Qt warns
    document.setDefaultFont(font)
    document.setHtml(html)
    return document.toPlainText()


def text_renderer() -> str:
    """Names what derived a canonical text; when it changes, stored texts are derived anew."""
    return f"Qt {qVersion()}"

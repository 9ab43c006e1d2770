"""The fonts Communiqué ships (resources/fonts), and how text finds them.

A release must look the same, on screen and in its PDF, on every machine, including one whose
font configuration knows no fonts at all. So the application font names only bundled families:
Latin text in ``LATIN_FAMILY``; any character it lacks falls back, in order, to
``FALLBACK_FAMILIES`` (Khmer, Sinhala, then Japanese: kana, kanji, CJK punctuation, fullwidth forms).
Every widget, the reader's document and the PDF exporter's document inherit that font.
"""

from __future__ import annotations

import logging

from resources import fonts_dir

# Noto Sans, Noto Sans Khmer and a Japanese subset of Noto Sans CJK JP, renamed so that an
# installed Noto font of the same name cannot stand in for them (resources/fonts/README.md).
LATIN_FAMILY = "Communique Noto Sans"
FALLBACK_FAMILIES = ("Communique Noto Sans Khmer", "Communique Noto Sans Sinhala", "Communique Noto Sans JP")
DOCUMENT_FAMILIES = (LATIN_FAMILY, *FALLBACK_FAMILIES)

log = logging.getLogger(__name__)


def register_fonts() -> list[str]:
    """Register the bundled fonts and make them the application font; returns their families.

    Call once, after the QApplication exists and before any widget is made (a widget takes the
    application font when it is created). A font file Qt cannot load is logged, not raised: the
    window still opens, with the platform's fonts standing in.
    """
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

    families: list[str] = []
    for font_file in sorted(fonts_dir().glob("*.[ot]tf")):
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        if font_id < 0:
            log.warning("Qt could not load the bundled font %r", str(font_file))
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    families = list(dict.fromkeys(families))
    missing = [family for family in DOCUMENT_FAMILIES if family not in families]
    if missing:
        log.warning("Bundled font families missing from %r: %r", str(fonts_dir()), missing)

    # PySide6 does not wrap QFontDatabase.addApplicationFallbackFontFamily (it takes a
    # QChar::Script, which PySide6 lacks), so the fallbacks are the font's own family list;
    # the substitution covers any QFont that names the Latin family alone.
    QFont.insertSubstitutions(LATIN_FAMILY, list(FALLBACK_FAMILIES))
    font = QGuiApplication.font()
    font.setFamilies(list(DOCUMENT_FAMILIES))
    QGuiApplication.setFont(font)
    # Qt asks the Latin family first for every run of text, and for each Khmer run it notes on
    # stderr (at info level) that the family cannot shape Khmer, before falling back as meant.
    # QT_LOGGING_RULES still overrides this for debugging.
    QLoggingCategory.setFilterRules("qt.text.font.db.info=false")
    return families

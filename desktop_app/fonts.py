"""The fonts Communiqué ships (resources/fonts), and how text finds them.

A release must look the same, on screen and in its PDF, on every machine, including one whose
font configuration knows no fonts at all. So the application font names only bundled families:
Latin (with Cyrillic and Greek) in ``LATIN_FAMILY``; any character it lacks falls back, in order,
to ``FALLBACK_FAMILIES``: Arabic, Hebrew, Thai, Devanagari, Khmer, Sinhala, then the CJK fonts.
Every widget, the reader's document and the PDF exporter's document inherit that font.

Chinese (Simplified and Traditional), Japanese and Korean share most of their characters but
not their glyph forms, so a CJK release's document is set in the font of its own language first
(``families_for``); elsewhere (the library list, notes) the Japanese font is the first CJK one.
"""

from __future__ import annotations

import logging

from resources import fonts_dir

# Noto fonts, and subsets of Noto Sans CJK, renamed so that an installed Noto font of the same
# name cannot stand in for them (resources/fonts/README.md, packaging/make_fonts.py).
LATIN_FAMILY = "Communique Noto Sans"
SCRIPT_FAMILIES = ("Communique Noto Naskh Arabic", "Communique Noto Sans Hebrew", "Communique Noto Sans Thai",
                   "Communique Noto Sans Devanagari", "Communique Noto Sans Khmer", "Communique Noto Sans Sinhala")
#: The CJK fonts by the language (BCP 47 primary tag and script) each draws, Japanese first.
CJK_FAMILIES = {"ja": "Communique Noto Sans JP", "zh-Hans": "Communique Noto Sans SC",
                "zh-Hant": "Communique Noto Sans TC", "ko": "Communique Noto Sans KR"}
FALLBACK_FAMILIES = (*SCRIPT_FAMILIES, *CJK_FAMILIES.values())
DOCUMENT_FAMILIES = (LATIN_FAMILY, *FALLBACK_FAMILIES)
#: Chinese tags that imply the Traditional script (BCP 47 regions where it is written).
_TRADITIONAL_CHINESE = ("zh-hant", "zh-tw", "zh-hk", "zh-mo", "yue")
#: Korean text takes hanja outside its font's set from the Traditional Chinese font (same forms).
_CJK_ORDER = {"ja": ("ja", "zh-Hant", "zh-Hans", "ko"), "zh-Hans": ("zh-Hans", "zh-Hant", "ja", "ko"),
              "zh-Hant": ("zh-Hant", "zh-Hans", "ja", "ko"), "ko": ("ko", "zh-Hant", "zh-Hans", "ja")}


def families_for(language: str) -> list[str]:
    """The document's font families for a release in ``language`` (a BCP 47 tag, maybe "").

    A Chinese, Japanese or Korean release is set in its own CJK font first, Latin letters and
    digits included (its Latin glyphs are drawn to match its Han and kana). It must come first:
    Qt caches a font's fallbacks under its first family alone, so a list that started with the
    Latin family would fall back in the order of whichever such list Qt met first.
    """
    tag = language.strip().lower().replace("_", "-")
    primary = tag.split("-")[0]
    if primary in ("zh", "yue"):
        key = "zh-Hant" if tag.startswith(_TRADITIONAL_CHINESE) else "zh-Hans"
    else:
        key = primary if primary in ("ja", "ko") else ""
    if not key:
        return list(DOCUMENT_FAMILIES)
    own, *others = (CJK_FAMILIES[name] for name in _CJK_ORDER[key])
    return [own, LATIN_FAMILY, *SCRIPT_FAMILIES, *others]

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

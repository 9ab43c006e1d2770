"""The bundled fonts carry every script we promise on a machine that has no fonts at all.

Qt reads its font list once per process, so the checks run in a child process: first one whose
fontconfig knows no font directory, so that whatever draws a glyph came from resources/fonts;
then one with the machine's own fonts, which must not stand in for the bundled ones. It lays
out a passage per script and style, prints what it saw as JSON and writes the passages to a PDF,
which the tests here read back with pypdf (and pdffonts, when poppler-utils is installed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from desktop_app.fonts import CJK_FAMILIES, DOCUMENT_FAMILIES, LATIN_FAMILY, SCRIPT_FAMILIES

REPO = Path(__file__).resolve().parents[2]
ARABIC_FAMILY, HEBREW_FAMILY, THAI_FAMILY, DEVANAGARI_FAMILY, KHMER_FAMILY, SINHALA_FAMILY = SCRIPT_FAMILIES
BUNDLED = set(DOCUMENT_FAMILIES)
LATIN = "The Ministry of Foreign Affairs announced the talks today."
#: A passage in each script, its language (which orders the CJK fonts) and the family that must draw it.
SCRIPTS = {
    "latin": (LATIN, "en", LATIN_FAMILY),
    "cyrillic": ("Министерство иностранных дел сообщило о переговорах.", "ru", LATIN_FAMILY),
    "greek": ("Το Υπουργείο Εξωτερικών ανακοίνωσε τις συνομιλίες.", "el", LATIN_FAMILY),
    "arabic": ("أعلنت وزارة الخارجية اليوم عن المحادثات الثنائية", "ar", ARABIC_FAMILY),
    "persian": ("وزارت امور خارجه گزارش پژوهشی ژاله را منتشر کرد ۱۴۰۲", "fa", ARABIC_FAMILY),
    "urdu": ("وزارت خارجہ نے آج ٹیلی فون پر مذاکرات کا اعلان کیا۔", "ur", ARABIC_FAMILY),
    "hebrew": ("משרד החוץ הודיע היום על השיחות", "he", HEBREW_FAMILY),
    "thai": ("กระทรวงการต่างประเทศประกาศผลการเจรจาในวันนี้", "th", THAI_FAMILY),
    "devanagari": ("विदेश मंत्रालय ने आज वार्ता की घोषणा की।", "hi", DEVANAGARI_FAMILY),
    "khmer": ("ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ", "km", KHMER_FAMILY),
    "sinhala": ("ශ්‍රී ලංකා පොලිසිය නිවේදනයක් නිකුත් කළේය", "si", SINHALA_FAMILY),
    #: Kana, kanji, CJK punctuation, fullwidth forms; ・ and ～ share glyphs with ‧ and 〜 upstream.
    "japanese": ("外務省は本日、日・カンボジア外相会談（１０月～１１月）について発表した。", "ja", CJK_FAMILIES["ja"]),
    #: 轮 亿 资 创 库 历 业 级: simplified characters that no Japanese font has.
    "chinese-simplified": ("国务院轮值会议：十亿元资金用于创新数据库、历史产业与分级管理。", "zh-Hans",
                           CJK_FAMILIES["zh-Hans"]),
    "chinese-traditional": ("行政院長今日聽取經濟部關於產業發展與數位轉型的報告。", "zh-Hant", CJK_FAMILIES["zh-Hant"]),
    "korean": ("외교부는 오늘 한일 외교장관 회담 결과를 발표했다", "ko", CJK_FAMILIES["ko"]),
}
#: Each passage, how it is marked up, and its language.
PASSAGES = {
    **{name: (text, language) for name, (text, language, _) in SCRIPTS.items()},
    **{f"{name}-bold": (f"<b>{text}</b>", language) for name, (text, language, _) in SCRIPTS.items()},
    "latin-italic": (f"<i>{LATIN}</i>", "en"),
    "latin-bold-italic": (f"<b><i>{LATIN}</i></b>", "en"),
    #: Korean hanja: from the Korean font where it has them, else from the Traditional Chinese one.
    "korean-hanja": ("大韓民國 外交部 乫乭", "ko"),
}
#: Symbols of JIS X 0213, Big5 and KS X 1001 that neither Noto Sans nor Noto Sans CJK draws.
SYMBOLS_NOTO_CJK_LACKS = "∼≒◈⦅⦆"
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

CHILD = r"""
import json, sys
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter, QPdfWriter
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

passages, pdf_path = json.loads(sys.argv[1]), sys.argv[2]
app = QApplication([])
families_before = QFontDatabase.families()
default_before = QFontInfo(app.font()).family()  # (QRawFont of no font crashes PySide6 6.11)

from desktop_app.fonts import families_for, register_fonts
from desktop_app.rendering import style_document
from desktop_app.widgets.reader import ReaderView

registered = register_fonts()
writer = QPdfWriter(pdf_path)
painter = QPainter(writer)
scale = writer.resolution() / 96  # the documents are laid out at screen resolution
painter.scale(scale, scale)
blocks = {}
for name, (markup, language) in passages.items():
    document = QTextDocument()
    style_document(document, 12, language)   # as the reader and the PDF export do
    document.setHtml(f"<p>{markup}</p>")
    document.size()  # lays the document out: until then its blocks have no glyphs
    block = document.begin()
    text = block.text()
    layout = block.layout()
    glyphs = [{"glyph": glyph, "family": run.rawFont().familyName()}
              for run in layout.glyphRuns(0, len(text)) for glyph in run.glyphIndexes()]
    chars = []
    # supportsCharacter(str) answers False for characters the font has (PySide6 6.12: 省, ព);
    # the code-point overload is right.
    for position, char in enumerate(text):
        fonts = [run.rawFont() for run in layout.glyphRuns(position, 1)]  # its cluster's runs
        chars.append({"char": char, "families": sorted({font.familyName() for font in fonts}),
                      "styles": sorted({font.styleName() for font in fonts}),
                      "supported": bool(fonts) and all(font.supportsCharacter(ord(char)) for font in fonts)})
    # The passage drawn on a page of its own: how many pixels it inked.
    image = QImage(800, 80, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    image_painter = QPainter(image)
    document.drawContents(image_painter, QRectF(0, 0, 800, 80))
    image_painter.end()
    ink = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixelColor(x, y).value() < 128)
    blocks[name] = {"text": text, "chars": chars, "glyphs": glyphs, "ink": ink,
                    "families": document.defaultFont().families()}
    document.drawContents(painter)
    painter.translate(0, document.size().height())
painter.end()

# Each character set the fonts promise, checked against the families a release in that language uses.
sys.path.insert(0, "packaging")
import make_fonts  # the character sets the fonts were made from
metrics = {}
def missing(characters, language):
    fonts = []
    for family in families_for(language):
        if family not in metrics:
            font = QFont(family)
            font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # this family alone, no fallback
            metrics[family] = QFontMetrics(font)
        fonts.append(metrics[family])
    return [c for c in characters if not c.isspace() and not any(font.inFontUcs4(ord(c)) for font in fonts)]
coverage = {key: missing(make_fonts.character_set(key), language)
            for key, language in (("JP", "ja"), ("SC", "zh-Hans"), ("TC", "zh-Hant"), ("KR", "ko"))}
korean_hanja = make_fonts.double_byte("euc_kr", make_fonts.EUC, make_fonts.EUC)
coverage["KS X 1001"] = missing(sorted(korean_hanja), "ko")
coverage["Big5 common, Korean"] = missing(make_fonts.character_set("TC"), "ko")
arabic = [chr(code) for code in range(0x0621, 0x064B)] + list("پچژگکیٹڈڑںےھۂۓ۔۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩،؛؟")
coverage["Arabic, Persian, Urdu"] = missing(arabic, "ar")
coverage["Hebrew"] = missing([chr(code) for code in range(0x05D0, 0x05EB)], "he")
coverage["Thai"] = missing([chr(code) for code in range(0x0E01, 0x0E5C) if chr(code).isprintable()], "th")
families_in_use = {family: QFontInfo(QFont(family)).family() for family in families_for("")}

reader = ReaderView()
print(json.dumps({
    "families_before": families_before,
    "default_before": default_before,
    "registered": registered,
    "app_families": app.font().families(),
    "reader_families": reader.document().defaultFont().families(),
    "blocks": blocks,
    "coverage": coverage,
    "families_in_use": families_in_use,
}))
"""


@pytest.fixture(scope="module", params=["no fonts", "the machine's fonts"])
def child(request, tmp_path_factory):
    """Run the child on an empty fontconfig, then on the machine's; its report, stderr and PDF."""
    folder = tmp_path_factory.mktemp("fonts")
    pdf_path = folder / "passages.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if request.param == "no fonts":
        config = folder / "fonts.conf"
        config.write_text(EMPTY_FONTCONFIG.format(cache=folder / "cache"), encoding="utf-8")
        env["FONTCONFIG_FILE"] = str(config)
        env.pop("FONTCONFIG_PATH", None)
    result = subprocess.run([sys.executable, "-c", CHILD, json.dumps(PASSAGES), str(pdf_path)],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr, pdf_path


def test_nothing_but_register_fonts_provides_the_bundled_families(child):
    report, _, _ = child
    assert not BUNDLED & {*report["families_before"], report["default_before"]}


def test_register_fonts_registers_every_bundled_family(child):
    report, stderr, _ = child
    assert set(report["registered"]) == BUNDLED
    assert "bundled font" not in stderr.lower()  # register_fonts logs a file or family it missed
    assert "OpenType support missing" not in stderr  # Qt's note on each Khmer run is filtered
    # Each family asked for by name is the bundled one, not a stand-in.
    assert report["families_in_use"] == {family: family for family in DOCUMENT_FAMILIES}


def test_app_and_reader_use_the_latin_family_with_every_fallback(child):
    report, _, _ = child
    assert report["app_families"][:len(DOCUMENT_FAMILIES)] == list(DOCUMENT_FAMILIES)
    assert report["reader_families"][:len(DOCUMENT_FAMILIES)] == list(DOCUMENT_FAMILIES)


@pytest.mark.parametrize("name", list(PASSAGES))
def test_every_character_is_drawn_by_a_bundled_font_that_has_it(child, name):
    block = child[0]["blocks"][name]
    assert block["text"] == re.sub(r"<[^>]+>", "", PASSAGES[name][0])
    assert block["glyphs"]
    assert all(glyph["glyph"] != 0 for glyph in block["glyphs"]), "a .notdef glyph (tofu) was drawn"
    assert {glyph["family"] for glyph in block["glyphs"]} <= BUNDLED
    unsupported = [c for c in block["chars"] if not c["supported"]]
    assert not unsupported
    assert block["ink"] > 2 * len(block["text"])   # the passage, rendered to an image, shows


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_each_script_gets_its_own_family(child, name):
    chars = child[0]["blocks"][name]["chars"]
    # Western digits and punctuation in other scripts' text come from the Latin font.
    families = {f for c in chars if c["char"].isalpha() or not c["char"].isascii() for f in c["families"]}
    assert families == {SCRIPTS[name][2]}


def test_korean_hanja_come_from_the_korean_font_or_the_traditional_chinese_one(child):
    chars = child[0]["blocks"]["korean-hanja"]["chars"]
    families = {c["char"]: c["families"] for c in chars if not c["char"].isspace()}
    assert families["乫"] == [CJK_FAMILIES["ko"]]          # a Korean name character, in KS X 1001 only
    assert families["國"] == [CJK_FAMILIES["zh-Hant"]]     # a common one, from Big5's common set
    assert {f for found in families.values() for f in found} <= {CJK_FAMILIES["ko"], CJK_FAMILIES["zh-Hant"]}


@pytest.mark.parametrize("character_set", ["JP", "SC", "TC", "KR", "KS X 1001", "Big5 common, Korean",
                                           "Arabic, Persian, Urdu", "Hebrew", "Thai"])
def test_the_fonts_cover_each_character_set_they_promise(child, character_set):
    """GB 2312, Big5's common set, every modern Hangul syllable and KS X 1001, the Japanese sets,
    checked character by character (QFontMetrics.inFontUcs4) against the families a release in
    that language is drawn with."""
    missing = child[0]["coverage"][character_set]
    assert set(missing) <= set(SYMBOLS_NOTO_CJK_LACKS)


@pytest.mark.parametrize(("name", "family", "style"), [
    ("latin", LATIN_FAMILY, "Regular"),
    ("latin-italic", LATIN_FAMILY, "Italic"),
    ("latin-bold-italic", LATIN_FAMILY, "Bold Italic"),
    *[(f"{name}-bold", family, "Bold") for name, (_, _, family) in SCRIPTS.items()],
])
def test_bold_and_italic_are_real_faces_not_synthesised(child, name, family, style):
    chars = child[0]["blocks"][name]["chars"]
    styles = {s for c in chars if not c["char"].isspace() and family in c["families"] for s in c["styles"]}
    assert styles == {style}


def _pdf_text(pdf_path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(pdf_path).pages)


def _passages_with(text: str) -> int:
    """How many passages (regular, bold, italic …) hold ``text``: each must come back."""
    return sum(text in markup for markup, _ in PASSAGES.values())


def test_latin_text_round_trips_through_the_pdf(child):
    # Qt's ToUnicode maps the space glyph to U+0009 (tab), so words come back tab-separated.
    words = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", _pdf_text(child[2])))
    assert words.count(LATIN) == _passages_with(LATIN)


# Shaped scripts (Arabic, Khmer ...) and CJK runs do not round-trip through Qt's PDF writer alone;
# the exporter repairs them, tested end to end in tests/gui/test_pdf_export.py.


def test_the_pdf_embeds_the_bundled_fonts_and_no_other(child):
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    listing = subprocess.run([pdffonts, str(child[2])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    embedded = {row[0].split("+")[-1]: row[-5] for row in rows}  # name, …, emb, sub, uni, object, id
    files = {path.stem for path in (REPO / "resources" / "fonts").glob("*.ttf")}
    assert set(embedded) == files
    assert set(embedded.values()) == {"yes"}


def test_the_fonts_stay_within_their_budget_and_each_is_named_in_a_licence_beside_it():
    folder = REPO / "resources" / "fonts"
    fonts = sorted(folder.glob("*.ttf"))
    assert sum(font.stat().st_size for font in fonts) <= 30_000_000      # the budget: 30 MB
    licences = "".join(path.read_text(encoding="utf-8") for path in folder.glob("OFL-*.txt"))
    assert "SIL Open Font License, Version 1.1" in licences
    assert [font.name for font in fonts if font.name not in licences] == []

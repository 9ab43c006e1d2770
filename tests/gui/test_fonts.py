"""The bundled fonts carry Latin, Khmer and Japanese text on a machine that has no fonts at all.

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

from desktop_app.fonts import FALLBACK_FAMILIES, LATIN_FAMILY

REPO = Path(__file__).resolve().parents[2]
LATIN = "The Ministry of Foreign Affairs announced the talks today."
KHMER = "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ"
#: Kana, kanji, CJK punctuation, fullwidth forms; ・ and ～ share glyphs with ‧ and 〜 upstream.
JAPANESE = "外務省は本日、日・カンボジア外相会談（１０月～１１月）について発表した。"
KHMER_FAMILY, SINHALA_FAMILY, JAPANESE_FAMILY = FALLBACK_FAMILIES
BUNDLED = {LATIN_FAMILY, KHMER_FAMILY, SINHALA_FAMILY, JAPANESE_FAMILY}
#: Each passage, and how it is marked up in the document.
PASSAGES = {
    "latin": LATIN,
    "khmer": KHMER,
    "japanese": JAPANESE,
    "latin-bold": f"<b>{LATIN}</b>",
    "latin-italic": f"<i>{LATIN}</i>",
    "latin-bold-italic": f"<b><i>{LATIN}</i></b>",
    "khmer-bold": f"<b>{KHMER}</b>",
    "japanese-bold": f"<b>{JAPANESE}</b>",
}
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

CHILD = r"""
import json, sys
from PySide6.QtGui import QFontDatabase, QFontInfo, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

passages, pdf_path = json.loads(sys.argv[1]), sys.argv[2]
app = QApplication([])
families_before = QFontDatabase.families()
default_before = QFontInfo(app.font()).family()  # (QRawFont of no font crashes PySide6 6.11)

from desktop_app.fonts import register_fonts
from desktop_app.widgets.reader import ReaderView

registered = register_fonts()
document = QTextDocument()
document.setDefaultFont(app.font())
document.setHtml("".join(f"<p>{markup}</p>" for markup in passages.values()))
document.size()  # lays the document out: until then its blocks have no glyphs

blocks = {}
block = document.begin()
for name in passages:
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
    blocks[name] = {"text": text, "chars": chars, "glyphs": glyphs}
    block = block.next()

writer = QPdfWriter(pdf_path)
painter = QPainter(writer)
scale = writer.resolution() / 96  # the document is laid out at screen resolution
painter.scale(scale, scale)
document.drawContents(painter)
painter.end()

reader = ReaderView()
print(json.dumps({
    "families_before": families_before,
    "default_before": default_before,
    "registered": registered,
    "app_families": app.font().families(),
    "reader_families": reader.document().defaultFont().families(),
    "blocks": blocks,
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


def test_app_and_reader_use_the_latin_family_with_khmer_sinhala_and_japanese_fallbacks(child):
    report, _, _ = child
    expected = [LATIN_FAMILY, KHMER_FAMILY, SINHALA_FAMILY, JAPANESE_FAMILY]
    assert report["app_families"][:4] == expected
    assert report["reader_families"][:4] == expected


@pytest.mark.parametrize("name", list(PASSAGES))
def test_every_character_is_drawn_by_a_bundled_font_that_has_it(child, name):
    block = child[0]["blocks"][name]
    assert block["text"] == re.sub(r"<[^>]+>", "", PASSAGES[name])
    assert block["glyphs"]
    assert all(glyph["glyph"] != 0 for glyph in block["glyphs"]), "a .notdef glyph (tofu) was drawn"
    assert {glyph["family"] for glyph in block["glyphs"]} <= BUNDLED
    unsupported = [c for c in block["chars"] if not c["supported"]]
    assert not unsupported


@pytest.mark.parametrize(("name", "family"), [("latin", LATIN_FAMILY), ("khmer", KHMER_FAMILY),
                                              ("japanese", JAPANESE_FAMILY)])
def test_each_script_gets_its_own_family(child, name, family):
    chars = child[0]["blocks"][name]["chars"]
    assert {f for c in chars if not c["char"].isspace() for f in c["families"]} == {family}


@pytest.mark.parametrize(("name", "family", "style"), [
    ("latin", LATIN_FAMILY, "Regular"),
    ("latin-bold", LATIN_FAMILY, "Bold"),
    ("latin-italic", LATIN_FAMILY, "Italic"),
    ("latin-bold-italic", LATIN_FAMILY, "Bold Italic"),
    ("khmer-bold", KHMER_FAMILY, "Bold"),
    ("japanese-bold", JAPANESE_FAMILY, "Bold"),
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
    return sum(text in markup for markup in PASSAGES.values())


def _without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_latin_text_round_trips_through_the_pdf(child):
    # Qt's ToUnicode maps the space glyph to U+0009 (tab), so words come back tab-separated; and
    # the application font keeps ligatures on, so "ff" in "Affairs" comes back as "ﬀ" (U+FB00).
    words = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", _pdf_text(child[2])))
    assert words.count(LATIN) == _passages_with(LATIN)


def test_japanese_text_round_trips_through_the_pdf(child):
    # Qt draws a Japanese line in pieces (one per line-break opportunity); pypdf puts newlines
    # between the pieces, so the comparison ignores whitespace. Japanese has no spaces.
    text = _without_spaces(_pdf_text(child[2]))
    assert text.count(_without_spaces(JAPANESE)) == _passages_with(JAPANESE)


# Khmer cannot round-trip through Qt's PDF writer alone (shaped glyphs have no ToUnicode entry and
# a pre-base glyph is drawn first); the exporter adds /ActualText for it, tested end to end in
# tests/gui/test_pdf_export.py::test_khmer_and_japanese_copy_out_in_logical_order_with_no_system_fonts.


def test_the_pdf_embeds_the_bundled_fonts(child):
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    listing = subprocess.run([pdffonts, str(child[2])], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    embedded = {row[0].split("+")[-1]: row[-5] for row in rows}  # name, …, emb, sub, uni, object, id
    expected = {f"CommuniqueNotoSans{script}-{style}" for script, style in [
        ("", "Regular"), ("", "Bold"), ("", "Italic"), ("", "BoldItalic"),
        ("Khmer", "Regular"), ("Khmer", "Bold"), ("JP", "Regular"), ("JP", "Bold")]}
    assert set(embedded) == expected
    assert set(embedded.values()) == {"yes"}

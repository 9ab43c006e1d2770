"""A release in each script, exported on a machine whose fontconfig knows no fonts, copies out as
written through pdftotext (poppler), pypdf and pdf.js: the release's own characters, no space
inserted inside a Chinese, Japanese, Korean or Thai run, every font embedded one of ours.

Each release goes the whole way a user's does, through the command line: import, highlight,
export. (Khmer, Sinhala and Japanese beside Latin: tests/gui/test_pdf_export.py.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from annotations.library import Library

from tests.gui.test_pdf_export import PDFJS, VIEWERS, needs_pdfjs, needs_poppler

REPO = Path(__file__).resolve().parents[2]
ARABIC_RELEASE = REPO.parent / "shared" / "corpus-multilingual" / "ar_spa_2015-08-10_council-of-ministers.txt"
#: Each script's release: a heading and paragraphs short enough to stay on one line, in Markdown;
#: the paragraph highlighted is the first one.
RELEASES = {
    "russian": ("Министерство иностранных дел", ["Министерство иностранных дел сообщило о переговорах.",
                                                 "Встреча пройдёт в Москве 12 мая 2024 года."]),
    "greek": ("Υπουργείο Εξωτερικών", ["Το Υπουργείο Εξωτερικών ανακοίνωσε τις συνομιλίες.",
                                       "Η συνάντηση θα γίνει στην Αθήνα."]),
    "thai": ("กระทรวงการต่างประเทศ", ["กระทรวงการต่างประเทศแถลงผลการเจรจาในวันนี้",
                                       "การประชุมจะจัดขึ้นที่กรุงเทพมหานคร"]),
    "devanagari": ("विदेश मंत्रालय", ["विदेश मंत्रालय ने आज वार्ता की घोषणा की।", "बैठक नई दिल्ली में होगी।"]),
    "chinese-simplified": ("国务院常务会议", ["国务院召开常务会议，研究部署创新数据库建设。",
                                              # a soft line break in the Markdown, joined without a space
                                              "此前多年来，\nKubernetes 一直是标准。"]),
    "chinese-traditional": ("行政院會議", ["行政院長今日聽取經濟部關於產業發展的報告。", "院長指示各部會加強協調。"]),
    "korean": ("외교부 보도자료", ["외교부는 오늘 한일 외교장관 회담 결과를 발표했다.", "大韓民國 外交部 발표."]),
    "japanese": ("外務省発表", ["外務省は本日、日・カンボジア外相会談について発表した。", "両外相は経済協力の強化で一致した。"]),
}
#: Right-to-left releases: numbers in brackets, a Latin word, and lam-alef ligatures (الإيرادات,
#: الاستقرار, السلام), whose lam Qt's ToUnicode map loses. (And the Arabic release of
#: ../shared/corpus-multilingual, below.)
RIGHT_TO_LEFT = {
    "arabic": ("وزارة المالية", ["ارتفعت الإيرادات بنسبة ( 1.92%) وفق بيان Reuters.",
                                 "وقال الوزير إن الاستقرار والسلام أولوية."]),
    "persian": ("وزارت امور خارجه", ["نرخ تورم ( 1.92%) کاهش یافت و IMF آن را تأیید کرد.",
                                     "سخنگوی وزارت امور خارجه امروز گفتگوها را اعلام کرد."]),
    "urdu": ("وزارت خارجہ", ["وزارت خارجہ نے آج مذاکرات کا اعلان کیا۔"]),
    "hebrew": ("משרד החוץ", ["השיחות יתקיימו ב-12 במאי (בשעה 10:00) עם נציגי UN.",
                             "משרד החוץ הודיע היום על השיחות.",
                             "שלום means peace in the statement."]),      # a right-to-left paragraph of Latin words
}
EMPTY_FONTCONFIG = ('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    "<fontconfig><cachedir>{cache}</cachedir></fontconfig>")


def written(paragraph: str) -> str:
    """The paragraph as the reader shows it (a soft break between CJK characters joins them)."""
    return re.sub(r"(?<=[，。、])\n", "", paragraph).replace("\n", " ")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """Every release above imported, its first paragraph's opening highlighted with a note, and
    exported, by the command line with no system fonts; the PDFs by script."""
    folder = tmp_path_factory.mktemp("scripts")
    communique = command_line_without_fonts(folder)
    sources = folder / "releases"
    sources.mkdir()
    releases = {**RELEASES, **RIGHT_TO_LEFT}
    for name, (heading, paragraphs) in releases.items():
        (sources / f"{name}.md").write_text(f"# {heading}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    files = sorted(sources.iterdir())
    listed = communique("import", *files).splitlines()        # one line per file: ID<TAB>title
    ids = {file.stem: line.split("\t")[0] for file, line in zip(files, listed, strict=True)}
    pdfs = {}
    for name, release_id in ids.items():
        communique("highlight", release_id, "--quote", quote_of(name), "--note", "note")
        pdfs[name] = folder / f"{name}.pdf"
        communique("export", release_id, "--pdf", pdfs[name])
    return pdfs


def command_line_without_fonts(folder: Path):
    """``communique ARGS...`` on a library in ``folder``, on a fontconfig that knows no fonts."""
    config = folder / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=folder / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}

    def communique(*args) -> str:
        return subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(folder / "lib.sqlite3"), *map(str, args)],
                              env=env, cwd=REPO, capture_output=True, text=True, check=True).stdout
    return communique


def quote_of(name: str) -> str:
    return ({**RELEASES, **RIGHT_TO_LEFT}[name][1][0]).split("\n")[0][:12].strip()


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def poppler_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pypdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def pdfjs_text(pdf: Path) -> str:
    listing = subprocess.run(["node", str(VIEWERS / "pdfjs_text.mjs"), str(PDFJS), str(pdf)],
                             capture_output=True, text=True, check=True).stdout
    return "\n".join(json.loads(listing))


READERS = {"pdftotext": pytest.param(poppler_text, marks=needs_poppler, id="pdftotext"),
           "pypdf": pytest.param(pypdf_text, id="pypdf"),
           "pdf.js": pytest.param(pdfjs_text, marks=[needs_poppler, needs_pdfjs], id="pdf.js")}


#: Scripts written without spaces, whose lines pypdf breaks into pieces.
SPACELESS = {"thai", "chinese-simplified", "chinese-traditional", "korean", "japanese"}


@pytest.mark.parametrize("read", READERS.values())
@pytest.mark.parametrize("name", list(RELEASES))
def test_each_line_copies_out_as_written(exported, name, read):
    text = read(exported[name])
    lines = lines_of(text)
    heading, paragraphs = RELEASES[name]
    expected = [heading, *map(written, paragraphs), f"“{quote_of(name)}”"]   # the quote: in the Annotations table
    if read is pypdf_text and name in SPACELESS:
        # pypdf puts a line break between the pieces Qt draws a line of these scripts in (one per
        # script run or line-break opportunity): the characters are checked, in order.
        flat = "".join(text.split())
        assert all("".join(line.split()) in flat for line in expected)
    else:
        assert all(line in lines for line in expected[:-1])  # whole, in order, no space added
        assert expected[-1] in " ".join(lines)
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f]", text)     # no glyph left without its text


@pytest.mark.parametrize("read", READERS.values())
@pytest.mark.parametrize("name", list(RIGHT_TO_LEFT))
def test_right_to_left_text_copies_out_as_letters_not_presentation_forms(exported, name, read):
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", read(exported[name]))


@pytest.mark.parametrize("read", [READERS["pypdf"], READERS["pdf.js"]])
@pytest.mark.parametrize("name", list(RIGHT_TO_LEFT))
def test_right_to_left_lines_copy_out_as_written(exported, name, read):
    """Logical order, numbers and brackets as written, every letter of a lam-alef; the quote too."""
    lines = lines_of(read(exported[name]))
    heading, paragraphs = RIGHT_TO_LEFT[name]
    assert all(line in lines for line in [heading, *paragraphs])
    assert f"“{quote_of(name)}”" in " ".join(lines)                  # in the Annotations table


def without_bidi_controls(text: str) -> str:
    """poppler's text less the embedding controls it puts around each run (U+202A-U+202E)."""
    return re.sub("[\u202a-\u202e]", "", text)


def letters_and_digits(text: str) -> str:
    return "".join(character for character in text if character.isalnum())


@needs_poppler
@pytest.mark.parametrize("name", list(RIGHT_TO_LEFT))
def test_right_to_left_lines_copy_out_of_poppler_in_logical_order(exported, name):
    """poppler reorders what it reads by rules of its own: a line of right-to-left words copies
    out as written, and in any line the letters and digits come out in the order written; but a
    space, bracket or quotation mark beside a number, or at the end of a line on a page of
    mostly left-to-right text, may stand on its other side (README, "Exports")."""
    text = " ".join(lines_of(without_bidi_controls(poppler_text(exported[name]))))
    heading, paragraphs = RIGHT_TO_LEFT[name]
    for line in [heading, *paragraphs, f"“{quote_of(name)}”"]:
        if all(character.isalpha() or character == " " for character in line):
            assert line in text
        assert letters_and_digits(line) in letters_and_digits(text)


@needs_poppler
@pytest.mark.parametrize("name", [*RELEASES, *RIGHT_TO_LEFT])
def test_every_embedded_font_is_one_we_ship(exported, name):
    listing = subprocess.run(["pdffonts", str(exported[name])], capture_output=True, text=True, check=True).stdout
    embedded = {row.split()[0].split("+")[-1]: " yes " in row for row in listing.splitlines()[2:] if row.strip()}
    shipped = {path.stem for path in (REPO / "resources" / "fonts").glob("*.ttf")}
    assert embedded and set(embedded) <= shipped and all(embedded.values())


@pytest.fixture(scope="module")
def arabic_release(tmp_path_factory) -> tuple[str, Path]:
    """The corpus's Arabic release (a council's decisions: numbered items, brackets, Hijri years),
    a passage highlighted with a note, exported with no system fonts: its text and its PDF."""
    if not ARABIC_RELEASE.is_file():
        pytest.skip("../shared/corpus-multilingual (its Arabic release) is not beside this checkout")
    folder = tmp_path_factory.mktemp("arabic")
    communique = command_line_without_fonts(folder)
    release_id = communique("import", ARABIC_RELEASE).split("\t")[0]
    communique("highlight", release_id, "--quote", "وكيل الوزارة للشؤون العمالية", "--note", "ملاحظة (3) note")
    communique("export", release_id, "--pdf", folder / "arabic.pdf")
    with Library(folder / "lib.sqlite3") as library:
        return library.release(int(release_id)).text, folder / "arabic.pdf"


def in_order(needles: list[str], haystack: list[str]) -> bool:
    """Whether ``needles`` occur in ``haystack`` in their order (with anything between)."""
    rest = iter(haystack)
    return all(any(word == needle for word in rest) for needle in needles)


@pytest.mark.parametrize("read", [READERS["pypdf"], READERS["pdf.js"]])
def test_a_real_arabic_release_copies_out_as_written(arabic_release, read):
    """Every word and number of the release, in the order written (a page break may come between)."""
    text, pdf = arabic_release
    copied = read(pdf).split()
    for paragraph in text.splitlines():
        assert in_order(paragraph.split(), copied)
    assert "“وكيل الوزارة للشؤون العمالية”" in " ".join(copied)          # the quote, in the table


@needs_poppler
def test_a_real_arabic_release_copies_out_of_poppler_word_by_word(arabic_release):
    """poppler: every Arabic word, lam-alef ligatures whole (الهلال, الأحمر), in the order written;
    where it puts numbers and brackets is its own (README, "Exports")."""
    text, pdf = arabic_release
    copied = without_bidi_controls(poppler_text(pdf))
    arabic_words = re.compile("[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]+")      # letters (and digits)
    for paragraph in text.splitlines():
        assert in_order(arabic_words.findall(paragraph), arabic_words.findall(copied))
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", copied)

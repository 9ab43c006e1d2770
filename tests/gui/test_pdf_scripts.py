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

from tests.gui.test_pdf_export import PDFJS, VIEWERS, needs_pdfjs, needs_poppler

REPO = Path(__file__).resolve().parents[2]
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
#: Right-to-left releases: so far their letters copy out as letters (not presentation forms); the
#: order of right-to-left lines is still each reader's own (README, "Exports").
RIGHT_TO_LEFT = {
    "arabic": ("وزارة المالية", ["أعلنت وزارة المالية اليوم نتائج الربع الأول.", "وقال الوزير إن الحكومة ستواصل دعم القطاع الخاص."]),
    "persian": ("وزارت امور خارجه", ["سخنگوی وزارت امور خارجه امروز گفتگوها را اعلام کرد."]),
    "urdu": ("وزارت خارجہ", ["وزارت خارجہ نے آج مذاکرات کا اعلان کیا۔"]),
    "hebrew": ("משרד החוץ", ["משרד החוץ הודיע היום על השיחות."]),
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
    config = folder / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG.format(cache=folder / "cache"), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}

    def communique(*args) -> str:
        return subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(folder / "lib.sqlite3"), *map(str, args)],
                              env=env, cwd=REPO, capture_output=True, text=True, check=True).stdout

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


@needs_poppler
def test_hebrew_words_copy_out_of_poppler_whole(exported):
    text = poppler_text(exported["hebrew"])
    assert all(word in text for word in ("משרד", "החוץ", "הודיע", "היום", "השיחות"))


@needs_poppler
@pytest.mark.parametrize("name", [*RELEASES, *RIGHT_TO_LEFT])
def test_every_embedded_font_is_one_we_ship(exported, name):
    listing = subprocess.run(["pdffonts", str(exported[name])], capture_output=True, text=True, check=True).stdout
    embedded = {row.split()[0].split("+")[-1]: " yes " in row for row in listing.splitlines()[2:] if row.strip()}
    shipped = {path.stem for path in (REPO / "resources" / "fonts").glob("*.ttf")}
    assert embedded and set(embedded) <= shipped and all(embedded.values())

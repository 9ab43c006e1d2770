"""The annotated PDF, read back as a colleague's tools would read it: pypdf, poppler's pdftotext,
pdffonts and pdftoppm. Nothing here trusts our own geometry: positions come from poppler."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from pypdf import PdfReader

from annotations.importers.common import make_draft
from annotations.rendering import markdown_to_html
from desktop_app.pdf.export import PdfOptions, export_pdf
from desktop_app.rendering import canonical_text, text_renderer

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
VIEWERS = Path(__file__).parent / "viewers"
#: pdf.js, the engine of Firefox's viewer (`.ci/run` installs it with npm where npm exists).
PDFJS = Path(os.environ.get("COMMUNIQUE_PDFJS",
                            Path(__file__).parents[2] / "build/pdfjs/node_modules/pdfjs-dist/legacy/build/pdf.mjs"))
needs_pdfjs = pytest.mark.skipif(shutil.which("node") is None or not PDFJS.exists(),
                                 reason="node or pdfjs-dist is not installed")

PARAGRAPHS = [
    f"Paragraph {n}: The Official delegation of the ministry discussed item {n} of the agenda, "
    f"including fisheries, trade, demining and the efficient flow of affirmative offers in region {n}. "
    "The ministers agreed to meet again and to report on progress to their governments."
    for n in range(1, 31)
]
SOURCE = ("**MINISTRY OF FOREIGN AFFAIRS**\n\n**PRESS RELEASE**\n\n# Outcomes of the Long Visit\n\n"
          + "\n\n".join(PARAGRAPHS) + "\n\nThe 70<sup>th</sup> anniversary was celebrated.\n")


def add_markdown_release(library, name: str, source: str, **metadata) -> int:
    """A Markdown release added as the importer would add it; returns its id."""
    draft = make_draft(name, source.encode(), "markdown", markdown_to_html(source), **metadata)
    release_id, _ = library.add_release(draft, canonical_text(draft.html), text_renderer())
    return release_id


@pytest.fixture
def long_release(library, qapp):
    return add_markdown_release(library, "long-visit.md", SOURCE, title="Outcomes of the Long Visit",
                                issuer="Ministry of Foreign Affairs", date="2024-05-02", language="en")


def page_words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with poppler's boxes (top-left origin, points)."""
    # errors="replace": poppler writes the document title in <title> one UTF-16 unit at a time
    # (CESU-8), so a title with an emoji is not valid UTF-8 there.
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, errors="replace",
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [[(w.text, *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))) for w in page.iter("word")]
            for page in root.iter("page")]


def highlights_of(pdf: Path) -> list[tuple[int, dict]]:
    reader = PdfReader(pdf)
    found = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []):
            annotation = ref.get_object()
            if annotation["/Subtype"] == "/Highlight":
                found.append((index, annotation))
    return found


def quads(annotation) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each quad."""
    points = [float(v) for v in annotation["/QuadPoints"]]
    return [(min(points[i:i + 8:2]), min(points[i + 1:i + 8:2]), max(points[i:i + 8:2]), max(points[i + 1:i + 8:2]))
            for i in range(0, len(points), 8)]


def export(library, release_id, tmp_path, name="out.pdf", **options) -> Path:
    out = tmp_path / name
    export_pdf(library, release_id, out, PdfOptions(**{"page_size": "A4", "analyst": "Dana Analyst", **options}))
    return out


@needs_poppler
def test_one_highlight_object_per_highlight_with_note_and_exact_quads(library, long_release, tmp_path):
    first = library.add_highlight_of_quote(long_release, "discussed item 3 of the", color="green",
                                           note="Agenda item 3 matters.", tags=["agenda", "fisheries"])
    second = library.add_highlight_of_quote(long_release, "report on progress", occurrence=7, color="pink",
                                            note="Follow up")
    pdf = export(library, long_release, tmp_path)
    found = highlights_of(pdf)
    assert len(found) == 2
    (page_a, a), (page_b, b) = found
    assert a["/Contents"] == "Agenda item 3 matters.\n\nTags: agenda, fisheries"
    assert list(a["/CommuniqueTags"]) == ["agenda", "fisheries"]
    assert b["/Contents"] == "Follow up"
    assert a["/T"] == "Dana Analyst" and a["/NM"] == f"communique-{first.uuid}" and b["/NM"].endswith(second.uuid)
    assert [round(float(c), 2) for c in a["/C"]] == [0.55, 0.91, 0.6]
    assert "/Popup" in a and a["/Popup"].get_object()["/Subtype"] == "/Popup"

    assert_quads_hug_the_words(pdf, page_a, a, "discussed item 3 of the")
    assert_quads_hug_the_words(pdf, page_b, b, "report on progress")


def assert_quads_hug_the_words(pdf: Path, page: int, annotation, quote: str) -> None:
    """Poppler's words inside the quads are the quote, and each quad's edges lie within 1 pt of them."""
    height = float(PdfReader(pdf).pages[page].mediabox.top)
    words = page_words(pdf)[page]
    inside_all = []
    for left, bottom, right, top in quads(annotation):
        inside = [w for w in words if left <= (w[1] + w[3]) / 2 <= right and height - top <= (w[2] + w[4]) / 2 <= height - bottom]
        assert inside, f"no word inside quad {(left, bottom, right, top)}"
        assert abs(left - min(w[1] for w in inside)) < 1 and abs(right - max(w[3] for w in inside)) < 1
        assert abs((height - top) - min(w[2] for w in inside)) < 1.5
        assert abs((height - bottom) - max(w[4] for w in inside)) < 1.5
        inside_all += [w[0] for w in inside]
    assert " ".join(inside_all) == quote


@needs_poppler
def test_appearance_stream_is_an_indirect_multiply_form(library, long_release, tmp_path):
    library.add_highlight_of_quote(long_release, "efficient flow", color="blue")
    (_, annotation), = highlights_of(export(library, long_release, tmp_path))
    appearance = annotation["/AP"].raw_get("/N")
    assert hasattr(appearance, "idnum")                       # indirect, as viewers expect
    form = appearance.get_object()
    assert form["/Subtype"] == "/Form"
    assert [float(v) for v in form["/BBox"]] == [float(v) for v in annotation["/Rect"]]
    assert form["/Resources"]["/ExtGState"]["/GS0"]["/BM"] == "/Multiply"
    assert form.get_data().count(b" re f") == len(quads(annotation))


@needs_poppler
def test_highlight_across_a_page_break_is_split_and_no_line_is_written_twice(library, long_release, tmp_path, qapp):
    pdf = export(library, long_release, tmp_path, name="plain.pdf")
    pages = [" ".join(w[0] for w in words) for words in page_words(pdf)]
    # Paragraph n starts "Paragraph n:" and says "region n." near its end: find one split by a page break.
    boundary, first = next((PARAGRAPHS[n - 1], index) for n in range(1, len(PARAGRAPHS) + 1)
                           for index in range(len(pages) - 1)
                           if f"Paragraph {n}:" in pages[index] and f"region {n}." in pages[index + 1])
    crossing = library.add_highlight_of_quote(long_release, boundary, note="Crosses the page break")
    pdf = export(library, long_release, tmp_path, name="crossing.pdf")
    parts = [(page, a) for page, a in highlights_of(pdf) if a["/NM"].startswith(f"communique-{crossing.uuid}")]
    assert [page for page, _ in parts] == [first, first + 1]
    for page, annotation in parts:
        assert all(top - bottom < 20 for _, bottom, _, top in quads(annotation))
    assert {a["/NM"] for _, a in parts} == {f"communique-{crossing.uuid}-part1", f"communique-{crossing.uuid}-part2"}
    body = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    body = body.split("\nAnnotations\n")[0]              # the closing table quotes the highlight again
    for paragraph in PARAGRAPHS:
        # every sentence of the release comes out exactly once, in words as written
        assert " ".join(body.split()).count(paragraph.split(":")[1].split(".")[0].strip()) == 1


@needs_poppler
def test_extracted_text_is_the_release_words(library, long_release, tmp_path):
    library.add_highlight_of_quote(long_release, "The Official delegation", occurrence=2)
    pdf = export(library, long_release, tmp_path)
    for extracted in (subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout,
                      "\n".join(page.extract_text() for page in PdfReader(pdf).pages)):
        assert "\t" not in extracted
        assert not re.search("[\ufb00-\ufb06]", extracted)        # no ligature characters
        assert "The Official delegation of the ministry" in " ".join(extracted.split())
        assert "efficient flow of affirmative offers" in " ".join(extracted.split())


@needs_poppler
def test_pixels_under_the_quote_are_the_highlight_colour(library, long_release, tmp_path):
    library.add_highlight_of_quote(long_release, "Paragraph 2: The Official delegation", color="pink")
    pdf = export(library, long_release, tmp_path)
    (page, annotation), = highlights_of(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page + 1), "-l", str(page + 1), str(pdf),
                    str(tmp_path / "page")], check=True)
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(next(tmp_path.glob("page*.png"))))
    height = float(PdfReader(pdf).pages[page].mediabox.top)
    left, bottom, right, top = quads(annotation)[0]
    colours = [image.pixelColor(int(x), int(height - bottom) - 2) for x in range(int(left) + 2, int(right) - 2, 3)]
    pink = QColor("#faa2c1")
    near = [c for c in colours if abs(c.red() - pink.red()) + abs(c.green() - pink.green()) + abs(c.blue() - pink.blue()) < 40]
    assert len(near) > len(colours) / 2
    outside = image.pixelColor(int(left) + 2, int(height - top) - 6)
    assert outside.lightness() > 240                            # white above the line: nothing bleeds


@needs_poppler
def test_closing_table_runs_a_long_note_over_pages_and_lists_orphans(library, long_release, tmp_path):
    from annotations.models import TextPositionSelector, TextQuoteSelector

    sentences = [f"Sentence {n} of a very long assessment of the visit." for n in range(1, 161)]
    long_note = library.add_highlight_of_quote(long_release, "demining", note="\n".join(sentences), color="blue")
    library.add_highlight_of_quote(long_release, "fisheries", note="Short one", tags=["fish"])
    library._insert_annotation(long_release, "pink", "From the draft.", (), TextPositionSelector(0, 10),
                               TextQuoteSelector("A sentence no longer there", "", ""), orphaned=True)
    pdf = export(library, long_release, tmp_path)
    reader = PdfReader(pdf)
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, len(reader.pages) + 1)]
    table_pages = [text for text in pages if re.search(r"#\s+Page\s+Colour\s+Quote\s+Note\s+Tags", text)]
    assert len(table_pages) >= 2                         # the note runs over a page, under a repeated header
    table_text = " ".join("".join(table_pages).split())
    assert [int(n) for n in re.findall(r"Sentence (\d+) of", table_text)] == list(range(1, 161))  # once each, in order
    assert "“demining”" in table_text and "Short one" in table_text and "fish" in table_text
    assert "Orphaned annotations" in table_text and "“A sentence no longer there” — From the draft." in table_text
    margin = " ".join(" ".join(pages[:len(pages) - len(table_pages)]).split())
    assert "see note 2 in the Annotations table" in margin       # (fisheries comes first)
    assert "Sentence 1 of" not in margin and "Short one [fish]" in margin
    assert any(a["/Contents"] == long_note.note for _, a in highlights_of(pdf))


@needs_poppler
def test_table_follows_a_short_release_on_its_page_and_gives_page_ranges(library, long_release, tmp_path):
    source = "# A short statement\n\nThe ministers met today and agreed on a plan.\n"
    short = add_markdown_release(library, "short.md", source, title="A short statement")
    library.add_highlight_of_quote(short, "agreed on a plan", note="Which plan?")
    reader = PdfReader(export(library, short, tmp_path, name="short.pdf"))
    assert len(reader.pages) == 1                            # no page left nearly empty before the table
    text = " ".join(reader.pages[0].extract_text().split())
    assert text.index("agreed on a plan") < text.index("Annotations") < text.rindex("Which plan?")

    pdf = export(library, long_release, tmp_path, name="long.pdf")
    pages = [" ".join(w[0] for w in words) for words in page_words(pdf)]
    boundary = next(PARAGRAPHS[n - 1] for n in range(1, len(PARAGRAPHS) + 1) for index in range(len(pages) - 1)
                    if f"Paragraph {n}:" in pages[index] and f"region {n}." in pages[index + 1])
    library.add_highlight_of_quote(long_release, boundary)
    first = next(index for index, page in enumerate(page_words(pdf)) if any(w[0] == boundary.split()[1] for w in page))
    table = subprocess.run(["pdftotext", "-layout", str(export(library, long_release, tmp_path, name="range.pdf")), "-"],
                           capture_output=True, text=True, check=True).stdout.split("Annotations")[-1]
    assert re.search(rf"^\s*1\s+{first + 1}–{first + 2}\s+Key point", table, re.MULTILINE)


def test_metadata_and_header(library, long_release, tmp_path):
    library.add_highlight_of_quote(long_release, "fisheries", tags=["Fish", "trade"])
    library.add_release_note(long_release, "A routine readout.")
    pdf = export(library, long_release, tmp_path, analyst="Sam Reviewer")
    reader = PdfReader(pdf)
    meta = reader.metadata
    assert meta.title == "Outcomes of the Long Visit"
    assert meta.author == "Ministry of Foreign Affairs"
    assert "Sam Reviewer" in meta.subject
    assert meta["/Keywords"] == "Fish, trade"
    assert meta.creator.startswith("Communiqué ")
    first_page = " ".join(reader.pages[0].extract_text().split())
    release = library.release(long_release)
    for expected in ("Issuer: Ministry of Foreign Affairs", "long-visit.md", release.content_hash[:20],
                     "Analyst: Sam Reviewer", "A routine readout."):
        assert expected in first_page


def test_release_without_annotations_exports_cleanly(library, long_release, tmp_path):
    pdf = export(library, long_release, tmp_path)
    reader = PdfReader(pdf)
    assert highlights_of(pdf) == []
    assert len(reader.pages) >= 2
    assert "Annotations" not in reader.pages[-1].extract_text().split("\n")[1:3]


def test_letter_paper(library, long_release, tmp_path):
    pdf = export(library, long_release, tmp_path, page_size="Letter")
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_read_only_target_gives_one_sentence_and_leaves_it(library, long_release, tmp_path):
    from annotations.errors import ExportFailed

    target = tmp_path / "locked.pdf"
    target.write_bytes(b"previous")
    target.chmod(0o444)
    with pytest.raises(ExportFailed, match="read-only"):
        export(library, long_release, tmp_path, name="locked.pdf")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "library.sqlite3"
                  and not p.name.startswith("library.sqlite3")) == ["locked.pdf"]


@needs_poppler
def test_fonts_are_embedded(library, long_release, tmp_path):
    pdf = export(library, long_release, tmp_path)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)


KHMER = "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ"
JAPANESE = "外務省は本日、カンボジアとの外相会談について発表した。"
SINHALA = "ශ්‍රී ලංකා පොලිසිය විසින් නිකුත් කරන ලද මාධ්‍ය නිවේදනයකි."


@pytest.fixture
def khmer_pdf(tmp_path) -> Path:
    """The whole path a user takes, on a machine whose fontconfig knows no fonts at all: a release
    with Khmer and Japanese, imported, highlighted and exported by the command line."""
    import sys

    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    release = tmp_path / "statement.md"
    filler = "".join(f"Paragraph {n} of the statement.\n\n" for n in range(60))   # a second page, for its running head
    release.write_text(f"# {KHMER}\n\n{KHMER}\n\n{JAPANESE}\n\n{SINHALA}\n\nThe Official office.\n\n{filler}",
                       encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}

    def communique(*args):
        return subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(tmp_path / "lib.sqlite3"),
                               *map(str, args)], env=env, capture_output=True, text=True, check=True).stdout

    communique("import", release)
    communique("highlight", 1, "--quote", "ជាតិ សាសនា", "--note", "ចំណាំ: motto")
    communique("highlight", 1, "--quote", "外相会談", "--note", "会談")
    communique("export", 1, "--pdf", tmp_path / "out.pdf")
    return tmp_path / "out.pdf"


@needs_poppler
def test_khmer_and_japanese_copy_out_in_logical_order_with_no_system_fonts(khmer_pdf):
    text = subprocess.run(["pdftotext", str(khmer_pdf), "-"], capture_output=True, text=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert KHMER in lines                                  # the body line, whole and in logical order
    assert sum(KHMER in line for line in lines) >= 2       # the heading too
    assert JAPANESE in "".join(text.split())
    assert SINHALA in lines
    assert "“ជាតិ សាសនា”" in lines                          # the quote in the closing table
    assert "ចំណាំ: motto" in " ".join(lines)
    # pypdf reads no /ActualText: it reads the ToUnicode maps, whose codes spell each cluster.
    reader = PdfReader(khmer_pdf)
    pypdf_lines = [" ".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()]
    assert not re.search("[\x00-\x08\x0b-\x1f]", "\n".join(pypdf_lines))   # no glyph left without text
    assert KHMER in pypdf_lines                           # the body line, whole and in logical order
    assert "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា" in pypdf_lines[1:]   # the heading, wrapped after it
    assert JAPANESE in "".join("".join(pypdf_lines).split())
    assert SINHALA in pypdf_lines
    assert "“ជាតិ សាសនា”" in pypdf_lines and "ចំណាំ:" in " ".join(pypdf_lines)
    assert len(reader.pages) >= 2 and KHMER[:20] in " ".join(reader.pages[1].extract_text().split()[:6])  # running head
    fonts = subprocess.run(["pdffonts", str(khmer_pdf)], capture_output=True, text=True).stdout
    embedded = {row.split()[0] for row in fonts.splitlines()[2:] if " yes " in row}
    assert {"CommuniqueNotoSansKhmer-Regular", "CommuniqueNotoSansJP-Regular"} <= embedded
    assert all(name.startswith("Communique") for name in embedded)


@needs_poppler
@needs_pdfjs
def test_khmer_and_japanese_copy_out_of_pdfjs_as_written(khmer_pdf):
    """pdf.js (Firefox's viewer) places text by glyph positions and reads ToUnicode maps, not /ActualText."""
    listing = subprocess.run(["node", str(VIEWERS / "pdfjs_text.mjs"), str(PDFJS), str(khmer_pdf)],
                             capture_output=True, text=True, check=True).stdout
    text = "\n".join(json.loads(listing))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert KHMER in lines and sum(KHMER in line for line in lines) >= 2     # the body and the heading
    assert JAPANESE in "".join(text.split())
    assert SINHALA in lines
    assert "“ជាតិ សាសនា”" in " ".join(lines) and "ចំណាំ: motto" in " ".join(lines)
    # No stray characters from codes that stand for nothing (the Sinhala has its own U+200D joiners).
    assert not re.search("[\x00-\x08\x0b-\x1f\u200b\u200c\u200e\u200f\u2060-\u206f\ufeff]", text)


@needs_poppler
def test_every_corpus_release_exports_with_its_words(corpus, library, tmp_path, qapp):
    """Real releases (Sinhala, French, saved pages, e-mail, Word): each exports, and its text copies out."""
    from desktop_app.importing import import_into

    report = import_into(library, sorted(p for p in corpus.iterdir() if p.suffix != ".tsv"))
    assert report.failures == []
    for item in report.imported:
        release = library.release(item.release_id)
        words = release.text.split()
        middle = len(words) // 2
        quote = " ".join(words[middle:middle + 4])
        library.add_highlight_of_quote(release.id, quote, note=f"Checked {release.id}")
        pdf = export(library, release.id, tmp_path, name=f"{release.id}.pdf")
        assert len(highlights_of(pdf)) >= 1
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        read_by_pypdf = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        for extracted, reader in ((text, "pdftotext"), (read_by_pypdf, "pypdf")):
            for probe in (words[:6], words[middle // 2:middle // 2 + 5]):   # not beside the margin note
                assert " ".join(probe) in " ".join(extracted.split()), f"{item.path}: {reader} lost {probe}"


def system_python_has_poppler_glib() -> bool:
    probe = "import gi; gi.require_version('Poppler', '0.18'); from gi.repository import Poppler"
    return Path("/usr/bin/python3").exists() and subprocess.run(
        ["/usr/bin/python3", "-c", probe], capture_output=True).returncode == 0


@pytest.fixture
def annotated_pdf(library, long_release, tmp_path):
    """Three highlights (one across a page break, one with no note) and what each viewer should list."""
    plain = export(library, long_release, tmp_path, name="plain.pdf")
    pages = [" ".join(w[0] for w in words) for words in page_words(plain)]
    boundary = next(PARAGRAPHS[n - 1] for n in range(1, len(PARAGRAPHS) + 1) for index in range(len(pages) - 1)
                    if f"Paragraph {n}:" in pages[index] and f"region {n}." in pages[index + 1])
    library.add_highlight_of_quote(long_release, "discussed item 3 of the", color="green",
                                   note="Agenda item 3 — «fisheries».", tags=["agenda"])
    library.add_highlight_of_quote(long_release, boundary, color="pink", note="Crosses the page break")
    library.add_highlight_of_quote(long_release, "report on progress", occurrence=9, color="blue")
    pdf = export(library, long_release, tmp_path, name="annotated.pdf")
    expected = sorted((page, str(a["/NM"]), str(a.get("/Contents", "")), [round(float(c) * 255) for c in a["/C"]])
                      for page, a in highlights_of(pdf))
    assert len(expected) == 4 and {e[2] for e in expected} == {
        "Agenda item 3 — «fisheries».\n\nTags: agenda", "Crosses the page break", ""}
    return pdf, expected


# What viewers list in their comment panes ---------------------------------------------------------


@needs_poppler
@needs_pdfjs
def test_pdfjs_lists_each_highlight_with_note_author_colour_appearance_and_popup(annotated_pdf):
    pdf, expected = annotated_pdf
    listing = subprocess.run(["node", str(VIEWERS / "pdfjs_annotations.mjs"), str(PDFJS), str(pdf)],
                             capture_output=True, text=True, check=True).stdout
    pages = json.loads(listing)
    highlights = [(index, a) for index, page in enumerate(pages) for a in page if a["subtype"] == "Highlight"]
    assert len(highlights) == len(expected)
    popups = {a["id"]: a for page in pages for a in page if a["subtype"] == "Popup"}
    for index, annotation in highlights:
        assert annotation["hasAppearance"] and annotation["author"] == "Dana Analyst"
        assert annotation["popupRef"] in popups and len(annotation["quadPoints"]) % 8 == 0
        assert popups[annotation["popupRef"]]["rect"][1] >= 0        # the popup opens on the page
    assert sorted((index, a["contents"] or "", [round(c) for c in a["color"]]) for index, a in highlights) == \
        sorted((page, contents, color) for page, _, contents, color in expected)


@needs_poppler
@pytest.mark.skipif(not system_python_has_poppler_glib(), reason="python3-gi and gir1.2-poppler-0.18 are not installed")
def test_poppler_viewers_list_each_highlight_with_note_author_colour_and_popup(annotated_pdf):
    """Evince and Papers read annotations through poppler-glib; Okular through poppler-qt, over the same core."""
    pdf, expected = annotated_pdf
    listing = subprocess.run(["/usr/bin/python3", str(VIEWERS / "poppler_annotations.py"), str(pdf)],
                             capture_output=True, text=True, check=True).stdout
    found = sorted((index, a["name"], a["contents"] or "", a["color"])
                   for index, page in enumerate(json.loads(listing)) for a in page if a["type"] == "highlight")
    assert found == [(page, name, contents, color) for page, name, contents, color in expected]
    listed = [a for page in json.loads(listing) for a in page if a["type"] == "highlight"]
    assert all(a["author"] == "Dana Analyst" and a["has_popup"] for a in listed)


@needs_poppler
def test_quads_hug_a_quote_that_follows_emoji(library, qapp, tmp_path):
    source = "# Flags\n\nThe flags 🇰🇭 and 🇯🇵 were raised 😀 before the ministers signed the accord today.\n"
    release_id = add_markdown_release(library, "flags.md", source, title="Flags 🇰🇭 🇯🇵")
    library.add_highlight_of_quote(release_id, "ministers signed the accord")
    pdf = export(library, release_id, tmp_path, name="flags.pdf")
    (page, annotation), = highlights_of(pdf)
    assert_quads_hug_the_words(pdf, page, annotation, "ministers signed the accord")


def pushed_paragraph_release(library) -> tuple[int, str]:
    """A release in which Qt moves a paragraph's first line to the next page (the paragraph began in
    the last few points of a page): its lines then start below the paragraph's own origin."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    from desktop_app.pdf.export import _body_document, _Geometry, _header_html

    target = "Target paragraph: the ministers agreed on the text of the joint statement late in the evening."
    writer = QPdfWriter(str(library.path.with_suffix(".probe.pdf")))
    writer.setResolution(600)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    geometry = _Geometry(writer)
    for count in range(20, 160):
        fillers = [f"Filler {n}: " + "the talks went on. " * (1 + n % 7) for n in range(count)]
        source = "# Pushed\n\n" + "\n\n".join([*fillers, target]) + "\n"
        release_id = add_markdown_release(library, f"pushed-{count}.md", source, title="Pushed")
        release = library.release(release_id)
        document, _ = _body_document(release, _header_html(release, [], PdfOptions("A4", "Dana Analyst")), geometry)
        document.pageCount()
        if document.lastBlock().layout().boundingRect().top() > 30:          # over 3.6 pt: more than a rounding
            return release_id, target
    pytest.fail("no filler count pushed the target paragraph's first line to the next page")


@needs_poppler
def test_quads_hug_a_paragraph_whose_first_line_went_to_the_next_page(library, qapp, tmp_path):
    release_id, target = pushed_paragraph_release(library)
    quote = " ".join(target.split()[:4])
    library.add_highlight_of_quote(release_id, quote)
    pdf = export(library, release_id, tmp_path, name="pushed.pdf")
    (page, annotation), = highlights_of(pdf)
    assert page >= 1
    assert_quads_hug_the_words(pdf, page, annotation, quote)

"""PDF repairs that need no Qt: ToUnicode maps and the text-object interpreter behind /ActualText."""

import io

import pytest
from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                           TextStringObject)

from annotations.pdf.objects import PdfHighlight, PdfMetadata, Quad, finish_pdf
from annotations.pdf.font_maps import parse_to_unicode, write_to_unicode
from annotations.pdf.text import TextLine, _text_objects, repair_to_unicode
from annotations.pdf.update import serialize

QT_STYLE_CMAP = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfrange
<0000> <0000> <0000>
<0001> <0005> [<004F> <FB03> <0009> <2F12> <0063> ]
endbfrange
1 beginbfchar
<0006> <F900>
endbfchar
endcmap
"""


def test_parse_reads_ranges_arrays_and_chars():
    assert parse_to_unicode(QT_STYLE_CMAP) == {0: "\x00", 1: "O", 2: "\ufb03", 3: "\t", 4: "\u2f12", 5: "c", 6: "\uf900"}


@pytest.mark.parametrize("code, expected", [(1, "O"), (2, "ffi"), (3, " "), (4, "力"), (6, "豈")])
def test_repair_gives_what_people_type(code, expected):
    assert parse_to_unicode(repair_to_unicode(QT_STYLE_CMAP))[code] == expected


def test_a_sound_map_is_left_byte_for_byte():
    sound = write_to_unicode({1: "A", 2: " "})
    assert repair_to_unicode(sound) == sound


def test_text_objects_follow_qt_matrices_to_the_first_glyph():
    operations = [
        ([0.12, 0, 0, -0.12, 0, 842], b"cm"), ([], b"q"), ([1, 0, 0, 1, 100, 200], b"cm"),
        ([], b"BT"), (["/F1", 117], b"Tf"), ([1, 0, 0, -1, 0, 0], b"Tm"), ([0, -364], b"Td"),
        (["<0001>"], b"Tj"), ([31, 0], b"Td"), (["<0002>"], b"Tj"), ([], b"ET"), ([], b"Q"),
        ([], b"BT"), ([], b"ET"),
    ]
    first, empty = _text_objects(operations)
    assert (first.begin, first.end) == (3, 10)
    assert first.origin == pytest.approx((0.12 * 100, 842 - 0.12 * (200 + 364)))
    # (operator index, font, points per glyph-space unit: 0.12 × 117 / 1000)
    shows = [(index, font, round(scale, 5)) for index, _, _, font, scale, _ in first.shows]
    assert shows == [(7, "/F1", 0.01404), (9, "/F1", 0.01404)]
    assert first.shows[1][1:3] == pytest.approx((0.12 * 131, 842 - 0.12 * (200 + 364)))
    assert empty.origin is None


def test_text_line_contains_points_with_a_little_slack():
    line = TextLine(0, 10, 100, 200, 112, "ព្រះ")
    assert line.contains(10.5, 102) and line.contains(9.2, 112.8) and not line.contains(5, 105)


def blank_pdf(path, pages=2):
    """A PDF as another program wrote it (pypdf here): pages with no annotations."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Before"})
    with open(path, "wb") as stream:
        writer.write(stream)


def test_serialized_objects_read_back_as_the_same_values():
    from pypdf.generic import read_object

    value = DictionaryObject({
        NameObject("/Name"): NameObject("/A#B"), NameObject("/Text"): TextStringObject("Khmer ក្រុង (1)"),
        NameObject("/Array"): ArrayObject([FloatObject(1.25), NumberObject(-3), BooleanObject(True)]),
        NameObject("/Zero"): FloatObject(0.0001),
    })
    parsed = read_object(io.BytesIO(serialize(value, {})), None)
    assert parsed["/Name"] == "/A#B" and parsed["/Text"] == "Khmer ក្រុង (1)"
    assert parsed["/Array"] == [1.25, -3, True]
    assert parsed["/Zero"] == 0


def test_an_update_keeps_the_old_file_and_adds_annotations_read_back_strictly(tmp_path, caplog):
    from datetime import datetime, timezone

    from pypdf import PdfReader

    path = tmp_path / "painted.pdf"
    blank_pdf(path)
    before = path.read_bytes()
    highlight = PdfHighlight(page_index=1, quads=(Quad(100, 700, 200, 712), Quad(72, 686, 150, 698)),
                             color=(1.0, 0.9, 0.3), note="Ceasefire — «verify»", tags=("risk",),
                             author="Analyst", modified=datetime(2026, 1, 2, tzinfo=timezone.utc), name="communique-1")
    finish_pdf(str(path), [highlight], PdfMetadata("Title (1)", "Ministry", "Subject", ("risk",), "Communiqué 0.1"))

    assert path.read_bytes().startswith(before)          # an incremental update: Qt's bytes untouched
    reader = PdfReader(path, strict=True)
    assert not caplog.records                              # pypdf found nothing to repair
    assert "/Annots" not in reader.pages[0]
    annotation, popup = (reference.get_object() for reference in reader.pages[1]["/Annots"])
    assert annotation["/Subtype"] == "/Highlight" and popup["/Subtype"] == "/Popup"
    assert annotation["/Contents"] == "Ceasefire — «verify»\n\nTags: risk"
    assert list(annotation["/QuadPoints"]) == [100, 712, 200, 712, 100, 700, 200, 700, 72, 698, 150, 698, 72, 686, 150, 686]
    assert list(annotation["/Rect"]) == [72, 686, 200, 712]
    assert popup["/Parent"].get_object()["/NM"] == "communique-1"
    assert list(popup["/Rect"]) == [385, 592, 585, 712]          # right margin, level with the passage
    appearance = annotation["/AP"]["/N"]
    assert appearance["/Resources"]["/ExtGState"]["/GS0"]["/BM"] == "/Multiply"
    assert appearance.get_data().count(b" re f") == 2
    assert reader.metadata.title == "Title (1)" and reader.metadata.author == "Ministry"


def test_a_popup_near_the_page_bottom_stays_on_the_page(tmp_path):
    from datetime import datetime, timezone

    from pypdf import PdfReader

    path = tmp_path / "painted.pdf"
    blank_pdf(path, pages=1)
    low = PdfHighlight(page_index=0, quads=(Quad(72, 40, 200, 52),), color=(1.0, 0.9, 0.3), note="", tags=(),
                       author="A", modified=datetime(2026, 1, 2, tzinfo=timezone.utc), name="communique-2")
    finish_pdf(str(path), [low], PdfMetadata("T", "I", "S"))
    _, popup = (reference.get_object() for reference in PdfReader(path).pages[0]["/Annots"])
    assert list(popup["/Rect"]) == [385, 10, 585, 130]


def test_widths_arrays_group_runs_and_read_back():
    from annotations.pdf.font_maps import parse_widths, widths_array

    widths = {0: 500, 1: 600, 2: 610, 173: 0, 0x200B: 1347, 0x200C: 0}
    array = widths_array(widths)
    assert [int(v) if not isinstance(v, list) else [int(w) for w in v] for v in array] == \
        [0, [500, 600, 610], 173, [0], 0x200B, [1347, 0]]
    assert parse_widths(array) == widths
    assert parse_widths([5, 7, 250, 9, [300]]) == {5: 250, 6: 250, 7: 250, 9: 300}   # c_first c_last w


def test_silent_codes_are_format_characters_pdfjs_skips():
    import unicodedata

    from annotations.pdf.font_maps import SILENT_CODES

    assert len(set(SILENT_CODES)) == 43
    assert all(unicodedata.category(chr(code)) == "Cf" for code in SILENT_CODES)

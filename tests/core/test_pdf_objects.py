"""PDF repairs that need no Qt: ToUnicode maps and the text-object interpreter behind /ActualText."""

import pytest

from annotations.exporters.pdf_objects import (TextLine, _text_objects, parse_to_unicode, repair_to_unicode,
                                               write_to_unicode)

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
    (begin, end, origin), (_, _, empty) = _text_objects(operations)
    assert (begin, end) == (3, 10)
    assert origin == pytest.approx((0.12 * 100, 842 - 0.12 * (200 + 364)))
    assert empty is None


def test_text_line_contains_points_with_a_little_slack():
    line = TextLine(0, 10, 100, 200, 112, "ព្រះ")
    assert line.contains(10.5, 102) and line.contains(9.2, 112.8) and not line.contains(5, 105)

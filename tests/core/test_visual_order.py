"""The order right-to-left lines are seen in, and what each PDF reader is given to turn back into
the order they were written (annotations.pdf.visual_order, annotations.pdf.right_to_left)."""

from __future__ import annotations

import pytest

from annotations.pdf.right_to_left import poppler_order
from annotations.pdf.visual_order import first_strong_is_right_to_left, pdfjs_kind, pdfjs_order, visual_order


@pytest.mark.parametrize(("written", "right_to_left", "seen"), [
    ("Plain left to right.", False, "Plain left to right."),
    ("משרד החוץ", True, "ץוחה דרשמ"),
    ("אבג 123 דה", True, "הד 123 גבא"),                       # a number keeps its own order
    ("ב-12 במאי", True, "יאמב 12-ב"),                          # the hyphen goes with the letter before it
    ("Reuters עם נציגי UN.", True, ".UN יגיצנ םע Reuters"),    # Latin words inside, the full stop at the end
    ("UN נציגי", False, "UN יגיצנ"),                            # a left-to-right paragraph keeps its runs in place
    ("عام 2024 وفق", True, "قفو 2024 ماع"),
    ("( 1.92%)", True, ")1.92% ("),                             # after no Arabic letter: a European number, % with it
    ("بنسبة ( 1.92%)", True, ")%1.92 ( ةبسنب"),                 # after one, an Arabic number: % stands apart
])
def test_visual_order_follows_the_bidirectional_algorithm(written, right_to_left, seen):
    assert visual_order(written, right_to_left) == seen


@pytest.mark.parametrize(("character", "kind"), [("ا", "AL"), ("ש", "R"), ("1", "EN"), ("(", "ON"),
                                                 ("”", "L"), ("—", "L"), ("\u064b", "NSM")])
def test_pdfjs_types_characters_past_latin_1_as_left_to_right_outside_arabic_and_hebrew(character, kind):
    assert pdfjs_kind(character) == kind


@pytest.mark.parametrize("written", [
    "أعلنت وزارة المالية أن الإيرادات ارتفعت بنسبة ( 1.92%) خلال عام 2024 وفق بيان Reuters عن الاستقرار والسلام.",
    "השיחות יתקיימו ב-12 במאי (בשעה 10:00) עם נציגי UN.",
    "שלום means peace in the statement.",             # mostly Latin: pdf.js reorders it left to right
    "“نرخ تورم ( 1”",                                  # pdf.js takes “ and ” for Latin letters
    "1 ملاحظة (3) note", "علماً بما ورد", "19:23 ت م", "( 1434 / 1435هـ ) ، وقد",
])
def test_pdfjs_reads_back_what_its_reordering_gives(written):
    """The copy-out text pdf.js is given: its reordering of the line, which its reordering turns
    back (the same rules as pdf.js 4.10's, checked against it with node on these lines)."""
    assert pdfjs_order(pdfjs_order(written)) == written


@pytest.mark.parametrize(("written", "given"), [
    ("משרד החוץ", "ץוחה דרשמ"),
    ("שלום means peace.", "םולש means peace."),        # under 30% right to left: a left-to-right piece
    ("19:23 ت م", "19:23 ت م"),                         # which pdf.js leaves as it is
    ("ש <b>", " שb"),                                    # and it drops angle brackets
])
def test_pdfjs_order_is_pdfjs_reordering(written, given):
    assert pdfjs_order(written) == given


@pytest.mark.parametrize(("text", "right_to_left"), [("1 ملاحظة", True), ("note ملاحظة", False), ("“שלום”", True),
                                                     ("", False)])
def test_a_paragraphs_direction_is_its_first_strong_letters(text, right_to_left):
    assert first_strong_is_right_to_left(text) is right_to_left


@pytest.mark.parametrize(("written", "given"), [
    ("Reuters עם השלום.", "Reuters םולשה םע."),     # each run of right-to-left words given turned around
    ("שלום 12 עולם", "םולש 12 םלוע"),
])
def test_poppler_on_a_left_to_right_page_is_given_each_right_to_left_run_turned_around(written, given):
    assert poppler_order(written, visual_order(written, True), left_to_right=True) == given


def test_poppler_on_a_right_to_left_page_is_given_the_line_as_seen():
    written = "השיחות יתקיימו ב-12 במאי"
    assert poppler_order(written, visual_order(written, True), left_to_right=False) == visual_order(written, True)

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import CONTEXT_LENGTH, anchor, find_quote, resolve
from annotations.errors import QuoteNotFound
from annotations.models import TextPositionSelector, TextQuoteSelector

TEXT = ("The two ministers agreed to deepen the Comprehensive Strategic Partnership. "
        "They also agreed to expand demining cooperation. The two ministers agreed again.")


def test_anchor_records_quote_and_about_32_characters_of_context():
    start = TEXT.index("Comprehensive")
    position, quote = anchor(TEXT, start, start + len("Comprehensive Strategic Partnership"))
    assert position == TextPositionSelector(start, start + 35)
    assert quote.exact == "Comprehensive Strategic Partnership"
    assert quote.prefix == TEXT[start - CONTEXT_LENGTH:start]
    assert quote.suffix == TEXT[start + 35:start + 35 + CONTEXT_LENGTH]


@pytest.mark.parametrize("start, end", [(0, 0), (5, 3), (-1, 4), (0, len(TEXT) + 1)])
def test_anchor_refuses_empty_or_outside_spans(start, end):
    with pytest.raises(ValueError):
        anchor(TEXT, start, end)


@pytest.mark.parametrize("quote, occurrence, expected", [
    ("The two ministers agreed", 1, 0),
    ("The two ministers agreed", 2, TEXT.rindex("The two ministers agreed")),
    ("Strategic\n   Partnership", 1, TEXT.index("Strategic Partnership")),   # whitespace-insensitive
])
def test_find_quote(quote, occurrence, expected):
    assert find_quote(TEXT, quote, occurrence)[0] == expected


@pytest.mark.parametrize("quote, occurrence", [("absent words", 1), ("The two ministers agreed", 3), ("   ", 1)])
def test_find_quote_raises_a_sentence(quote, occurrence):
    with pytest.raises(QuoteNotFound) as raised:
        find_quote(TEXT, quote, occurrence, release_id=7)
    assert "release 7" in str(raised.value)


def test_duplicate_quote_is_disambiguated_by_context_not_first_match():
    start = TEXT.rindex("The two ministers agreed")
    position, quote = anchor(TEXT, start, start + 24)
    edited = "Preface added. " + TEXT          # both occurrences move
    span = resolve(edited, quote, position)
    assert span == (start + 15, start + 15 + 24)


def test_fuzzy_match_survives_an_edit_inside_the_quote():
    start = TEXT.index("expand demining cooperation")
    position, quote = anchor(TEXT, start, start + len("expand demining cooperation"))
    edited = TEXT.replace("expand demining cooperation", "expand de-mining cooperation")
    span = resolve(edited, quote, position)
    assert span is not None
    assert "de-mining cooperation" in edited[span[0]:span[1]]


def test_deleted_quote_is_orphaned_not_misplaced():
    start = TEXT.index("Comprehensive")
    position, quote = anchor(TEXT, start, start + 35)
    edited = TEXT.replace("the Comprehensive Strategic Partnership", "their ties")
    assert resolve(edited, quote, position) is None


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_anchor_then_resolve_on_the_same_text_returns_the_same_span(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    position, quote = anchor(text, start, end)
    assert resolve(text, quote, position) == (start, end)


WORDS = st.text(alphabet="abcdefgh ,.\n", max_size=200)


@settings(max_examples=200, deadline=None)
@given(before=WORDS, after=WORDS, quote=st.text(alphabet="XYZW", min_size=3, max_size=30),
       inserted=WORDS, insert_before=st.booleans(), data=st.data())
def test_after_an_edit_elsewhere_the_quote_is_still_found(before, after, quote, inserted, insert_before, data):
    text = before + quote + after
    position, selector = anchor(text, len(before), len(before) + len(quote))
    if insert_before:
        cut = data.draw(st.integers(0, len(before)))
        edited = before[:cut] + inserted + before[cut:] + quote + after
    else:
        cut = data.draw(st.integers(0, len(after)))
        edited = before + quote + after[:cut] + inserted + after[cut:]
    span = resolve(edited, selector, position)
    assert span is not None
    assert edited[span[0]:span[1]] == quote


@settings(max_examples=200, deadline=None)
@given(before=WORDS, after=WORDS, quote=st.text(alphabet="XYZW", min_size=5, max_size=30))
def test_after_the_quoted_text_is_deleted_the_annotation_is_orphaned(before, after, quote):
    assume(before or after)
    text = before + quote + after
    position, selector = anchor(text, len(before), len(before) + len(quote))
    assert resolve(before + after, selector, position) is None


def test_resolve_without_position_uses_the_quote():
    assert resolve(TEXT, TextQuoteSelector("demining")) == (TEXT.index("demining"), TEXT.index("demining") + 8)


AGC_RELEASE = "corp_agc-biologics_2024-03-25_cbo-appointment_en.md"


def _agc_text(corpus, derive_text):
    from annotations.importers import read_release

    return derive_text(read_release(corpus / AGC_RELEASE).html)


@pytest.mark.parametrize("quote, paragraph_start", [
    ("global teams", "He has a strong track record"),
    ("AGC Biologics", "He has a strong track record"),
    ("visit www.agcbio.com", "To learn more about AGC Biologics and its global"),
])
def test_a_short_quote_from_a_deleted_paragraph_is_orphaned_not_moved_to_the_same_words(
        corpus, derive_text, quote, paragraph_start):
    """The issue's second trial: these words recur in other sentences, whose context disagrees."""
    text = _agc_text(corpus, derive_text)
    paragraph = next(line for line in text.split("\n") if line.startswith(paragraph_start))
    start = text.index(quote, text.index(paragraph))
    position, selector = anchor(text, start, start + len(quote))
    revised = text.replace(paragraph + "\n", "")
    assert quote in revised                       # the same words are still elsewhere...
    assert resolve(revised, selector, position) is None   # ...but in sentences the note is not about


def test_a_short_repeated_quote_in_an_unchanged_paragraph_still_follows_its_context(corpus, derive_text):
    text = _agc_text(corpus, derive_text)
    deleted = next(line for line in text.split("\n") if line.startswith("He has a strong track record"))
    kept = text.index("Winterhalter joined AGC Biologics")
    start = text.index("AGC Biologics", kept)
    position, selector = anchor(text, start, start + len("AGC Biologics"))
    revised = text.replace(deleted + "\n", "")
    new_start = revised.index("Winterhalter joined AGC Biologics") + len("Winterhalter joined ")
    assert resolve(revised, selector, position) == (new_start, new_start + len("AGC Biologics"))


def test_a_short_quote_whose_context_changed_on_both_sides_is_orphaned():
    text = "The Bank kept the rate. Growth slowed in March. The Bank raised the rate in June."
    start = text.index("The Bank", 10)
    position, selector = anchor(text, start, start + len("The Bank"))
    revised = "The Bank kept the rate. Output fell. The Bank sees risks ahead."
    assert resolve(revised, selector, position) is None


# Scripts written without spaces: zero-width separators as the source has them, or not -----------

KHMER = ("\u200b\u200bទិន្នន័យ\u200bគ្រោះថ្នាក់\u200bចរាចរណ៍\u200bផ្លូវគោក\u200bទូ\u200bទាំង\u200bប្រទេស\u200bថ្ងៃនេះ\u200b បាន"
         "\u200bបញ្ជាក់\u200bថា\u200b គ្រោះថ្នាក់\u200bចរាចរណ៍ ។")


@pytest.mark.parametrize("typed", [
    "គ្រោះថ្នាក់ចរាចរណ៍ផ្លូវគោក",                          # without the source's separators
    "គ្រោះថ្នាក់\u200bចរាចរណ៍\u200bផ្លូវគោក",              # with them, as pasted
    "គ្រោះ\u200bថ្នាក់\u200cចរាចរណ៍ផ្លូវគោក",               # with others the source does not have
])
def test_a_quote_finds_its_passage_with_or_without_zero_width_separators(typed):
    start, end = find_quote(KHMER, typed)
    assert KHMER[start:end] == "គ្រោះថ្នាក់\u200bចរាចរណ៍\u200bផ្លូវគោក"
    assert find_quote(KHMER, typed.replace("ផ្លូវគោក", ""), occurrence=2)[0] > end


def test_reanchoring_finds_a_quote_whose_separators_differ():
    spaced = KHMER.replace("\u200b", "")                       # a copy of the release without them
    start = spaced.index("ចរាចរណ៍ផ្លូវគោក")
    position, quote = anchor(spaced, start, start + len("ចរាចរណ៍ផ្លូវគោក"))
    span = resolve(KHMER, quote, position)
    assert span is not None and KHMER[span[0]:span[1]] == "ចរាចរណ៍\u200bផ្លូវគោក"
    back = anchor(KHMER, *span)
    assert spaced[slice(*resolve(spaced, back[1], back[0]))] == "ចរាចរណ៍ផ្លូវគោក"

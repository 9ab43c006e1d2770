import pytest

from annotations.diffing import Alignment, diff, summary, tokens

OLD = ("The Bank of Russia raised the key rate to 21.3% per annum.\n"
       "Inflation slowed in September.\n"
       "The next meeting is scheduled for 20 December.\n"
       "Contacts: press office.\n")
NEW = ("The Bank of Russia raised the key rate to 21.5% per annum.\n"
       "Inflation slowed in September. Core inflation also eased.\n"
       "The next meeting is scheduled for 20 December.\n")


def test_the_summary_line_names_the_figure_then_the_shape_of_each_change():
    assert summary(diff(OLD, NEW)) == "3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed"


def test_a_changed_figure_is_one_change_emphasised_as_a_number():
    change, = [change for change in diff(OLD, NEW) if change.kind == "replace"]
    assert (change.old_text, change.new_text) == ("21.3%", "21.5%")
    assert change.emphasis == {"number"}
    assert OLD[change.old_start:change.old_end] == "21.3%" and NEW[change.new_start:change.new_end] == "21.5%"


@pytest.mark.parametrize("old, new, emphasis", [
    ("Signed on 12 March in Paris.", "Signed on 14 April in Paris.", {"date", "number"}),
    ("said the minister.", "said Minister Sokhonn.", {"name"}),
    ("He called it “robust” growth.", "He called it “modest” growth.", {"quotation"}),
    ("growth was strong and broad.", "growth was firm and broad.", set()),
])
def test_changes_to_numbers_dates_names_and_quotations_are_emphasised_above_rewording(old, new, emphasis):
    change, = diff(old, new)
    assert change.emphasis == emphasis
    assert change.emphasised == bool(emphasis)


def test_emphasised_changes_come_first_in_the_summary():
    old = "Growth was strong. Output rose 2.1% in May."
    new = "Growth was robust. Output rose 2.4% in May."
    assert summary(diff(old, new)) == "2 changes: 2.1% → 2.4%, strong → robust"


def test_whitespace_alone_is_no_change():
    assert diff("One  sentence.\nTwo.", "One sentence.\nTwo.") == []
    assert summary([]) == "no changes to the text"


def test_tokens_cover_the_text_and_keep_a_figure_whole():
    text = "Rate 21,25% — 東京電力 ok\n"
    assert "".join(text[a:b] for a, b in tokens(text)) == text
    assert "21,25%" in [text[a:b] for a, b in tokens(text)]
    assert [text[a:b] for a, b in tokens(text)].count("東") == 1      # ideographs one by one


def test_the_alignment_maps_unchanged_text_exactly():
    alignment = Alignment(OLD, NEW)
    start = OLD.index("The next meeting")
    block = alignment.block_at(start)
    assert NEW[block.new_start + start - block.old_start:].startswith("The next meeting")
    assert alignment.block_at(OLD.index("Contacts")) is None
    assert 0.8 < alignment.similarity < 1

"""The search language: what each way of writing a query means, and one sentence for a bad value."""

import pytest

from annotations.errors import InvalidQuery
from annotations.query import Query, parse_query, resolve_color, with_filters
from annotations.search_text import SearchTerm


def words(*groups):
    return tuple(tuple(SearchTerm(*term) if isinstance(term, tuple) else SearchTerm(term) for term in group)
                 for group in groups)


@pytest.mark.parametrize("typed, expected", [
    ("maritime trade", Query(words(["maritime"], ["trade"]))),
    ('"European Council" summit', Query(words(["European Council"], ["summit"]))),
    ("japan OR korea trade", Query(words(["japan", "korea"], ["trade"]))),
    ("trade -draft -\"press kit\"", Query(words(["trade"]), (SearchTerm("draft"), SearchTerm("press kit")))),
    ("minist* budget", Query(words([("minist", True)], ["budget"]))),
    ('"prime minis"*', Query(words([("prime minis", True)]))),
    ("tag:japan color:Pink issuer:\"foreign affairs\" from:2023-01 to:2023 visit",
     Query(words(["visit"]), issuer="foreign affairs", date_from="2023-01-01", date_to="2023-12-31",
           tags=("japan",), colors=("pink",))),
    ("Colour:concern", Query(colors=("pink",))),
    ("to:2024-02", Query(date_to="2024-02-29")),
    ("10:30 http://example.org", Query(words(["10:30"], ["http://example.org"]))),
    ("OR trade OR", Query(words(["trade"]))),
    ("— & …", Query()),
])
def test_what_a_query_means(typed, expected):
    assert parse_query(typed) == expected


def test_as_you_type_the_last_word_is_a_prefix_until_a_space_follows():
    assert parse_query("cambodia tra", as_you_type=True).groups == words(["cambodia"], [("tra", True)])
    assert parse_query("cambodia tra ", as_you_type=True).groups == words(["cambodia"], ["tra"])
    assert parse_query('"tra"', as_you_type=True).groups == words(["tra"])


@pytest.mark.parametrize("value, color", [
    ("pink", "pink"), ("PINK", "pink"), ("concern", "pink"), ("Risk", "pink"), ('"key point"', "yellow"),
    ("agreement", "green"), ("context", "blue"), ('"follow up"', "purple"),
])
def test_a_colour_by_its_name_or_its_meaning(value, color):
    assert parse_query(f"color:{value}").colors == (color,)


@pytest.mark.parametrize("typed, sentence", [
    ("color:octarine", "There is no highlight colour 'octarine'; use a colour's name (yellow, green, blue, "
                       "pink, purple) or its meaning"),
    ("from:garbage", "from:garbage is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY"),
    ("to:2023-02-30", "to:2023-02-30 is not a date"),
    ("from:2023-13", "from:2023-13 is not a date"),
    ("from:2024 to:2023", "from:2024 is after to:2023, so no release can be dated in between."),
    ("trade tag:", "The filter tag: needs a value, as in tag:japan."),
    ("-tag:japan", "A filter cannot be excluded ('-tag:japan')"),
    ("-draft", "Add a word or a filter to search for: words with a minus sign only exclude."),
])
def test_a_bad_value_says_what_is_wrong_in_one_sentence(typed, sentence):
    with pytest.raises(InvalidQuery) as raised:
        parse_query(typed)
    message = str(raised.value)
    assert message.startswith(sentence)
    assert "\n" not in message and message.endswith(".")


def test_options_given_apart_are_checked_as_if_typed():
    query = with_filters(parse_query("trade"), date_from="2023", color="Concern", tag="japan")
    assert (query.date_from, query.colors, query.tags) == ("2023-01-01", ("pink",), ("japan",))
    with pytest.raises(InvalidQuery, match="no highlight colour 'octarine'"):
        with_filters(parse_query("trade"), color="octarine")


def test_a_meaning_two_colours_share_asks_for_the_name():
    colors = {"yellow": ("#ff0", "Risk to us"), "pink": ("#f0f", "Risk to them")}
    assert resolve_color("pink", colors) == "pink"
    with pytest.raises(InvalidQuery, match="could mean yellow or pink"):
        resolve_color("risk", colors)

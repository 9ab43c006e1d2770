"""The search language, the same in the window and on the command line.

    maritime trade          both words (every word must match)
    "European Council"      the exact phrase
    japan OR korea          either
    -draft                  not this word (or -"a phrase")
    minist*                 a prefix
    tag:japan  color:pink  color:concern  issuer:"foreign affairs"  from:2023-01  to:2023-12-31

Filters narrow the search; a filter's value that cannot mean anything (an unknown colour, an
impossible date) raises ``InvalidQuery`` with one sentence, rather than quietly finding nothing.
Undated releases are outside any date range.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping

from .errors import InvalidQuery
from .models import COLORS
from .search_text import MatchFinder, SearchTerm, fold, query_phrase

#: Rewrites a prefix phrase's text as an equivalent FTS5 expression, or None to keep the prefix.
PrefixExpander = Callable[[str], "str | None"]

FILTER_KEYS = {"tag": "tag", "color": "color", "colour": "color", "issuer": "issuer", "from": "date_from",
               "to": "date_to"}
_TOKEN = re.compile(r"""
    (?P<negated>-)?
    (?:
        (?P<key>[A-Za-z]+):(?:"(?P<quoted_value>[^"]*)"?|(?P<value>[^\s"]*))
      | "(?P<phrase>[^"]*)"?(?P<phrase_star>\*)?
      | (?P<word>[^\s"]+)
    )""", re.VERBOSE)
_HAS_TEXT = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True)
class Query:
    """What was asked: groups of terms (each group must match: any one of its terms), exclusions
    and filters. Made by ``parse_query``; empty when nothing searchable was typed."""

    groups: tuple[tuple[SearchTerm, ...], ...] = ()
    excluded: tuple[SearchTerm, ...] = ()
    issuer: str = ""
    date_from: str = ""          # YYYY-MM-DD, inclusive
    date_to: str = ""            # YYYY-MM-DD, inclusive
    tags: tuple[str, ...] = ()
    colors: tuple[str, ...] = ()

    @property
    def has_words(self) -> bool:
        return bool(self.groups)

    @property
    def has_filters(self) -> bool:
        return bool(self.issuer or self.date_from or self.date_to or self.tags or self.colors)

    def __bool__(self) -> bool:
        return self.has_words or self.has_filters

    def words_expression(self, expand: PrefixExpander | None = None) -> str:
        """The FTS5 expression for the words (no filters); "" when there are none. ``expand``
        may rewrite a prefix phrase (the text inside its quotes) as an equivalent expression."""
        if not self.groups:
            return ""
        expression = " AND ".join(
            "(" + " OR ".join(term_expression(term, expand) for term in group) + ")" for group in self.groups)
        for term in self.excluded:
            expression = f"({expression}) NOT {term_expression(term, expand)}"
        return expression

    def release_expression(self, expand: PrefixExpander | None = None) -> str:
        """The FTS5 expression over the release index: the words, and the issuer as a column filter."""
        parts = [self.words_expression(expand)] if self.groups else []
        if self.issuer:
            parts.append(self.issuer_expression(expand))
        return " AND ".join(parts)

    def issuer_expression(self, expand: PrefixExpander | None = None) -> str:
        """The issuer filter as an FTS5 column filter ("" when there is none)."""
        return "issuer : " + term_expression(SearchTerm(self.issuer, prefix=True), expand) if self.issuer else ""

    def finder(self) -> MatchFinder:
        """Finds the words asked for (not the excluded ones) in a text, to emphasise them."""
        return MatchFinder(term for group in self.groups for term in group)


def term_expression(term: SearchTerm, expand: PrefixExpander | None = None) -> str:
    """A term as an FTS5 phrase, or a prefix phrase as ``expand`` rewrites it."""
    text, prefix = term_phrase(term)
    expanded = expand(text) if prefix and expand is not None else None
    return expanded or fts_phrase(text, prefix)


def term_phrase(term: SearchTerm) -> tuple[str, bool]:
    """A term as the index sees it: the text of its FTS5 phrase, and whether it is a prefix."""
    words = [query_phrase(word) for word in term.text.split()]
    return " ".join(phrase for phrase, _ in words), term.prefix or (bool(words) and words[-1][1])


def fts_phrase(text: str, prefix: bool = False) -> str:
    """``text`` quoted as one FTS5 phrase."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def parse_query(text: str, as_you_type: bool = False,
                colors: Mapping[str, tuple[str, str]] = COLORS) -> Query:
    """Read a query. ``as_you_type``: the last word, unless followed by a space, is a prefix (the
    analyst has not finished typing it). Raises InvalidQuery for a filter value that means nothing."""
    groups: list[list[SearchTerm]] = []
    excluded: list[SearchTerm] = []
    filters: dict[str, list[str]] = {}
    join_next = False
    matches = list(_TOKEN.finditer(text))
    for index, match in enumerate(matches):
        key = (match["key"] or "").lower()
        if key in FILTER_KEYS:
            value = match["quoted_value"] if match["quoted_value"] is not None else match["value"]
            if match["negated"]:
                raise InvalidQuery(f"A filter cannot be excluded ({match.group()!r}); "
                                   "leave out the minus sign, or exclude a word instead.")
            filters.setdefault(FILTER_KEYS[key], []).append(" ".join(value.split()))
            continue
        if match["phrase"] is not None:
            term = SearchTerm(" ".join(match["phrase"].split()), prefix=bool(match["phrase_star"]))
        else:
            word = match.group().removeprefix("-") if match["negated"] else match.group()
            if word == "OR" and not match["negated"]:
                join_next = bool(groups)
                continue
            is_last = index == len(matches) - 1 and not text[match.end():].strip()
            typing = as_you_type and is_last and not text[match.end():]
            term = SearchTerm(word.rstrip("*"), prefix=word.endswith("*") or typing)
        if not _HAS_TEXT.search(term.text):
            continue
        if match["negated"]:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    query = Query(tuple(tuple(group) for group in groups), tuple(excluded))
    return _with_filters(query, filters, colors)


def _with_filters(query: Query, filters: dict[str, list[str]], colors: Mapping[str, tuple[str, str]]) -> Query:
    for key, values in filters.items():
        for value in values:
            if not value:
                raise InvalidQuery(f"The filter {_typed_key(key)}: needs a value, as in {_EXAMPLES[key]}.")
    dates = {key: filters[key][-1] for key in ("date_from", "date_to") if key in filters}
    query = dataclasses.replace(
        query,
        issuer=" ".join(filters.get("issuer", [])),
        date_from=parse_date(dates["date_from"], "from") if "date_from" in dates else "",
        date_to=parse_date(dates["date_to"], "to", end=True) if "date_to" in dates else "",
        tags=tuple(dict.fromkeys(filters.get("tag", []))),
        colors=tuple(dict.fromkeys(resolve_color(value, colors) for value in filters.get("color", []))))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise InvalidQuery(f"from:{dates['date_from']} is after to:{dates['date_to']}, "
                           "so no release can be dated in between.")
    if query.excluded and not query:
        raise InvalidQuery("Add a word or a filter to search for: words with a minus sign only exclude.")
    return query


def with_filters(query: Query, issuer: str = "", date_from: str = "", date_to: str = "", tag: str = "",
                 color: str = "", colors: Mapping[str, tuple[str, str]] = COLORS) -> Query:
    """``query`` narrowed further by filters given apart from it (the command line's options),
    checked as if they had been typed. Raises InvalidQuery."""
    typed = {"issuer": [query.issuer] if query.issuer else [], "tag": list(query.tags),
             "color": list(query.colors), "date_from": [query.date_from] if query.date_from else [],
             "date_to": [query.date_to] if query.date_to else []}
    for key, value in (("issuer", issuer), ("date_from", date_from), ("date_to", date_to), ("tag", tag),
                       ("color", color)):
        if value:
            typed[key].append(" ".join(value.split()))
    return _with_filters(dataclasses.replace(query, issuer="", tags=(), colors=(), date_from="", date_to=""),
                         {key: values for key, values in typed.items() if values}, colors)


_EXAMPLES = {"tag": "tag:japan", "color": "color:pink or color:concern", "issuer": 'issuer:"foreign affairs"',
             "date_from": "from:2023-01-01", "date_to": "to:2023-12-31"}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _typed_key(key: str) -> str:
    return {"date_from": "from", "date_to": "to"}.get(key, key)


def parse_date(value: str, key: str, end: bool = False) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as an ISO day: the first day of the period, or with
    ``end`` its last. Raises InvalidQuery for anything else (or an impossible day)."""
    match = _DATE.fullmatch(value.strip())
    try:
        if match is None:
            raise ValueError(value)
        year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        return date(year, month, int(day) if day else (last if end else 1)).isoformat()
    except ValueError:
        raise InvalidQuery(f"{key}:{value} is not a date; write it as YYYY-MM-DD, YYYY-MM or YYYY "
                           f"(for example {key}:2023-12-31).") from None


def resolve_color(value: str, colors: Mapping[str, tuple[str, str]] = COLORS) -> str:
    """The colour a ``color:`` filter means: a colour's name or a word of its meaning, any case.
    Raises InvalidQuery when it names no colour (or more than one)."""
    wanted = " ".join(fold(value).split())
    if wanted in colors:
        return wanted
    meaning_of = {name: " ".join(re.findall(r"\w+", fold(meaning))) for name, (_, meaning) in colors.items()}
    found = [name for name, meaning in meaning_of.items()
             if re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", meaning)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(colors)
    meanings = ", ".join(f"{meaning.lower()} ({name})" for name, (_, meaning) in colors.items())
    if found:
        raise InvalidQuery(f"color:{value} could mean {' or '.join(found)}; use the colour's name ({names}).")
    raise InvalidQuery(f"There is no highlight colour {value!r}; use a colour's name ({names}) "
                       f"or its meaning: {meanings}.")

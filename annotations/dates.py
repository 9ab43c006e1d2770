"""Dates as a release writes them, in its own language and format, read with dateparser.

"20 декабря 2024 года", "16 March 2026", "November 27, 2021", "2011-08-22T12:00:00+0900",
"21-24 January 2023" (its first day), "08.12.2025", "ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩": dateparser knows the
month names, numerals and orders of some 200 languages, so no table of our own is kept.

Running dateparser's search over a whole release is slow (and finds "today" and bare weekdays), so
only words next to each four-digit year near the top are handed to it: every full date has a year
and a day in digits. Up to five words ending with the year are tried, longest first (day-month-year,
month-day-year); a year followed by month and day numbers is tried as written (year-month-day).
dateparser is imported on first use: about 0.2 s, and a little more the first time it reads each
language.

Calendars other than the Gregorian that governments date their releases in are read too: Japan's
era years ("令和6年3月1日", Reiwa 6), the Republic of China's ("中華民國113年3月1日"), Thailand's
Buddhist Era ("1 มีนาคม 2567") and the Solar Hijri calendar of Iran and Afghanistan ("۱۱ اسفند ۱۴۰۲",
by dateparser's own Jalali calendar), each given as its Gregorian day; so are the Levant's month
names ("1 آذار 2024"), which dateparser's Arabic lacks.
"""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterator

from .languages import LATIN_LANGUAGES, find_language

#: How much of a release is searched for its date: the dateline is near the top.
HEAD_CHARS = 4000
#: A full date is written within this many characters before (or after) its year.
_REACH = 40
#: Years looked at before giving up: a release states its date among its first few.
_MAX_YEARS = 8
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20|21)\d\d(?!\d)")
#: Years read in a language beside the Gregorian: the Buddhist Era in Thai (Gregorian + 543, as
#: most Thai releases write it: 2567 is 2024), the Solar Hijri in Persian and Pashto (1402 is 2023-24).
_SOLAR_HIJRI_OR_GREGORIAN_YEAR = re.compile(r"(?<!\d)(?:1[89]|20|21|13|14)\d\d(?!\d)")
_YEARS_BY_LANGUAGE = {"th": re.compile(r"(?<!\d)(?:1[89]|20|21|24|25)\d\d(?!\d)"),
                      "fa": _SOLAR_HIJRI_OR_GREGORIAN_YEAR, "ps": _SOLAR_HIJRI_OR_GREGORIAN_YEAR}
#: Solar Hijri years (below any Gregorian year a release states) are read by dateparser's Jalali calendar.
_LAST_SOLAR_HIJRI_YEAR = 1499
_BUDDHIST_ERA_OFFSET = 543
#: Japan's eras (the year before each one's first: Reiwa 1 is 2019) and the Republic of China's
#: (Minguo 1 is 1912), written era, year, month, day ("令和元年5月1日": the first year is 元).
_ERA_YEAR_ZERO = {"令和": 2018, "平成": 1988, "昭和": 1925, "中華民國": 1911, "民國": 1911}
_ERA_DATE = re.compile(r"(?P<era>令和|平成|昭和|中華民國|民國) ?(?P<year>元|\d{1,3}) ?年 ?(?P<month>\d{1,2}) ?月 ?"
                       r"(?P<day>\d{1,2}) ?日")
#: "Thursday, October 27, 2005": a date has at most this many words before its year ...
_WORDS_BEFORE_YEAR = 5
#: ... and one of them is the day, in digits.
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_NUMBER = re.compile(r"\d+")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_WORD = re.compile(r"[^\s,.:;(–—-][^\s]*")
#: A date that starts with its year: year, month and day with separators, perhaps a time.
_YEAR_FIRST = re.compile(r"\d{4}(?: ?[-./年月년월] ?\d{1,2}){2}(?: ?[日일]|T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")
_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],   # "March 2024" is no date for a release
    "PARSERS": ["absolute-time"],                # never "today", "yesterday" or a bare weekday
    "PREFER_DAY_OF_MONTH": "first",
}
#: Words dateparser's data lacks for a language, written around a date's parts ("day 27, month
#: July, year 2019"); blanked to spaces of the same length so positions in the text hold.
_DATE_WORDS = {"km": ("ថ្ងៃទី", "ថ្ងៃ", "ទី", "ខែ", "ឆ្នាំ")}
#: Month names dateparser's data lacks, as the name it knows: the Levant's and Iraq's (Syriac) months.
_MONTH_SYNONYMS = {"ar": {"كانون الثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "نيسان": "أبريل",
                          "أيار": "مايو", "حزيران": "يونيو", "تموز": "يوليو", "آب": "أغسطس", "أيلول": "سبتمبر",
                          "تشرين الأول": "أكتوبر", "تشرين الثاني": "نوفمبر", "كانون الأول": "ديسمبر"}}
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")   # a decimal digit of another script: ២, ٣, ９
_UNTOLD_LANGUAGES = ("en", *sorted(set(LATIN_LANGUAGES) - {"en"}))
_INVISIBLE = re.compile("[\u200b\u200c\u00a0\u3000]")


@dataclass(frozen=True)
class FoundDate:
    """A date stated in a text: ISO ``YYYY-MM-DD`` and where it is written (``text[start:end]``)."""

    iso: str
    start: int
    end: int


def find_date(text: str, language: str = "") -> str:
    """The first full date stated near the top of ``text`` as YYYY-MM-DD, or '' when it states none.

    ``language`` (a tag such as "ru") names the month names to expect; found from the text when empty.
    """
    return next((found.iso for found in find_dates(text, language)), "")


def find_dates(text: str, language: str = "") -> Iterator[FoundDate]:
    """Full dates stated near the top of ``text``, in the order they are written."""
    language = language or find_language(text)
    head = _normalised(text[:HEAD_CHARS], language)
    seen_end = -1
    for found in heapq.merge(_era_dates(head), _gregorian_dates(head, language), key=lambda found: found.start):
        if found.start > seen_end:
            seen_end = found.end
            yield found


def _gregorian_dates(head: str, language: str) -> Iterator[FoundDate]:
    """Dates around each year written in full, read by dateparser (lazily: each costs a try or more)."""
    years = _YEARS_BY_LANGUAGE.get(language.split("-")[0], _YEAR)
    for count, year in enumerate(years.finditer(head)):
        if count >= _MAX_YEARS:
            return
        found = _date_ending_at(head, year, language) or _date_starting_at(head, year, language)
        if found is not None:
            yield found


def _era_dates(head: str) -> list[FoundDate]:
    """Dates written in a Japanese or Chinese era ("令和6年3月1日"), in the order written."""
    found = []
    for written in _ERA_DATE.finditer(head[:HEAD_CHARS]):
        year = 1 if written["year"] == "元" else int(written["year"])
        try:
            day = date(_ERA_YEAR_ZERO[written["era"]] + year, int(written["month"]), int(written["day"]))
        except ValueError:
            continue
        found.append(FoundDate(day.isoformat(), written.start(), written.end()))
        if len(found) >= _MAX_YEARS:
            break
    return found


def parse_date(value: str, language: str = "") -> str:
    """One stated date (a front-matter field, a meta tag, a header) as YYYY-MM-DD, or '' if it is none."""
    language = language or find_language(value)
    value = " ".join(_normalised(value, language).split())
    return _parsed(value, language) if value else ""


def _date_ending_at(head: str, year: re.Match, language: str) -> FoundDate | None:
    """A run of up to five words ending with ``year`` that dateparser reads as a full date.

    Each try costs dateparser a millisecond or two, so the likeliest lengths go first: a date glued
    to its year ("08.12.2025") alone, else three words ("24 January 2023", "April 10, 2006"), then
    four ("Thursday, October 27, 2005"), five, two.
    """
    before = head[max(0, year.start() - _REACH):year.start()]
    if not _DAY_NUMBER.search(before):
        return None  # "for 2000", "D/Media/Out/886/2025": no day, so no date (and no cost)
    starts = [word.start() for word in _WORD.finditer(before)][-_WORDS_BEFORE_YEAR:]
    glued = bool(starts) and not before[-1:].isspace()
    for count in ((1, 2, 3) if glued else (3, 4, 5, 2, 1)):
        if count > len(starts):
            continue
        offset = year.start() - len(before) + starts[-count]
        candidate = head[offset:year.end()]
        if not _DAY_NUMBER.search(candidate[:-len(year.group())]):
            continue
        if int(year.group()) <= _LAST_SOLAR_HIJRI_YEAR:
            iso = _solar_hijri(" ".join(candidate.split()))
        elif _may_state_a_month(candidate, language):
            iso = _parsed(_gregorian(" ".join(candidate.split()), year.group()), language)
        else:
            continue
        if iso:
            return FoundDate(iso, offset, year.end())
    return None


def _gregorian(candidate: str, year: str) -> str:
    """``candidate`` with its year (the last or first thing in it) of the Buddhist Era made Gregorian."""
    if int(year) < 2400:
        return candidate
    gregorian = str(int(year) - _BUDDHIST_ERA_OFFSET)
    return candidate[:-len(year)] + gregorian if candidate.endswith(year) else gregorian + candidate[len(year):]


def _may_state_a_month(candidate: str, language: str) -> bool:
    """Whether ``candidate`` holds a month dateparser could read: one of the month names its data
    knows for the languages tried, or a day and a month as numbers before the year ("08.12.2025").
    Without one it cannot make a full date, and asking costs a millisecond or two each time."""
    if len(_NUMBER.findall(candidate)) >= 3:
        return True
    folded = candidate.casefold()
    return any(name in folded for name in _month_names(tuple(_languages(language))))


@functools.cache
def _month_names(languages: tuple[str, ...]) -> tuple[str, ...]:
    """Every month name and abbreviation dateparser's data gives for ``languages``, casefolded."""
    from dateparser.languages.loader import default_loader

    names = {name.casefold().strip(".") for language in languages
             for month in _MONTHS for name in default_loader.get_locale(language).info.get(month, ())}
    names |= {name for language in languages for name in _MONTH_SYNONYMS.get(language, {})}
    return tuple(sorted(name for name in names if name))


def _date_starting_at(head: str, year: re.Match, language: str) -> FoundDate | None:
    """A date written year first ("2025.05.01", "2011-08-22T12:00:00+0900", "2011年8月10日")."""
    written = _YEAR_FIRST.match(head, year.start())
    if written is None or int(year.group()) <= _LAST_SOLAR_HIJRI_YEAR:
        return None
    iso = _parsed(_gregorian(written.group(), year.group()), language)
    return FoundDate(iso, written.start(), written.end()) if iso else None


def _parsed(written: str, language: str) -> str:
    import dateparser

    for name, known in _MONTH_SYNONYMS.get(language.split("-")[0], {}).items():
        written = written.replace(name, known)
    return _iso(dateparser.parse(written, languages=_languages(language), settings=_settings(written, language)))


#: Afghanistan's names of the Solar Hijri months (the zodiac's), as Iran's that dateparser knows.
_AFGHAN_MONTHS = {"حمل": "فروردین", "ثور": "اردیبهشت", "جوزا": "خرداد", "سرطان": "تیر", "اسد": "مرداد",
                  "سنبله": "شهریور", "میزان": "مهر", "عقرب": "آبان", "قوس": "آذر", "جدی": "دی", "دلو": "بهمن",
                  "حوت": "اسفند"}


def _solar_hijri(written: str) -> str:
    """A Solar Hijri date ("11 اسفند 1402", "11 حوت 1402") as its Gregorian day, by dateparser's Jalali calendar."""
    from dateparser.calendars.jalali import JalaliCalendar

    written = " ".join(_AFGHAN_MONTHS.get(word, word) for word in written.split())
    try:
        found = JalaliCalendar(written).get_date()
    except (ValueError, TypeError, OverflowError):
        return ""
    return _iso(found.date_obj) if found is not None and found.period == "day" else ""


def _languages(language: str) -> list[str]:
    """The release's language, then English (dates in English turn up everywhere); when the language
    could not be told, the Latin-script languages the detector knows."""
    from dateparser.data import languages_info

    primary = language.split("-")[0].lower()
    if not primary:
        return list(_UNTOLD_LANGUAGES)
    return [primary, "en"] if primary in languages_info.language_order and primary != "en" else ["en"]


def _settings(text: str, language: str) -> dict:
    """Day before month, as most of the world writes it, except US-style numeric dates in English."""
    order = "MDY" if language.startswith("en") and re.search(r"\d/\d", text) else "DMY"
    return {**_SETTINGS, "DATE_ORDER": order}


def _normalised(text: str, language: str) -> str:
    """``text`` with every decimal digit as ASCII and invisible spaces as spaces, the same length."""
    text = _INVISIBLE.sub(" ", _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text))
    for word in _DATE_WORDS.get(language.split("-")[0], ()):
        text = text.replace(word, " " * len(word))
    return text


def _iso(parsed: datetime | None) -> str:
    """The calendar day the release wrote (in its own time zone, never converted)."""
    if parsed is None or not 1800 <= parsed.year <= 2199:
        return ""
    return parsed.date().isoformat()

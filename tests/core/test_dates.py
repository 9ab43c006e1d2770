"""Dates as releases write them, in their own language and format (annotations/dates.py)."""

import pytest

from annotations.dates import find_date, find_dates, parse_date


@pytest.mark.parametrize("text, language, expected", [
    ("Совет директоров Банка России 20 декабря 2024 года принял решение", "ru", "2024-12-20"),
    ("Phnom Penh, 24 January 2023", "en", "2023-01-24"),
    ("LONDON, 16 March 2026 — The minister said", "en", "2026-03-16"),
    ("WASHINGTON, November 27, 2021 — The Senator said", "en", "2021-11-27"),
    ("2011-08-22T12:00:00+0900\nheadline", "ja", "2011-08-22"),        # the day where it was written
    ("2011-08-22T23:30:00-0800 headline", "en", "2011-08-22"),
    ("Official Working Visit to Japan on 21-24 January 2023", "en", "2023-01-21"),  # a span: its first day
    ("Thursday  October 27  2005  FOR IMMEDIATE RELEASE", "en", "2005-10-27"),   # punctuation stripped
    ("Strasbourg - 20 Mai 2014", "fr", "2014-05-20"),
    ("Strasbourg - 20 Mai 2014", "", "2014-05-20"),                    # language told from nothing
    ("D/Media/Out/2785 /2025 08.12.2025 1300 hrs", "en", "2025-12-08"),  # dotted: day first
    ("Released 2025.05.01 (0610 hrs)", "en", "2025-05-01"),
    ("2011年8月10日に発表した", "ja", "2011-08-10"),
    ("នៅ\u200bថ្ងៃ\u200bទី\u200b២៧\u200b ខែកក្កដា\u200b ឆ្នាំ\u200b២០១៩\u200bនេះ", "km", "2019-07-27"),  # Khmer digits, ZWSP
    # Other calendars governments date releases in, each as its Gregorian day:
    ("令和6年3月1日、外務大臣は声明を発表した", "ja", "2024-03-01"),             # Japan's era (Reiwa 6)
    ("令和元年５月１日", "ja", "2019-05-01"),                              # its first year, full-width digits
    ("平成23年8月10日に発表", "ja", "2011-08-10"),
    ("中華民國113年3月1日 外交部新聞稿", "zh-Hant", "2024-03-01"),          # the Republic of China's (Minguo)
    ("วันที่ 1 มีนาคม 2567 กระทรวงการต่างประเทศ", "th", "2024-03-01"),     # Thailand's Buddhist Era
    ("วันที่ ๑ มีนาคม ๒๕๖๗", "th", "2024-03-01"),                        # ... in Thai digits
    ("วันที่ 1 มีนาคม 2024", "th", "2024-03-01"),                         # Thai, Gregorian
    ("تهران - ۱۱ اسفند ۱۴۰۲", "fa", "2024-03-01"),                       # the Solar Hijri (Iran) ...
    ("کابل - ۱۱ حوت ۱۴۰۲", "fa", "2024-03-01"),                          # ... with Afghanistan's month names
    ("تهران ۱ مارس ۲۰۲۴", "fa", "2024-03-01"),                            # Persian, Gregorian
    ("بيروت في 1 آذار 2024", "ar", "2024-03-01"),                          # the Levant's month names
    ("بغداد 15 تشرين الأول 2023", "ar", "2023-10-15"),
    ("서울, 2024년 3월 1일 외교부는", "ko", "2024-03-01"),                       # Korean, year first
    ("令和6年2月30日", "ja", ""),                                          # no such day
    ("On 5 May 2500 people marched", "en", ""),                          # a Buddhist year only in Thai
    ("the goals for 2000 and the 1999 results", "en", ""),              # years are not dates
    ("31 February 2023 is not a day", "en", ""),
    ("It happened today, the meeting on Thursday", "en", ""),           # nothing relative
    ("No date at all", "en", ""),
])
def test_find_date(text, language, expected):
    assert find_date(text, language) == expected


def test_dates_in_two_calendars_are_found_in_the_order_written():
    text = "平成23年8月10日、2011年8月11日に"
    found = list(find_dates(text, "ja"))
    assert [(date.iso, text[date.start:date.end]) for date in found] == [
        ("2011-08-10", "平成23年8月10日"), ("2011-08-11", "2011年8月11日")]


def test_found_dates_say_where_they_are_written():
    text = "Phnom Penh, 24 January 2023. Then, 3 February 2023, more."
    found = list(find_dates(text, "en"))
    assert [date.iso for date in found] == ["2023-01-24", "2023-02-03"]
    assert [text[date.start:date.end] for date in found] == ["24 January 2023", "3 February 2023"]


@pytest.mark.parametrize("value, expected", [
    ("2024-03-25", "2024-03-25"),
    ("March 25, 2024", "2024-03-25"),
    ("Fri, 21 Jan 2000 04:51:00 -0800", "2000-01-21"),
    ("25 марта 2024 г.", "2024-03-25"),
    ("soon", ""),
    ("", ""),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected

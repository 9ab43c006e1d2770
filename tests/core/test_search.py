"""Searching a real library file: the query language's meaning, every script, snippets, the index kept
current by triggers, and a library made before the search index carried forward."""

import sqlite3
from pathlib import Path

import pytest

from annotations import migrations
from annotations.errors import InvalidQuery
from annotations.importers.common import make_draft
from annotations.library import Library
from annotations.query import parse_query
from annotations.search import Searcher

from .conftest import plain_text

MULTILINGUAL = Path(__file__).resolve().parents[3] / "shared" / "corpus-multilingual"

RELEASES = [
    # title, issuer, date, text
    ("Council summit", "European Parliament", "2024-03-01",
     "The European Council met in Brussels. Leaders agreed on sanctions."),
    ("Trade talks", "Ministry of Foreign Affairs", "2023-06-15",
     "The council of European ministers discussed trade with Japan."),
    ("Fisheries", "Ministry of Fisheries", "2022-01-10", "Fishing quotas for the Korea strait were set."),
    ("Undated note", "Ministry of Foreign Affairs", "", "A draft on trade, without a date."),
    ("Café opening", "City Hall", "2021-05-05", "The CAFÉ in the town square reopens; naïve art on show."),
    ("電力使用量", "livedoor", "2011-08-10", "東京電力の株価が急落した。電力使用量は今夏最高。"),
    ("ព័ត៌មាន", "Khmer News", "2019-07-27", "ព្រះរាជាណាចក្រកម្ពុជា\u200bបាន\u200bប្រកាស"),
    ("Ставка", "Банк России", "2024-10-25", "Банк России повысил ключевую ставку до 21%."),
    ("පොලිස්", "Sri Lanka Police", "2025-05-01", "ශ්‍රී ලංකා පොලිසිය නිවේදනයක් නිකුත් කළේය."),
    # Scripts written without spaces between words (Thai, Lao, Myanmar), and Korean and Chinese,
    # whose words carry particles or run on: found by a word from inside a run.
    ("แถลงข่าว", "Thai MFA", "2018-03-03", "กระทรวงการต่างประเทศแถลงข่าวเรื่องความร่วมมือด้านการค้า"),
    ("ແຈ້ງການ", "Lao MFA", "2017-04-04", "ກະຊວງການຕ່າງປະເທດແຈ້ງການກ່ຽວກັບການຮ່ວມມື"),
    ("ထုတ်ပြန်ချက်", "Myanmar MFA", "2016-05-05", "နိုင်ငံခြားရေးဝန်ကြီးဌာနမှ ထုတ်ပြန်ချက်"),
    ("성명", "Seoul MOFA", "2015-06-06", "외교부는 오늘 무역 협력에 관한 성명을 발표했다."),
    ("声明", "China MFA", "2014-07-07", "外交部发言人宣布新的合作协议。"),
]


@pytest.fixture
def archive(tmp_path):
    library = Library(tmp_path / "search.sqlite3")
    ids = {}
    for number, (title, issuer, date, text) in enumerate(RELEASES):
        draft = make_draft(f"{number}.txt", text.encode(), "text", f"<p>{text}</p>", title=title, issuer=issuer,
                           date=date)
        ids[title] = library.add_release(draft, text)[0]
    library.add_highlight_of_quote(ids["Trade talks"], "trade", color="pink", tags=["japan"],
                                   note="Check the embassy cable")
    library.add_highlight_of_quote(ids["Fisheries"], "quotas", color="green", tags=["fisheries"])
    yield library, ids
    library.close()


def titles(library, typed, order="newest", as_you_type=False):
    query = parse_query(typed, as_you_type=as_you_type)
    return [hit.title for hit in library.searcher().release_hits(query, order, limit=50)]


@pytest.mark.parametrize("typed, expected", [
    ("european council", ["Council summit", "Trade talks"]),           # words: all, anywhere
    ('"European Council"', ["Council summit"]),                          # the phrase only
    ("korea OR japan", ["Trade talks", "Fisheries"]),
    ("council -sanctions", ["Trade talks"]),
    ("fish*", ["Fisheries"]),                                            # prefix (title and issuer too)
    ("trade", ["Trade talks", "Undated note"]),                          # newest first, undated last
    ("trade from:2020", ["Trade talks"]),
    ("trade to:2023-12-31", ["Trade talks"]),                            # undated: outside any range
    ("to:2011", ["電力使用量"]),
    ("from:2024 to:2024", ["Ставка", "Council summit"]),
    ('issuer:"foreign affairs"', ["Trade talks", "Undated note"]),
    ("issuer:minis", ["Trade talks", "Fisheries", "Undated note"]),
    ("tag:japan", ["Trade talks"]),
    ("color:concern", ["Trade talks"]),
    ("color:green fishing", ["Fisheries"]),
    ("tag:japan fishing", []),
    ("cafe", ["Café opening"]), ("NAIVE", ["Café opening"]),            # accents and case fold
    ("急落", ["電力使用量"]), ("電力", ["電力使用量"]), ("急", ["電力使用量"]), ("した", ["電力使用量"]),
    ("株価が急落", ["電力使用量"]), ("落ち", []),
    ("កម្ពុជា", ["ព័ត៌មាន"]), ("ជាបាន", ["ព័ត៌មាន"]),                          # Khmer inside words, across ZWSP
    ("банк", ["Ставка"]), ("КЛЮЧЕВУЮ", ["Ставка"]), ("ставк*", ["Ставка"]),
    ("පොලිසිය", ["පොලිස්"]),
    ("ต่างประเทศ", ["แถลงข่าว"]), ("ความร่วมมือ", ["แถลงข่าว"]), ("ร่วม", ["แถลงข่าว"]),
    ("ຕ່າງປະເທດ", ["ແຈ້ງການ"]), ("ຮ່ວມມື", ["ແຈ້ງການ"]),
    ("ဝန်ကြီး", ["ထုတ်ပြန်ချက်"]), ("ထုတ်ပြန်", ["ထုတ်ပြန်ချက်"]),
    ("외교부", ["성명"]), ("협력", ["성명"]), ("성명을 발표", ["성명"]),
    ("合作", ["声明"]), ("发言人", ["声明"]), ("合", ["声明"]), ("协作", []),
    ("ต่างประเทศ OR 外交部", ["แถลงข่าว", "声明"]),
])
def test_what_a_query_finds(archive, typed, expected):
    library, _ = archive
    assert titles(library, typed) == expected


def test_as_you_type_each_keystroke_finds_the_word_being_typed(archive):
    library, _ = archive
    for typed in ["f", "fi", "fis", "fish", "fishin", "fishing"]:
        assert "Fisheries" in titles(library, typed, as_you_type=True), typed


def test_relevance_puts_a_title_match_first(archive):
    library, _ = archive
    assert titles(library, "council", order="newest") == ["Council summit", "Trade talks"]
    assert titles(library, "trade", order="relevance")[0] == "Trade talks"


@pytest.fixture
def ranked_archive(tmp_path):
    """Forty releases: "the" in every one, and "tariff", "steel", "quota" and the phrase "european
    parliament" in fewer than half, as often and in texts as long as differ from release to release."""
    library = Library(tmp_path / "ranked.sqlite3")
    for number in range(40):
        words = ["the"] * (1 + number % 3) + ["report"] * (number % 7)
        words += ["tariff"] * (number % 5 if number % 3 == 0 else 0) + ["steel"] * (number % 4 if number < 15 else 0)
        words += ["quota"] * (2 if number % 9 == 0 else 0)
        words += ["the", "european", "parliament"] * (number % 3 if number % 4 == 0 else 0)
        text = " ".join(words + [f"number{number}"]) + "."
        draft = make_draft(f"{number}.txt", text.encode(), "text", f"<p>{text}</p>", title=f"Release {number}",
                           issuer="Ministry", date=f"2020-01-{number % 28 + 1:02d}")
        library.add_release(draft, text)
    yield library
    library.close()


def fts5_best_first(library, expression: str) -> list[int]:
    """FTS5's own bm25 order over every match (the releases are fewer than the ranked candidates)."""
    from annotations.search import COLUMN_WEIGHTS

    return [key for (key,) in library.db.conn.execute(
        "SELECT rowid FROM release_search WHERE release_search MATCH ? "
        "ORDER BY bm25(release_search, ?, ?, ?), rowid DESC", [expression, *COLUMN_WEIGHTS])]


@pytest.mark.parametrize("typed", ["tariff", "steel", "tariff steel", "tariff OR quota", "steel -quota",
                                   '"european parliament"', "report tariff"])
def test_best_first_is_fts5s_bm25_when_no_word_is_in_half_the_library(ranked_archive, typed):
    searcher = ranked_archive.searcher()
    query = parse_query(typed)
    assert searcher.ranking_expression(query) != ""
    found = searcher.release_keys(query, "relevance", limit=100)
    assert len(found) > 1 and found == fts5_best_first(ranked_archive, query.release_expression())


def test_a_word_in_half_the_library_or_more_weighs_nothing_in_best_first(ranked_archive):
    """bm25 gives such a word no weight (its IDF is clamped to zero); best first leaves it out
    rather than walk the whole index to learn that, and splits a phrase where it stood."""
    searcher = ranked_archive.searcher()
    assert searcher.ranking_expression(parse_query("the tariff")) == '"tariff"'
    assert searcher.ranking_expression(parse_query('"the european parliament"')) == '"european parliament"'
    assert searcher.ranking_expression(parse_query("the")) == ""
    assert (searcher.release_keys(parse_query("the tariff"), "relevance", limit=100)
            == searcher.release_keys(parse_query("tariff"), "relevance", limit=100))
    # Nothing left to weigh: best first is newest first, as FTS5's equal weights would leave it.
    assert (searcher.release_keys(parse_query("the"), "relevance", limit=100)
            == searcher.release_keys(parse_query("the"), "newest", limit=100))


def test_what_is_in_half_the_library_is_learnt_from_its_newest_releases(ranked_archive, monkeypatch):
    """In a large library a sample of the newest releases decides; a new release renews it."""
    from annotations import search

    monkeypatch.setattr(search, "SAMPLED_RELEASES", 10)
    searcher = ranked_archive.searcher()
    assert searcher.ranking_expression(parse_query("steel")) == '"steel"'    # none in the newest ten
    for number in range(6):
        text = f"Steel and more steel, note {number}."
        ranked_archive.add_release(make_draft(f"new-{number}.txt", text.encode(), "text", f"<p>{text}</p>",
                                              title=f"New {number}", issuer="Ministry", date="2021-01-01"), text)
    assert searcher.ranking_expression(parse_query("steel")) == ""       # now in six of the newest ten
    assert searcher.ranking_expression(parse_query("report")) == '"report"'


def test_the_count_stops_at_its_cap(archive):
    library, _ = archive
    searcher = library.searcher()
    assert searcher.count(parse_query("the")) == (4, False)
    assert searcher.count(parse_query("the"), cap=2) == (2, True)
    assert searcher.search(parse_query("ministry*")).total_text == "3"


def test_hits_carry_snippets_with_the_words_emphasised(archive):
    library, _ = archive
    results = library.searcher().search(parse_query('"european council" brussels'))
    assert [hit.snippet.marked() for hit in results.releases] == [
        "The [European Council] met in [Brussels]. Leaders agreed on sanctions."]
    cafe = library.searcher().release_hits(parse_query("cafe naive"))[0].snippet
    assert cafe.marked("<b>", "</b>") == "The <b>CAFÉ</b> in the town square reopens; <b>naïve</b> art on show."
    japanese = library.searcher().release_hits(parse_query("急落"))[0].snippet
    assert japanese.marked() == "東京電力の株価が[急落]した。電力使用量は今夏最高。"


def test_quotes_and_notes_are_found_apart_with_their_release(archive):
    library, ids = archive
    results = library.searcher().search(parse_query("embassy"))
    assert results.releases == []
    assert [(hit.release_id, hit.release_title, hit.snippet.marked()) for hit in results.annotations] == [
        (ids["Trade talks"], "Trade talks", "“trade” — Check the [embassy] cable")]
    by_filter = library.searcher().annotation_hits(parse_query("color:green"))
    assert [hit.release_title for hit in by_filter] == ["Fisheries"]


def test_library_search_keeps_its_shape_and_refuses_bad_values(archive):
    library, ids = archive
    hits = library.search("trade")
    assert [(hit.release_id, hit.annotation_id is not None) for hit in hits][:2] == [
        (ids["Trade talks"], False), (ids["Undated note"], False)]
    with pytest.raises(InvalidQuery, match="from:garbage is not a date"):
        library.search("trade from:garbage")


def test_the_index_follows_edits_and_deletions(archive):
    library, ids = archive
    library.replace_text(ids["Fisheries"], "Whaling rules were agreed.", "Qt 9")
    assert titles(library, "whaling") == ["Fisheries"]
    assert titles(library, "quotas") == []
    library.db.execute("UPDATE releases SET date = '2026-01-01' WHERE id = ?", [ids["Undated note"]])
    assert titles(library, "trade") == ["Undated note", "Trade talks"]
    with library._write():
        library.db.execute("DELETE FROM releases WHERE id = ?", [ids["Undated note"]])
    assert titles(library, "trade") == ["Trade talks"]
    annotation = library.annotations_for(ids["Trade talks"])[0]
    library.update_note(annotation.id, "Ask the consulate")
    assert library.searcher().annotation_hits(parse_query("embassy")) == []
    assert len(library.searcher().annotation_hits(parse_query("consulate"))) == 1


@pytest.mark.parametrize("typed", ["europ", "europea", "european", "council -sanctio", "ministr", "issuer:minist",
                                   '"the europ', "fishi*", "fishing* quota*", "ключев", "минист", "caf* naïv*",
                                   "korea OR fisheri*", "trade -japane", "zanzib"])
def test_a_long_prefix_finds_what_the_prefix_alone_finds(archive, typed):
    """Long prefixes are searched as the words they start (the word dictionary): the same releases
    and quotes as FTS5's own prefix query, which merges every posting list first."""
    library, _ = archive
    query = parse_query(typed, as_you_type=True)
    searcher = library.searcher()
    by_prefix = [row[0] for row in library.db.execute(
        "SELECT rowid FROM release_search WHERE release_search MATCH ? ORDER BY rowid DESC",
        [query.release_expression()])]
    assert searcher.release_keys(query, limit=100) == by_prefix
    assert searcher.count(query)[0] == len(by_prefix)
    expanded = query.release_expression(searcher.expand_prefix)
    terms = [term for group in query.groups for term in group] + list(query.excluded)
    if any(term.prefix and len(term.text.split()[-1]) > 4 for term in terms):
        assert expanded != query.release_expression()


def test_the_word_dictionary_follows_edits_and_new_notes(archive):
    library, ids = archive
    assert titles(library, "zanzib", as_you_type=True) == []
    library.edit_release(ids["Fisheries"], title="Zanzibari fisheries")
    assert titles(library, "zanzib", as_you_type=True) == ["Zanzibari fisheries"]
    library.add_highlight_of_quote(ids["Council summit"], "Brussels", color="blue", note="Telegraphic summary")
    hits = library.searcher().annotation_hits(parse_query("telegraph", as_you_type=True))
    assert [hit.release_title for hit in hits] == ["Council summit"]


def test_a_library_made_before_the_search_index_opens_and_searches(tmp_path):
    """Made as the first release of Communiqué wrote it (schema 1: its tables, triggers and
    indexes, rows inserted as its Library did); opening it carries everything into the new index."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in migrations._statements(migrations.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    for number, (title, issuer, date, text) in enumerate(RELEASES):
        conn.execute("INSERT INTO releases (content_hash, title, issuer, date, source_format, original, html, text, "
                     "imported_at) VALUES (?, ?, ?, ?, 'text', ?, ?, ?, '2024-01-01T00:00:00Z')",
                     [f"hash{number}", title, issuer, date, text.encode(), f"<p>{text}</p>", text])
    conn.execute("INSERT INTO annotations (uuid, release_id, start, \"end\", exact, color, note, created, updated) "
                 "VALUES ('u1', 2, 0, 3, 'The', 'pink', 'Check the embassy cable', 'x', 'x')")
    conn.close()
    with Library(path) as library:
        assert migrations.current_version(library.db.conn) == migrations.LATEST_VERSION
        assert titles(library, '"European Council"') == ["Council summit"]
        assert titles(library, "急落") == ["電力使用量"]
        assert titles(library, "trade to:2023") == ["Trade talks"]
        assert [hit.release_title for hit in library.searcher().annotation_hits(parse_query("embassy"))] == [
            "Trade talks"]
        assert library.release_count("embassy") == 1
        assert titles(library, "europ", as_you_type=True) == ["Council summit", "Trade talks"]   # the word dictionary
        assert titles(library, "embass", as_you_type=True) == []
        assert [hit.release_title for hit in library.searcher().annotation_hits(
            parse_query("embass", as_you_type=True))] == ["Trade talks"]
        names = {row[0] for row in library.db.execute("SELECT name FROM sqlite_master")}
        assert "releases_fts" not in names and "annotations_fts" not in names


@pytest.mark.skipif(not MULTILINGUAL.is_dir(), reason="../shared/corpus-multilingual is not here")
@pytest.mark.parametrize("file_name, typed", [
    ("ja_livedoor-kaden_5774093.txt", "今夏"),
    ("ja_livedoor-kaden_5774093.txt", "使用量"),
    ("km_news_313330.txt", None),
    ("cbr_2024-10-25_key-rate-decision_ru.txt", "ключевую ставку"),
])
def test_real_releases_in_other_scripts_are_found_by_a_word_inside_them(tmp_path, file_name, typed):
    from annotations.importers import read_release

    draft = read_release(MULTILINGUAL / file_name)
    text = plain_text(draft.html)
    if typed is None:      # Khmer: a word from the middle of a run of text without spaces
        run = max(text.replace("\u200b", " ").split(), key=len)
        typed = run[len(run) // 2:len(run) // 2 + 4]
    if typed not in text.replace("\u200b", ""):
        pytest.skip(f"{typed!r} is not in this version of {file_name}")
    with Library(tmp_path / "real.sqlite3") as library:
        release_id, _ = library.add_release(draft, text)
        hits = library.searcher().release_hits(parse_query(typed))
        assert [hit.release_id for hit in hits] == [release_id]
        assert hits[0].snippet.spans


def test_a_colour_is_found_by_the_meaning_the_codebook_gives_it(archive):
    library, ids = archive
    library.set_codebook_entry("teal", "Legal exposure")
    library.add_highlight_of_quote(ids["Council summit"], "sanctions", color="teal")
    assert {hit.title for hit in library.search("color:legal")} == {"Council summit"}
    assert {hit.title for hit in library.search("color:Teal")} == {"Council summit"}
    with pytest.raises(InvalidQuery, match="no highlight colour 'octarine'"):
        library.search("color:octarine")


def test_a_library_before_the_word_dictionary_is_still_searched_by_long_prefixes(tmp_path):
    """A damaged library is opened read-only, unmigrated: its search must not need what a later step adds."""
    from annotations.search import open_search_connection

    path = tmp_path / "before.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, up_to=migrations.LATEST_VERSION - 1)
    conn.execute("INSERT INTO releases (content_hash, title, issuer, date, source_format, original, html, text, "
                 "imported_at) VALUES ('h', 'Council summit', 'EP', '2024-03-01', 'text', x'', '', "
                 "'The European Council met.', '2024-01-01T00:00:00Z')")
    conn.close()
    searcher = Searcher(open_search_connection(path))
    assert len(searcher.release_keys(parse_query("europ", as_you_type=True))) == 1

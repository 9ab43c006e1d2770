"""Searching the library: the index's layout, and the SQL that answers a query fast at any size.

The release index (``release_search``, FTS5, contentless) is keyed by a *date key*: the day of
publication in the high bits and the release id in the low 32, so the index's own rowid order is
newest first. The first screen of a search is then the first rows FTS5 yields in rowid order
(``ORDER BY rowid DESC LIMIT n``): it never ranks or counts every match of a common word. A date
range is a rowid range. Relevance ranks (bm25) only a bounded set of the newest candidates, by
the words that are not in half the library (``Searcher.ranking_expression``), and
the count stops at ``COUNT_CAP`` ("10,000+"). Prefix indexes make one- to four-letter prefixes as
cheap as whole words. The indexes are kept by triggers (``migrations.py``) that call the two SQL
functions ``register_functions`` defines on every connection.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from .codebook_store import CodebookStore
from .query import Query, fts_phrase, term_expression, term_phrase
from .search_text import (LONGEST_INDEXED_PREFIX, IndexTokenizer, MatchFinder, SearchTerm, Snippet, index_text,
                          snippet)

COUNT_CAP = 10_000
#: A long prefix starting more words than this is searched as a prefix (see ``expand_prefix``).
EXPANDED_WORDS = 200
#: Hits a window shows before it is scrolled (and fetches the next page).
FIRST_SCREEN = 20
#: Relevance ranks this many of the newest matches (all of them when there are fewer).
RANKED_CANDIDATES = 1_000
#: How many of the newest releases tell whether a word is in half the library or more.
SAMPLED_RELEASES = 2_000
#: bm25 weights of the release index's columns: title, issuer, body.
COLUMN_WEIGHTS = (8.0, 2.0, 1.0)
ORDERS = ("newest", "relevance")
_ID_BITS = 32
_ID_MASK = (1 << _ID_BITS) - 1


def release_key(date: str | None, release_id: int) -> int:
    """The index key of a release: newest first in rowid order; undated releases sort oldest."""
    return (_day_number(date) << _ID_BITS) | release_id


def release_id_of(key: int) -> int:
    return key & _ID_MASK


def _day_number(text: str | None) -> int:
    if not text:
        return 0
    try:
        year, month, day = (text[:10].split("-") + ["1", "1"])[:3]
        return Date(int(year), int(month), int(day)).toordinal()
    except ValueError:
        return 0


def key_bounds(query: Query) -> tuple[int, int] | None:
    """The rowid range of the query's dates (undated releases are outside any range), or None."""
    if not (query.date_from or query.date_to):
        return None
    low = release_key(query.date_from, 0) if query.date_from else 1 << _ID_BITS
    high = release_key(query.date_to, _ID_MASK) if query.date_to else (1 << 62)
    return low, high


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the index triggers call (every connection that writes needs them)."""
    conn.create_function("search_index_text", 1, index_text, deterministic=True)
    conn.create_function("search_release_key", 2, release_key, deterministic=True)
    words = IndexTokenizer().words_json
    conn.create_function("search_index_words", 3, words, deterministic=True)
    conn.create_function("search_index_words", 2, words, deterministic=True)


@dataclass(frozen=True)
class ReleaseHit:
    release_id: int
    title: str
    issuer: str
    date: str
    snippet: Snippet


@dataclass(frozen=True)
class AnnotationHit:
    """A quote or note that matches, with the release it belongs to."""

    annotation_id: int
    release_id: int
    release_title: str
    color: str
    snippet: Snippet


@dataclass(frozen=True)
class SearchResults:
    releases: list[ReleaseHit] = field(default_factory=list)
    total: int = 0                  # releases matching, up to COUNT_CAP
    capped: bool = False            # True: at least COUNT_CAP match ("10,000+")
    annotations: list[AnnotationHit] = field(default_factory=list)

    @property
    def total_text(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


class Searcher:
    """Answers queries over one connection (the Library's, or a search worker's own)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._tokenizer: IndexTokenizer | None = None      # made on the first long prefix (0.7 ms)
        self._has_dictionary: bool | None = None
        self._sample: tuple[int, int] | None = None         # its lowest key and size (_take_sample)
        self._common: dict[str, bool] = {}                  # expression: in half the sample or more

    def expand_prefix(self, phrase: str) -> str | None:
        """A prefix phrase as the OR of the phrases its last word can complete to, when that word
        is longer than the prefix indexes serve (see ``IndexTokenizer``); None keeps the prefix
        (short enough for a prefix index, or starting more words than are worth listing)."""
        if len(phrase.rsplit(None, 1)[-1] if phrase.strip() else "") <= LONGEST_INDEXED_PREFIX:
            return None                         # its last word, however tokenized, is no longer
        if self._has_dictionary is None:       # a damaged library opened read-only may predate it
            self._has_dictionary = self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'search_terms'").fetchone() is not None
        if not self._has_dictionary:
            return None
        tokens = self._index_tokenizer().tokens(phrase)
        if not tokens or len(tokens[-1]) <= LONGEST_INDEXED_PREFIX:
            return None
        start = tokens[-1]
        words = [row[0] for row in self.conn.execute(
            "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?",
            [start, start + "\U0010ffff", EXPANDED_WORDS + 1])]
        if len(words) > EXPANDED_WORDS:
            return None
        head = " ".join(tokens[:-1] + [""])
        return "(" + " OR ".join(f'"{head}{word}"' for word in words or [start]) + ")"

    def colors(self) -> dict[str, tuple[str, str]]:
        """The colours ``color:`` accepts, as the Library says (``CodebookStore.search_colors``)."""
        return _Codebook(self.conn).search_colors()

    def search(self, query: Query, order: str = "newest", limit: int = FIRST_SCREEN, offset: int = 0,
               annotation_limit: int = FIRST_SCREEN) -> SearchResults:
        """The first ``limit`` release hits after ``offset`` with snippets, the count (capped), and
        the matching quotes and notes."""
        if not query:
            return SearchResults()
        total, capped = self.count(query)
        return SearchResults(self.release_hits(query, order, limit, offset), total, capped,
                             self.annotation_hits(query, annotation_limit) if annotation_limit else [])

    # Releases ---------------------------------------------------------------------------------

    def release_keys(self, query: Query, order: str = "newest", limit: int = FIRST_SCREEN,
                     offset: int = 0) -> list[int]:
        """Keys of matching releases, newest first or best first."""
        if order not in ORDERS:
            raise ValueError(f"cannot order search results by {order!r}; expected one of {ORDERS}")
        if not query:
            return []
        expression = query.release_expression(self.expand_prefix)
        if not expression:
            return self._filtered_keys(query, limit, offset)
        where, params = self._fts_conditions(query, expression)
        ranking = self.ranking_expression(query) if order == "relevance" else ""
        if ranking:
            return self._best_first(where, params, ranking)[offset:offset + limit]
        # Newest first; also best first when every word is in half the library or more (see
        # ranking_expression): bm25 weighs such words at nothing, so the order is the same.
        return [row[0] for row in self.conn.execute(
            f"SELECT rowid FROM release_search WHERE {where} ORDER BY rowid DESC LIMIT ? OFFSET ?",
            [*params, limit, offset])]

    def ranking_expression(self, query: Query) -> str:
        """What best first weighs the candidates by (bm25): the query's words and issuer, without
        the words in half the library or more, and phrases split where such a word was.

        FTS5 gives a word in half the releases or more no weight (bm25 clamps its IDF to zero),
        yet learns that by walking every release that holds it: 140 ms for "the" at a million
        releases, 110-170 ms for a phrase holding it. The candidates already hold each phrase
        whole; its other words weigh them, for a few milliseconds. Excluded words weigh nothing.
        """
        self._take_sample()
        units: list[str] = []
        for term in (term for group in query.groups for term in group):
            text, prefix = term_phrase(term)
            if prefix:
                units.append(term_expression(term, self.expand_prefix))
                continue
            run: list[str] = []
            for token in [*self._index_tokenizer().tokens(text), None]:
                if token is not None and not self._in_half_the_library(fts_phrase(token)):
                    run.append(token)
                elif run:
                    units.append(fts_phrase(" ".join(run)))
                    run = []
        if query.issuer:
            units.append(query.issuer_expression(self.expand_prefix))
        return " OR ".join(unit for unit in units if not self._in_half_the_library(unit))

    def _best_first(self, where: str, params: list, ranking: str) -> list[int]:
        """The newest ``RANKED_CANDIDATES`` matches, best first by bm25 over ``ranking`` (a
        candidate it does not match comes after those it does); ties newest first."""
        candidates = [row[0] for row in self.conn.execute(
            f"SELECT rowid FROM release_search WHERE {where} ORDER BY rowid DESC LIMIT ?",
            [*params, RANKED_CANDIDATES])]
        if not candidates:
            return []
        scores = dict(self.conn.execute(
            "SELECT rowid, bm25(release_search, ?, ?, ?) FROM release_search WHERE release_search MATCH ? "
            "AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))",
            [*COLUMN_WEIGHTS, ranking, candidates[-1], candidates[0], json.dumps(candidates)]))
        return sorted(candidates, key=lambda key: (scores.get(key, 0.0), -key))

    def _in_half_the_library(self, expression: str) -> bool:
        """Whether ``expression`` matches at least half of the sample ``_take_sample`` chose."""
        if expression not in self._common:
            low, size = self._sample
            found = self.conn.execute(
                "SELECT count(*) FROM release_search WHERE release_search MATCH ? AND rowid >= ?",
                [expression, low]).fetchone()[0]
            self._common[expression] = found * 2 >= size
        return self._common[expression]

    def _take_sample(self) -> None:
        """The newest ``SAMPLED_RELEASES`` releases in the index (all of them in a smaller
        library), as their lowest key and their number; what was learnt of the last sample is kept
        until a release comes into it (counting a word among them takes about a millisecond)."""
        oldest = self.conn.execute("SELECT rowid FROM release_search ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                                   [SAMPLED_RELEASES - 1]).fetchone()
        sample = ((oldest[0], SAMPLED_RELEASES) if oldest else
                  (0, self.conn.execute("SELECT count(*) FROM release_search").fetchone()[0]))
        if sample != self._sample:
            self._sample, self._common = sample, {}

    def _index_tokenizer(self) -> IndexTokenizer:
        if self._tokenizer is None:
            self._tokenizer = IndexTokenizer()
        return self._tokenizer

    def count(self, query: Query, cap: int = COUNT_CAP) -> tuple[int, bool]:
        """How many releases match, counting no further than ``cap``: (count, reached the cap)."""
        expression = query.release_expression(self.expand_prefix)
        if not expression and (query.tags or query.colors):
            total = len(self._filtered_keys(query, cap + 1))
        elif not expression:
            where, params = self._date_conditions(query)
            total = self.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM releases WHERE {where} LIMIT ?)",
                                      [*params, cap + 1]).fetchone()[0]
        else:
            where, params = self._fts_conditions(query, expression)
            total = self.conn.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM release_search WHERE {where} LIMIT ?)",
                [*params, cap + 1]).fetchone()[0]
        return min(total, cap), total > cap

    def _fts_conditions(self, query: Query, expression: str) -> tuple[str, list]:
        where, params = ["release_search MATCH ?"], [expression]
        bounds = key_bounds(query)
        if bounds:
            where.append("rowid BETWEEN ? AND ?")
            params += bounds
        if query.tags or query.colors:
            # "+rowid": checked on each row FTS5 yields in order, never a lookup per key (which
            # would set up the whole query again for every key).
            where.append("+rowid IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(self._annotated_keys(query)))
        return " AND ".join(where), params

    def _filtered_keys(self, query: Query, limit: int = -1, offset: int = 0) -> list[int]:
        """Keys of the releases the filters alone allow (no words), newest first."""
        if query.tags or query.colors:
            keys = self._annotated_keys(query)
            bounds = key_bounds(query)
            if bounds:
                keys = [key for key in keys if bounds[0] <= key <= bounds[1]]
            return keys[offset:offset + limit if limit >= 0 else None]
        where, params = self._date_conditions(query)
        return [release_key(date, release_id) for release_id, date in self.conn.execute(
            f"SELECT id, date FROM releases WHERE {where} ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset])]

    @staticmethod
    def _date_conditions(query: Query, column: str = "date") -> tuple[str, list]:
        """Conditions on a release's date (``column``) for the query's range; undated releases are
        outside it (and outside the no-range these conditions give without dates)."""
        where, params = [f"{column} >= '0'"], []
        if query.date_from:
            where.append(f"{column} >= ?")
            params.append(query.date_from)
        if query.date_to:
            where.append(f"{column} <= ?")
            params.append(query.date_to + "\uffff")
        return " AND ".join(where), params

    def _annotated_keys(self, query: Query) -> list[int]:
        """Keys of releases having an annotation of each tag and each colour asked for, newest first."""
        where, params = [], []
        for color in query.colors:
            where.append("id IN (SELECT release_id FROM annotations WHERE color = ?)")
            params.append(color)
        for tag in query.tags:
            where.append("id IN (SELECT annotations.release_id FROM annotations JOIN annotation_tags "
                         "ON annotation_tags.annotation_id = annotations.id JOIN tags ON tags.id = tag_id "
                         "WHERE tags.name = ?)")
            params.append(tag)
        keys = [row[0] for row in self.conn.execute(
            f"SELECT search_release_key(date, id) FROM releases WHERE {' AND '.join(where)}", params)]
        return sorted(keys, reverse=True)

    def release_hits(self, query: Query, order: str = "newest", limit: int = FIRST_SCREEN,
                     offset: int = 0) -> list[ReleaseHit]:
        keys = self.release_keys(query, order, limit, offset)
        ids = [release_id_of(key) for key in keys]
        if not ids:
            return []
        rows = {row[0]: row for row in self.conn.execute(
            f"SELECT id, title, issuer, date, text FROM releases WHERE id IN ({', '.join('?' * len(ids))})", ids)}
        finder = query.finder()
        return [ReleaseHit(release_id, title, issuer, date, snippet(text, finder))
                for release_id, title, issuer, date, text in (rows[i] for i in dict.fromkeys(ids) if i in rows)]

    # Quotes and notes --------------------------------------------------------------------------

    def annotation_hits(self, query: Query, limit: int = FIRST_SCREEN) -> list[AnnotationHit]:
        """Quotes and notes whose words match (with filters alone: every annotation they allow),
        the newest annotation first. Rows are read in index order and only until ``limit`` are
        found, so a word in every note costs no more than a rare one."""
        if not query:
            return []
        where, params = [], []
        words = query.words_expression(self.expand_prefix)
        if words:
            source = ("annotation_search CROSS JOIN annotations ON annotations.id = annotation_search.rowid",
                      "annotation_search.rowid")
            where.append("annotation_search MATCH ?")
            params.append(words)
        else:
            source = ("annotations", "annotations.id")
        if query.date_from or query.date_to:
            condition, values = self._date_conditions(query, "releases.date")
            where.append(condition)
            params += values
        for color in query.colors:
            where.append("annotations.color = ?")
            params.append(color)
        for tag in query.tags:
            where.append("annotations.id IN (SELECT annotation_id FROM annotation_tags JOIN tags "
                         "ON tags.id = tag_id WHERE tags.name = ?)")
            params.append(tag)
        rows = self.conn.execute(
            "SELECT annotations.id, annotations.release_id, releases.title, releases.issuer, annotations.color, "
            f"coalesce(annotations.exact, ''), annotations.note FROM {source[0]} "
            "CROSS JOIN releases ON releases.id = annotations.release_id "   # annotations first: never scan releases
            f"WHERE {' AND '.join(where) or '1'} ORDER BY {source[1]} DESC", params)
        finder, issuer = query.finder(), MatchFinder([_issuer_term(query)]) if query.issuer else None
        hits = []
        for annotation_id, release_id, title, issuer_text, color, quote, note in rows:
            if len(hits) >= limit:
                break
            if issuer is not None and not issuer.spans(issuer_text, limit=1):
                continue
            text = f"“{quote}” — {note}" if quote and note else (f"“{quote}”" if quote else note)
            hits.append(AnnotationHit(annotation_id, release_id, title, color, snippet(text, finder)))
        return hits

    # The library list (filter by what is typed) ------------------------------------------------

    def matching_condition(self, query: Query) -> tuple[str, list]:
        """An SQL condition on ``releases.id``: releases whose text matches, or any of whose quotes
        or notes do, within the filters (for the library list's ``matching=``)."""
        expression = query.release_expression(self.expand_prefix)
        if not expression:
            keys = self._filtered_keys(query)
            return f"id IN ({', '.join('?' * len(keys)) or 'NULL'})", [release_id_of(key) for key in keys]
        where, params = self._fts_conditions(query, expression)
        condition = f"id IN (SELECT rowid & {_ID_MASK} FROM release_search WHERE {where})"
        words = query.words_expression(self.expand_prefix)
        if words and not query.issuer:
            notes = Query(query.groups, query.excluded, date_from=query.date_from, date_to=query.date_to,
                          tags=query.tags, colors=query.colors)
            ids = sorted({hit.release_id for hit in self.annotation_hits(notes, limit=1_000_000)})
            condition = f"({condition} OR id IN ({', '.join('?' * len(ids)) or 'NULL'}))"
            params += ids
        return condition, params


def _issuer_term(query: Query) -> SearchTerm:
    return SearchTerm(query.issuer, prefix=True)


class _Codebook(CodebookStore):
    """The codebook read over a search connection of its own."""

    def __init__(self, conn: sqlite3.Connection):
        self.db = conn


def open_search_connection(path: str | Path) -> sqlite3.Connection:
    """A read-only connection of its own for a search worker, interruptible from another thread."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                           isolation_level=None)
    register_functions(conn)
    return conn

"""The Library: sole owner of the SQLite file. Every query the application runs lives here.

Guarantees: each public write is one transaction, committed (``synchronous=FULL``) before the
method returns, so a highlight survives a crash the moment it is made. Writes take the write lock
up front (``BEGIN IMMEDIATE``) and wait up to ``BUSY_TIMEOUT_MS`` for another window or process,
so two writers queue instead of failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import uuid as uuid_lib
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import sqlite_utils

from . import anchoring, backups, library_file, migrations
from .release_edits import ReleaseEdits
from .codebook_store import CodebookStore
from .tag_store import TagStore
from .versions import ReleaseVersions
from .errors import AnnotationNotFound, LibraryDamaged, LibraryFileError, ReleaseNotFound
from .models import (DEFAULT_COLOR, PALETTE, Annotation, ImportedAnnotation, ImportSummary, Release, ReleaseDraft,
                     ReleaseSummary, SearchFilters, SearchHit, TextPositionSelector, TextQuoteSelector,
                     release_source)

BUSY_TIMEOUT_MS = 15000
APP_NAME = "Communique"
SORTABLE_COLUMNS = {"title": "title COLLATE NOCASE", "issuer": "issuer COLLATE NOCASE",
                    "date": "date", "imported_at": "imported_at", "id": "id"}
_SUMMARY_COLUMNS = "id, title, issuer, date, language, source_format, imported_at"
_ANNOTATION_COLUMNS = ('id, uuid, release_id, start, "end", exact, prefix, suffix, color, note, '
                       'orphaned, created, updated')


def default_library_path() -> Path:
    """The library in the platform's per-user data folder (never inside the install folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.sqlite3"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Library(TagStore, ReleaseEdits, CodebookStore, ReleaseVersions):
    """A library file: releases, their annotations and tags, and the full-text index over both.

    Managing the tag vocabulary lives in ``TagStore`` (tag_store.py), correcting or deleting a
    release in ``ReleaseEdits`` (release_edits.py), the colours' meanings in ``CodebookStore``
    (codebook_store.py), versions of a release (linked, annotations carried) in
    ``ReleaseVersions`` (versions.py), all on this same connection.
    """

    def __init__(self, path: str | Path, care_before_first_write: bool = False,
                 progress: backups.Progress | None = None):
        """Open (or make) the library at ``path``.

        A file that is not a library is refused untouched (LibraryFileError). A damaged one is
        opened read-only: ``damage`` says what is wrong, reads work where the pages allow and every
        write raises LibraryDamaged. A library at an older schema is backed up, then migrated,
        which takes minutes for a large one: ``progress(fraction, doing)`` hears how it goes, in
        words for a dialog (``library_file.upgrade_pending`` says beforehand whether it will happen).
        ``care_before_first_write``: the day's first write first checks every page, once a day
        (for the command line; the window checks in the background). ``has_written`` then says
        whether anything was written, so the command line can have the day's backup taken after.
        """
        self.path = Path(path)
        self._care_pending = care_before_first_write
        self.has_written = False
        self._open(progress)

    def reopen(self) -> None:
        """Close and open the file again, as the same object (after a restore replaced the file)."""
        self.close()
        self._open()

    def _open(self, progress: backups.Progress | None = None) -> None:
        report = progress or (lambda fraction, doing: True)

        def backing_up(fraction: float, doing: str) -> bool:
            report(fraction, f"Backing up your library before upgrading it: {doing}")
            return True                     # not cancelled: an upgrade, once begun, finishes

        self.damage: str | None = None
        try:
            state = library_file.inspect(self.path)
            if state.version > migrations.LATEST_VERSION:
                raise LibraryFileError(self.path, f"it was written by a newer Communiqué (schema {state.version}, "
                                                  f"this version reads up to {migrations.LATEST_VERSION})")
            if state.version:
                self.db = self._read_only_database()
                found = library_file.check_on_open(self.db.conn)
                if found:
                    self.damage = _summarise(found)
                    return
                self.db.close()
            if 0 < state.version < migrations.LATEST_VERSION:
                backups.write_backup(self.path, reason=f"before-schema-{migrations.LATEST_VERSION}",
                                     progress=backing_up)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False, factory=library_file.DamageAwareConnection)
            conn.on_damage = self._on_damage
            # No plugins: nothing installed beside us may run code against an analyst's library.
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            self._configure()
            migrations.migrate(self.db.conn, progress=lambda fraction, doing: report(
                fraction, f"Upgrading the library, {doing}"))
        except library_file.NotOurs as error:
            raise LibraryFileError(self.path, f"it is not a Communiqué library ({error}), so it was left as it was") from None
        except sqlite3.DatabaseError as error:
            raise LibraryFileError(self.path, _describe(error)) from None
        except OSError as error:
            raise LibraryFileError(self.path, error.strerror or str(error)) from None

    @property
    def read_only(self) -> bool:
        return self.damage is not None

    def mark_damaged(self, found: list[str]) -> None:
        """What a full check found: from now on the library is read-only (reopened so, writing nothing)."""
        self.damage = _summarise(found)
        self.db.close()
        self.db = self._read_only_database()

    def _read_only_database(self) -> sqlite_utils.Database:
        from .search import register_functions

        conn = library_file.connect_read_only(self.path)
        conn.on_damage = self._on_damage
        register_functions(conn)
        return sqlite_utils.Database(conn, execute_plugins=False)

    def _on_damage(self, error: sqlite3.DatabaseError) -> LibraryDamaged:
        """A statement met a damaged page: from now on no write is attempted (one sentence says why)."""
        if self.damage is None:
            self.damage = _summarise([str(error)])
        return self.damaged_error()

    def damaged_error(self, error: sqlite3.DatabaseError | None = None) -> LibraryDamaged:
        """The sentence for a damaged library (``error``: what a read ran into, if that is how it showed)."""
        return LibraryDamaged(self.path, self.damage or _summarise([str(error)]))

    def full_check_due(self) -> bool:
        """No whole-file check has passed today (the window runs one in the background when due)."""
        return not self.read_only and self._meta("last_full_check") != datetime.now().date().isoformat()

    def record_full_check(self) -> None:
        with self._write():
            self.db.execute("INSERT INTO library_meta (key, value) VALUES ('last_full_check', ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            [datetime.now().date().isoformat()])

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM library_meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _take_daily_care(self) -> None:
        """Before the day's first write (``care_before_first_write``): check every page, so nothing
        is written into a damaged file (``quick_check``: seconds at 100,000 releases, README). The
        day's backup is not taken here: it would hold the write up for a minute (the command line
        has it taken by a process of its own once the command is done, ``daily_backup.py``)."""
        self._care_pending = False
        if self.release_count() == 0 or not self.full_check_due():
            return                                          # nothing to lose yet, or done today
        found = library_file.check_everything(self.path)
        if found:
            self.mark_damaged(found)
            raise self.damaged_error()
        self.record_full_check()

    def _configure(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction holding the write lock from its start (see the module docstring)."""
        if self.damage is not None:
            raise self.damaged_error()
        if self._care_pending:
            self._take_daily_care()
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self.has_written = True

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap to poll for outside edits."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    # Releases ------------------------------------------------------------------------------

    def add_release(self, draft: ReleaseDraft, text: str, text_renderer: str = "") -> tuple[int, bool]:
        """Store a release with its canonical text; returns (id, created). A duplicate is not added again."""
        return self.add_releases([(draft, text)], text_renderer)[0]

    def add_releases(self, items: Sequence[tuple[ReleaseDraft, str]], text_renderer: str = "",
                     find_versions: bool = True) -> list[tuple[int, bool]]:
        """Store a batch in one transaction (bulk imports stay fast); (id, created) for each item.

        A release already in the library (the same content) is not added again; its metadata is
        derived anew from ``draft``, except the fields the analyst corrected. ``find_versions=False``
        skips recognising revisions (``versions.py``), four fifths of the work of storing a release,
        for a bulk load known to hold none (the benchmarks' synthetic archive)."""
        results = []
        with self._write():
            for draft, text in items:
                existing = self.db.execute(
                    "SELECT id FROM releases WHERE content_hash = ?", [draft.content_hash]).fetchone()
                if existing:  # the same file again: its metadata as derived now, the analyst's edits kept
                    self.rederive_metadata(existing[0], draft)
                    results.append((existing[0], False))
                    continue
                cursor = self.db.execute(
                    "INSERT INTO releases (content_hash, title, issuer, date, language, source_path, "
                    "source_format, original, html, text, text_renderer, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [draft.content_hash, draft.title, draft.issuer, draft.date, draft.language,
                     draft.source_path, draft.source_format, draft.original, draft.html, text,
                     text_renderer, now()])
                results.append((cursor.lastrowid, True))
                if find_versions:
                    self._link_if_revision(cursor.lastrowid, draft, text)
        return results

    def release(self, release_id: int) -> Release:
        """The whole release. Raises ReleaseNotFound."""
        row = self.db.execute(
            "SELECT id, content_hash, title, issuer, date, language, source_path, source_format, html, text, "
            "imported_at FROM releases WHERE id = ?", [release_id]).fetchone()
        if row is None:
            raise ReleaseNotFound(release_id)
        return Release(*row)

    def release_exists(self, release_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM releases WHERE id = ?", [release_id]).fetchone() is not None

    def _text_of(self, release_id: int) -> str:
        row = self.db.execute("SELECT text FROM releases WHERE id = ?", [release_id]).fetchone()
        if row is None:
            raise ReleaseNotFound(release_id)
        return row[0]

    def text_renderer_of(self, release_id: int) -> str:
        row = self.db.execute("SELECT text_renderer FROM releases WHERE id = ?", [release_id]).fetchone()
        if row is None:
            raise ReleaseNotFound(release_id)
        return row[0]

    def annotated_release_ids(self) -> list[int]:
        """Releases with at least one annotation, newest first (for batch exports)."""
        return [row[0] for row in self.db.execute(
            "SELECT id FROM releases WHERE id IN (SELECT release_id FROM annotations) ORDER BY date DESC, id DESC")]

    def release_count(self, matching: str = "") -> int:
        where, params = self._matching_clause(matching)
        return self.db.execute(f"SELECT count(*) FROM releases {where}", params).fetchone()[0]

    def release_summaries(self, offset: int = 0, limit: int = 200, sort: str = "date",
                          descending: bool = True, matching: str = "") -> list[ReleaseSummary]:
        """One page of the library list, sorted; the list view fetches pages as it scrolls.

        ``matching`` keeps the releases whose text, title or issuer, or any of whose quotes or
        notes, contain the words typed (full-text, the last word as a prefix).
        """
        order = SORTABLE_COLUMNS.get(sort)
        if order is None:
            raise ValueError(f"cannot sort releases by {sort!r}; expected one of {sorted(SORTABLE_COLUMNS)}")
        direction = "DESC" if descending else "ASC"
        where, params = self._matching_clause(matching)
        rows = self.db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM releases {where} ORDER BY {order} {direction}, id {direction} "
            "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        return [ReleaseSummary(*row) for row in rows]

    def replace_text(self, release_id: int, text: str, text_renderer: str) -> list[Annotation]:
        """New canonical text for a release (e.g. after a Qt upgrade): every annotation is re-anchored.

        Returns the annotations that could not be found again (now orphaned, never dropped).
        """
        with self._write():
            self.db.execute("UPDATE releases SET text = ?, text_renderer = ? WHERE id = ?",
                            [text, text_renderer, release_id])
            lost = []
            for annotation in self.annotations_for(release_id):
                if annotation.quote is None:
                    continue
                if not self._reanchor(annotation, text):
                    lost.append(annotation)
        return lost

    def _reanchor(self, annotation: Annotation, text: str) -> bool:
        """Move the annotation to where it now is in ``text``; False (and orphaned) if it is gone."""
        span = anchoring.resolve(text, annotation.quote, annotation.position)
        if span is None:
            self.db.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", [annotation.id])
            return False
        position, quote = anchoring.anchor(text, *span)
        self.db.execute(
            'UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, orphaned = 0 '
            "WHERE id = ?", [position.start, position.end, quote.exact, quote.prefix, quote.suffix, annotation.id])
        return True

    # Annotations ---------------------------------------------------------------------------

    def add_highlight(self, release_id: int, start: int, end: int, color: str = DEFAULT_COLOR,
                      note: str = "", tags: Iterable[str] = ()) -> Annotation:
        """Highlight ``text[start:end]`` of a release. Raises ReleaseNotFound, ValueError (bad span or colour)."""
        position, quote = anchoring.anchor(self._text_of(release_id), start, end)
        return self._insert_annotation(release_id, color, note, tags, position, quote)

    def add_highlight_of_quote(self, release_id: int, quote: str, occurrence: int = 1,
                               color: str = DEFAULT_COLOR, note: str = "", tags: Iterable[str] = ()) -> Annotation:
        """Highlight the n-th occurrence of ``quote``. Raises ReleaseNotFound, QuoteNotFound."""
        text = self._text_of(release_id)
        start, end = anchoring.find_quote(text, quote, occurrence, release_id)
        return self.add_highlight(release_id, start, end, color, note, tags)

    def add_release_note(self, release_id: int, note: str, tags: Iterable[str] = ()) -> Annotation:
        """A note on the release as a whole (no passage). Raises ReleaseNotFound."""
        if not self.release_exists(release_id):
            raise ReleaseNotFound(release_id)
        return self._insert_annotation(release_id, DEFAULT_COLOR, note, tags, None, None)

    def _insert_annotation(self, release_id, color, note, tags, position, quote, *, uuid=None,
                           created=None, updated=None, orphaned=False, annotation_id=None) -> Annotation:
        _check_color(color)
        stamp = now()
        annotation = Annotation(
            id=annotation_id, uuid=uuid or uuid_lib.uuid4().hex, release_id=release_id, color=color, note=note,
            created=created or stamp, updated=updated or stamp, position=position, quote=quote,
            orphaned=bool(orphaned))
        with self._write():
            cursor = self.db.execute(
                f"INSERT INTO annotations ({_ANNOTATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [annotation_id, annotation.uuid, release_id,
                 position.start if position else None, position.end if position else None,
                 quote.exact if quote else None, quote.prefix if quote else None,
                 quote.suffix if quote else None, color, note, int(orphaned), annotation.created,
                 annotation.updated])
            tags = self._store_tags(cursor.lastrowid, tags)
        # What was written, as written: no read-back on the hot path of a highlight.
        return dataclasses.replace(annotation, id=cursor.lastrowid, tags=tags)

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        """Put back an annotation exactly as it was (undo of a delete, redo of a create).

        Its uuid is what names it; its old row id is kept only if no other annotation took it meanwhile.
        """
        id_taken = self.db.execute("SELECT 1 FROM annotations WHERE id = ?", [annotation.id]).fetchone()
        return self._insert_annotation(
            annotation.release_id, annotation.color, annotation.note, annotation.tags, annotation.position,
            annotation.quote, uuid=annotation.uuid, created=annotation.created, updated=annotation.updated,
            orphaned=annotation.orphaned, annotation_id=None if id_taken else annotation.id)

    def annotation(self, annotation_id: int) -> Annotation:
        """Raises AnnotationNotFound."""
        row = self.db.execute(f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE id = ?",
                              [annotation_id]).fetchone()
        if row is None:
            raise AnnotationNotFound(annotation_id)
        return self._annotation_from_row(row, self._tags_by_annotation([annotation_id]))

    def annotation_by_uuid(self, uuid: str) -> Annotation | None:
        row = self.db.execute(f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE uuid = ?", [uuid]).fetchone()
        return self._annotation_from_row(row, self._tags_by_annotation([row[0]])) if row else None

    def annotations_for(self, release_id: int) -> list[Annotation]:
        """Reading order: notes on the whole release, then highlights by position, orphans last."""
        rows = self.db.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations WHERE release_id = ? "
            'ORDER BY orphaned, start IS NOT NULL, start, "end", id', [release_id]).fetchall()
        tags = self._tags_by_annotation([row[0] for row in rows])
        return [self._annotation_from_row(row, tags) for row in rows]

    def annotation_count(self, release_id: int | None = None) -> int:
        if release_id is None:
            return self.db.execute("SELECT count(*) FROM annotations").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM annotations WHERE release_id = ?", [release_id]).fetchone()[0]

    def update_note(self, annotation_id: int, note: str) -> Annotation:
        return self._update(annotation_id, "note", note)

    def set_color(self, annotation_id: int, color: str) -> Annotation:
        _check_color(color)
        return self._update(annotation_id, "color", color)

    def _update(self, annotation_id: int, column: str, value: object) -> Annotation:
        with self._write():
            cursor = self.db.execute(f"UPDATE annotations SET {column} = ?, updated = ? WHERE id = ?",
                                     [value, now(), annotation_id])
            if cursor.rowcount == 0:
                raise AnnotationNotFound(annotation_id)
        return self.annotation(annotation_id)

    def set_tags(self, annotation_id: int, tags: Iterable[str]) -> Annotation:
        with self._write():
            cursor = self.db.execute("UPDATE annotations SET updated = ? WHERE id = ?", [now(), annotation_id])
            if cursor.rowcount == 0:
                raise AnnotationNotFound(annotation_id)
            self.db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [annotation_id])
            self._store_tags(annotation_id, tags)
        return self.annotation(annotation_id)

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete and return what was deleted, so the caller can offer undo."""
        annotation = self.annotation(annotation_id)
        with self._write():
            self.db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        return annotation

    def all_tags(self) -> list[str]:
        """Every tag in use, for autocompletion."""
        return [row[0] for row in self.db.execute(
            "SELECT name FROM tags WHERE id IN (SELECT tag_id FROM annotation_tags) ORDER BY name COLLATE NOCASE")]

    def _store_tags(self, annotation_id: int, tags: Iterable[str]) -> tuple[str, ...]:
        """Link the tags; returns them as the library spells them (a tag's first spelling wins)."""
        stored = []
        for position, name in enumerate(_clean_tags(tags)):
            self.db.execute("INSERT INTO tags (name) VALUES (?) ON CONFLICT(name) DO NOTHING", [name])
            tag_id, spelling = self.db.execute("SELECT id, name FROM tags WHERE name = ?", [name]).fetchone()
            self.db.execute("INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id, position) VALUES (?, ?, ?)",
                            [annotation_id, tag_id, position])
            stored.append(spelling)
        return tuple(stored)

    def _tags_by_annotation(self, annotation_ids: list[int]) -> dict[int, tuple[str, ...]]:
        if not annotation_ids:
            return {}
        tags: dict[int, list[str]] = {}
        placeholders = ", ".join("?" * len(annotation_ids))
        for annotation_id, name in self.db.execute(
                "SELECT annotation_tags.annotation_id, tags.name FROM annotation_tags JOIN tags ON tags.id = tag_id "
                f"WHERE annotation_id IN ({placeholders}) ORDER BY annotation_tags.position", annotation_ids):
            tags.setdefault(annotation_id, []).append(name)
        return {key: tuple(value) for key, value in tags.items()}

    @staticmethod
    def _annotation_from_row(row: Sequence, tags: dict[int, tuple[str, ...]]) -> Annotation:
        (annotation_id, uuid, release_id, start, end, exact, prefix, suffix, color, note, orphaned,
         created, updated) = row
        return Annotation(
            id=annotation_id, uuid=uuid, release_id=release_id, color=color, note=note,
            created=created, updated=updated,
            position=TextPositionSelector(start, end) if start is not None else None,
            quote=TextQuoteSelector(exact, prefix or "", suffix or "") if exact is not None else None,
            tags=tags.get(annotation_id, ()), orphaned=bool(orphaned))

    def import_annotations(self, release_id: int, incoming: Iterable[ImportedAnnotation]) -> ImportSummary:
        """Add annotations read from a file to a release, anchored in its current text, in one transaction.

        Each is re-anchored as ``replace_text`` does (position, nearest exact quote, fuzzy match);
        one that cannot be found is added as orphaned with its quote, never dropped. One the release
        already has (same uuid, or same selectors, note, tags and colour) is skipped, so importing
        a file twice adds nothing. A uuid another release holds (the file was exported from an older
        version of this release) is replaced by one derived from it, as uuids are unique per library.
        Raises ReleaseNotFound; ValueError for a colour not in PALETTE.
        """
        release = self.release(release_id)
        incoming = list(incoming)
        existing = self.annotations_for(release_id)
        uuids = {annotation.uuid for annotation in existing}
        fingerprints = {_fingerprint(annotation) for annotation in existing}
        added = skipped = orphaned = 0
        with self._write():
            self._adopt_meanings(incoming)
            for item in incoming:
                uuid = self._uuid_free_for(item.uuid, release)
                span = None if item.quote is None else anchoring.resolve(release.text, item.quote, item.position)
                lost = item.quote is not None and span is None
                if span is not None:
                    position, quote = anchoring.anchor(release.text, *span)
                    anchored = dataclasses.replace(item, position=position, quote=quote)
                else:
                    anchored = item
                keys = {_fingerprint(item), _fingerprint(anchored)}
                if uuid in uuids or keys & fingerprints:
                    skipped += 1
                    continue
                self._insert_annotation(
                    release_id, item.color, item.note, item.tags, anchored.position, anchored.quote, uuid=uuid,
                    created=item.created or None, updated=item.modified or item.created or None, orphaned=lost)
                uuids.add(uuid)
                fingerprints |= keys
                added += 1
                orphaned += lost
        source = release_source(release)
        return ImportSummary(added, skipped, orphaned, all(item.source == source for item in incoming))

    def _uuid_free_for(self, uuid: str, release: Release) -> str:
        """``uuid``, unless another release's annotation has it: then one derived from both, stably."""
        owner = self.annotation_by_uuid(uuid)
        if owner is None or owner.release_id == release.id:
            return uuid
        return uuid_lib.uuid5(uuid_lib.NAMESPACE_URL, f"urn:uuid:{uuid} {release_source(release)}").hex

    # Search --------------------------------------------------------------------------------

    def search(self, query: str, filters: SearchFilters = SearchFilters(), limit: int = 100,
               order: str = "relevance") -> list[SearchHit]:
        """Search release titles, issuers and text, and quotes and notes, in the query language of
        ``annotations/query.py`` (``filters`` narrow it further, as if typed). Release hits first
        (best first, or newest first), then quote and note hits, each with a snippet whose matching
        words are in [brackets]. Raises InvalidQuery for a filter value that means nothing."""
        from .query import parse_query, with_filters
        from .search import Searcher

        colors = self.search_colors()
        parsed = with_filters(parse_query(query, as_you_type=True, colors=colors), filters.issuer, filters.date_from,
                              filters.date_to, filters.tag, filters.color, colors=colors)
        searcher = Searcher(self.db.conn)
        hits = [SearchHit(hit.release_id, hit.title, hit.snippet.marked())
                for hit in searcher.release_hits(parsed, order, limit)]
        return hits + [SearchHit(hit.release_id, hit.release_title, hit.snippet.marked(), hit.annotation_id)
                       for hit in searcher.annotation_hits(parsed, limit)]

    def searcher(self):
        """A ``search.Searcher`` over this library's connection."""
        from .search import Searcher

        return Searcher(self.db.conn)

    def _matching_clause(self, matching: str) -> tuple[str, list]:
        """WHERE clause for the library list: what is typed (words in releases or their notes, and
        filters), the last word as a prefix. Raises InvalidQuery."""
        from .query import parse_query

        query = parse_query(matching, as_you_type=True, colors=self.search_colors())
        if not query:
            return "", []
        condition, params = self.searcher().matching_condition(query)
        return f"WHERE {condition}", params


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen, cleaned = set(), []
    for tag in tags:
        name = " ".join(str(tag).split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            cleaned.append(name)
    return cleaned


def _fingerprint(annotation: Annotation | ImportedAnnotation) -> tuple:
    """What makes two annotations the same to a reader, whatever their uuids."""
    quote, position = annotation.quote, annotation.position
    return (quote and (quote.exact, quote.prefix, quote.suffix), position and (position.start, position.end),
            annotation.note, tuple(tag.lower() for tag in _clean_tags(annotation.tags)), annotation.color)


def _check_color(color: str) -> None:
    if color not in PALETTE:
        raise ValueError(f"unknown highlight colour {color!r}; expected one of {', '.join(PALETTE)}")


def _summarise(problems: list[str]) -> str:
    """The first thing SQLite found wrong, and how many more: enough for one sentence."""
    more = f", and {len(problems) - 1} more problem{'s' * (len(problems) > 2)}" if len(problems) > 1 else ""
    return f"{problems[0].strip().rstrip('.')}{more}"


def _describe(error: sqlite3.DatabaseError) -> str:
    message = str(error)
    if "file is not a database" in message or "malformed" in message:
        return "it is not a Communiqué library (not an SQLite database, or damaged)"
    return message

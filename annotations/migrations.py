"""Forward-only schema migrations: migration N takes a library at version N-1 to version N.

Never edit a released migration: add a new one. ``migrate`` runs every pending step, each in
its own transaction, so a crash leaves the file at the last whole version.
"""

from __future__ import annotations

import re
import sqlite3

from .search_text import LONGEST_INDEXED_PREFIX
import time
from typing import Callable

#: ``progress(fraction, doing)``: how far through what ``doing`` names (plain words, for a dialog).
#: A migration cannot be cancelled (a step half done is rolled back, never left), so the answer is ignored.
Progress = Callable[[float, str], object]
#: A statement that fills an index from the rows already there: counted as it runs (``_run``).
_FILL = re.compile(r"INSERT INTO \w+\(.*\)\s+SELECT .*search_index_text\(.*\bFROM (\w+)\s*;?", re.DOTALL)
#: Seconds between two reports of a fill (each one a repaint of the dialog, not a cost to the fill).
REPORT_EVERY = 0.1

#: "Cmnq" in SQLite's application_id header field (https://www.sqlite.org/fileformat.html): this
#: file is a Communiqué library. Never change it: every library made since migration 2 carries it.
APPLICATION_ID = 0x436D6E71

_FTS_TRIGGERS = """
CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
  INSERT INTO {table}_fts(rowid, {columns}) VALUES (new.{key}, {new});
END;
CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
  INSERT INTO {table}_fts({table}_fts, rowid, {columns}) VALUES ('delete', old.{key}, {old});
END;
CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {columns} ON {table} BEGIN
  INSERT INTO {table}_fts({table}_fts, rowid, {columns}) VALUES ('delete', old.{key}, {old});
  INSERT INTO {table}_fts(rowid, {columns}) VALUES (new.{key}, {new});
END;
"""


def _fts(table: str, key: str, columns: list[str]) -> str:
    """An external-content FTS5 index over ``columns`` of ``table``, kept current by triggers."""
    listed = ", ".join(columns)
    return (
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5({listed}, content='{table}', content_rowid='{key}', "
        f"tokenize='unicode61 remove_diacritics 2');\n"
        + _FTS_TRIGGERS.format(table=table, key=key, columns=listed,
                               new=", ".join(f"new.{c}" for c in columns),
                               old=", ".join(f"old.{c}" for c in columns))
    )


def _search_index(index: str, table: str, key: str, columns: dict[str, str], prefix: str) -> str:
    """A contentless FTS5 index of ``columns`` (index column: table column) of ``table``, kept by
    triggers and filled from the rows already there. Text goes in through ``search_index_text`` and
    rows are keyed by ``key`` (SQL over ``{row}``): both are registered by ``search.register_functions``."""
    from .search_text import TOKENIZER

    names = ", ".join(columns)
    values = {row: ", ".join(f"search_index_text({row}.{column})" for column in columns.values())
              for row in ("new", "old", table)}
    keys = {row: key.format(row=row) for row in ("new", "old", table)}
    watched = ", ".join(dict.fromkeys(["date", *columns.values()] if table == "releases" else columns.values()))
    return f"""
    CREATE VIRTUAL TABLE {index} USING fts5({names}, content='', prefix='{prefix}', tokenize="{TOKENIZER}");
    CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN
      INSERT INTO {index}(rowid, {names}) VALUES ({keys['new']}, {values['new']});
    END;
    CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN
      INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', {keys['old']}, {values['old']});
    END;
    CREATE TRIGGER {index}_update AFTER UPDATE OF {watched} ON {table} BEGIN
      INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', {keys['old']}, {values['old']});
      INSERT INTO {index}(rowid, {names}) VALUES ({keys['new']}, {values['new']});
    END;
    INSERT INTO {index}(rowid, {names}) SELECT {keys[table]}, {values[table]} FROM {table};
    """


MIGRATIONS: list[str] = [
    # 1: releases, annotations, tags, full-text indexes over release text and over notes.
    """
    CREATE TABLE releases (
        id INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        issuer TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        source_path TEXT NOT NULL DEFAULT '',
        source_format TEXT NOT NULL,
        original BLOB NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        text_renderer TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    );
    CREATE INDEX releases_date ON releases(date);
    CREATE INDEX releases_title ON releases(title COLLATE NOCASE);
    CREATE INDEX releases_issuer ON releases(issuer COLLATE NOCASE);
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        start INTEGER,
        "end" INTEGER,
        exact TEXT,
        prefix TEXT,
        suffix TEXT,
        color TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        orphaned INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX annotations_release ON annotations(release_id, start);
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    );
    CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (annotation_id, tag_id)
    );
    CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);
    """
    + _fts("releases", "id", ["title", "issuer", "text"])
    + _fts("annotations", "id", ["exact", "note"]),
    # 2: search in every script, as fast at a million releases as at ten (annotations/search.py):
    # contentless FTS5 indexes keyed newest first, with prefix indexes and spaceless scripts as
    # bigrams; they replace the indexes of step 1 and are filled from what the library holds.
    """
    DROP TRIGGER releases_fts_insert;
    DROP TRIGGER releases_fts_delete;
    DROP TRIGGER releases_fts_update;
    DROP TABLE releases_fts;
    DROP TRIGGER annotations_fts_insert;
    DROP TRIGGER annotations_fts_delete;
    DROP TRIGGER annotations_fts_update;
    DROP TABLE annotations_fts;
    """
    + _search_index("release_search", "releases", "search_release_key({row}.date, {row}.id)",
                    {"title": "title", "issuer": "issuer", "body": "text"}, prefix="1 2 3 4")
    + _search_index("annotation_search", "annotations", "{row}.id", {"quote": "exact", "note": "note"},
                    prefix="1 2 3"),
    # 3: which metadata fields the analyst corrected (comma-separated), never re-derived over.
    """
    ALTER TABLE releases ADD COLUMN edited_fields TEXT NOT NULL DEFAULT '';
    """,
    # 4: the codebook: the analyst's meaning of each colour (keys 1-8 follow position), so exports
    # and colleagues get the analyst's words, not the defaults.
    """
    CREATE TABLE codebook (
        color TEXT PRIMARY KEY,
        position INTEGER NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO codebook (color, position, name, description) VALUES
        ('yellow', 1, 'Key point', 'The point the release is making'),
        ('green', 2, 'Agreement / positive', 'Something agreed, welcomed or achieved'),
        ('blue', 3, 'Background / context', 'Context a reader needs: history, figures, who is who'),
        ('pink', 4, 'Concern / risk', 'A worry, a risk, a claim to check'),
        ('purple', 5, 'Follow up', 'Something to ask about or watch');
    """,
    # 5: the file says it is a Communiqué library (SQLite's application_id, "Cmnq"), so another
    # program's database is recognised and refused; a table for facts about the library itself
    # (when its pages were last all checked).
    f"""
    PRAGMA application_id = {APPLICATION_ID};
    CREATE TABLE IF NOT EXISTS library_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 6: versions of a release (which one a release superseded, and why it was linked), keys that name
    # a release's source (URL, Message-ID), and how each annotation carried to a new version fared.
    # (IF NOT EXISTS: a test may replay an earlier step, and this one after it, on a library that has it.)
    """
    CREATE TABLE IF NOT EXISTS release_versions (
        release_id INTEGER PRIMARY KEY REFERENCES releases(id) ON DELETE CASCADE,
        previous_id INTEGER NOT NULL UNIQUE REFERENCES releases(id) ON DELETE CASCADE,
        linked_by TEXT NOT NULL,
        similarity REAL,
        linked_at TEXT NOT NULL,
        CHECK (release_id != previous_id)
    );
    CREATE TABLE IF NOT EXISTS release_keys (
        key TEXT NOT NULL,
        release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
        PRIMARY KEY (key, release_id)
    );
    CREATE INDEX IF NOT EXISTS release_keys_release ON release_keys(release_id);
    CREATE TABLE IF NOT EXISTS carried_annotations (
        annotation_id INTEGER PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
        from_uuid TEXT NOT NULL,
        from_release_id INTEGER REFERENCES releases(id) ON DELETE SET NULL,
        status TEXT NOT NULL CHECK (status IN ('unchanged', 'changed', 'orphaned')),
        old_exact TEXT NOT NULL DEFAULT '',
        carried_updated TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS carried_annotations_from ON carried_annotations(from_release_id);
    """,
    # 7: a dictionary of the words the search indexes hold (those longer than their prefix indexes),
    # so a long prefix is searched as the words it starts, lazily, not by merging every posting list
    # it starts (``search_text.IndexTokenizer``). Kept by triggers; filled from the indexes themselves.
    f"""
    CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TRIGGER search_terms_release_insert AFTER INSERT ON releases BEGIN
      INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(search_index_words(new.title, new.issuer, new.text));
    END;
    CREATE TRIGGER search_terms_release_update AFTER UPDATE OF title, issuer, text ON releases BEGIN
      INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(search_index_words(new.title, new.issuer, new.text));
    END;
    CREATE TRIGGER search_terms_annotation_insert AFTER INSERT ON annotations BEGIN
      INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(search_index_words(new.exact, new.note));
    END;
    CREATE TRIGGER search_terms_annotation_update AFTER UPDATE OF exact, note ON annotations BEGIN
      INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(search_index_words(new.exact, new.note));
    END;
    CREATE VIRTUAL TABLE temp.release_search_words USING fts5vocab(main, release_search, 'row');
    INSERT OR IGNORE INTO search_terms (term) SELECT term FROM temp.release_search_words WHERE length(term) > {LONGEST_INDEXED_PREFIX};
    DROP TABLE temp.release_search_words;
    CREATE VIRTUAL TABLE temp.annotation_search_words USING fts5vocab(main, annotation_search, 'row');
    INSERT OR IGNORE INTO search_terms (term) SELECT term FROM temp.annotation_search_words WHERE length(term) > {LONGEST_INDEXED_PREFIX};
    DROP TABLE temp.annotation_search_words;
    """,
]

LATEST_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection, create: bool = True) -> int:
    """The file's schema version (0 for an empty file); ``create=False`` reads without writing."""
    if create:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    elif conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone() is None:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, up_to: int | None = None, progress: Progress | None = None) -> int:
    """Bring the file to ``up_to`` (default LATEST_VERSION); returns the version it was at before.

    Each step also sets SQLite's ``user_version``, so other tools see the schema version too.
    Registers on ``conn`` the SQL functions the search index's triggers call (``search.py``).
    ``progress`` hears each step begin, a filling index's rows as they go in (a search index
    takes minutes at 100,000 releases) and each step's commit."""
    from .search import register_functions

    register_functions(conn)
    report = progress or (lambda fraction, doing: None)
    up_to = LATEST_VERSION if up_to is None else up_to
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = current_version(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    pending = range(before + 1, up_to + 1)
    for number, version in enumerate(pending, start=1):
        step = f"step {number} of {len(pending)}"
        conn.execute("BEGIN IMMEDIATE")
        try:
            if current_version(conn) >= version:  # another process got here first
                conn.execute("COMMIT")
                continue
            report(0.0, step)
            for statement in _statements(MIGRATIONS[version - 1]):
                _run(conn, statement, lambda fraction, doing: report(fraction, f"{step}: {doing}"))
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            conn.execute(f"PRAGMA user_version = {int(version)}")
            report(1.0, f"{step}: saving")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before


def _run(conn: sqlite3.Connection, statement: str, report: Progress) -> None:
    """Run one statement of a step; one that fills a search index reports its rows as they go in,
    counted through the ``search_index_text`` calls it makes (a few per row, in C otherwise)."""
    fill = _FILL.fullmatch(statement)
    if fill is None:
        conn.execute(statement)
        return
    from .search import register_functions
    from .search_text import index_text

    table = fill.group(1)
    rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    per_row, calls, next_report = statement.count("search_index_text("), 0, 0.0

    def counted(text):
        nonlocal calls, next_report
        calls += 1
        if time.monotonic() >= next_report:
            next_report = time.monotonic() + REPORT_EVERY
            done = min(rows, calls // per_row)
            report(done / max(1, rows), f"rebuilding the search index… {done:,} of {rows:,} {table}")
        return index_text(text)

    conn.create_function("search_index_text", 1, counted, deterministic=True)
    try:
        conn.execute(statement)
    finally:
        register_functions(conn)
    report(1.0, f"rebuilding the search index… {rows:,} of {rows:,} {table}")


def _statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements

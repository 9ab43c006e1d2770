"""Library files for the durability tests: filled ones, older ones, damaged ones, foreign ones."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from annotations import backups, migrations
from annotations.importers.common import make_draft
from annotations.library import Library

TEXTS = [f"Release {number}: the ministers met in Tokyo on day {number}.\nThey upgraded the partnership "
         f"for the {number}th time.\nA long paragraph follows. " + "Words of the release. " * 300
         for number in range(1, 13)]


def fill(library: Library) -> dict:
    """Releases with highlights, notes and tags; returns what a reader would see of them."""
    for number, text in enumerate(TEXTS, start=1):
        draft = make_draft(f"r{number}.md", text.encode(), "markdown", f"<p>{text}</p>", title=f"Release {number}",
                           issuer="Ministry", date=f"2023-01-{number:02d}", language="en")
        release_id, _ = library.add_release(draft, text)
        library.add_highlight_of_quote(release_id, "the ministers met", color="green", note=f"note {number}",
                                       tags=["japan", f"t{number}"])
        library.add_release_note(release_id, f"whole release {number}")
    return seen(library)


def seen(library: Library) -> dict:
    """Every release's title and every annotation as the reader shows it (quote, note, tags, colour)."""
    return {summary.id: (summary.title, [(a.quote and a.quote.exact, a.note, a.tags, a.color)
                                         for a in library.annotations_for(summary.id)])
            for summary in library.release_summaries(0, 10_000)}


def build_at_version(path: Path, version: int, releases: int = len(TEXTS)) -> None:
    """A library at schema ``version``, made by the migrations themselves, with releases,
    annotations and tags written in the columns that version has (bound SQL: the Library of
    today writes today's schema). ``releases`` beyond the annotated dozen are more of the same
    texts, unannotated: a bigger library takes longer to upgrade."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    migrations.migrate(conn, up_to=version)
    conn.execute("BEGIN")
    for number in range(len(TEXTS) + 1, releases + 1):
        text = f"{TEXTS[number % len(TEXTS)]}\nCopy {number}."
        conn.execute("INSERT INTO releases (id, content_hash, title, issuer, date, language, source_path, "
                     "source_format, original, html, text, imported_at) VALUES (?, ?, ?, 'Ministry', '2023-03-01', "
                     "'en', ?, 'markdown', ?, ?, ?, '2023-03-02T00:00:00Z')",
                     [number, hashlib.sha256(text.encode()).hexdigest(), f"Release {number}", f"r{number}.md",
                      text.encode(), f"<p>{text}</p>", text])
    for number, text in enumerate(TEXTS, start=1):
        original = text.encode()
        conn.execute("INSERT INTO releases (id, content_hash, title, issuer, date, language, source_path, "
                     "source_format, original, html, text, imported_at) VALUES (?, ?, ?, 'Ministry', ?, 'en', ?, "
                     "'markdown', ?, ?, ?, '2023-02-01T00:00:00Z')",
                     [number, hashlib.sha256(original).hexdigest(), f"Release {number}", f"2023-01-{number:02d}",
                      f"r{number}.md", original, f"<p>{text}</p>", text])
        start = text.index("the ministers met")
        conn.execute('INSERT INTO annotations (id, uuid, release_id, start, "end", exact, prefix, suffix, color, '
                     "note, created, updated) VALUES (?, ?, ?, ?, ?, 'the ministers met', ?, ?, 'green', ?, "
                     "'2023-02-01T00:00:00Z', '2023-02-01T00:00:00Z')",
                     [number, f"{number:032x}", number, start, start + 17, text[max(0, start - 32):start],
                      text[start + 17:start + 49], f"note {number}"])
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES ('japan')")
        conn.execute("INSERT INTO tags (name) VALUES (?)", [f"t{number}"])
        for position, name in enumerate(["japan", f"t{number}"]):
            conn.execute("INSERT INTO annotation_tags (annotation_id, tag_id, position) "
                         "SELECT ?, id, ? FROM tags WHERE name = ?", [number, position, name])
    conn.execute("COMMIT")
    conn.close()


def expected_from_build(releases: int = len(TEXTS)) -> dict:
    annotated = {number: (f"Release {number}", [("the ministers met", f"note {number}", ("japan", f"t{number}"),
                                                 "green")]) for number in range(1, len(TEXTS) + 1)}
    return {**annotated, **{number: (f"Release {number}", []) for number in range(len(TEXTS) + 1, releases + 1)}}


def damage_page(path: Path, table: str, seed: int = 7) -> int:
    """Overwrite one 4 KB page of ``table``'s b-tree with noise, as a failing disk would; its number.

    The file must be closed (its WAL checkpointed) first.
    """
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [row[0] for row in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno", [table])]
    conn.close()
    page = pages[len(pages) // 2]
    with open(path, "r+b") as stream:
        stream.seek((page - 1) * page_size)
        stream.write(random.Random(seed).randbytes(page_size))
    return page


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def foreign_database(path: Path, tables: dict[str, str], application_id: int = 0, wal: bool = True) -> Path:
    """Another program's SQLite file: its own tables, a row in each, perhaps its own application id."""
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    if application_id:
        conn.execute(f"PRAGMA application_id = {application_id}")
    for name, columns in tables.items():
        conn.execute(f"CREATE TABLE {name} ({columns})")
        conn.execute(f"INSERT INTO {name} DEFAULT VALUES")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def as_the_previous_version_wrote(library_path: Path, days_ago: int) -> backups.Backup:
    """A real daily backup of ``library_path`` laid out as Communiqué wrote them before each library
    had a folder of its own: in the shared ``backups/``, its description not naming the library."""
    shared = library_path.parent / "backups"
    shared.mkdir(exist_ok=True)
    backup = backups.write_backup(library_path, "daily", destination=shared)
    facts = json.loads(backup.description_path.read_text())
    del facts["library"]
    facts["created"] = (datetime.now() - timedelta(days=days_ago)).astimezone().isoformat(timespec="seconds")
    backup.description_path.write_text(json.dumps(facts, indent=2) + "\n")
    return backups.read_backup(Path(backup.path))

"""Rescue what can be read from a damaged library into a new one (in the spirit of sqlite3's ``.recover``).

Every table is read by ranges of rowids; a range that meets a damaged page is split until the
unreadable rows are alone, and those are left out. The rows read are written into a new library
made by the migrations (so its schema, indexes and full-text indexes are whole); annotations
whose release was lost, and tag links whose annotation or tag was lost, are left out too and
counted. The damaged file is only ever read.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import library_file
from .errors import BackupFailed

#: Parents first: a row is kept only if what it refers to was rescued.
TABLES = ("releases", "annotations", "tags", "annotation_tags")
RANGE = 256
#: How far past the last readable rowid to look when the table's end itself is damaged.
PROBE_LIMIT = 1_000_000


@dataclass
class RescueReport:
    rescued: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)      # rowids that could not be read
    dangling: dict[str, int] = field(default_factory=dict)        # rows whose parent was lost

    def describe(self) -> str:
        parts = [f"{self.rescued.get(table, 0)} {table.replace('_', ' ')}" for table in TABLES[:2]]
        lost = sum(self.unreadable.values()) + sum(self.dangling.values())
        return f"rescued {', '.join(parts)}; {lost} rows could not be read or lost what they belonged to"


def rescue(damaged: Path, new_path: Path) -> RescueReport:
    """Copy every readable row of ``damaged`` into a new library at ``new_path``. Raises BackupFailed."""
    from .library import Library
    from .search import register_functions

    damaged, new_path = Path(damaged), Path(new_path)
    if new_path.exists():
        raise BackupFailed("rescue into", new_path, "it already exists (name a new file)")
    if not damaged.is_file():
        raise BackupFailed("rescue", damaged, "there is no such file")
    report = RescueReport()
    Library(new_path).close()
    try:
        with contextlib.closing(library_file.connect_read_only(damaged)) as reading, \
                contextlib.closing(sqlite3.connect(new_path, isolation_level=None)) as writing:
            register_functions(writing)                     # the search index's triggers call them
            writing.execute("BEGIN")
            for table in TABLES:
                columns = _shared_columns(reading, writing, table)
                if not columns:
                    continue
                rows, report.unreadable[table] = _readable_rows(reading, table, columns)
                listed = ", ".join(f'"{column}"' for column in columns)
                writing.executemany(f"INSERT OR IGNORE INTO {table} ({listed}) VALUES "
                                    f"({', '.join('?' * len(columns))})", rows)
            report.dangling = _drop_dangling(writing)
            for table in TABLES:
                report.rescued[table] = writing.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            writing.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        new_path.unlink(missing_ok=True)
        raise BackupFailed("rescue", damaged, f"not even its list of tables can be read ({error})") from None
    return report


def _shared_columns(reading: sqlite3.Connection, writing: sqlite3.Connection, table: str) -> list[str]:
    """The damaged file's columns of ``table`` that the new schema has too (an older file has fewer)."""
    old = [row[1] for row in reading.execute(f"PRAGMA table_info({table})")]
    new = {row[1] for row in writing.execute(f"PRAGMA table_info({table})")}
    return [column for column in old if column in new]


def _readable_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> tuple[list[tuple], int]:
    """Every row that can be read, and how many rowids in between could not be."""
    listed = ", ".join(f'"{column}"' for column in columns)
    query = f"SELECT {listed} FROM {table} WHERE rowid BETWEEN ? AND ?"
    rows: list[tuple] = []
    unreadable = 0

    def read(low: int, high: int) -> None:
        nonlocal unreadable
        try:
            rows.extend(conn.execute(query, [low, high]).fetchall())
        except sqlite3.DatabaseError:
            if low == high:
                unreadable += 1
                return
            middle = (low + high) // 2
            read(low, middle)
            read(middle + 1, high)

    last = _last_rowid(conn, table)
    for low in range(1, last + 1, RANGE):
        read(low, min(last, low + RANGE - 1))
    return rows, unreadable


def _last_rowid(conn: sqlite3.Connection, table: str) -> int:
    try:
        return conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return PROBE_LIMIT          # the right edge is damaged: look as far as a library plausibly goes


def _drop_dangling(conn: sqlite3.Connection) -> dict[str, int]:
    """Remove rows whose parent row was not rescued; how many, per table."""
    dropped = {}
    for table, condition in [
            ("annotations", "release_id NOT IN (SELECT id FROM releases)"),
            ("annotation_tags", "annotation_id NOT IN (SELECT id FROM annotations) "
                                "OR tag_id NOT IN (SELECT id FROM tags)")]:
        dropped[table] = conn.execute(f"DELETE FROM {table} WHERE {condition}").rowcount
    return dropped

"""Is this file ours, and is it whole? Answered before anything is written to it.

A library carries SQLite's ``application_id`` (``APPLICATION_ID``) and its schema version in
``user_version``. A file without our id is accepted only if it is an empty SQLite file or a
library made before the id existed (nothing but our own tables); anything else is refused with
the file untouched: it is read through a read-only connection and never configured, migrated or
checkpointed.

Integrity: ``PRAGMA quick_check`` reads every page, so its cost grows with the archive (see
README, "The library file", for the figure at 100,000 releases). Opening checks the small tables
that hold the analyst's own work (annotations, tags and their indexes); ``check_everything``
checks the whole file and runs off the window's thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

from . import migrations
from .errors import LibraryDamaged

from .migrations import APPLICATION_ID
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables whose pages are checked on every open: small, and the analyst's own work.
CHECKED_ON_OPEN = ("annotations", "tags", "annotation_tags", "codebook", "library_meta", "schema_version")


@dataclass(frozen=True)
class FileState:
    """What ``inspect`` found: ``version`` 0 means a new (or empty) file that becomes a library."""

    version: int


class NotOurs(Exception):
    """The file is not a Communiqué library; the message says why, in words."""


def inspect(path: Path) -> FileState:
    """The schema version of the library at ``path``, 0 for a file to be made (or empty).

    Raises NotOurs for a file that is not a library (another program's database, or not SQLite
    at all), sqlite3.DatabaseError when SQLite cannot read it, OSError when it cannot be opened.
    Writes nothing.
    """
    if not path.exists() or path.stat().st_size == 0:
        return FileState(0)
    with open(path, "rb") as stream:
        if stream.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise NotOurs("not an SQLite database")
    with contextlib.closing(connect_read_only(path, leave_no_trace=True)) as conn:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application_id == APPLICATION_ID:
            return FileState(migrations.current_version(conn, create=False))
        if application_id:
            raise NotOurs(f"another program's database, SQLite application id {application_id:#010x}")
        if not tables:
            return FileState(0)
        unknown = sorted(tables - known_tables())
        if unknown or not {"releases", "annotations", "schema_version"} <= tables:
            listed = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
            raise NotOurs(f"another program's SQLite database, with tables {listed}" if unknown
                          else "an SQLite database without a library's tables")
        return FileState(migrations.current_version(conn, create=False))


def upgrade_pending(path: Path) -> bool:
    """Whether opening ``path`` will back it up and migrate it first (minutes for a large library,
    so the window shows progress). False for a new file, and for one that cannot be opened: the
    Library's open then says why."""
    try:
        return 0 < inspect(Path(path)).version < migrations.LATEST_VERSION
    except (NotOurs, sqlite3.DatabaseError, OSError):
        return False


def connect_read_only(path: Path, leave_no_trace: bool = False) -> sqlite3.Connection:
    """A connection that cannot change the file (``mode=ro``).

    ``leave_no_trace``: when the file has no WAL beside it (so it is whole on its own, and no one
    has it open in WAL mode), open it ``immutable``, so that not even a ``-wal`` or ``-shm`` file
    appears beside another program's database.
    """
    immutable = leave_no_trace and not Path(f"{path}-wal").exists()
    return sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro{'&immutable=1' * immutable}", uri=True,
                           isolation_level=None, check_same_thread=False, factory=DamageAwareConnection)


@cache
def known_tables() -> frozenset[str]:
    """Every table some version of the schema has (the migrations, run on an empty database)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    names = set()
    for version in range(1, migrations.LATEST_VERSION + 1):
        migrations.migrate(conn, up_to=version)
        names |= {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    return frozenset(names)


def problems(conn: sqlite3.Connection, tables: tuple[str, ...] | None = None, thorough: bool = False) -> list[str]:
    """What ``PRAGMA quick_check`` (``thorough``: ``integrity_check``, which also compares every
    index with its table) finds wrong, in the named tables (and their indexes) or in the whole
    file; [] when all is well. A file SQLite cannot read at all is one problem."""
    found = []
    try:
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in tables if tables is not None else (None,):
            if table is not None and table not in present:
                continue
            check = "integrity_check" if thorough else "quick_check"
            pragma = f"PRAGMA {check}" if table is None else f'PRAGMA {check}("{table}")'
            found += [row[0] for row in conn.execute(pragma) if row[0] != "ok"]
    except (sqlite3.DatabaseError, LibraryDamaged) as error:
        found.append(getattr(error, "detail", str(error)))
    return found


def check_on_open(conn: sqlite3.Connection) -> list[str]:
    """The quick part: the schema can be read and the analyst's own tables are whole."""
    return problems(conn, CHECKED_ON_OPEN)


def check_everything(path: Path, keep_going: Callable[[], bool] | None = None) -> list[str]:
    """Every page of the file (``quick_check``), through a connection of its own: for a worker thread.

    ``keep_going`` is asked now and then; when it answers False the check stops and raises Stopped.
    """
    try:
        with contextlib.closing(connect_read_only(path)) as conn:
            if keep_going is not None:
                conn.set_progress_handler(lambda: 0 if keep_going() else 1, 1_000_000)
            found = problems(conn)
    except sqlite3.DatabaseError as error:
        found = [str(error)]
    if keep_going is not None and not keep_going():
        raise Stopped()
    return found


class Stopped(Exception):
    """A check was asked to stop before it finished; it found nothing either way."""


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite's error means the file's pages are damaged (not, say, a busy lock)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(error)


class DamageAwareConnection(sqlite3.Connection):
    """A connection whose statements turn SQLite's "damaged" errors into ``on_damage(error)``'s
    exception (the Library's LibraryDamaged: one sentence, and the library goes read-only), wherever
    the damage is met: running a statement or reading its rows."""

    on_damage: Callable[[sqlite3.DatabaseError], Exception] | None = None

    def execute(self, sql, parameters=()):
        return self.cursor(_DamageAwareCursor).execute(sql, parameters)

    def executemany(self, sql, parameters):
        return self.cursor(_DamageAwareCursor).executemany(sql, parameters)


class _DamageAwareCursor(sqlite3.Cursor):
    def _translated(self, call, *args):
        try:
            return call(*args)
        except sqlite3.DatabaseError as error:
            handler = getattr(self.connection, "on_damage", None)
            if handler is None or not is_damage(error):
                raise
            raise handler(error) from None

    def execute(self, sql, parameters=()):
        return self._translated(super().execute, sql, parameters)

    def executemany(self, sql, parameters):
        return self._translated(super().executemany, sql, parameters)

    def fetchone(self):
        return self._translated(super().fetchone)

    def fetchmany(self, size=None):
        return self._translated(super().fetchmany, *([] if size is None else [size]))

    def fetchall(self):
        return self._translated(super().fetchall)

    def __next__(self):
        return self._translated(super().__next__)

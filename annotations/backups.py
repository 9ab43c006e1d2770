"""Verified backups of a library, kept as a rotating set within a disk budget, and restoring one.

A backup is a snapshot taken with SQLite's online backup API through a read-only connection: it
copies one consistent state of the file, WAL and all, while other windows and processes go on
writing (a file copy of a live WAL database can catch it half-written). Measured at 100,000
releases it copies faster than ``VACUUM INTO`` (README, "The library file"). The snapshot is checked with
``PRAGMA integrity_check``, then compressed with Zstandard: the releases' text compresses about
fourfold (README gives the figures at 100,000 releases), so a week of dailies fits where two
plain copies would. The compressed file is read back and its SHA-256 compared with the checked
snapshot's; only then is its description (``.json`` beside it: when, why, what it holds, the
hash) written, and only a backup with a description is listed or restored by name.

Where: ``backups/<library's file stem>/`` beside the library file (the per-user data folder for the
default library), so that libraries kept in one folder each have their own set, rotation and daily
lock. Backups written before this layout sit in ``backups/`` itself, all libraries' together: those
whose name (``<stem>-<time>-<why>``) says they are this library's are listed, restored and rotated
with its own, so an upgrade keeps them until the policy retires them (``list_backups``).
What is kept (``rotate``): the newest backup of each of the last ``DAILY`` days, the newest of each
of the last ``WEEKLY`` weeks and the ``BEFORE_SCHEMA`` newest taken before a migration, as long as
they fit in ``budget_for`` (twice the library's size, at least ``MINIMUM_BUDGET``); the newest
backup is always kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator

from . import library_file, migrations
from .errors import BackupFailed

SUFFIX = ".sqlite3.zst"
#: In the library's backup folder: locked while its day's backup is written (``daily_lock``).
DAILY_LOCK = ".daily-backup.lock"
DAILY, WEEKLY, BEFORE_SCHEMA = 7, 4, 2
MINIMUM_BUDGET = 512 * 1024 * 1024
CHUNK = 4 * 1024 * 1024
#: Zstandard level 3 (its default): measured at 100,000 releases it is within a few per cent of
#: level 9's size at a fraction of the time (README, "The library file").
LEVEL = 3
#: ``progress(fraction, doing)``; returning False cancels (the partial files are removed).
Progress = Callable[[float, str], bool]


class Cancelled(Exception):
    """The progress callback asked to stop; nothing was kept."""


@dataclass(frozen=True)
class Backup:
    """A verified backup: the compressed file and what its description says."""

    path: str
    created: str                # local time, ISO 8601 with offset
    reason: str                 # "daily", "manual", "before-schema-N"
    releases: int
    annotations: int
    schema: int
    sha256: str                 # of the snapshot, before compression
    size: int                   # bytes on disk, compressed
    library: str = ""           # the library's file name; "" in a description written before it was recorded

    @property
    def description_path(self) -> Path:
        return description_path(Path(self.path))


def backup_folder(library_path: Path) -> Path:
    """Where this library's backups are written: its own folder, as libraries may share a folder."""
    return _shared_folder(library_path) / Path(library_path).stem


def _shared_folder(library_path: Path) -> Path:
    """``backups/`` beside the library: every library's backups lay here together before they had
    a folder each; ``list_backups`` still finds this library's among them."""
    return Path(library_path).parent / "backups"


#: A backup's file name as ``write_backup`` makes it: ``<library stem>-<time>-<why>[-<n>]``.
_NAME = re.compile(r"(?P<stem>.+)-\d{4}-\d{2}-\d{2}T\d{6}-[a-z]+(?:-[a-z]+)*(?:-\d+)*" + re.escape(SUFFIX))


def library_of(backup: Backup) -> str:
    """The library a backup was taken of: the file name its description records or, for a backup
    written before descriptions recorded it, the file stem its own name begins with ("" if neither)."""
    if backup.library:
        return backup.library
    named = _NAME.fullmatch(Path(backup.path).name)
    return named["stem"] if named else ""


def describes(backup: Backup, library_path: Path) -> bool:
    """True when ``backup`` was taken of the library at ``library_path`` (by its file name)."""
    library_path = Path(library_path)
    return library_of(backup) == (library_path.name if backup.library else library_path.stem)


def description_path(backup_path: Path) -> Path:
    return backup_path.with_name(backup_path.name.removesuffix(SUFFIX) + ".json")


def write_backup(library_path: Path, reason: str = "manual", destination: Path | None = None,
                 progress: Progress | None = None) -> Backup:
    """Snapshot, check, compress and verify the library; returns the backup written.

    ``destination``: a folder to write into, or a file name ending in ``.sqlite3.zst``; by default
    the library's backup folder, which is then rotated. Raises BackupFailed (naming the file and
    the reason), Cancelled.
    """
    library_path = Path(library_path)
    report = progress or (lambda fraction, doing: True)
    folder, name = _destination(library_path, reason, destination)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(folder)
        with _scratch(folder, ".snapshot.sqlite3") as snapshot:
            facts = _snapshot(library_path, snapshot, report)
            with _scratch(folder, ".zst.part") as partial:
                digest = _compress(snapshot, partial, report)
                report(0.9, "verifying the compressed copy")
                if _hash_of_compressed(partial) != digest:
                    raise BackupFailed("back up the library to", folder / name,
                                       "the compressed copy does not read back as written")
                target = folder / name
                _durable_replace(partial, target)
        backup = Backup(path=str(target), created=datetime.now().astimezone().isoformat(timespec="seconds"),
                        reason=reason, sha256=digest, size=target.stat().st_size, library=library_path.name,
                        **facts)
        _write_description(backup)
    except OSError as error:
        raise BackupFailed("back up the library to", folder, error.strerror or str(error)) from None
    if destination is None:
        rotate(library_path)
    report(1.0, "done")
    return backup


def _destination(library_path: Path, reason: str, destination: Path | None) -> tuple[Path, str]:
    folder = backup_folder(library_path) if destination is None else Path(destination)
    if destination is None or folder.is_dir():
        stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
        name, number = f"{library_path.stem}-{stamp}-{reason}{SUFFIX}", 1
        while (folder / name).exists():             # two in one second
            number += 1
            name = f"{library_path.stem}-{stamp}-{reason}-{number}{SUFFIX}"
        return folder, name
    destination = Path(destination)
    if not destination.name.endswith(SUFFIX):
        raise BackupFailed("back up the library to", destination,
                           f"a backup's name ends in {SUFFIX} (or give a folder)")
    return destination.parent, destination.name


def _snapshot(library_path: Path, snapshot: Path, report: Progress) -> dict:
    """Copy one consistent state of the library with SQLite's backup API, then check it whole;
    what it holds. One step, under one read transaction: writers go on (WAL), and the copy is the
    state as of its start (a copy in several steps would restart at each outside write)."""
    report(0.0, "copying the library")
    _copy_library(library_path, snapshot, "back up the library")
    if not report(0.45, "checking the copy"):
        raise Cancelled()
    with contextlib.closing(library_file.connect_read_only(snapshot, leave_no_trace=True)) as conn:
        cancelled = []
        conn.set_progress_handler(lambda: 0 if report(0.45, "checking the copy") else cancelled.append(1) or 1,
                                  1_000_000)
        found = library_file.problems(conn, thorough=True)
        if cancelled:
            raise Cancelled()
        if found:
            raise BackupFailed("back up the library", library_path, f"the copy fails SQLite's check ({found[0]})")
        return {"releases": _count(conn, "releases"), "annotations": _count(conn, "annotations"),
                "schema": migrations.current_version(conn, create=False)}


def _count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _compress(source: Path, target: Path, report: Progress) -> str:
    """Zstandard-compress ``source`` into ``target``, synced to disk; the SHA-256 of ``source``."""
    import zstandard

    digest, total, done = hashlib.sha256(), max(1, source.stat().st_size), 0
    compressor = zstandard.ZstdCompressor(level=LEVEL, write_checksum=True)
    with open(source, "rb") as reading, open(target, "wb") as writing:
        with compressor.stream_writer(writing, size=total, closefd=False) as compressing:
            while chunk := reading.read(CHUNK):
                digest.update(chunk)
                compressing.write(chunk)
                done += len(chunk)
                if not report(0.55 + 0.35 * done / total, "compressing"):
                    raise Cancelled()
        writing.flush()
        os.fsync(writing.fileno())
    return digest.hexdigest()


def _hash_of_compressed(path: Path) -> str:
    digest = hashlib.sha256()
    for chunk in _decompressed(path):
        digest.update(chunk)
    return digest.hexdigest()


def _decompressed(path: Path) -> Iterator[bytes]:
    import zstandard

    with open(path, "rb") as stream, zstandard.ZstdDecompressor().stream_reader(stream) as reading:
        while chunk := reading.read(CHUNK):
            yield chunk


def _write_description(backup: Backup) -> None:
    facts = {key: value for key, value in asdict(backup).items() if key not in ("path", "size")}
    partial = backup.description_path.with_name(backup.description_path.name + ".part")
    partial.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    _durable_replace(partial, backup.description_path)


def _durable_replace(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` so that, after a crash, one or the other is whole on disk."""
    with open(source, "rb+") as stream:
        os.fsync(stream.fileno())
    os.replace(source, target)
    if hasattr(os, "O_DIRECTORY"):          # the rename itself, on POSIX
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


@contextlib.contextmanager
def _scratch(folder: Path, suffix: str) -> Iterator[Path]:
    """A temporary file in ``folder`` (same disk as the result), removed however the block ends."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".backup-", suffix=suffix)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a backup that was killed part-way (older than an hour: not one running now)."""
    cutoff = datetime.now().timestamp() - 3600
    for leftover in folder.glob(".backup-*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def daily_care(library_path: Path, check: bool = True, progress: Progress | None = None, wait: bool = False
               ) -> tuple[list[str], Backup | None]:
    """What the first open of a day does: every page checked (``check``), then, when the file is
    whole and no backup was written today, a backup. Returns (problems found, backup written);
    safe on a worker thread (its own connections). One process at a time writes the day's backup
    (``daily_lock``): when another is at it, this one waits for it (``wait``) or leaves it to it."""
    report = progress or (lambda fraction, doing: True)
    try:
        found = library_file.check_everything(library_path, lambda: report(0.0, "checking every page")) \
            if check else []
    except library_file.Stopped:
        raise Cancelled() from None
    if found or not daily_backup_due(library_path):
        return found, None
    with daily_lock(library_path, wait) as held:
        if not held or not daily_backup_due(library_path):     # another process wrote it meanwhile
            return [], None
        return [], write_backup(library_path, "daily", progress=progress)


@contextlib.contextmanager
def daily_lock(library_path: Path, wait: bool = True) -> Iterator[bool]:
    """Held by whoever writes the library's day's backup (the window, or the command line's
    background process), so two never write one each. A lock of the operating system on a file in
    the library's own backup folder (another library's day is none of its business): it is freed
    when its holder dies, so a killed backup never leaves it stuck. Yields whether it is held
    (always, with ``wait``). Raises OSError when the folder cannot be made."""
    folder = backup_folder(library_path)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / DAILY_LOCK, "a+b") as stream:
        stream.seek(0)
        held = _lock(stream.fileno(), wait)
        try:
            yield held
        finally:
            if held:
                _unlock(stream.fileno())


def _lock(descriptor: int, wait: bool) -> bool:
    if os.name == "nt":
        import msvcrt

        while True:                                     # LK_LOCK gives up after ten seconds
            try:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(0.5)
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


def _unlock(descriptor: int) -> None:
    if os.name == "nt":
        import msvcrt

        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


# The set of backups ------------------------------------------------------------------------

def list_backups(library_path: Path) -> list[Backup]:
    """The verified backups of this library (those with a description that ``describes`` it),
    newest first: in its own folder, and in the shared ``backups/`` where the previous layout put
    them (left in place: rotation retires them with the rest, and nothing is moved half-way)."""
    found = []
    for folder in (backup_folder(library_path), _shared_folder(library_path)):
        for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else []:
            backup = read_backup(path)
            if backup is not None and describes(backup, library_path):
                found.append(backup)
    return sorted(found, key=lambda backup: backup.created, reverse=True)


def read_backup(path: Path) -> Backup | None:
    """A backup file with its description, or None when it has none (unverified, or not a backup)."""
    try:
        facts = json.loads(description_path(path).read_text(encoding="utf-8"))
        return Backup(path=str(path), size=path.stat().st_size, **facts)
    except (OSError, ValueError, TypeError):
        return None


def daily_backup_due(library_path: Path, today: datetime | None = None) -> bool:
    """True when no backup of this library was written today (local time)."""
    today = (today or datetime.now()).date().isoformat()
    return not any(backup.created.startswith(today) for backup in list_backups(library_path))


def budget_for(library_path: Path) -> int:
    """Bytes the backup set may take: twice the library, at least MINIMUM_BUDGET."""
    size = Path(library_path).stat().st_size if Path(library_path).exists() else 0
    return max(MINIMUM_BUDGET, 2 * size)


def rotate(library_path: Path, budget: int | None = None) -> list[Backup]:
    """Delete those of this library's backups the policy (module docstring) does not keep; returns
    those deleted. Other libraries' backups are never looked at."""
    backups = list_backups(library_path)
    keep: list[Backup] = []
    days, weeks = set(), set()
    for backup in backups:                                        # newest first
        created = datetime.fromisoformat(backup.created)
        day, week = created.date(), created.isocalendar()[:2]
        if backup.reason.startswith("before-schema") and \
                sum(kept.reason.startswith("before-schema") for kept in keep) < BEFORE_SCHEMA:
            keep.append(backup)
        elif day not in days and len(days) < DAILY:
            keep.append(backup)
        elif week not in weeks and len(weeks) < WEEKLY:
            keep.append(backup)
        else:
            continue
        days.add(day)
        weeks.add(week)
    budget = budget_for(library_path) if budget is None else budget
    used, within = 0, []
    for backup in keep:
        if within and used + backup.size > budget:
            continue
        used += backup.size
        within.append(backup)
    deleted = [backup for backup in backups if backup not in within]
    for backup in deleted:
        with contextlib.suppress(OSError):
            backup.description_path.unlink()        # first: a file without one is never restored by name
            Path(backup.path).unlink()
    return deleted


# Restoring ----------------------------------------------------------------------------------

def restore(library_path: Path, backup_path: Path, progress: Progress | None = None,
            any_library: bool = False) -> Path | None:
    """Replace the library by a verified copy of ``backup_path``; returns where the old file went.

    Only a backup that ``describes`` this library is restored, unless ``any_library``: the user
    picked the file themselves (From a File…, ``communique restore PATH``), and may mean to start
    this library afresh from another one's backup, or from a plain library file.

    The backup is decompressed beside the library and checked (its hash against its description,
    ``integrity_check``, that it is a library) before anything is moved. The current file, with
    its WAL, is kept as ``<name>-before-restore-<time>.sqlite3``. ``backup_path`` may also be a
    plain library file. The library must not be open while this runs. Raises BackupFailed.
    """
    library_path, backup_path = Path(library_path), Path(backup_path)
    report = progress or (lambda fraction, doing: True)
    if not backup_path.is_file():
        raise BackupFailed("restore from", backup_path, "there is no such file")
    if not any_library:
        _check_describes(backup_path, library_path)
    library_path.parent.mkdir(parents=True, exist_ok=True)
    with _scratch(library_path.parent, ".restoring.sqlite3") as restored:
        report(0.0, "reading the backup")
        if backup_path.name.endswith(SUFFIX):
            _decompress_checked(backup_path, restored)
        else:
            _copy_library(backup_path, restored, "restore from")
        report(0.5, "checking the backup")
        _check_restorable(backup_path, restored)
        aside = None
        if library_path.exists():
            stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
            aside = library_path.with_name(f"{library_path.stem}-before-restore-{stamp}{library_path.suffix}")
            for suffix in ("", "-wal", "-shm"):
                companion = Path(f"{library_path}{suffix}")
                if companion.exists():
                    os.replace(companion, f"{aside}{suffix}")
        _durable_replace(restored, library_path)
    report(1.0, "done")
    return aside


def _check_describes(backup_path: Path, library_path: Path) -> None:
    described = read_backup(backup_path)
    if described is None:
        raise BackupFailed("restore from", backup_path, f"nothing says it is a backup of {library_path.name!r}")
    if not describes(described, library_path):
        raise BackupFailed("restore from", backup_path,
                           f"it is a backup of {library_of(described)!r}, not of {library_path.name!r}")


def _decompress_checked(backup_path: Path, target: Path) -> None:
    described = read_backup(backup_path)
    digest = hashlib.sha256()
    try:
        with open(target, "wb") as writing:
            for chunk in _decompressed(backup_path):
                digest.update(chunk)
                writing.write(chunk)
    except OSError as error:
        raise BackupFailed("restore from", backup_path, error.strerror or str(error)) from None
    except Exception as error:          # zstandard.ZstdError: a truncated or damaged file
        raise BackupFailed("restore from", backup_path, f"it is not a readable backup ({error})") from None
    if described is not None and described.sha256 != digest.hexdigest():
        raise BackupFailed("restore from", backup_path, "its contents differ from when it was written")


def _copy_library(source: Path, target: Path, doing: str) -> None:
    """Copy a library file (its WAL included) with SQLite's backup API, in one step."""
    try:
        with contextlib.closing(library_file.connect_read_only(source)) as reading, \
                contextlib.closing(sqlite3.connect(target)) as writing:
            reading.backup(writing)
            writing.execute("PRAGMA journal_mode = DELETE")     # one self-contained file, no -wal beside it
    except sqlite3.DatabaseError as error:
        raise BackupFailed(doing, source, f"it could not be read ({error})") from None


def _check_restorable(backup_path: Path, restored: Path) -> None:
    try:
        state = library_file.inspect(restored)
    except (library_file.NotOurs, sqlite3.DatabaseError) as error:
        raise BackupFailed("restore from", backup_path, f"it is not a Communiqué library ({error})") from None
    if not state.version:
        raise BackupFailed("restore from", backup_path, "it is an empty library")
    if state.version > migrations.LATEST_VERSION:
        raise BackupFailed("restore from", backup_path, "it was written by a newer Communiqué")
    with contextlib.closing(library_file.connect_read_only(restored, leave_no_trace=True)) as conn:
        found = library_file.problems(conn, thorough=True)
    if found:
        raise BackupFailed("restore from", backup_path, f"it fails SQLite's check ({found[0]})")

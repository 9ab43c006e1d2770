"""Backups: verified, consistent while another process writes, rotated within a budget."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from annotations import backups, library_file
from annotations.errors import BackupFailed
from annotations.library import Library
from tests.library_files import as_the_previous_version_wrote, fill, seen

WRITER = """
import sys
from annotations.library import Library
with Library(sys.argv[1]) as library:
    print("writing", flush=True)
    for number in range(100_000):
        library.add_highlight_of_quote(1 + number % 12, "the ministers met", note=f"burst {number}",
                                       tags=[f"b{number}", "burst"])
"""


def test_a_backup_taken_while_another_process_writes_is_one_consistent_state(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        (tmp_path / "set").mkdir()
        taken = [backups.write_backup(path, destination=tmp_path / "set") for _ in range(3)]
    finally:
        writer.kill()
        writer.wait()
    for backup in taken:
        restored = tmp_path / f"restored-{backup.sha256[:8]}.sqlite3"
        backups.restore(restored, backup.path, any_library=True)          # another file name: picked
        with contextlib.closing(sqlite3.connect(restored)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # Each burst highlight was written with its two tags in one transaction: all or nothing.
            notes = conn.execute("SELECT count(*) FROM annotations WHERE note LIKE 'burst %'").fetchone()[0]
            links = conn.execute("SELECT count(*) FROM annotation_tags JOIN tags ON tags.id = tag_id "
                                 "WHERE tags.name = 'burst'").fetchone()[0]
            fts = conn.execute("SELECT count(*) FROM annotation_search WHERE annotation_search MATCH 'burst'"
                               ).fetchone()[0]
            assert notes == links == fts == backup.annotations - 24
    assert taken[-1].annotations > taken[0].annotations          # the writer really was writing


def test_a_backup_is_verified_and_described(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        shown = fill(library)
    backup = backups.write_backup(path)
    described = json.loads(backup.description_path.read_text())
    assert described["sha256"] == backup.sha256 and described["releases"] == len(shown)
    assert backups.list_backups(path) == [backup]
    os.remove(backup.description_path)                 # no description: not a (verified) backup
    assert backups.list_backups(path) == []


def test_cancelling_a_backup_leaves_nothing_behind(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    with pytest.raises(backups.Cancelled):
        backups.write_backup(path, progress=lambda fraction, doing: doing != "compressing")
    assert list(backups.backup_folder(path).iterdir()) == []


def test_a_damaged_library_is_not_backed_up(tmp_path):
    from tests.library_files import damage_page

    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    damage_page(path, "releases")
    with pytest.raises(BackupFailed, match="fails SQLite's check"):
        backups.write_backup(path)
    assert backups.list_backups(path) == []


def _fake_backup(path, created: datetime, reason: str, size: int) -> backups.Backup:
    """A described backup file of ``size`` bytes, as if written at ``created``."""
    folder = backups.backup_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}-{created:%Y-%m-%dT%H%M%S}-{reason}{backups.SUFFIX}"
    target.write_bytes(b"x" * size)
    backup = backups.Backup(str(target), created.astimezone().isoformat(timespec="seconds"), reason, 1, 1, 2,
                            "0" * 64, size, path.name)
    backups._write_description(backup)
    return backup


def test_rotation_keeps_dailies_weeklies_and_migrations_within_the_budget(tmp_path):
    path = tmp_path / "library.sqlite3"
    Library(path).close()
    now = datetime(2026, 12, 2, 9, 0)
    for day in range(60):                                  # two a day for sixty days
        for hour in (9, 17):
            _fake_backup(path, now - timedelta(days=day) + timedelta(hours=hour - 9), "daily", 100)
    _fake_backup(path, now - timedelta(days=90), "before-schema-2", 100)
    backups.rotate(path, budget=10_000)
    kept = backups.list_backups(path)
    days = sorted({datetime.fromisoformat(b.created).date() for b in kept}, reverse=True)
    assert len(kept) <= backups.DAILY + backups.WEEKLY + 1
    assert days[:backups.DAILY] == [(now - timedelta(days=n)).date() for n in range(backups.DAILY)]
    assert all(datetime.fromisoformat(b.created).hour == 17 for b in kept if b.reason == "daily")  # newest of each day
    assert any(b.reason == "before-schema-2" for b in kept)
    weeks = {datetime.fromisoformat(b.created).isocalendar()[:2] for b in kept if b.reason == "daily"}
    assert len(weeks) == backups.WEEKLY
    backups.rotate(path, budget=350)                       # a tight budget: the newest first
    assert [b.created for b in backups.list_backups(path)] == [b.created for b in kept[:3]]
    assert not [p for p in backups.backup_folder(path).iterdir()
                if p.suffix == ".json" and backups.read_backup(p.with_name(p.stem + backups.SUFFIX)) is None]


def test_one_process_at_a_time_writes_the_days_backup(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    with backups.daily_lock(path) as held:           # as the command line's background process holds it
        assert held
        assert backups.daily_care(path, wait=False) == ([], None)        # the window leaves it to that one
        with backups.daily_lock(path, wait=False) as second:
            assert not second
    found, daily = backups.daily_care(path, wait=False)
    assert found == [] and daily.reason == "daily"
    assert backups.daily_care(path, check=False, wait=True) == ([], None)   # one a day
    assert [backup.path for backup in backups.list_backups(path)] == [daily.path]


def test_libraries_in_one_folder_each_keep_their_own_backups(tmp_path):
    first, second = tmp_path / "ministries.sqlite3", tmp_path / "embassies.sqlite3"
    for path in (first, second):
        with Library(path) as library:
            fill(library)
    now = datetime.now()
    theirs = [backups.write_backup(second, "daily")] + \
        [_fake_backup(second, now - timedelta(days=day), "daily", 100) for day in (1, 2, 3)]
    assert backups.daily_backup_due(first) and not backups.daily_backup_due(second)   # its daily is not ours
    mine = backups.write_backup(first)
    assert Path(mine.path).parent == tmp_path / "backups" / "ministries"
    assert backups.list_backups(first) == [mine]
    assert backups.list_backups(second) == theirs

    for day in range(1, 40):                               # the first library's own history, then its rotation
        _fake_backup(first, now - timedelta(days=day), "daily", 100)
    assert backups.rotate(first, budget=1_000)
    assert all(backups.describes(b, first) for b in backups.list_backups(first))
    assert backups.list_backups(second) == theirs
    assert all(Path(b.path).exists() and b.description_path.exists() for b in theirs)


def test_each_library_has_its_own_daily_lock(tmp_path):
    first, second = tmp_path / "ministries.sqlite3", tmp_path / "embassies.sqlite3"
    for path in (first, second):
        with Library(path) as library:
            fill(library)
    with backups.daily_lock(first) as held:            # the first library's day is being backed up
        assert held
        found, daily = backups.daily_care(second, wait=False)    # the second's is not held up by it
        assert found == [] and daily.reason == "daily"
        assert backups.daily_care(first, wait=False) == ([], None)
    assert [b.path for b in backups.list_backups(second)] == [daily.path]
    assert backups.list_backups(first) == []


def test_restoring_refuses_another_librarys_backup_unless_picked(tmp_path):
    from tests.library_files import file_hash

    first, second = tmp_path / "ministries.sqlite3", tmp_path / "embassies.sqlite3"
    with Library(first) as library:
        fill(library)
    with Library(second) as library:
        fill(library)
        library.add_release_note(1, "the embassies' own note")
        theirs = seen(library)
    foreign = backups.write_backup(second)
    before = file_hash(first)
    with pytest.raises(BackupFailed) as refused:
        backups.restore(first, foreign.path)
    assert str(refused.value) == (f"Could not restore from {foreign.path!r}: it is a backup of "
                                  "'embassies.sqlite3', not of 'ministries.sqlite3'.")
    assert file_hash(first) == before and not list(tmp_path.glob("*before-restore*"))
    plain = tmp_path / "copy.sqlite3"                      # a library file has no description
    backups.restore(plain, foreign.path, any_library=True)
    with pytest.raises(BackupFailed, match="nothing says it is a backup of 'ministries.sqlite3'"):
        backups.restore(first, plain)
    assert file_hash(first) == before
    assert backups.restore(first, foreign.path, any_library=True) is not None   # the user picked it
    with Library(first) as library:
        assert seen(library) == theirs


def test_backups_laid_out_by_the_previous_version_are_still_listed_rotated_and_restored(tmp_path):
    first, second = tmp_path / "library.sqlite3", tmp_path / "library-2.sqlite3"
    with Library(first) as library:
        shown = fill(library)
    with Library(second) as library:
        fill(library)
    old_mine = as_the_previous_version_wrote(first, days_ago=2)
    old_theirs = as_the_previous_version_wrote(second, days_ago=0)
    assert (old_mine.library, Path(old_mine.path).parent) == ("", tmp_path / "backups")
    assert backups.list_backups(first) == [old_mine]
    assert backups.list_backups(second) == [old_theirs]
    assert backups.daily_backup_due(first) and not backups.daily_backup_due(second)   # written before, it counts

    with Library(first) as library:
        library.add_release_note(2, "after the old backup")
    assert backups.restore(first, old_mine.path) is not None       # chosen from the list: it is this library's
    with Library(first) as library:
        assert seen(library) == shown
    with pytest.raises(BackupFailed, match="it is a backup of 'library-2', not of 'library.sqlite3'"):
        backups.restore(first, old_theirs.path)

    newer = backups.write_backup(first)                    # the new layout beside the old
    assert backups.list_backups(first) == [newer, old_mine]
    backups.rotate(first, budget=1)                        # only the newest fits: the old one is retired
    assert backups.list_backups(first) == [newer] and not Path(old_mine.path).exists()
    assert backups.list_backups(second) == [old_theirs]   # the other library's old backup is untouched

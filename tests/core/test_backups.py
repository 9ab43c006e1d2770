"""Backups: verified, consistent while another process writes, rotated within a budget."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from annotations import backups, library_file
from annotations.errors import BackupFailed
from annotations.library import Library
from tests.library_files import fill, seen

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
        backups.restore(restored, backup.path)
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
    folder.mkdir(exist_ok=True)
    target = folder / f"library-{created:%Y-%m-%dT%H%M%S}-{reason}{backups.SUFFIX}"
    target.write_bytes(b"x" * size)
    backup = backups.Backup(str(target), created.astimezone().isoformat(timespec="seconds"), reason, 1, 1, 2,
                            "0" * 64, size)
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

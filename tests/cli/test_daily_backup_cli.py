"""The command line's first change of the day: written at once, the day's backup taken after it by a
process of its own (``desktop_app/daily_backup.py``), through the real entry point."""

from __future__ import annotations

import json
import time

from annotations import backups
from annotations.library import Library
from tests.cli.test_cli import communique
from tests.library_files import fill


def backups_listed(db) -> list[dict]:
    return json.loads(communique(db, "backups", "--json").stdout)


def test_the_days_first_change_returns_at_once_and_the_backup_appears_after(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        shown = fill(library)
    with backups.daily_lock(db):
        # While the lock is held no daily backup can be written: the change returns all the same.
        out = communique(db, "highlight", 1, "--quote", "upgraded the partnership", "--note", "first today").stdout
        assert out.split("\t")[3].strip() == "upgraded the partnership"
        assert backups.list_backups(db) == []
    deadline = time.monotonic() + 120
    while not backups.list_backups(db) and time.monotonic() < deadline:     # the background process's turn
        time.sleep(0.1)
    daily, = backups_listed(db)
    assert daily["reason"] == "daily"
    assert (daily["releases"], daily["annotations"]) == (len(shown), 2 * len(shown) + 1)   # with today's change
    communique(db, "highlight", 2, "--quote", "upgraded the partnership")     # starts no second one
    assert [b["path"] for b in backups_listed(db)] == [daily["path"]]


def test_an_import_has_the_days_backup_taken_after_it_once(tmp_path):
    db = tmp_path / "library.sqlite3"
    release = tmp_path / "visit.md"
    release.write_text("# Visit to Tokyo\n\nThe ministers upgraded the partnership.\n", encoding="utf-8")
    with backups.daily_lock(db):
        assert communique(db, "import", release).stdout == "1\tVisit to Tokyo\n"
    deadline = time.monotonic() + 120
    while not backups.list_backups(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    daily, = backups_listed(db)
    assert (daily["reason"], daily["releases"]) == ("daily", 1)

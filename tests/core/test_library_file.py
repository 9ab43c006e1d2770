"""Recognising our own file, refusing others untouched, and opening a damaged one read-only."""

from __future__ import annotations

import sqlite3

import pytest

from annotations import backups, library_file, migrations
from annotations.errors import LibraryDamaged, LibraryFileError
from annotations.library import Library
from tests.library_files import damage_page, file_hash, fill, foreign_database, seen


def test_a_new_library_carries_our_application_id_and_its_schema_version(tmp_path):
    path = tmp_path / "new.sqlite3"
    Library(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == library_file.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION


@pytest.mark.parametrize("name, tables, application_id, wal, reason", [
    ("places.sqlite", {"moz_places": "id INTEGER PRIMARY KEY, url TEXT"}, 0, True, "tables moz_places"),
    ("releases.db", {"releases": "id INTEGER PRIMARY KEY, body TEXT"}, 0, False, "tables"),
    ("geo.gpkg", {"gpkg_contents": "id INTEGER PRIMARY KEY"}, 0x47504B47, False, "application id 0x47504b47"),
    ("half.sqlite3", {"releases": "id INTEGER PRIMARY KEY", "annotations": "id INTEGER PRIMARY KEY"}, 0, True,
     "without a library's tables"),
])
def test_another_programs_database_is_refused_with_not_a_byte_changed(tmp_path, name, tables, application_id,
                                                                       wal, reason):
    path = foreign_database(tmp_path / name, tables, application_id, wal)
    before, files_before = file_hash(path), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(LibraryFileError, match="not a Communiqué library") as refused:
        Library(path)
    assert reason in str(refused.value) and "left as it was" in str(refused.value)
    assert file_hash(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before     # no -wal, -shm or backups/
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if wal else "delete")


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Dear diary. " * 400)
    with pytest.raises(LibraryFileError, match="not an SQLite database"):
        Library(path)
    assert path.read_bytes() == b"Dear diary. " * 400


@pytest.mark.parametrize("make", [lambda path: path.touch(), lambda path: sqlite3.connect(path).close(),
                                  lambda path: sqlite3.connect(path).execute("PRAGMA user_version = 0")])
def test_an_empty_file_becomes_a_library(tmp_path, make):
    path = tmp_path / "empty.sqlite3"
    make(path)
    with Library(path) as library:
        assert library.release_count() == 0 and not library.read_only


def test_damaged_annotation_pages_open_read_only_and_nothing_is_written(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
        for number in range(200):                   # enough annotations for several pages
            library.add_release_note(1, f"a longer note, number {number}, " + "so the table spans pages " * 8)
    damage_page(path, "annotations")
    before = file_hash(path)
    with Library(path) as library:
        assert library.read_only
        assert library.release(1).title == "Release 1"          # what is whole still reads
        with pytest.raises(LibraryDamaged, match="is damaged .* open read-only") as refused:
            library.add_release_note(1, "lost?")
        assert str(library.path) in str(refused.value)
    assert file_hash(path) == before
    assert not backups.backup_folder(path).exists()


def test_damage_in_the_releases_is_found_by_the_full_check_and_stops_writes(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    damage_page(path, "releases")
    before = file_hash(path)
    assert library_file.check_everything(path)
    with Library(path, care_before_first_write=True) as library:
        assert not library.read_only                      # the open checks only the analyst's tables
        with pytest.raises(LibraryDamaged):
            library.add_release_note(2, "lost?")         # the day's first write checks every page first
        assert library.read_only
    assert file_hash(path) == before


def test_a_whole_library_passes_the_checks_and_records_the_days_check(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    with Library(path, care_before_first_write=True) as library:
        assert library.full_check_due()
        library.add_release_note(1, "the day's first change")
        assert not library.full_check_due()
        assert library_file.check_everything(path) == []
        assert backups.list_backups(path) == []     # the day's backup is not the write's to wait for


def test_a_library_whose_header_is_damaged_is_refused_with_a_sentence(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        fill(library)
    data = bytearray(path.read_bytes())
    data[16:100] = bytes(84)                              # page size and the rest of the header
    path.write_bytes(bytes(data))
    with pytest.raises(LibraryFileError, match="Could not open the library"):
        Library(path)
    assert path.read_bytes() == bytes(data)


def test_reopen_reads_the_file_now_in_place(tmp_path):
    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        shown = fill(library)
        backup = backups.write_backup(path)
        library.add_release_note(1, "after the backup")
        library.close()
        backups.restore(path, backup.path)
        library.reopen()
        assert seen(library) == shown

"""The library file through the real command line: backups, restore, damage, foreign files."""

from __future__ import annotations

import json

from annotations import backups
from annotations.library import Library
from tests.cli.test_cli import communique
from tests.library_files import (as_the_previous_version_wrote, damage_page, file_hash, fill, foreign_database,
                                 seen)


def test_backup_list_and_restore_round_trip(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        shown = fill(library)
    written = communique(db, "backup").stdout.strip()
    assert written.startswith(str(tmp_path / "backups")) and written.endswith(backups.SUFFIX)
    listed = json.loads(communique(db, "backups", "--json").stdout)
    assert [(b["path"], b["releases"], b["annotations"], b["reason"]) for b in listed] == \
        [(written, len(shown), 2 * len(shown), "manual")]
    assert "manual" in communique(db, "backups").stdout
    communique(db, "highlight", 1, "--quote", "upgraded the partnership", "--note", "after the backup")

    out = communique(db, "restore", written).stdout
    assert f"{len(shown)} releases, {2 * len(shown)} annotations" in out
    aside = next(tmp_path.glob("library-before-restore-*.sqlite3"))
    assert str(aside) in out
    with Library(db) as library:
        assert seen(library) == shown                          # the backup's state, exactly
    with Library(aside) as before:
        assert "after the backup" in [a.note for a in before.annotations_for(1)]   # nothing lost either


def test_libraries_in_one_folder_list_and_restore_only_their_own_backups(tmp_path):
    ministries, embassies = tmp_path / "ministries.sqlite3", tmp_path / "embassies.sqlite3"
    with Library(ministries) as library:
        shown = fill(library)
    with Library(embassies) as library:
        fill(library)
        library.add_release_note(1, "the embassies' own note")
        theirs = seen(library)
    old = as_the_previous_version_wrote(ministries, days_ago=3)     # before libraries had a folder each
    old_theirs = as_the_previous_version_wrote(embassies, days_ago=3)
    mine = communique(ministries, "backup").stdout.strip()
    other = communique(embassies, "backup").stdout.strip()
    assert mine.startswith(str(tmp_path / "backups" / "ministries"))

    assert _listed(ministries) == [mine, old.path]
    assert _listed(embassies) == [other, old_theirs.path]
    text = communique(ministries, "backups").stdout
    assert mine in text and old.path in text and "embassies" not in text

    out = communique(ministries, "restore", old.path).stdout          # an old-layout backup restores
    assert "(a backup of" not in out and f"{len(shown)} releases, {2 * len(shown)} annotations" in out
    out = communique(ministries, "restore", other).stdout             # another's, typed in: the user's choice
    assert "(a backup of 'embassies.sqlite3')" in out
    with Library(ministries) as library:
        assert seen(library) == theirs
    assert _listed(embassies) == [other, old_theirs.path]       # restoring from it took nothing away


def _listed(db) -> list[str]:
    return [backup["path"] for backup in json.loads(communique(db, "backups", "--json").stdout)]


def test_backup_to_a_folder_or_a_file_name(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        fill(library)
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    assert communique(db, "backup", elsewhere).stdout.strip().startswith(str(elsewhere))
    named = tmp_path / "usb" / f"monday{backups.SUFFIX}"
    assert communique(db, "backup", named).stdout.strip() == str(named)
    wrong = communique(db, "backup", tmp_path / "monday.zip", check_status=1).stderr
    assert wrong.count("\n") == 1 and backups.SUFFIX in wrong


def test_restore_refuses_what_is_not_a_good_backup_and_changes_nothing(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        fill(library)
    written = communique(db, "backup").stdout.strip()
    before = file_hash(db)
    broken = tmp_path / f"broken{backups.SUFFIX}"
    data = bytearray(open(written, "rb").read())
    data[len(data) // 2] ^= 0xFF
    broken.write_bytes(bytes(data))
    for bad, reason in [(broken, "not a readable backup"), (tmp_path / "missing.sqlite3.zst", "no such file"),
                        (foreign_database(tmp_path / "places.sqlite", {"moz_places": "url TEXT"}),
                         "not a Communiqué library")]:
        error = communique(db, "restore", bad, check_status=1).stderr
        assert reason in error and error.count("\n") == 1
    assert file_hash(db) == before
    assert not list(tmp_path.glob("*before-restore*"))


def test_a_damaged_library_reads_what_it_can_and_refuses_writes_with_one_sentence(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        fill(library)
        for number in range(200):
            library.add_release_note(1, f"note {number} " + "long enough to need several pages " * 8)
    damage_page(db, "annotations")
    before = file_hash(db)
    listing = communique(db, "list")
    assert "Release 3" in listing.stdout and "is damaged" in listing.stderr
    refused = communique(db, "highlight", 2, "--quote", "the ministers met", check_status=1)
    assert refused.stderr.count("\n") == 1 and "is damaged" in refused.stderr and "read-only" in refused.stderr
    assert file_hash(db) == before
    assert "is damaged" in communique(db, "check", check_status=1).stderr


def test_damage_in_a_release_is_one_sentence_for_reads_and_writes(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        fill(library)
    damage_page(db, "releases")
    before = file_hash(db)
    for args in (["list"], ["search", "ministers"], ["highlight", 1, "--quote", "the ministers met"]):
        result = communique(db, *args, check_status=1)
        assert "is damaged" in result.stderr and result.stderr.count("\n") == 1, args
    assert file_hash(db) == before


def test_rescue_copies_what_can_be_read_into_a_new_file(tmp_path):
    db = tmp_path / "library.sqlite3"
    with Library(db) as library:
        shown = fill(library)
    damage_page(db, "releases")
    before = file_hash(db)
    rescued = tmp_path / "rescued.sqlite3"
    out = communique(db, "rescue", rescued).stdout
    assert out.startswith(str(rescued))
    with Library(rescued) as library:
        assert not library.read_only
        found = seen(library)
    assert 0 < len(found) < len(shown)
    assert all(shown[release_id] == value for release_id, value in found.items())
    assert file_hash(db) == before


def test_a_foreign_database_is_refused_untouched_by_every_command(tmp_path):
    places = foreign_database(tmp_path / "places.sqlite", {"moz_places": "id INTEGER PRIMARY KEY, url TEXT"})
    before = file_hash(places)
    for args in (["list"], ["import", tmp_path / "nothing.md"], ["backup"], ["check"]):
        error = communique(places, *args, check_status=1).stderr
        assert "not a Communiqué library" in error and error.count("\n") == 1
    assert file_hash(places) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]

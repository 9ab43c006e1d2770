import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from annotations import backups, library_file, migrations
from annotations.library import Library
from tests.library_files import build_at_version, expected_from_build, seen


def test_empty_file_is_migrated_to_the_latest_version(tmp_path):
    path = tmp_path / "new.sqlite3"
    with Library(path):
        pass
    conn = sqlite3.connect(path)
    assert migrations.current_version(conn) == migrations.LATEST_VERSION
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"releases", "annotations", "tags", "annotation_tags", "release_search", "annotation_search",
            "schema_version"} <= tables


def test_migrating_twice_changes_nothing(tmp_path):
    path = tmp_path / "twice.sqlite3"
    with Library(path):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn) == migrations.LATEST_VERSION
    assert conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == migrations.LATEST_VERSION


def test_every_step_applies_in_order_from_an_empty_file(tmp_path):
    conn = sqlite3.connect(tmp_path / "steps.sqlite3", isolation_level=None)
    assert migrations.migrate(conn) == 0
    versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, migrations.LATEST_VERSION + 1))


def test_a_library_from_a_newer_version_is_refused(tmp_path):
    from annotations.errors import LibraryFileError

    path = tmp_path / "future.sqlite3"
    with Library(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?)", [migrations.LATEST_VERSION + 1])
    conn.commit()
    with pytest.raises(LibraryFileError, match="newer Communiqué"):
        Library(path)


# Every earlier schema, built by the migrations themselves ---------------------------------------

@pytest.mark.parametrize("version", range(1, migrations.LATEST_VERSION))
def test_a_library_at_every_earlier_version_migrates_with_nothing_lost(tmp_path, version):
    path = tmp_path / "library.sqlite3"
    build_at_version(path, version)
    with Library(path) as library:
        assert seen(library) == expected_from_build()
        assert [hit.release_id for hit in library.search("note 7")] == [7]       # notes still found
        assert library.db.execute("PRAGMA application_id").fetchone()[0] == library_file.APPLICATION_ID
        assert library.db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        library.add_release_note(1, "written after the migration")
    before, = backups.list_backups(path)
    assert before.reason == f"before-schema-{migrations.LATEST_VERSION}" and before.schema == version
    assert (before.releases, before.annotations) == (len(expected_from_build()), len(expected_from_build()))


KILLED_MIGRATION = """
import sqlite3, sys, time
from pathlib import Path
connect = sqlite3.connect
def connect_and_trace(*args, **kwargs):
    conn = connect(*args, **kwargs)
    def trace(statement):
        if statement.startswith("INSERT INTO schema_version"):   # a step's work done, not committed
            print("migrating", flush=True)
            time.sleep(60)
    conn.set_trace_callback(trace)
    return conn
sqlite3.connect = connect_and_trace
from annotations.library import Library
Library(Path(sys.argv[1]))
"""


def test_a_migration_killed_half_way_leaves_a_library_that_opens_whole(tmp_path):
    path = tmp_path / "library.sqlite3"
    build_at_version(path, 1)
    worker = subprocess.Popen([sys.executable, "-c", KILLED_MIGRATION, str(path)], stdout=subprocess.PIPE,
                              text=True, cwd=os.getcwd())
    try:
        assert worker.stdout.readline().strip() == "migrating"
        with sqlite3.connect(path) as probe:                 # the step is not committed yet
            assert migrations.current_version(probe, create=False) == 1
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    with Library(path) as library:
        assert seen(library) == expected_from_build()
        assert migrations.current_version(library.db.conn) == migrations.LATEST_VERSION
        assert library.db.execute("PRAGMA application_id").fetchone()[0] == library_file.APPLICATION_ID


def test_a_migration_reports_each_step_and_the_index_rows_as_they_go_in(tmp_path):
    path = tmp_path / "library.sqlite3"
    build_at_version(path, 1, releases=40)
    heard = []
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, progress=lambda fraction, doing: heard.append((fraction, doing)))
    steps = migrations.LATEST_VERSION - 1
    assert [doing for _, doing in heard if doing.startswith("step") and ":" not in doing] == \
        [f"step {number} of {steps}" for number in range(1, steps + 1)]
    assert (1.0, "step 1 of %d: rebuilding the search index… 40 of 40 releases" % steps) in heard
    assert (1.0, "step 1 of %d: rebuilding the search index… 12 of 12 annotations" % steps) in heard
    assert all(0.0 <= fraction <= 1.0 for fraction, _ in heard)
    assert [doing for _, doing in heard][-1] == f"step {steps} of {steps}: saving"
    assert conn.execute("SELECT count(*) FROM release_search WHERE release_search MATCH 'copy'").fetchone()[0] == 28


def test_opening_an_older_library_says_how_its_backup_and_upgrade_go(tmp_path):
    path = tmp_path / "library.sqlite3"
    build_at_version(path, 1)
    heard = []
    with Library(path, progress=lambda fraction, doing: heard.append(doing)) as library:   # None is no cancel
        assert seen(library) == expected_from_build()
    assert heard[0].startswith("Backing up your library before upgrading it: ")
    assert f"Upgrading the library, step 1 of {migrations.LATEST_VERSION - 1}: rebuilding the search index… " \
           f"{len(expected_from_build())} of {len(expected_from_build())} releases" in heard
    assert [backup.reason for backup in backups.list_backups(path)] == [f"before-schema-{migrations.LATEST_VERSION}"]

import sqlite3

from annotations import migrations
from annotations.library import Library


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
    import pytest

    from annotations.errors import LibraryFileError

    path = tmp_path / "future.sqlite3"
    with Library(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?)", [migrations.LATEST_VERSION + 1])
    conn.commit()
    with pytest.raises(LibraryFileError, match="newer Communiqué"):
        Library(path)

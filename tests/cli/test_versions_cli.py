"""Versions through the real command line: a revised release recognised, listed, diffed, unlinked."""

from __future__ import annotations

import json

from .test_cli import communique

ORIGINAL = ("# Key rate decision\n\nThe Board raised the key rate to 21.3% per annum.\n\n"
            "Inflation is slowing in most regions of the country this autumn.\n\n"
            "The next meeting of the Board is scheduled for 20 December 2024.\n\n"
            "Press service contacts are listed on the website of the bank.\n")
REVISED = ("# Key rate decision\n\nThe Board raised the key rate to 21.5% per annum.\n\n"
           "Inflation is slowing in most regions of the country this autumn. Core inflation eased.\n\n"
           "The next meeting of the Board is scheduled for 20 December 2024.\n")


def test_a_revised_release_is_a_new_version_with_its_changes_listed(tmp_path):
    db = tmp_path / "lib.sqlite3"
    (tmp_path / "v1.md").write_text(ORIGINAL)
    (tmp_path / "v2.md").write_text(REVISED)
    communique(db, "import", tmp_path / "v1.md")
    communique(db, "highlight", 1, "--quote", "Inflation is slowing", "--note", "trend")
    communique(db, "highlight", 1, "--quote", "Press service contacts", "--note", "who")
    imported = communique(db, "import", tmp_path / "v2.md")
    assert imported.stdout == "2\tKey rate decision\n"
    assert "release 2 is a new version of release 1 (linked by similar text); 2 annotations carried over" \
        in imported.stderr

    listing = communique(db, "versions", 2).stdout.splitlines()
    assert [line.split("\t")[0] for line in listing] == ["1", "2"]
    assert listing[0].endswith("\tv1\tfirst version")
    assert listing[1].split("\t")[2:] == [
        "v2 (linked by similar text)", "3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed"]
    versions = json.loads(communique(db, "versions", 1, "--json").stdout)
    assert [(v["id"], v["previous_id"]) for v in versions] == [(1, None), (2, 1)]
    assert versions[1]["similarity"] > 0.7 and len(versions[1]["content_hash"]) == 64

    diff = communique(db, "diff", 1, 2).stdout.splitlines()
    assert diff[0] == "3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed"
    assert diff[1] == "~ “21.3%” → “21.5%”  [number]"
    changes = json.loads(communique(db, "diff", 1, 2, "--json").stdout)["changes"]
    assert changes[0]["emphasis"] == ["number"] and changes[0]["old_text"] == "21.3%"

    notes = communique(db, "notes", 2).stdout
    assert "trend" in notes and "orphaned" in notes          # the contacts paragraph is gone

    assert "2 untouched carried annotations removed" in communique(db, "unlink-version", 2).stdout
    assert communique(db, "notes", 2).stdout == ""
    assert "2 annotations carried over" in communique(db, "link-version", 1, 2).stdout


def test_version_commands_refuse_bad_ids_with_one_sentence(tmp_path):
    db = tmp_path / "lib.sqlite3"
    (tmp_path / "v1.md").write_text(ORIGINAL)
    communique(db, "import", tmp_path / "v1.md")
    for args in (("versions", 9), ("diff", 1, 9), ("link-version", 1, 1), ("unlink-version", 1)):
        result = communique(db, *args, check_status=1)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("communique: ")

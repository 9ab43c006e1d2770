"""The command line through a real subprocess, as a script would call it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def communique(db, *args, check_status=0):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(db), *map(str, args)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == check_status, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def release_file(tmp_path):
    path = tmp_path / "visit.md"
    path.write_text("**MINISTRY OF FOREIGN AFFAIRS**\n\n**PRESS RELEASE**\n\n**Visit to Tokyo**\n\n"
                    "Phnom Penh, 24 January 2023. The ministers upgraded the **Comprehensive Strategic "
                    "Partnership**. The ministers met again.\n")
    return path


def test_import_highlight_notes_json(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    out = communique(db, "import", release_file).stdout
    assert out == "1\tVisit to Tokyo\n"
    listing = json.loads(communique(db, "list", "--json").stdout)
    assert listing == [{"id": 1, "date": "2023-01-24", "issuer": "Ministry of Foreign Affairs",
                        "title": "Visit to Tokyo", "language": "en", "format": "markdown"}]
    communique(db, "highlight", 1, "--quote", "Comprehensive Strategic Partnership", "--color", "green",
               "--note", "Upgraded", "--tag", "japan", "--tag", "asean")
    communique(db, "highlight", 1, "--quote", "The ministers", "--occurrence", "2")
    collection = json.loads(communique(db, "notes", 1, "--json").stdout)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    first, second = collection["first"]["items"]
    assert first["motivation"] == "highlighting"
    assert first["body"] == [
        {"type": "TextualBody", "value": "Upgraded", "format": "text/plain", "purpose": "commenting"},
        {"type": "TextualBody", "value": "japan", "purpose": "tagging"},
        {"type": "TextualBody", "value": "asean", "purpose": "tagging"}]
    position, quote = first["target"]["selector"]
    assert quote["exact"] == "Comprehensive Strategic Partnership"
    assert first["target"]["source"].startswith("urn:sha256:")
    assert position["type"] == "TextPositionSelector" and position["end"] - position["start"] == 35
    assert second["target"]["selector"][1]["prefix"].endswith("Partnership. ")
    text = communique(db, "notes", 1).stdout
    assert "“Comprehensive Strategic Partnership”" in text and "tags: japan, asean" in text
    assert "Upgraded" in communique(db, "search", "upgrad").stdout


def test_import_twice_adds_nothing(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    again = communique(db, "import", release_file)
    assert again.stdout == "1\tVisit to Tokyo\n"
    assert "already in the library" in again.stderr
    assert len(json.loads(communique(db, "list", "--json").stdout)) == 1


@pytest.mark.parametrize("args, message", [
    (["notes", "99"], "There is no release with id 99"),
    (["highlight", "1", "--quote", "not in there"], "is not in release 1"),
    (["highlight", "1", "--quote", "The ministers", "--occurrence", "5"], "occurs 2 time(s)"),
    (["import", "missing.md"], "there is no such file"),
])
def test_user_errors_exit_1_with_one_sentence(tmp_path, release_file, args, message):
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    result = communique(db, *args, check_status=1)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_unreadable_file_is_named_and_the_rest_imports(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = communique(db, "import", bad, release_file, check_status=1)
    assert result.stdout == "1\tVisit to Tokyo\n"
    assert "scan.txt" in result.stderr and "binary" in result.stderr


def test_db_can_come_from_the_environment(tmp_path, release_file):
    db = tmp_path / "env.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMMUNIQUE_DB": str(db)}
    result = subprocess.run([sys.executable, "-m", "desktop_app", "import", str(release_file)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0 and db.exists()


def test_seed_imports_from_the_command_line(tmp_path, seed_path):
    db = tmp_path / "lib.sqlite3"
    out = communique(db, "import", seed_path).stdout
    assert out.startswith("1\tOutcomes of the Official Working Visit to Japan")
    listing = communique(db, "list").stdout
    assert "Ministry of Foreign Affairs and International Cooperation, Kingdom of Cambodia" in listing


def test_exports_in_every_format_and_the_json_round_trip(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    communique(db, "highlight", 1, "--quote", "Comprehensive Strategic Partnership", "--note", "Upgraded",
               "--tag", "japan")
    communique(db, "highlight", 1, "--quote", "met again", "--color", "purple")
    out = communique(db, "export", 1, "--pdf", tmp_path / "visit.pdf", "--analyst", "Dana").stdout
    assert out.startswith(f"1\t{tmp_path / 'visit.pdf'}\t") and "2 highlights" in out
    communique(db, "export", 1, "--md", tmp_path / "notes.md")
    assert "> Comprehensive Strategic Partnership" in (tmp_path / "notes.md").read_text()
    communique(db, "export", 1, "--csv", tmp_path / "visit.csv")
    assert (tmp_path / "visit.csv").read_bytes().startswith(b"\xef\xbb\xbfrelease_id,")
    communique(db, "export", 1, "--json", tmp_path / "visit.json")
    before = json.loads(communique(db, "notes", 1, "--json").stdout)["first"]["items"]

    other = tmp_path / "colleague.sqlite3"                 # a colleague's library with the same release
    communique(other, "import", release_file)
    assert communique(other, "import-annotations", 1, tmp_path / "visit.json").stdout == \
        "2 added, 0 already present, 0 orphaned\n"
    assert communique(other, "import-annotations", 1, tmp_path / "visit.json").stdout == \
        "0 added, 2 already present, 0 orphaned\n"
    after = json.loads(communique(other, "notes", 1, "--json").stdout)["first"]["items"]
    assert after == before


def test_export_all_writes_one_file_per_annotated_release_with_progress(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    second = tmp_path / "second.md"
    second.write_text("# Second statement\n\nNothing annotated here.\n")
    third = tmp_path / "third.md"
    third.write_text("# Third statement\n\nThe embassy will close on Friday.\n")
    communique(db, "import", release_file, second, third)
    communique(db, "highlight", 1, "--quote", "met again")
    communique(db, "highlight", 3, "--quote", "close on Friday", "--note", "Check")
    folder = tmp_path / "pdfs"
    folder.mkdir()
    lines = communique(db, "export", "--all", "--pdf", folder).stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["[1/2] 1", "[2/2] 3"]   # newest first
    assert sorted(p.name for p in folder.iterdir()) == ["0001 Visit to Tokyo.pdf", "0003 Third statement.pdf"]
    communique(db, "export", "--all", "--csv", tmp_path / "all.csv")
    assert (tmp_path / "all.csv").read_bytes().count(b"\r\n") == 3     # header and two rows, RFC 4180


@pytest.mark.parametrize("args, message", [
    (["export", "1", "--pdf", "/no/such/folder/x.pdf"], "does not exist"),
    (["export", "--pdf", "x.pdf"], "name a release ID to export, or --all"),
    (["export", "7", "--md", "x.md"], "There is no release with id 7"),
    (["import-annotations", "1", "missing.json"], "missing.json"),
])
def test_export_errors_are_one_sentence(tmp_path, release_file, args, message):
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    result = communique(db, *args, check_status=1)
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_edit_corrects_metadata_and_a_reimport_keeps_the_correction(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    out = communique(db, "edit", 1, "--issuer", "Ministry of Foreign Affairs of Cambodia", "--date", "2023-01-21",
                     "--language", "en-GB").stdout
    assert out == "1\t2023-01-21\tMinistry of Foreign Affairs of Cambodia\ten-GB\tVisit to Tokyo\n"
    communique(db, "import", release_file)
    listing = json.loads(communique(db, "list", "--json").stdout)
    assert (listing[0]["issuer"], listing[0]["date"], listing[0]["language"]) == \
        ("Ministry of Foreign Affairs of Cambodia", "2023-01-21", "en-GB")
    result = communique(db, "edit", 1, "--date", "21 January 2023", check_status=1)
    assert "YYYY-MM-DD" in result.stderr and result.stderr.count("\n") == 1


def test_delete_keeps_an_annotated_release_unless_told(tmp_path, release_file):
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release_file)
    communique(db, "highlight", 1, "--quote", "met again")
    refused = communique(db, "delete", 1, check_status=1)
    assert "--with-annotations" in refused.stderr and refused.stderr.count("\n") == 1
    assert communique(db, "delete", 1, "--with-annotations").stdout == \
        "deleted release 1 (Visit to Tokyo) with 1 annotation(s)\n"
    assert json.loads(communique(db, "list", "--json").stdout) == []
    assert "There is no release with id 1" in communique(db, "delete", 1, check_status=1).stderr


def test_a_khmer_quote_typed_without_zero_width_spaces_is_highlighted(tmp_path):
    from tests.conftest import CORPUS

    khmer = CORPUS.parent / "corpus-multilingual" / "km_news_313329.txt"
    if not khmer.is_file():
        pytest.skip("../shared/corpus-multilingual is not beside this checkout")
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", khmer)
    out = communique(db, "highlight", 1, "--quote", "គ្រោះថ្នាក់ចរាចរណ៍ផ្លូវគោក").stdout
    assert out.split("\t")[3].strip() == "គ្រោះថ្នាក់\u200bចរាចរណ៍\u200bផ្លូវគោក"   # stored as written


def test_ideographic_spaces_are_kept(tmp_path):
    release = tmp_path / "happyo.txt"
    release.write_text("外務省発表\n\n\u3000本日、外務大臣は\u3000会談しました。\n")
    db = tmp_path / "lib.sqlite3"
    communique(db, "import", release)
    out = communique(db, "highlight", 1, "--quote", "外務大臣は\u3000会談").stdout
    assert out.split("\t")[3].strip() == "外務大臣は\u3000会談"
    from annotations.library import Library

    with Library(db) as library:
        assert "\n\u3000本日" in library.release(1).text

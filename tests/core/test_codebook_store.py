"""The codebook in the library file: defaults from the migration, names and order the analyst sets."""

from __future__ import annotations

import sqlite3

import pytest

from annotations import migrations
from annotations.errors import InvalidQuery
from annotations.library import Library
from annotations.models import COLORS, CodebookEntry


def test_a_new_library_has_the_five_default_meanings(library):
    assert [(e.color, e.name) for e in library.codebook()] == [(color, meaning) for color, (_, meaning)
                                                               in COLORS.items()]
    assert all(e.description for e in library.codebook())


def test_a_library_from_before_the_codebook_gets_it_on_opening(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    step = next(number for number, script in enumerate(migrations.MIGRATIONS, start=1)
                if "CREATE TABLE codebook" in script)
    with monkeypatch.context() as older:                   # the Communiqué from before that step
        older.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:step - 1])
        older.setattr(migrations, "LATEST_VERSION", step - 1)
        Library(path).close()
    with sqlite3.connect(path) as conn:
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'codebook'").fetchall()
    with Library(path) as library:
        assert len(library.codebook()) == 5
        assert migrations.current_version(library.db.conn) == migrations.LATEST_VERSION


def test_set_renames_keeps_or_replaces_the_description_and_appends_new_colours(library):
    library.set_codebook_entry("pink", "Claim to verify")
    assert library.codebook()[3] == CodebookEntry("pink", "Claim to verify", "A worry, a risk, a claim to check")
    library.set_codebook_entry("grey", "  Boilerplate ", "Standard   wording")
    assert library.codebook()[-1] == CodebookEntry("grey", "Boilerplate", "Standard wording")
    assert library.color_meanings()["pink"] == "Claim to verify"
    assert library.color_meanings()["orange"] == "Orange"       # outside the codebook: named by itself


@pytest.mark.parametrize("color, name", [("violet", "x"), ("pink", "   ")])
def test_bad_colour_or_empty_name_is_refused(library, color, name):
    with pytest.raises(ValueError):
        library.set_codebook_entry(color, name)


def test_search_by_colour_uses_the_analysts_names(library):
    from annotations.models import ReleaseDraft

    text = "The ministers signed a partnership on fisheries."
    release_id, _ = library.add_release(ReleaseDraft("a.md", "markdown", text.encode(), f"<p>{text}</p>", "h"), text)
    library.add_highlight_of_quote(release_id, "fisheries", color="teal")
    with pytest.raises(InvalidQuery):                       # teal is not in the codebook yet
        library.search("color:teal")
    library.set_codebook_entry("teal", "Numbers to check")
    assert {hit.release_id for hit in library.search("color:numbers")} == {release_id}


def test_a_colleagues_json_brings_the_colours_this_codebook_lacks(tmp_path):
    import json

    from annotations.exporters import render_release_annotations
    from annotations.exporters.w3c import parse_annotation_file
    from annotations.models import ReleaseDraft

    text = "The ministers signed a partnership on fisheries."
    draft = ReleaseDraft("a.md", "markdown", text.encode(), f"<p>{text}</p>", "h")
    with Library(tmp_path / "colleague.sqlite3") as colleague:
        release_id, _ = colleague.add_release(draft, text)
        colleague.set_codebook_entry("teal", "Numbers", "Figures to check")
        colleague.set_codebook_entry("pink", "Their risk")
        colleague.add_highlight_of_quote(release_id, "fisheries", color="teal")
        colleague.add_highlight_of_quote(release_id, "partnership", color="pink")
        exported = tmp_path / "theirs.json"
        exported.write_text(render_release_annotations(colleague, release_id, "json"))
    assert {item["communique:meaning"] for item in json.loads(exported.read_text())["first"]["items"]} == {
        "Numbers", "Their risk"}
    with Library(tmp_path / "mine.sqlite3") as mine:
        release_id, _ = mine.add_release(draft, text)
        mine.import_annotations(release_id, parse_annotation_file(exported))
        names = {entry.color: entry.name for entry in mine.codebook()}
        assert names["teal"] == "Numbers"                  # new here: the colleague's meaning comes with it
        assert names["pink"] == "Concern / risk"           # mine already: mine stays

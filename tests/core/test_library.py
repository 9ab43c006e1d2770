import sqlite3
import subprocess
import sys
import threading

import pytest

from annotations.errors import AnnotationNotFound, LibraryFileError, QuoteNotFound, ReleaseNotFound
from annotations.importers.common import make_draft
from annotations.library import Library
from annotations.models import TextPositionSelector

TEXT = "Ministers met in Tokyo.\nThey upgraded the Comprehensive Strategic Partnership.\nThey met again."


def add(library, body=TEXT, name="a.md"):
    draft = make_draft(name, body.encode(), "markdown", f"<p>{body}</p>", title="Tokyo visit",
                       issuer="Ministry", date="2023-01-21", language="en")
    return library.add_release(draft, body)


def test_file_settings_protect_the_analysts_work(library):
    pragma = lambda name: library.db.execute(f"PRAGMA {name}").fetchone()[0]
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2          # FULL: committed means on disk
    assert pragma("busy_timeout") >= 5000


def test_same_content_is_not_added_twice(library):
    first = add(library)
    second = add(library, name="copy-of-a.md")
    assert first == (1, True)
    assert second == (1, False)
    assert library.release_count() == 1


def test_highlight_is_committed_with_both_selectors(library, tmp_path):
    release_id, _ = add(library)
    annotation = library.add_highlight_of_quote(release_id, "Comprehensive Strategic Partnership",
                                                color="green", note="Upgraded", tags=["japan", "Japan", " asean "])
    # A second connection (another window, or after a crash) sees it at once.
    other = sqlite3.connect(library.path)
    row = other.execute('SELECT start, "end", exact, prefix, suffix, color, note FROM annotations').fetchone()
    start = TEXT.index("Comprehensive")
    assert row == (start, start + 35, "Comprehensive Strategic Partnership", TEXT[:start][-32:],
                   TEXT[start + 35:][:32], "green", "Upgraded")
    assert annotation.tags == ("japan", "asean")
    assert library.all_tags() == ["asean", "japan"]


def test_reading_order_release_notes_first_orphans_last(library):
    release_id, _ = add(library)
    late = library.add_highlight_of_quote(release_id, "met again")
    early = library.add_highlight_of_quote(release_id, "Ministers met")
    note = library.add_release_note(release_id, "Whole release: routine.")
    orphan = library.add_highlight_of_quote(release_id, "Tokyo")
    library.db.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", [orphan.id])
    assert [a.id for a in library.annotations_for(release_id)] == [note.id, early.id, late.id, orphan.id]
    assert library.annotation(note.id).is_release_note


def test_edit_delete_and_restore_round_trip(library):
    release_id, _ = add(library)
    annotation = library.add_highlight_of_quote(release_id, "Tokyo", note="first", tags=["a"])
    edited = library.update_note(annotation.id, "second")
    assert edited.note == "second" and edited.updated >= annotation.updated
    assert library.set_tags(annotation.id, ["b", "c"]).tags == ("b", "c")
    assert library.set_color(annotation.id, "pink").color == "pink"
    deleted = library.delete_annotation(annotation.id)
    assert library.annotations_for(release_id) == []
    assert library.restore_annotation(deleted) == deleted


@pytest.mark.parametrize("call, error", [
    (lambda lib: lib.release(42), ReleaseNotFound),
    (lambda lib: lib.annotation(42), AnnotationNotFound),
    (lambda lib: lib.update_note(42, "x"), AnnotationNotFound),
    (lambda lib: lib.add_release_note(42, "x"), ReleaseNotFound),
    (lambda lib: lib.add_highlight_of_quote(1, "not in the text"), QuoteNotFound),
])
def test_user_errors_are_sentences(library, call, error):
    add(library)
    with pytest.raises(error) as raised:
        call(library)
    assert str(raised.value).endswith(".")


def test_bad_colour_leaves_nothing_behind(library):
    release_id, _ = add(library)
    with pytest.raises(ValueError, match="unknown highlight colour"):
        library.add_highlight(release_id, 0, 5, color="octarine")
    assert library.annotation_count() == 0


def test_release_list_pages_sorts_and_filters(library):
    for n in range(25):
        body = f"Release number {n} about {'fisheries' if n % 5 == 0 else 'trade'}."
        draft = make_draft(f"{n}.md", body.encode(), "markdown", f"<p>{body}</p>", title=f"Title {n:02}",
                           date=f"2024-01-{n + 1:02}")
        library.add_release(draft, body)
    page = library.release_summaries(0, 10, sort="date", descending=True)
    assert [s.title for s in page[:2]] == ["Title 24", "Title 23"]
    assert len(library.release_summaries(20, 10)) == 5
    assert library.release_count("fisheries") == 5
    assert {s.title for s in library.release_summaries(matching="fisheries")} == {f"Title {n:02}" for n in (0, 5, 10, 15, 20)}
    with pytest.raises(ValueError):
        library.release_summaries(sort="colour")


def test_search_finds_release_text_and_notes(library):
    release_id, _ = add(library)
    library.add_highlight_of_quote(release_id, "Tokyo", note="Check the embassy cable")
    hits = library.search("embass")
    assert [(h.release_id, h.annotation_id is not None) for h in hits] == [(release_id, True)]
    assert library.release_count("embassy") == 1        # the library filter sees notes too
    assert library.search("Strategic partner")[0].release_id == release_id
    assert library.search('"unbalanced (quotes') == []   # punctuation never becomes FTS syntax


def test_new_canonical_text_reanchors_and_orphans_never_drops(library):
    release_id, _ = add(library)
    kept = library.add_highlight_of_quote(release_id, "Comprehensive Strategic Partnership")
    lost = library.add_highlight_of_quote(release_id, "They met again")
    new_text = "Preface.\n" + TEXT.replace("They met again.", "")
    orphans = library.replace_text(release_id, new_text, "Qt 9")
    assert [a.id for a in orphans] == [lost.id]
    moved = library.annotation(kept.id)
    assert new_text[moved.position.start:moved.position.end] == "Comprehensive Strategic Partnership"
    assert library.annotation(lost.id).orphaned
    assert library.annotation(lost.id).quote.exact == "They met again"


def test_a_file_that_is_not_a_library_gives_a_sentence(tmp_path):
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryFileError, match="not a Communiqué library"):
        Library(bogus)


def test_two_connections_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite3"
    with Library(path) as first:
        release_id, _ = add(first)
    errors = []

    def writer(tag):
        try:
            with Library(path) as library:
                for n in range(40):
                    library.add_highlight(release_id, n % 20, n % 20 + 3, note=f"{tag}-{n}")
        except Exception as error:   # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in "ab"]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    assert errors == []
    with Library(path) as library:
        notes = {a.note for a in library.annotations_for(release_id)}
    assert notes == {f"{tag}-{n}" for tag in "ab" for n in range(40)}


def test_a_killed_process_keeps_every_committed_note(tmp_path):
    path = tmp_path / "crash.sqlite3"
    with Library(path) as library:
        release_id, _ = add(library)
    script = (
        "import os, sys\n"
        "from annotations.library import Library\n"
        f"lib = Library({str(path)!r})\n"
        f"a = lib.add_highlight({release_id}, 0, 9, note='before the crash')\n"
        "lib.update_note(a.id, 'typed, then killed')\n"
        "os._exit(9)\n"   # no close, no checkpoint: as if the power went
    )
    result = subprocess.run([sys.executable, "-c", script])
    assert result.returncode == 9
    with Library(path) as library:
        assert [a.note for a in library.annotations_for(release_id)] == ["typed, then killed"]
        assert library.annotations_for(release_id)[0].position == TextPositionSelector(0, 9)


def test_search_filters_by_issuer_date_tag_and_colour(library):
    from annotations.models import SearchFilters

    ids = []
    for n, (issuer, date) in enumerate([("Ministry of Foreign Affairs", "2023-01-21"),
                                        ("Sri Lanka Police", "2025-05-01"), ("Ministry of Defence", "2024-07-30")]):
        body = f"Statement {n} on maritime cooperation and trade."
        draft = make_draft(f"{n}.md", body.encode(), "markdown", f"<p>{body}</p>", title=f"Statement {n}",
                           issuer=issuer, date=date)
        ids.append(library.add_release(draft, body)[0])
    library.add_highlight_of_quote(ids[0], "maritime", color="pink", tags=["navy"])
    library.add_highlight_of_quote(ids[2], "trade", color="green", note="maritime trade")

    def found(query="", **filters):
        return [(hit.release_id, hit.annotation_id is not None) for hit in library.search(query, SearchFilters(**filters))]

    assert sorted(r for r, is_note in found("maritime") if not is_note) == sorted(ids)
    assert {r for r, _ in found("maritime", issuer="ministry")} == {ids[0], ids[2]}
    assert {r for r, _ in found("maritime", date_from="2024-01-01", date_to="2024-12-31")} == {ids[2]}
    assert found(tag="navy") == [(ids[0], False), (ids[0], True)]
    assert found(color="green") == [(ids[2], False), (ids[2], True)]
    assert found("cooperation", issuer="100%_odd") == []
    assert found() == []


def test_library_list_filters_by_what_is_typed(library):
    for n, issuer in enumerate(["Ministry of Foreign Affairs", "Sri Lanka Police"]):
        body = f"Statement {n} on maritime cooperation."
        library.add_release(make_draft(f"{n}.md", body.encode(), "markdown", f"<p>{body}</p>", title=f"S{n}",
                                       issuer=issuer, date=f"202{n}-01-01"), body)
    library.add_highlight_of_quote(2, "maritime", tags=["navy"])
    assert [s.title for s in library.release_summaries(matching="issuer:police")] == ["S1"]
    assert [s.title for s in library.release_summaries(matching="tag:navy maritime")] == ["S1"]
    assert library.release_count("from:2021-01-01 maritime") == 1
    assert library.release_count("issuer:nobody") == 0

"""Correcting a release's metadata, and deleting it, in the store."""

from __future__ import annotations

import dataclasses

import pytest

from annotations.errors import InvalidMetadata, ReleaseHasAnnotations, ReleaseNotFound
from annotations.models import ReleaseDraft


def _draft(**metadata) -> ReleaseDraft:
    fields = {"title": "Derived title", "issuer": "Derived issuer", "date": "2024-01-02", "language": "en", **metadata}
    return ReleaseDraft(source_path="/tmp/r.md", source_format="markdown", original=b"same bytes",
                        html="<p>The ministers met in Tokyo.</p>", content_hash="h1", **fields)


@pytest.fixture
def release_id(library) -> int:
    return library.add_release(_draft(), "The ministers met in Tokyo.")[0]


def test_an_edit_sets_the_fields_and_remembers_which(library, release_id):
    release = library.edit_release(release_id, title="  Visit to  Tokyo ", date="2023-01-24")
    assert (release.title, release.date, release.issuer) == ("Visit to Tokyo", "2023-01-24", "Derived issuer")
    assert library.edited_fields(release_id) == {"title", "date"}


def test_importing_the_same_file_again_rederives_all_but_the_edited_fields(library, release_id):
    library.edit_release(release_id, issuer="Ministry of Foreign Affairs of Japan")
    again = _draft(title="Better derived title", issuer="Worse issuer", date="2023-01-21", language="ja")
    assert library.add_release(again, "The ministers met in Tokyo.") == (release_id, False)
    release = library.release(release_id)
    assert (release.title, release.issuer, release.date, release.language) == \
        ("Better derived title", "Ministry of Foreign Affairs of Japan", "2023-01-21", "ja")


def test_a_rederivation_that_finds_nothing_keeps_what_was_there(library, release_id):
    library.rederive_metadata(release_id, _draft(issuer="", date=""))
    assert library.release(release_id).issuer == "Derived issuer"


@pytest.mark.parametrize("fields, named", [
    ({"date": "2023-02-30"}, "date"), ({"date": "24/01/2023"}, "date"), ({"date": "2023-1-4"}, "date"),
    ({"language": "English language"}, "language"), ({"title": "   "}, "title"),
])
def test_a_bad_value_is_refused_with_a_sentence_and_nothing_changes(library, release_id, fields, named):
    before = library.release(release_id)
    with pytest.raises(InvalidMetadata, match=named) as raised:
        library.edit_release(release_id, **fields)
    assert str(raised.value).count(".") >= 1 and repr(next(iter(fields.values()))) in str(raised.value)
    assert library.release(release_id) == before and library.edited_fields(release_id) == frozenset()


def test_clearing_a_date_or_issuer_is_allowed(library, release_id):
    release = library.edit_release(release_id, date="", issuer="")
    assert (release.date, release.issuer) == ("", "")


def test_unknown_release(library):
    with pytest.raises(ReleaseNotFound):
        library.edit_release(42, title="x")
    with pytest.raises(ReleaseNotFound):
        library.delete_release(42)


def test_a_release_with_annotations_is_deleted_only_when_asked(library, release_id):
    library.add_highlight(release_id, 4, 13, note="who", tags=["japan"])
    with pytest.raises(ReleaseHasAnnotations, match="1 annotation"):
        library.delete_release(release_id)
    assert library.release_exists(release_id)
    deleted = library.delete_release(release_id, with_annotations=True)
    assert not library.release_exists(release_id) and library.annotation_count() == 0
    assert library.all_tags() == []
    assert deleted.release["title"] == "Derived title" and len(deleted.annotations) == 1


def test_restore_puts_back_the_release_its_annotations_and_tags(library, release_id):
    annotation = library.add_highlight(release_id, 4, 13, note="who", tags=["japan", "visits"])
    library.edit_release(release_id, title="Corrected")
    before = (library.release(release_id), library.annotations_for(release_id), library.edited_fields(release_id))
    deleted = library.delete_release(release_id, with_annotations=True)
    assert library.restore_release(deleted) == release_id
    assert (library.release(release_id), library.annotations_for(release_id),
            library.edited_fields(release_id)) == before
    assert library.annotation_by_uuid(annotation.uuid).tags == ("japan", "visits")
    assert [hit.release_id for hit in library.search("Tokyo")] == [release_id]   # indexed again


def test_restore_after_the_same_content_came_back_keeps_that_one(library, release_id):
    deleted = library.delete_release(release_id)
    other_id = library.add_release(dataclasses.replace(_draft(), title="Imported again"), "The ministers met.")[0]
    assert library.restore_release(deleted) == other_id
    assert library.release(other_id).title == "Imported again"

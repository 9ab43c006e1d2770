"""Managing the tag vocabulary: counts, rename, merge, delete, and putting it back."""

from __future__ import annotations

import pytest

from annotations.errors import TagNotFound

TEXT = "The ministers signed a partnership on fisheries and a pact on trade in Phnom Penh."


@pytest.fixture
def tagged(library):
    from annotations.models import ReleaseDraft

    draft = ReleaseDraft("visit.md", "markdown", TEXT.encode(), f"<p>{TEXT}</p>", "hash-visit")
    release_id, _ = library.add_release(draft, TEXT)
    first = library.add_highlight_of_quote(release_id, "partnership", tags=["partnership", "asean"])
    second = library.add_highlight_of_quote(release_id, "fisheries", tags=["Fisheries", "partnership"])
    third = library.add_highlight_of_quote(release_id, "pact", tags=["pact"])
    return library, (first, second, third)


def tags_of(library, annotation):
    return library.annotation_by_uuid(annotation.uuid).tags


def test_counts_are_per_tag_in_alphabetical_order(tagged):
    library, _ = tagged
    assert [(t.name, t.count) for t in library.tag_counts()] == [
        ("asean", 1), ("Fisheries", 1), ("pact", 1), ("partnership", 2)]


@pytest.mark.parametrize("old, new, expected", [
    ("partnership", "alliance", [("alliance", "asean"), ("Fisheries", "alliance"), ("pact",)]),
    ("pact", "partnership", [("partnership", "asean"), ("Fisheries", "partnership"), ("partnership",)]),  # merge
    ("partnership", "Fisheries", [("Fisheries", "asean"), ("Fisheries",), ("pact",)]),    # merge on one card
    ("fisheries", "FISHERIES", [("partnership", "asean"), ("FISHERIES", "partnership"), ("pact",)]),  # respell
])
def test_rename_and_merge(tagged, old, new, expected):
    library, annotations = tagged
    change = library.rename_tag(old, new)
    assert [tags_of(library, a) for a in annotations] == expected
    library.retag(change.before)                          # undo puts every card back as it was
    assert [tags_of(library, a) for a in annotations] == [
        ("partnership", "asean"), ("Fisheries", "partnership"), ("pact",)]


def test_delete_takes_the_tag_off_and_keeps_the_annotations(tagged):
    library, annotations = tagged
    change = library.delete_tag("PARTNERSHIP")
    assert [tags_of(library, a) for a in annotations] == [("asean",), ("Fisheries",), ("pact",)]
    assert "partnership" not in [t.name for t in library.tag_counts()]
    assert set(change.before) == {annotations[0].uuid, annotations[1].uuid}


def test_unknown_tag_and_empty_name_are_refused(tagged):
    library, _ = tagged
    with pytest.raises(TagNotFound, match="'trade'"):
        library.delete_tag("trade")
    with pytest.raises(ValueError):
        library.rename_tag("pact", "  ")

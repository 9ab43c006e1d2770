"""Versions: recognised at import (measured on the corpus), linked by hand, annotations carried."""

import html
import random

import pytest

from annotations.diffing import Alignment
from annotations.errors import ReleaseNotFound, VersionLinkRefused
from annotations.importers import read_release
from annotations.importers.common import make_draft
from annotations.versions import SIMILAR_TEXT, WITH_NOTICE, similarity, source_keys

from ..conftest import CORPUS
from .revision_pairs import EDITS, revise, sample_spans

MULTILINGUAL = CORPUS.parent / "corpus-multilingual"
CBR = ("cbr_2024-09-13_key-rate-decision_ru.txt", "cbr_2024-10-25_key-rate-decision_ru.txt")


def add_text(library, text, name, issuer="Ministry", date="", original=None, source_format="text", title=None):
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    draft = make_draft(name, original or text.encode(), source_format, body,
                       title=text.split("\n")[0][:60] if title is None else title, issuer=issuer, date=date)
    return library.add_release(draft, text)[0]


def corpus_files():
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    return [path for folder in (CORPUS, MULTILINGUAL) if folder.is_dir() for path in sorted(folder.iterdir())
            if path.name != "MANIFEST.tsv"]


def import_file(library, path, derive_text):
    draft = read_release(path)
    return library.add_release(draft, derive_text(draft.html))[0], draft


def test_no_two_releases_of_the_corpus_are_linked_as_versions(library, derive_text):
    """Every corpus release is a release of its own, the two Bank of Russia decisions included."""
    ids = [import_file(library, path, derive_text)[0] for path in corpus_files()]
    assert all(len(library.versions_of(release_id)) == 1 for release_id in ids)


def test_the_two_bank_of_russia_decisions_share_a_template_yet_stay_apart(library, derive_text):
    if not (MULTILINGUAL / CBR[0]).is_file():
        pytest.skip("the multilingual corpus is not beside this checkout")
    (first, draft), (second, _) = (import_file(library, MULTILINGUAL / name, derive_text) for name in CBR)
    from rapidfuzz import fuzz

    old, new = library.release(first).text, library.release(second).text
    assert fuzz.ratio(old, new) > 60                  # one template: most characters in common...
    score = similarity(Alignment(old, new))
    assert score < SIMILAR_TEXT - 0.2 and score < WITH_NOTICE   # ...yet far below the threshold
    assert library.versions_of(second)[0].id == second
    assert library.find_previous_version(second, draft, new) is None


@pytest.mark.parametrize("kind", [kind for kind in EDITS if len(EDITS[kind]) == 1])
def test_a_revision_of_each_corpus_release_is_linked_to_it(library, derive_text, kind):
    for number, path in enumerate(corpus_files()):
        original_id, draft = import_file(library, path, derive_text)
        text = library.release(original_id).text
        revised = revise(path.name, text, EDITS[kind], sample_spans(text, random.Random(number)), number).new
        if revised == text or len(revised) < len(text) / 2:     # half a release gone is not a revision of it
            continue
        revision_id = add_text(library, revised, f"revised-{path.name}", issuer=draft.issuer, date=draft.date,
                               title=draft.title)
        versions = library.versions_of(revision_id)
        assert [version.id for version in versions] == [original_id, revision_id], path.name
        assert versions[1].linked_by == "similar text" and versions[1].similarity >= SIMILAR_TEXT


def test_a_correction_notice_links_a_heavier_revision_and_different_dates_keep_releases_apart(library):
    base = "\n".join(f"Paragraph {n} says the plan has {n * 7} parts and will be reviewed." for n in range(1, 9))
    original = add_text(library, base, "a.txt", date="2024-03-01")
    heavy = "\n".join(base.split("\n")[:4] + [f"Section {n}: an entirely new account of item {n * 3}, fully rewritten."
                                               for n in range(5, 9)])
    assert WITH_NOTICE <= similarity(Alignment(base, heavy)) < SIMILAR_TEXT
    draft = make_draft("b.txt", heavy.encode(), "text", "", issuer="Ministry", date="2024-03-01")
    assert library.find_previous_version(0, draft, heavy) is None          # not without a notice
    corrected = "CORRECTING and REPLACING\n" + heavy
    linked = library.versions_of(add_text(library, corrected, "c.txt", date="2024-03-01"))
    assert linked[0].id == original and linked[-1].linked_by == "correction notice"
    weekly = base.replace("reviewed", "reviewed weekly")
    assert len(library.versions_of(add_text(library, weekly, "d.txt", date="2024-03-08"))) == 1


def test_the_same_page_url_or_message_id_links_a_rewritten_release(library):
    page = b'<html><head><link rel="canonical" href="https://gov.example/news/42"></head><body>x</body></html>'
    first = add_text(library, "Budget talks open today.\nMinisters meet at noon in the capital.", "a.html",
                     original=page, source_format="html")
    draft = make_draft("b.html", page + b" ", "html", "<p>x</p>")
    assert source_keys(draft) == {"url:https://gov.example/news/42"}
    second = add_text(library, "Budget talks opened today.\nMinisters met at noon in the capital city.", "b.html",
                      issuer="Someone else", original=page + b"<!-- v2 -->", source_format="html")
    assert library.versions_of(second)[-1].linked_by == "same source"
    assert [version.id for version in library.versions_of(first)] == [first, second]


BACKGROUND = ("The decision reflects the balance of risks set out in the monetary policy report, "
              "which the Board reviews at each of its eight meetings a year.\n")


def test_annotations_follow_to_the_new_version_each_marked(library):
    old = (BACKGROUND +"The Bank raised the key rate to 21% per annum.\n"
           "Inflation is 8.5% and the Bank expects it to slow.\n"
           "The Board will meet again on 20 December.\n"
           "Press service contacts: press@example.org.")
    new = (BACKGROUND + "The Bank raised the key rate to 21% per annum.\n"
           "Inflation is 8.7% and the Bank expects it to slow.\n"
           "The Board will meet again on 20 December.")
    first = add_text(library, old, "v1.txt")
    unchanged = library.add_highlight_of_quote(first, "raised the key rate to 21%", note="big", tags=["rates"])
    changed = library.add_highlight_of_quote(first, "Inflation is 8.5%", color="pink")
    orphaned = library.add_highlight_of_quote(first, "press@example.org", note="who to call")
    whole = library.add_release_note(first, "Read with the statement.")
    second = add_text(library, new, "v2.txt")
    carried = library.annotations_for(second)
    marks = library.carry_marks(second)
    by_note = {annotation.note: annotation for annotation in carried}
    assert len(carried) == 4
    assert marks[by_note["big"].id].status == "unchanged" and by_note["big"].tags == ("rates",)
    assert new[by_note["big"].position.start:by_note["big"].position.end] == "raised the key rate to 21%"
    pink = next(annotation for annotation in carried if annotation.color == "pink")
    assert marks[pink.id].status == "changed" and marks[pink.id].old_exact == "Inflation is 8.5%"
    assert pink.quote.exact == "Inflation is 8.7%"
    assert marks[by_note["who to call"].id].status == "orphaned" and by_note["who to call"].orphaned
    assert by_note["who to call"].quote.exact == "press@example.org"          # the old quote is kept
    assert marks[by_note["Read with the statement."].id].status == "unchanged"
    # The old version keeps its own, untouched.
    assert library.annotations_for(first) == [library.annotation(a.id) for a in (whole, unchanged, changed, orphaned)]


def test_link_and_unlink_by_hand(library):
    first = add_text(library, "Alpha statement on trade.", "a.txt", issuer="One")
    second = add_text(library, "A wholly different text about fisheries.", "b.txt", issuer="Two")
    library.add_highlight_of_quote(first, "trade")
    assert len(library.versions_of(second)) == 1
    assert library.link_versions(first, second) == 1
    assert [version.id for version in library.versions_of(first)] == [first, second]
    assert library.versions_of(second)[1].linked_by == "by hand"
    assert library.previous_version(second).id == first
    with pytest.raises(VersionLinkRefused):
        library.link_versions(second, first)                 # a loop
    with pytest.raises(VersionLinkRefused):
        library.link_versions(first, first)
    kept = library.annotations_for(second)[0]
    library.update_note(kept.id, "my own words now")         # edited on the new version: the analyst's work
    assert library.unlink_version(second) == 0
    assert [a.note for a in library.annotations_for(second)] == ["my own words now"]
    assert library.carry_marks(second) == {}
    with pytest.raises(VersionLinkRefused):
        library.unlink_version(second)
    with pytest.raises(ReleaseNotFound):
        library.link_versions(first, 999)


def test_siblings_on_one_template_stay_apart(library):
    tiny = [add_text(library, f"Release {n}\nRun step {n} of the plan.", f"{n}.txt") for n in range(3)]
    assert all(len(library.versions_of(release_id)) == 1 for release_id in tiny)
    weekly = "\n".join(f"Reserve item {n} stood at {n * 11} billion, unchanged from the previous week." for n in range(6))
    first = add_text(library, weekly, "w1.txt", title="International reserves as of 5 May")
    second = add_text(library, weekly.replace("unchanged", "little changed"), "w2.txt",
                      title="International reserves as of 12 May")
    assert len(library.versions_of(second)) == 1 and len(library.versions_of(first)) == 1


def test_a_revision_is_found_through_its_text_keys_whatever_its_title(library, derive_text):
    from annotations.versions import text_keys

    path = corpus_files()[1]
    original_id, draft = import_file(library, path, derive_text)
    text = library.release(original_id).text
    revised = revise(path.name, text, EDITS["sentences inserted"], sample_spans(text, random.Random(3)), 3).new
    assert text_keys(text) & text_keys(revised)                      # a band in common
    assert not text_keys(text) & text_keys(library.release(original_id).text[::-1])
    revision_id = add_text(library, revised, "renamed.txt", issuer=draft.issuer, date=draft.date,
                           title="A wholly new headline")
    assert [version.id for version in library.versions_of(revision_id)] == [original_id, revision_id]

"""Annotations follow a release to its next version: measured on revision pairs built from the corpus.

The issue's bar: at least 99 % of the annotations whose text is unchanged re-anchor exactly, and
none lands on a passage that is not what became of its own text.
"""

import random
from pathlib import Path

import pytest

from annotations.anchoring import anchor
from annotations.carrying import CHANGED, ORPHANED, UNCHANGED, carry
from annotations.diffing import Alignment
from annotations.importers import read_release

from ..conftest import CORPUS
from .revision_pairs import EDITS, Tally, revise, sample_spans

MULTILINGUAL = CORPUS.parent / "corpus-multilingual"
SEEDS = range(2)


def _corpus_texts(derive_text) -> dict[str, str]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    files = [path for folder in (CORPUS, MULTILINGUAL) if folder.is_dir() for path in sorted(folder.iterdir())
             if path.name != "MANIFEST.tsv"]
    return {path.name: derive_text(read_release(path).html) for path in files}


def carry_over(texts: dict[str, str], edits) -> Tally:
    tally = Tally()
    for name, text in texts.items():
        for seed in SEEDS:
            spans = sample_spans(text, random.Random(seed))
            revision = revise(f"{name} seed {seed}", text, edits, spans, seed)
            alignment = Alignment(revision.old, revision.new)
            for start, end in spans:
                position, quote = anchor(text, start, end)
                carried = carry(alignment, quote, position)
                assert (carried.span is None) == (carried.status == ORPHANED)
                tally.record(revision, (start, end), carried.span)
    return tally


@pytest.fixture(scope="module")
def tallies() -> dict[str, Tally]:
    from .conftest import plain_text

    texts = _corpus_texts(plain_text)
    return {kind: carry_over(texts, edits) for kind, edits in EDITS.items()}


@pytest.mark.parametrize("kind", list(EDITS))
def test_no_annotation_lands_on_another_passage(tallies, kind):
    tally = tallies[kind]
    assert tally.unchanged_total > 500
    assert tally.wrong == 0, tally.wrong_cases[:5]


@pytest.mark.parametrize("kind", [kind for kind in EDITS if len(EDITS[kind]) == 1])
def test_annotations_on_unchanged_text_follow_exactly_through_each_kind_of_edit(tallies, kind):
    tally = tallies[kind]
    assert tally.unchanged_exact >= 0.99 * tally.unchanged_total, (tally.unchanged_exact, tally.unchanged_total)


def test_annotations_on_unchanged_text_follow_exactly_over_the_whole_suite(tallies):
    """All the kinds together, and every edit at once, where a moved paragraph may also be reworded."""
    exact = sum(tally.unchanged_exact for tally in tallies.values())
    total = sum(tally.unchanged_total for tally in tallies.values())
    assert exact >= 0.99 * total, (exact, total)
    combined = tallies["all of them"]
    assert combined.unchanged_exact >= 0.98 * combined.unchanged_total


def test_a_changed_figure_is_followed_and_marked_changed():
    old = "Inflation reached 21.3% in March, the Bank said.\nRates stay at 16%."
    new = "Inflation reached 21.5% in March, the Bank said.\nRates stay at 16%."
    start = old.index("reached 21.3% in March")
    position, quote = anchor(old, start, start + len("reached 21.3% in March"))
    carried = carry(Alignment(old, new), quote, position)
    assert carried.status == CHANGED
    assert new[carried.span[0]:carried.span[1]] == "reached 21.5% in March"


def test_a_quote_in_a_moved_paragraph_moves_with_it_and_one_in_a_deleted_paragraph_is_orphaned():
    old = "First paragraph about rates.\nSecond paragraph about the Bank and its rates.\nThird about the Bank."
    new = "Second paragraph about the Bank and its rates.\nFirst paragraph about rates."
    alignment = Alignment(old, new)
    start = old.index("the Bank and its")
    position, quote = anchor(old, start, start + len("the Bank"))
    moved = carry(alignment, quote, position)
    assert moved.status == UNCHANGED and new[moved.span[0]:moved.span[1]] == "the Bank"
    assert moved.span[0] == new.index("the Bank and its")
    deleted = old.rindex("the Bank")
    position, quote = anchor(old, deleted, deleted + len("the Bank"))
    assert carry(alignment, quote, position).status == ORPHANED

"""Carry an annotation from one version of a release to the next, and say what happened to its passage.

Three outcomes, each shown to the analyst: ``unchanged`` (the same words, found again),
``changed`` (the passage is still there, reworded: old and new wording are both kept), and
``orphaned`` (the passage was removed; the annotation keeps its old quote, never dropped).

Placement goes by the words the two versions share (``diffing.Alignment``), not by searching for
the quote: a quote inside an unchanged run of text moves with that run, so the same words
elsewhere can never capture it. A passage the alignment lost is followed only when its whole
paragraph or sentence moved word for word; otherwise it is orphaned, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .anchoring import context_agrees, resolve
from .diffing import Alignment
from .models import TextPositionSelector, TextQuoteSelector

UNCHANGED, CHANGED, ORPHANED = "unchanged", "changed", "orphaned"
#: An unchanged run at least this long is trusted by itself; a shorter one (a few shared words
#: between two edits) only when the quote's own prefix or suffix agrees there too.
TRUSTED_RUN_CHARS = 24
#: A reworded passage is followed when at least this share of its characters survived and the new
#: wording is at least this similar (0–1) to the old; below that it was replaced, not reworded.
CHANGED_SURVIVAL = 0.5
CHANGED_SIMILARITY = 0.5
#: A paragraph or sentence this long (non-space characters) found whole, once, among the new text's
#: new words was moved there.
MOVED_UNIT_CHARS = 12
#: ... provided at most this share of its new copy is already matched to other old text.
MOVED_UNIT_ALIGNED = 0.5


@dataclass(frozen=True)
class Carried:
    status: str                         # UNCHANGED, CHANGED or ORPHANED
    span: tuple[int, int] | None        # where it now sits in the new text; None when orphaned


def carry(alignment: Alignment, quote: TextQuoteSelector, position: TextPositionSelector | None) -> Carried:
    """Where the passage of ``quote`` (anchored in ``alignment.old``) now is in ``alignment.new``."""
    old, new = alignment.old, alignment.new
    span = _span_in_old(old, quote, position)
    if span is None:
        return Carried(ORPHANED, None)
    start, end = span
    block = alignment.block_at(start)
    if block is not None and end <= block.old_end:
        new_start = block.new_start + start - block.old_start
        new_end = new_start + end - start
        if block.length >= TRUSTED_RUN_CHARS or context_agrees(new, new_start, new_end, quote):
            return Carried(UNCHANGED, (new_start, new_end))
    moved = _moved_or_orphaned(alignment, span)
    kept = alignment.unchanged_characters(start, end)
    if moved.status == UNCHANGED or kept == 0:
        return moved
    new_start, new_end = _trimmed(new, alignment.map_offset(start), alignment.map_end(end))
    if new_start < new_end and kept / (end - start) >= CHANGED_SURVIVAL:
        from rapidfuzz import fuzz  # loaded on the first carry, not at start-up

        if fuzz.ratio(new[new_start:new_end], quote.exact) / 100 >= CHANGED_SIMILARITY:
            return Carried(CHANGED, (new_start, new_end))
    return Carried(ORPHANED, None)


def _span_in_old(old: str, quote: TextQuoteSelector, position: TextPositionSelector | None) -> tuple[int, int] | None:
    if position is not None and old[position.start:position.end] == quote.exact:
        return position.start, position.end
    return resolve(old, quote, position)


def _moved_or_orphaned(alignment: Alignment, span: tuple[int, int]) -> Carried:
    """A passage the alignment lost is followed only inside its paragraph, or its sentence, moved
    word for word.

    That unit (a line of the canonical text, or a sentence of it) must occur once in the old text
    and once in the new, there mostly among text no unchanged run accounts for; the quote keeps
    its place inside it. Nothing else is searched for: the same words elsewhere are another passage.
    """
    old, new = alignment.old, alignment.new
    start, end = span
    for unit_start, unit_end in _units_around(old, start, end):
        unit = old[unit_start:unit_end]
        if len("".join(unit.split())) < MOVED_UNIT_CHARS or old.count(unit) != 1 or new.count(unit) != 1:
            continue
        new_unit = new.find(unit)
        if alignment.new_aligned_characters(new_unit, new_unit + len(unit)) > len(unit) * MOVED_UNIT_ALIGNED:
            continue
        new_start = new_unit + start - unit_start
        return Carried(UNCHANGED, (new_start, new_start + end - start))
    return Carried(ORPHANED, None)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")


def _units_around(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The line holding ``text[start:end]``, then the sentence holding it (when it has one)."""
    if "\n" in text[start:end]:
        return []
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    units = [(line_start, line_end)]
    sentence_start = line_start
    for match in _SENTENCE_BREAK.finditer(text, line_start, line_end):
        if match.end() > start:
            if match.start() >= end:
                units.append((sentence_start, match.start()))
            return units
        sentence_start = match.end()
    if sentence_start > line_start:
        units.append((sentence_start, line_end))
    return units


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

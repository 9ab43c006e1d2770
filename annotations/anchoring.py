"""Anchor highlights to a release's canonical text and find them again after the text changes.

Selectors follow the W3C Web Annotation model: a ``TextPositionSelector`` (fast, exact) and a
``TextQuoteSelector`` (survives edits). ``resolve`` tries them in the order the Hypothesis client
does: position if the quote is still there, then the exact quote nearest the old position
(prefix/suffix break ties), then a scored fuzzy match; if nothing scores above
``FUZZY_THRESHOLD`` it returns None and the caller keeps the annotation as orphaned.

A short or repeated quote ("global teams", "the Bank") proves nothing by itself: the same words
sit in many sentences. Such a quote is only placed where its stored prefix or suffix agrees with
the text beside it (``context_agrees``); where neither does, it is orphaned, because a note
silently moved onto another sentence is worse than one shown as lost.
"""

from __future__ import annotations

import bisect
import re

from .errors import QuoteNotFound
from .models import TextPositionSelector, TextQuoteSelector

CONTEXT_LENGTH = 32
#: Least weighted score (0–1) a fuzzy match needs; below it the annotation is orphaned.
FUZZY_THRESHOLD = 0.75
#: Least similarity (0–100) of the quote itself for a fuzzy candidate to be considered at all.
QUOTE_SIMILARITY_FLOOR = 75.0
#: A quote with at least this many non-space characters that occurs once names its own passage;
#: a shorter or repeated one needs its context to agree (see ``context_agrees``).
DISTINCTIVE_CHARS = 40
#: Least similarity (0–1) of a stored prefix or suffix to the text beside a candidate to agree.
CONTEXT_AGREEMENT = 0.8
#: A stored side shorter than this (non-space characters) must match exactly to count as agreeing.
SHORT_CONTEXT_CHARS = 12


def anchor(text: str, start: int, end: int) -> tuple[TextPositionSelector, TextQuoteSelector]:
    """Selectors for ``text[start:end]``. Raises ValueError for an empty or out-of-range span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is not a non-empty range of a {len(text)}-character text")
    return (
        TextPositionSelector(start, end),
        TextQuoteSelector(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_LENGTH):start],
            suffix=text[end:end + CONTEXT_LENGTH],
        ),
    )


#: Invisible characters that sources put between the words of scripts written without spaces
#: (Khmer, Thai, Lao, Myanmar), or between any letters, or leave out: zero-width space,
#: zero-width non-joiner, word joiner, zero-width no-break space. A quote matches with or without them.
INVISIBLE_SEPARATORS = "\u200b\u200c\u2060\ufeff"
_INVISIBLES = re.compile(f"[{INVISIBLE_SEPARATORS}]+")


def quote_pattern(quote: str) -> re.Pattern | None:
    """A pattern for ``quote`` as typed or pasted: any run of whitespace (or invisible separators)
    where it has whitespace, invisible separators optional between any two characters; None when
    the quote has nothing visible."""
    words = _INVISIBLES.sub("", quote).split()
    if not words:
        return None
    optional = f"[{INVISIBLE_SEPARATORS}]*"
    return re.compile(f"[\\s{INVISIBLE_SEPARATORS}]+".join(
        optional.join(re.escape(character) for character in word) for word in words))


def find_quote(text: str, quote: str, occurrence: int = 1, release_id: object = "?") -> tuple[int, int]:
    """The span of the ``occurrence``-th (1-based) occurrence of ``quote`` in ``text``.

    Whitespace in the quote matches any run of whitespace in the text, so a quote typed on one
    line finds a passage that wraps; zero-width separators match whether the quote has them or
    not (``quote_pattern``). Raises QuoteNotFound.
    """
    pattern = quote_pattern(quote)
    if pattern is None:
        raise QuoteNotFound(quote, release_id)
    matches = list(pattern.finditer(text))
    if occurrence < 1 or occurrence > len(matches):
        raise QuoteNotFound(quote, release_id, occurrence, len(matches))
    match = matches[occurrence - 1]
    return match.start(), match.end()


def resolve(text: str, quote: TextQuoteSelector,
            position: TextPositionSelector | None = None) -> tuple[int, int] | None:
    """Where the annotation described by the selectors now sits in ``text``, or None if lost.

    Where zero-width separators differ between the stored quote and the text (a colleague's copy
    of a Khmer release used them, ours does not), the quote is looked for again with them left
    out of both, and the span found is given in ``text``'s own offsets.
    """
    span = _resolve(text, quote, position)
    if span is None and (_INVISIBLES.search(text) or _INVISIBLES.search(quote.exact + quote.prefix + quote.suffix)):
        span = _resolve_without_invisibles(text, quote, position)
    return span


def _resolve_without_invisibles(text: str, quote: TextQuoteSelector,
                                position: TextPositionSelector | None) -> tuple[int, int] | None:
    kept = [index for index, character in enumerate(text) if character not in INVISIBLE_SEPARATORS]
    visible = "".join(text[index] for index in kept)
    bare = TextQuoteSelector(*(_INVISIBLES.sub("", part) for part in (quote.exact, quote.prefix, quote.suffix)))
    if position is not None:
        start = bisect.bisect_left(kept, position.start)
        position = TextPositionSelector(start, start + len(bare.exact))
    span = _resolve(visible, bare, position)
    if span is None:
        return None
    return kept[span[0]], kept[span[1] - 1] + 1


def _resolve(text: str, quote: TextQuoteSelector,
             position: TextPositionSelector | None = None) -> tuple[int, int] | None:
    exact = quote.exact
    if not exact:
        return None
    if position and text[position.start:position.end] == exact and (
            _is_distinctive(text, exact) or context_agrees(text, position.start, position.end, quote)):
        return position.start, position.end
    hint = position.start if position else None
    exact_span = _nearest_exact(text, quote, hint)
    if exact_span is not None:
        return exact_span
    return _fuzzy(text, quote, hint)


def context_agrees(text: str, start: int, end: int, quote: TextQuoteSelector) -> bool:
    """Whether the stored prefix or the stored suffix matches the text beside ``text[start:end]``.

    One side is enough (an edit usually touches one side of a passage); a side of a few
    characters only counts when it matches exactly, and an empty prefix (or suffix) only where
    the candidate begins (or ends) the text. A selector with no context at all (another tool
    may write only ``exact``) cannot disagree.
    """
    if not quote.prefix and not quote.suffix:
        return True
    before = text[max(0, start - len(quote.prefix)):start]
    after = text[end:end + len(quote.suffix)]
    return _side_agrees(quote.prefix, before, start == 0) or _side_agrees(quote.suffix, after, end == len(text))


def _side_agrees(stored: str, actual: str, at_edge: bool) -> bool:
    if not stored:
        return at_edge
    if len(stored.strip()) < SHORT_CONTEXT_CHARS:
        return " ".join(stored.split()) == " ".join(actual.split())
    from rapidfuzz import fuzz  # loaded on the first re-anchoring, not at start-up
    return fuzz.ratio(stored, actual) / 100 >= CONTEXT_AGREEMENT


def _is_distinctive(text: str, exact: str) -> bool:
    """Long enough, and found once in ``text``: the quote alone tells where it is."""
    return (len("".join(exact.split())) >= DISTINCTIVE_CHARS and text.find(exact) != -1
            and text.find(exact, text.find(exact) + 1) == -1)


def _context_score(text: str, start: int, end: int, quote: TextQuoteSelector) -> float:
    """0–1: how well the text around a candidate matches the stored prefix and suffix."""
    from rapidfuzz import fuzz  # loaded on the first fuzzy match, not at start-up
    scores = []
    if quote.prefix:
        scores.append(fuzz.ratio(text[max(0, start - len(quote.prefix)):start], quote.prefix) / 100)
    if quote.suffix:
        scores.append(fuzz.ratio(text[end:end + len(quote.suffix)], quote.suffix) / 100)
    return sum(scores) / len(scores) if scores else 1.0


def _position_score(text: str, start: int, hint: int | None) -> float:
    if hint is None or not text:
        return 1.0
    return 1.0 - min(1.0, abs(start - hint) / len(text))


def _nearest_exact(text: str, quote: TextQuoteSelector, hint: int | None) -> tuple[int, int] | None:
    candidates = []
    index = text.find(quote.exact)
    while index != -1:
        candidates.append(index)
        index = text.find(quote.exact, index + 1)
    if not candidates:
        return None
    length = len(quote.exact)
    if not (len(candidates) == 1 and _is_distinctive(text, quote.exact)):
        candidates = [start for start in candidates if context_agrees(text, start, start + length, quote)]
        if not candidates:
            return None
    best = max(candidates, key=lambda start: (
        _context_score(text, start, start + length, quote) * 2 + _position_score(text, start, hint)))
    return best, best + length


def _fuzzy(text: str, quote: TextQuoteSelector, hint: int | None) -> tuple[int, int] | None:
    """Best approximate match, weighted as quote 50 %, context 35 %, position 15 %."""
    from rapidfuzz import fuzz  # loaded on the first fuzzy match, not at start-up
    best_score, best_span = 0.0, None
    short = len("".join(quote.exact.split())) < DISTINCTIVE_CHARS
    for start, end in _fuzzy_candidates(text, quote):
        start, end = _refine_ends(text, start, end, quote.exact)
        similarity = fuzz.ratio(text[start:end], quote.exact)
        if similarity < QUOTE_SIMILARITY_FLOOR or (short and not context_agrees(text, start, end, quote)):
            continue
        score = (0.5 * similarity / 100 + 0.35 * _context_score(text, start, end, quote)
                 + 0.15 * _position_score(text, start, hint))
        if score > best_score:
            best_score, best_span = score, (start, end)
    return best_span if best_score >= FUZZY_THRESHOLD else None


def _refine_ends(text: str, start: int, end: int, exact: str) -> tuple[int, int]:
    """Let a same-length alignment grow or shrink at each end, as insertions and deletions need."""
    from rapidfuzz import fuzz  # loaded on the first fuzzy match, not at start-up
    reach = min(12, max(2, len(exact) // 8))
    end = max(range(max(start + 1, end - reach), min(len(text), end + reach) + 1),
              key=lambda e: (fuzz.ratio(text[start:e], exact), -abs(e - end)))
    start = max(range(max(0, start - reach), min(end - 1, start + reach) + 1),
                key=lambda s: (fuzz.ratio(text[s:end], exact), -abs(s - start)))
    return start, end


def _fuzzy_candidates(text: str, quote: TextQuoteSelector):
    """Spans worth scoring: the quote aligned alone, and aligned inside its aligned context."""
    from rapidfuzz import fuzz  # loaded on the first fuzzy match, not at start-up
    exact = quote.exact
    if len(exact) <= len(text):
        alignment = fuzz.partial_ratio_alignment(exact, text)
        if alignment is not None:
            yield alignment.dest_start, alignment.dest_end
    context = quote.prefix + exact + quote.suffix
    if quote.prefix or quote.suffix:
        region = fuzz.partial_ratio_alignment(context, text) if len(context) <= len(text) else None
        if region is not None:
            lo = max(0, region.dest_start - len(exact))
            hi = min(len(text), region.dest_end + len(exact))
            window = text[lo:hi]
            if len(exact) <= len(window):
                inner = fuzz.partial_ratio_alignment(exact, window)
                if inner is not None:
                    yield lo + inner.dest_start, lo + inner.dest_end

"""What changed between two versions of a release: a word-level alignment, its changes, a summary line.

The alignment is computed once over word tokens (rapidfuzz's Indel opcodes: a longest common
subsequence, in C++, so a 10,000-word release aligns in milliseconds) and serves two callers:
the diff shown to the analyst, and the carrying of annotations to the new version, which needs
to know which characters of the old text survive unchanged and where they are now.

A number such as ``21.3%`` or ``1,250`` is one token, so a changed figure is one change
(``21.3% → 21.5%``), never "3 → 5". Changes to numbers, dates, names and quotation marks are
flagged, so the window and the summary can put them before mere rewording.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass
from functools import cached_property

#: A number (with its separators and a trailing %), one ideograph or kana, a word, a space run, or a sign.
TOKEN = re.compile(
    r"\d+(?:[.,:/]\d+)*%?"
    r"|[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]"
    r"|[\w\u0300-\u036f\u0900-\u0dff\u1780-\u17ff\u200c\u200d]+"
    r"|\s+"
    r"|[^\w\s]")
QUOTATION_MARKS = "\"“”„‟«»‹›‘’‚「」『』"
_MONTH_NAMES = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec janvier février mars avril mai juin juillet "
           "août septembre octobre novembre décembre января февраля марта апреля мая июня июля августа "
           "сентября октября ноября декабря")
#: Month names (English, French, Russian genitive) as one regular-expression alternation.
MONTHS = "|".join(_MONTH_NAMES.split())
_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b(?:%s)\b" % MONTHS, re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?。！？…]['\"”’»)]*\s*$")
#: Changed text longer than this is described ("a passage reworded"), not quoted, in the summary.
QUOTED_CHANGE_CHARS = 40
#: How many changes the summary line names before "and N more".
SUMMARY_ITEMS = 4


@functools.lru_cache(maxsize=32)
def tokens(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each token of ``text``; together they cover every character.

    Remembered for the last texts seen: an import aligns each new release with up to three
    candidates, and a run of revisions shares its candidates (half the import's time went here).
    """
    spans, position = [], 0
    for match in TOKEN.finditer(text):
        if match.start() > position:       # a character no alternative took (cannot happen; kept exact)
            spans.append((position, match.start()))
        spans.append(match.span())
        position = match.end()
    if position < len(text):
        spans.append((position, len(text)))
    return tuple(spans)


@dataclass(frozen=True)
class Block:
    """A run of characters that is the same in both texts: ``old[old_start:old_start+length]``."""

    old_start: int
    new_start: int
    length: int

    @property
    def old_end(self) -> int:
        return self.old_start + self.length

    @property
    def new_end(self) -> int:
        return self.new_start + self.length


@dataclass(frozen=True)
class Change:
    """One place where the versions differ (old and new spans; either may be empty)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str
    emphasis: frozenset[str]         # any of "number", "date", "name", "quotation" (changed or inside one)
    description: str                 # "21.3% → 21.5%", "a sentence added", …

    @property
    def kind(self) -> str:
        if not self.old_text.strip():
            return "insert"
        if not self.new_text.strip():
            return "delete"
        return "replace"

    @property
    def emphasised(self) -> bool:
        return bool(self.emphasis)


class Alignment:
    """The characters two texts share, in order, found over word tokens."""

    def __init__(self, old: str, new: str):
        from rapidfuzz.distance import Indel  # loaded on the first diff, not at start-up

        self.old, self.new = old, new
        old_spans, new_spans = tokens(old), tokens(new)
        opcodes = Indel.opcodes([old[a:b] for a, b in old_spans], [new[a:b] for a, b in new_spans])
        self.opcodes = []            # [tag, old_start, old_end, new_start, new_end] in characters
        for op in opcodes:
            old_start = old_spans[op.src_start][0] if op.src_start < len(old_spans) else len(old)
            old_end = old_spans[op.src_end - 1][1] if op.src_end > op.src_start else old_start
            new_start = new_spans[op.dest_start][0] if op.dest_start < len(new_spans) else len(new)
            new_end = new_spans[op.dest_end - 1][1] if op.dest_end > op.dest_start else new_start
            self.opcodes.append([op.tag, old_start, old_end, new_start, new_end])
        self._slide_to_boundaries()
        blocks: list[Block] = []
        for tag, old_start, old_end, new_start, new_end in self.opcodes:
            if tag == "equal" and old_end > old_start:
                blocks.append(Block(old_start, new_start, old_end - old_start))
        self.blocks = tuple(blocks)
        self._block_starts = [block.old_start for block in blocks]
        self._new_starts = [block.new_start for block in blocks]

    def _slide_to_boundaries(self) -> None:
        """Shift each lone insertion or deletion so it starts a line (or a word) where it can.

        Deleting "x.\nOld paragraph" after "rate" is the same edit as deleting "\nOld paragraph."
        one character later; people (and the annotations that follow) read the second.
        """
        ops = self.opcodes
        for index in range(1, len(ops) - 1):
            before, op, after = ops[index - 1], ops[index], ops[index + 1]
            if before[0] != "equal" or after[0] != "equal" or op[0] not in ("insert", "delete"):
                continue
            text, start, end = (self.old, op[1], op[2]) if op[0] == "delete" else (self.new, op[3], op[4])
            shift = _slide(text, start, end, before[2] - before[1], after[2] - after[1])
            if shift:
                before[2] += shift
                before[4] += shift
                for position in range(1, 5):
                    op[position] += shift
                after[1] += shift
                after[3] += shift

    def block_at(self, old_offset: int) -> Block | None:
        """The unchanged run holding the old character at ``old_offset``, if it survived."""
        import bisect

        index = bisect.bisect_right(self._block_starts, old_offset) - 1
        if index >= 0 and old_offset < self.blocks[index].old_end:
            return self.blocks[index]
        return None

    def map_offset(self, old_offset: int) -> int:
        """Where a passage starting at ``old_offset`` starts in the new text: exact inside unchanged
        runs, else at the start of whatever replaced the changed region holding it."""
        for tag, old_start, old_end, new_start, new_end in self.opcodes:
            if old_start <= old_offset < old_end:
                return new_start + old_offset - old_start if tag == "equal" else new_start
        return len(self.new)

    def map_end(self, old_end: int) -> int:
        """Where a passage ending at ``old_end`` ends in the new text (the end of a replacement, if
        its last character changed)."""
        if old_end <= 0:
            return 0
        last = old_end - 1
        for tag, op_old_start, op_old_end, new_start, new_end in self.opcodes:
            if op_old_start <= last < op_old_end:
                return new_start + last - op_old_start + 1 if tag == "equal" else new_end
        return len(self.new)

    def new_aligned_characters(self, new_start: int, new_end: int) -> int:
        """How many characters of ``new[new_start:new_end]`` some unchanged run already maps to."""
        import bisect

        index = max(0, bisect.bisect_right(self._new_starts, new_start) - 1)
        count = 0
        for block in self.blocks[index:]:
            if block.new_start >= new_end:
                break
            count += max(0, min(new_end, block.new_end) - max(new_start, block.new_start))
        return count

    def unchanged_characters(self, start: int, end: int) -> int:
        """How many characters of ``old[start:end]`` lie in unchanged runs."""
        return sum(max(0, min(end, block.old_end) - max(start, block.old_start)) for block in self.blocks
                   if block.old_start < end and block.old_end > start)

    @cached_property
    def similarity(self) -> float:
        """0–1: the share of characters both texts keep (2 × shared / total)."""
        shared = sum(block.length for block in self.blocks)
        total = len(self.old) + len(self.new)
        return 2 * shared / total if total else 1.0

    @cached_property
    def changes(self) -> list[Change]:
        return _changes(self)


def diff(old: str, new: str) -> list[Change]:
    """The changes that turn ``old`` into ``new``, in reading order (whitespace alone is no change)."""
    return Alignment(old, new).changes


def _changes(alignment: Alignment) -> list[Change]:
    """Group the non-equal opcodes into changes: those separated only by spaces or one sign merge."""
    old, new = alignment.old, alignment.new
    groups: list[list[int]] = []           # [old_start, old_end, new_start, new_end]
    bridgeable = False
    for tag, old_start, old_end, new_start, new_end in alignment.opcodes:
        if tag == "equal":
            gap = old[old_start:old_end]
            bridgeable = bool(groups) and len(gap.strip()) <= 1 and "\n" not in gap
            continue
        if groups and bridgeable:
            groups[-1][1], groups[-1][3] = old_end, new_end
        else:
            groups.append([old_start, old_end, new_start, new_end])
        bridgeable = True
    changes = []
    for old_start, old_end, new_start, new_end in groups:
        old_text, new_text = old[old_start:old_end], new[new_start:new_end]
        if " ".join(old_text.split()) == " ".join(new_text.split()):
            continue
        emphasis = _emphasis(old_text, new_text)
        if _inside_quotation(old, old_start) or _inside_quotation(new, new_start):
            emphasis |= {"quotation"}
        changes.append(Change(old_start, old_end, new_start, new_end, old_text, new_text,
                              emphasis, _describe(old, new, old_start, old_end,
                                                                       new_start, new_end)))
    return changes


def _slide(text: str, start: int, end: int, room_left: int, room_right: int) -> int:
    """How far (within the room the unchanged text beside it gives) to shift an inserted or
    deleted ``text[start:end]`` so that it starts a line, else a word."""
    shifts = [0]
    left = 0
    while left < room_left and start - left > 0 and text[start - left - 1] == text[end - left - 1]:
        left += 1
        shifts.append(-left)
    right = 0
    while right < room_right and end + right < len(text) and text[start + right] == text[end + right]:
        right += 1
        shifts.append(right)

    def score(shift: int) -> tuple[int, int]:
        first, last = start + shift, end + shift
        before = text[first - 1] if first > 0 else "\n"
        piece = text[first:last]
        return ((2 if before == "\n" else 1 if before.isspace() else 0)
                + (2 if piece.endswith("\n") else 1 if piece.endswith((" ", ".")) else 0), -abs(shift))

    return max(shifts, key=score)


def _emphasis(old_text: str, new_text: str) -> frozenset[str]:
    both = f"{old_text}\n{new_text}"
    found = set()
    if _DATE.search(old_text) or _DATE.search(new_text):
        found.add("date")
    if re.search(r"\d", both):
        found.add("number")
    if any(mark in both for mark in QUOTATION_MARKS):
        found.add("quotation")
    if _names(old_text) != _names(new_text):
        found.add("name")
    return frozenset(found)


def _inside_quotation(text: str, offset: int) -> bool:
    """Whether ``offset`` falls inside quoted words (a mark opened earlier on its line, not closed)."""
    line = text[text.rfind("\n", 0, offset) + 1:offset]
    opened = sum(line.count(mark) for mark in "“«„「『") - sum(line.count(mark) for mark in "”»」』")
    return opened > 0 or line.count('"') % 2 == 1


def _names(text: str) -> set[str]:
    """Capitalised words not opening a sentence (nor months): the names a change adds or drops."""
    names = set()
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-ÞА-Я][\w'’-]+", text.strip()):
        if not _DATE.fullmatch(match.group(0)):
            names.add(match.group(0))
    return names


def _describe(old: str, new: str, old_start: int, old_end: int, new_start: int, new_end: int) -> str:
    """One phrase for the summary line: the figures themselves for a short change, else its shape."""
    old_text, new_text = old[old_start:old_end].strip(), new[new_start:new_end].strip()
    if not old_text:
        return f"{_unit(new, new_start, new_end)} added"
    if not new_text:
        return f"{_unit(old, old_start, old_end)} removed"
    if len(old_text) <= QUOTED_CHANGE_CHARS and len(new_text) <= QUOTED_CHANGE_CHARS:
        return f"{_one_line(old_text)} → {_one_line(new_text)}"
    return "a paragraph rewritten" if _is_paragraphs(old, old_start, old_end) else "a passage reworded"


def _unit(text: str, start: int, end: int) -> str:
    """"a paragraph", "2 sentences", or the words themselves in quotation marks."""
    if _is_paragraphs(text, start, end):
        count = max(1, text[start:end].strip().count("\n") + 1)
        return "a paragraph" if count == 1 else f"{count} paragraphs"
    piece = text[start:end].strip()
    if _SENTENCE_END.search(piece) and (start == 0 or re.search(r"[.!?。！？\n]\s*$", text[:start])):
        count = len(re.findall(r"[.!?。！？]+(?=\s|$)", piece)) or 1
        return "a sentence" if count == 1 else f"{count} sentences"
    short = _one_line(piece)
    return f"“{short if len(short) <= QUOTED_CHANGE_CHARS else short[:QUOTED_CHANGE_CHARS].rsplit(' ', 1)[0] + '…'}”"


def _is_paragraphs(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one or more whole lines (paragraphs of the canonical text)."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    piece = text[start:end]
    return ((not before or before.endswith("\n") or piece.startswith("\n"))
            and (not after or after.startswith("\n") or piece.endswith("\n"))
            and bool(piece.strip()))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary(changes: list[Change]) -> str:
    """"3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed" (emphasised ones first)."""
    if not changes:
        return "no changes to the text"
    ordered = sorted(changes, key=lambda change: not change.emphasised)
    named = [change.description for change in ordered[:SUMMARY_ITEMS]]
    rest = len(changes) - len(named)
    head = "1 change" if len(changes) == 1 else f"{len(changes)} changes"
    return f"{head}: {', '.join(named)}" + (f", and {rest} more" if rest else "")

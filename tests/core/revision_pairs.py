"""Revision pairs built from real releases, with the truth about every character kept.

Each revision applies edits an issuer makes when it re-issues a release (figures changed,
sentences inserted, words reworded next to annotated passages, paragraphs deleted, paragraphs
reordered) to a release's text held as (character, where it came from) pairs, so after any mix
of edits we know exactly where each surviving character of the old text is in the new one.
Annotations are sampled over the old text the way analysts make them: short repeated names and
words (the hard case), single words, clauses, sentences and whole paragraphs.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

Chars = list[tuple[str, int | None]]       # (character, its index in the old text, or None if new)

INSERTED_SENTENCES = [
    "The ministry added that further measures would follow in due course.",
    "Officials declined to comment on the timing of the next review.",
    "A spokesperson said the figures had been revised after a recount.",
]
#: A word, its combining marks included (Sinhala, Khmer and Devanagari vowel signs are not ``\w``).
WORD = r"[\w\u0300-\u036f\u0900-\u0dff\u1780-\u17ff\u200c\u200d]+"
REWORDS = ["notably", "however", "formally", "also", "today", "jointly"]


@dataclass(frozen=True)
class Revision:
    name: str
    old: str
    new: str
    origin: tuple[int | None, ...]         # for each character of new: its old index, or None

    def where_now(self) -> dict[int, int]:
        return {old_index: new_index for new_index, old_index in enumerate(self.origin) if old_index is not None}


def _chars(text: str) -> Chars:
    return [(character, index) for index, character in enumerate(text)]


def _text(chars: Chars) -> str:
    return "".join(character for character, _ in chars)


def _paragraphs(chars: Chars) -> list[Chars]:
    """Lines with their newline; only those with words."""
    lines, current = [], []
    for item in chars:
        current.append(item)
        if item[0] == "\n":
            lines.append(current)
            current = []
    if current:
        lines.append(current + [("\n", None)])
    return lines


def change_figures(chars: Chars, rng: random.Random, spans) -> Chars:
    text = _text(chars)
    numbers = list(re.finditer(r"\d+(?:[.,]\d+)?", text))
    for match in rng.sample(numbers, min(3, len(numbers))):
        for index in range(match.start(), match.end()):
            if text[index].isdigit() and rng.random() < 0.6:
                chars[index] = (str((int(text[index]) + rng.randint(1, 8)) % 10), None)
    return chars


def insert_sentences(chars: Chars, rng: random.Random, spans) -> Chars:
    text = _text(chars)
    ends = [match.end() for match in re.finditer(r"[.!?。](?= \S)", text)]
    for cut in sorted(rng.sample(ends, min(2, len(ends))), reverse=True):
        sentence = " " + rng.choice(INSERTED_SENTENCES)
        chars[cut:cut] = [(character, None) for character in sentence]
    return chars


def reword_near_quotes(chars: Chars, rng: random.Random, spans) -> Chars:
    """Replace the word just before or just after some annotated passages (their context changes)."""
    position_of = {old: new for new, (_, old) in enumerate(chars) if old is not None}
    text = _text(chars)
    edits = []
    for start, end in rng.sample(spans, min(8, len(spans))):
        if start not in position_of or end - 1 not in position_of:
            continue
        if rng.random() < 0.5:
            match = re.search(rf"({WORD})[^\w\u0900-\u0dff\u1780-\u17ff]*$", text[:position_of[start]])
            if match and match.end(1) < position_of[start]:
                edits.append((match.start(1), match.end(1)))
        else:
            match = re.match(rf"[^\w\u0900-\u0dff\u1780-\u17ff]+({WORD})", text[position_of[end - 1] + 1:])
            if match:
                offset = position_of[end - 1] + 1
                edits.append((offset + match.start(1), offset + match.end(1)))
    for start, end in sorted(set(edits), reverse=True):
        if not any(start < b and a < end for a, b in edits if (a, b) != (start, end)):
            chars[start:end] = [(character, None) for character in rng.choice(REWORDS)]
    return chars


def delete_paragraphs(chars: Chars, rng: random.Random, spans) -> Chars:
    paragraphs = _paragraphs(chars)
    wordy = [index for index, line in enumerate(paragraphs) if len(_text(line).strip()) > 20]
    doomed = set(rng.sample(wordy, min(2, max(0, len(wordy) - 2))))
    return [item for index, line in enumerate(paragraphs) if index not in doomed for item in line]


def reorder_paragraphs(chars: Chars, rng: random.Random, spans) -> Chars:
    paragraphs = _paragraphs(chars)
    if len(paragraphs) < 3:
        return chars
    moved = paragraphs.pop(rng.randrange(len(paragraphs)))
    paragraphs.insert(rng.randrange(len(paragraphs) + 1), moved)
    return [item for line in paragraphs for item in line]


EDITS = {
    "figures changed": [change_figures],
    "sentences inserted": [insert_sentences],
    "words reworded near quotes": [reword_near_quotes],
    "paragraphs deleted": [delete_paragraphs],
    "paragraphs reordered": [reorder_paragraphs],
    "all of them": [change_figures, insert_sentences, reword_near_quotes, delete_paragraphs, reorder_paragraphs],
}


def sample_spans(text: str, rng: random.Random, count: int = 40) -> list[tuple[int, int]]:
    """Spans an analyst might highlight; a third are short words or names that recur in the text."""
    words = list(re.finditer(WORD, text))
    if len(words) < 4:
        return []
    occurrences: dict[str, list[re.Match]] = {}
    for word in words:
        occurrences.setdefault(word.group(0), []).append(word)
    repeated = [group for group in occurrences.values() if len(group) > 1 and len(group[0].group(0)) > 2]
    spans = set()
    for number in range(count):
        kind = number % 5
        if kind == 0 and repeated:                         # a repeated word, one of its copies
            match = rng.choice(rng.choice(repeated))
            spans.add(match.span())
        elif kind == 1:                                    # two or three words
            first = rng.randrange(len(words) - 3)
            last = first + rng.randint(1, 2)
            if "\n" not in text[words[first].start():words[last].end()]:
                spans.add((words[first].start(), words[last].end()))
        elif kind in (2, 3):                               # a clause or sentence
            first = rng.randrange(len(words) - 1)
            last = min(len(words) - 1, first + rng.randint(4, 25))
            end = words[last].end()
            cut = text.find("\n", words[first].start(), end)
            spans.add((words[first].start(), cut if cut != -1 else end))
        else:                                              # a whole paragraph
            lines = [match.span() for match in re.finditer(r"[^\n]*\S[^\n]*", text)]
            spans.add(rng.choice(lines))
    return sorted(span for span in spans if span[1] > span[0] and text[span[0]:span[1]].strip())


def revise(name: str, text: str, edits, spans, seed: int) -> Revision:
    rng = random.Random(seed)
    chars = _chars(text)
    for edit in edits:
        chars = edit(chars, rng, spans)
    return Revision(name, text, _text(chars), tuple(origin for _, origin in chars))


@dataclass
class Tally:
    """What re-anchoring did with the annotations of a set of revision pairs."""

    unchanged_total: int = 0       # annotations whose text survived intact (contiguous, same characters)
    unchanged_exact: int = 0       # ... re-anchored to exactly its new place
    unchanged_orphaned: int = 0
    touched_total: int = 0         # annotations whose text was edited or deleted
    touched_followed: int = 0      # ... placed over what became of their own text
    touched_orphaned: int = 0
    wrong: int = 0                 # placed on a passage that is not what became of its own text
    wrong_cases: list = None

    def __post_init__(self):
        self.wrong_cases = []

    def record(self, revision: Revision, span: tuple[int, int], placed: tuple[int, int] | None) -> None:
        where_now = revision.where_now()
        start, end = span
        survivors = [where_now[index] for index in range(start, end) if index in where_now]
        intact = len(survivors) == end - start and survivors == list(range(survivors[0], survivors[0] + len(survivors))) \
            if survivors else False
        if intact:
            self.unchanged_total += 1
            expected = (survivors[0], survivors[-1] + 1)
            if placed == expected:
                self.unchanged_exact += 1
            elif placed is None:
                self.unchanged_orphaned += 1
            elif not (placed[0] < expected[1] and expected[0] < placed[1]):
                self.wrong += 1
                self.wrong_cases.append((revision.name, revision.old[start:end], revision.new[placed[0]:placed[1]]))
            return
        self.touched_total += 1
        if placed is None:
            self.touched_orphaned += 1
        elif survivors and placed[0] <= max(survivors) and min(survivors) < placed[1]:
            self.touched_followed += 1
        else:
            self.wrong += 1
            self.wrong_cases.append((revision.name, revision.old[start:end], revision.new[placed[0]:placed[1]]))

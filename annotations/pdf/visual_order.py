"""The order in which a line of right-to-left text is seen, left to right: the Unicode
bidirectional algorithm (UAX #9) for one line without explicit embeddings.

Why it is needed: text extractors read a right-to-left line as seen and turn it back into
the order it was written (pdf.js and poppler do, each with its own version of this algorithm).
The copy-out layer of an exported PDF (``annotations.pdf.right_to_left``) gives them the line
in visual order, so that what they turn back is what the release says.
"""

from __future__ import annotations

import unicodedata

_STRONG = {"L", "R", "AL"}
_NEUTRAL = {"B", "S", "WS", "ON"}
_ISOLATES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}

def first_strong_is_right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left (rules P2 and P3: its first strong character)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in _STRONG:
            return kind != "L"
    return False

def unicode_kind(character: str) -> str:
    """A character's bidirectional type, as Unicode gives it."""
    return unicodedata.bidirectional(character) or "L"

def pdfjs_kind(character: str) -> str:
    """A character's bidirectional type as pdf.js's reordering reads it: Unicode's up to U+00FF and
    for Arabic; Hebrew is R, the other right-to-left blocks AL, and every other character L (“ and
    ” too)."""
    code = ord(character)
    if code <= 0xFF or 0x0600 <= code <= 0x06FF:
        return unicode_kind(character)
    if 0x0590 <= code <= 0x05F4:
        return "R"
    if 0x0700 <= code <= 0x08AC or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "AL"
    return "L"

def levels(text: str, right_to_left: bool) -> list[int]:
    """Each character's embedding level (rules W1-W7, N1-N2, I1-I2) in a paragraph of that direction."""
    base = 1 if right_to_left else 0
    edge = "R" if right_to_left else "L"
    kinds = [unicode_kind(character) for character in text]
    kinds = ["BN" if kind in _ISOLATES else kind for kind in kinds]
    previous = edge
    for index, kind in enumerate(kinds):                                     # W1
        if kind == "NSM":
            kinds[index] = previous
        elif kind != "BN":
            previous = kind
    strong = edge
    for index, kind in enumerate(kinds):                                     # W2, W3
        if kind in _STRONG:
            strong = kind
        if kind == "EN" and strong == "AL":
            kinds[index] = "AN"
    kinds = ["R" if kind == "AL" else kind for kind in kinds]
    for index in range(1, len(kinds) - 1):                                   # W4
        before, kind, after = kinds[index - 1], kinds[index], kinds[index + 1]
        if kind == "ES" and before == after == "EN":
            kinds[index] = "EN"
        elif kind == "CS" and before == after and before in ("EN", "AN"):
            kinds[index] = before
    for index, kind in enumerate(kinds):                                     # W5
        if kind == "ET":
            end = index
            while end < len(kinds) and kinds[end] == "ET":
                end += 1
            if (index and kinds[index - 1] == "EN") or (end < len(kinds) and kinds[end] == "EN"):
                kinds[index:end] = ["EN"] * (end - index)
    kinds = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in kinds]  # W6
    strong = edge
    for index, kind in enumerate(kinds):                                     # W7
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            kinds[index] = "L"
    index = 0
    while index < len(kinds):                                                # N1, N2
        if kinds[index] not in _NEUTRAL and kinds[index] != "BN":
            index += 1
            continue
        end = index
        while end < len(kinds) and (kinds[end] in _NEUTRAL or kinds[end] == "BN"):
            end += 1
        before = _direction(kinds[index - 1]) if index else edge
        after = _direction(kinds[end]) if end < len(kinds) else edge
        kinds[index:end] = [before if before == after else edge] * (end - index)
        index = end
    result = []
    for kind in kinds:                                                       # I1, I2
        if base == 0:
            result.append(0 if kind == "L" else 1 if kind == "R" else 2)
        else:
            result.append(1 if kind == "R" else 2)
    return result

def _direction(kind: str) -> str:
    """A resolved type as the direction it lends neighbouring neutrals (numbers count as R)."""
    return "L" if kind == "L" else "R"

def visual_order(text: str, right_to_left: bool) -> str:
    """``text`` (one line) as it is seen, left to right (rule L2; glyphs are not mirrored)."""
    return "".join(_reverse_by_level(list(text), levels(text, right_to_left)))


def pdfjs_order(text: str) -> str:
    """``text`` reordered as pdf.js reorders each piece of text it reads (``bidi`` in pdf.js's
    ``src/core/bidi.js``), which for the lines tested gives back what it was given twice over:
    so the copy-out text pdf.js is given is ``pdfjs_order(line)``, and it reads ``line`` back.

    Its rules differ from UAX #9 here and there, and are followed as they are: the direction is
    right to left unless under 30% of a piece longer than four characters is right-to-left, every
    character past U+00FF outside Arabic and Hebrew is L, a run of neutrals looks one character
    past its end for its right-hand neighbour, and "<" and ">" are dropped.
    """
    kinds = [pdfjs_kind(character) for character in text]
    right = sum(kind in ("R", "AL", "AN") for kind in kinds)
    if not text or not right:
        return text
    base = 0 if right / len(text) < 0.3 and len(text) > 4 else 1
    edge = "R" if base else "L"
    last = edge
    for index, kind in enumerate(kinds):                          # marks take the kind before them
        if kind == "NSM":
            kinds[index] = last
        else:
            last = kind
    last = edge
    for index, kind in enumerate(kinds):                          # a number after Arabic letters is Arabic
        if kind == "EN":
            kinds[index] = "AN" if last == "AL" else "EN"
        elif kind in ("R", "L", "AL"):
            last = kind
    kinds = ["R" if kind == "AL" else kind for kind in kinds]
    for index in range(1, len(kinds) - 1):                        # separators inside numbers
        if kinds[index] == "ES" and kinds[index - 1] == "EN" == kinds[index + 1]:
            kinds[index] = "EN"
        if kinds[index] == "CS" and kinds[index - 1] in ("EN", "AN") and kinds[index + 1] == kinds[index - 1]:
            kinds[index] = kinds[index - 1]
    for index, kind in enumerate(list(kinds)):                    # terminators beside numbers
        if kind == "EN":
            for step in (-1, 1):
                other = index + step
                while 0 <= other < len(kinds) and kinds[other] == "ET":
                    kinds[other] = "EN"
                    other += step
    kinds = ["ON" if kind in ("WS", "ES", "ET", "CS") else kind for kind in kinds]
    last = edge
    for index, kind in enumerate(kinds):                          # a number after Latin letters is Latin
        if kind == "EN":
            kinds[index] = "L" if last == "L" else "EN"
        elif kind in ("R", "L"):
            last = kind
    index = 0
    while index < len(kinds):                                     # neutrals between like neighbours
        if kinds[index] != "ON":
            index += 1
            continue
        end = next((other for other in range(index + 1, len(kinds)) if kinds[other] != "ON"), len(kinds))
        before = kinds[index - 1] if index else edge
        after = kinds[end + 1] if end + 1 < len(kinds) else edge
        before, after = ("L" if before == "L" else "R"), ("L" if after == "L" else "R")
        if before == after:
            kinds[index:end] = [before] * (end - index)
        index = end
    kinds = [edge if kind == "ON" else kind for kind in kinds]
    order = []
    for kind in kinds:
        if base == 0:
            order.append(1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        else:
            order.append(2 if kind in ("L", "AN", "EN") else 1)
    return "".join(character for character in _reverse_by_level(list(text), order) if character not in "<>")


def _reverse_by_level(characters: list[str], order: list[int]) -> list[str]:
    """Rule L2: from the highest level to the lowest odd one, reverse each run at or above it."""
    odd = [level for level in order if level % 2]
    if not odd:
        return characters
    for level in range(max(order), min(odd) - 1, -1):
        index = 0
        while index < len(characters):
            if order[index] < level:
                index += 1
                continue
            end = index
            while end < len(characters) and order[end] >= level:
                end += 1
            characters[index:end] = reversed(characters[index:end])
            order[index:end] = reversed(order[index:end])
            index = end
    return characters

"""ToUnicode maps and glyph widths of the CID fonts Qt writes: read, and written anew."""

from __future__ import annotations

import re

from pypdf.generic import ArrayObject, NumberObject

_SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _text(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", errors="replace")


def parse_to_unicode(data: bytes) -> dict[int, str]:
    """Glyph code -> text, from a ToUnicode CMap's bfchar and bfrange sections."""
    mapping: dict[int, str] = {}
    for kind, body in _SECTION.findall(data):
        if kind == b"bfchar":
            for source, target in _CHAR.findall(body):
                mapping[int(source, 16)] = _text(target)
            continue
        for low, high, target in _RANGE.findall(body):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, value in enumerate(_HEX.findall(target)):
                    mapping[low + offset] = _text(value)
            else:
                first = _text(target[1:-1])
                for offset in range(high - low + 1):
                    mapping[low + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
    return mapping


def write_to_unicode(mapping: dict[int, str]) -> bytes:
    """A ToUnicode CMap with one bfchar entry per glyph code (100 to a section, as the spec allows)."""
    entries = sorted(mapping.items())
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange"]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        lines += [b"<%04X> <%s>" % (code, text.encode("utf-16-be").hex().upper().encode()) for code, text in chunk]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines) + b"\n"


#: Codes for glyphs that stand for no character (a cluster's third glyph on). Their ToUnicode
#: entry is empty, which pypdf reads as nothing; pdf.js reads an empty entry as the code itself,
#: so these codes are the BMP's 43 Unicode format characters (Cf), which it skips. A font needing
#: more silent glyphs than that gets ordinary codes for the rest (pdf.js then shows a stray mark).
SILENT_CODES = (0x00AD, *range(0x0600, 0x0606), 0x061C, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x180E,
                 *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x2070),
                 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB)


def widths_array(widths: dict[int, float]) -> ArrayObject:
    """A /W array: each run of consecutive codes as c [w1 w2 ...]."""
    array, run, previous = ArrayObject(), ArrayObject(), None
    for code in sorted(widths):
        if previous is None or code != previous + 1:
            run = ArrayObject()
            array += [NumberObject(code), run]
        run.append(NumberObject(round(widths[code])))
        previous = code
    return array


def parse_widths(array) -> dict[int, float]:
    """A CIDFont's /W array (c [w1 w2 ...] or c_first c_last w) as code -> width."""
    widths, items, index = {}, list(array), 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], list):                  # ArrayObject is a list
            for offset, width in enumerate(items[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(items[index + 1]) + 1):
                widths[code] = float(items[index + 2])
            index += 3
    return widths

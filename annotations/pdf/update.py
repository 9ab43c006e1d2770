"""Appending to an existing PDF: an incremental update, and pypdf's objects written out fast.

The annotated export adds objects to the file Qt painted rather than rewriting it (PDF 32000-1
§7.5.6): the new and changed objects, then their own cross-reference section pointing back to
Qt's. Nothing Qt wrote is read more than needed or written twice.
"""

from __future__ import annotations

import codecs
import io
import re

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                           FloatObject, IndirectObject, NameObject, NumberObject, PdfObject, StreamObject,
                           TextStringObject)


def text_string(value: str) -> ByteStringObject:
    """A PDF text string: ASCII as is (PDFDocEncoding agrees with it), anything else UTF-16BE with its BOM.

    Built as bytes directly: pypdf's TextStringObject tests every character against
    PDFDocEncoding in Python when it is made, and again when it is written.
    """
    if value.isascii():
        return ByteStringObject(value.encode("ascii"))
    return ByteStringObject(codecs.BOM_UTF16_BE + value.encode("utf-16-be"))


def _real(value: float) -> bytes:
    """A number to a thousandth of a point, without trailing zeros."""
    return (b"%.3f" % value).rstrip(b"0").rstrip(b".") or b"0"


def _name(key: str, names: dict[str, bytes]) -> bytes:
    """A name as pypdf writes it (escaped), once per export."""
    if key not in names:
        buffer = io.BytesIO()
        NameObject(key).write_to_stream(buffer)
        names[key] = buffer.getvalue()
    return names[key]


def serialize(value: PdfObject, names: dict[str, bytes]) -> bytes:
    """PDF syntax for pypdf's objects, as pypdf writes it but a good deal faster.

    pypdf escapes every name and string one byte at a time; an export writes some 200 objects
    with thousands of names and numbers, which made serialising cost more than painting. Names
    are cached in ``names``; strings are written in hex, which every reader accepts.
    """
    if isinstance(value, FloatObject):                 # the commonest: quad points, rectangles
        return _real(value)
    if isinstance(value, NameObject):
        return _name(value, names)
    if isinstance(value, IndirectObject):
        return b"%d %d R" % (value.idnum, value.generation)
    if isinstance(value, ByteStringObject):
        return b"<" + value.hex().encode("ascii") + b">"
    if isinstance(value, TextStringObject):
        return serialize(text_string(str(value)), names)
    if isinstance(value, (BooleanObject, NumberObject)):
        return (b"true" if value else b"false") if isinstance(value, BooleanObject) else b"%d" % value
    if isinstance(value, ArrayObject):
        if all(type(item) is FloatObject for item in value):          # quad points, rectangles, colours
            return b"[" + b" ".join([_real(item) for item in value]) + b"]"
        return b"[" + b" ".join([serialize(item, names) for item in value]) + b"]"
    if isinstance(value, DictionaryObject):
        entries = [_name(key, names) + b" " + serialize(item, names)
                   for key, item in value.items() if key != "/Length"]
        if not isinstance(value, StreamObject):
            return b"<<" + b"\n".join(entries) + b">>"
        data = value._data
        entries.append(b"/Length %d" % len(data))
        return b"<<" + b"\n".join(entries) + b">>\nstream\n" + data + b"\nendstream"
    buffer = io.BytesIO()
    value.write_to_stream(buffer)
    return buffer.getvalue()


class PdfUpdate:
    """An incremental update to an existing PDF: objects added or replaced, appended with an xref section.

    Objects are pypdf's; references to the file's own objects keep their numbers, and new objects
    are numbered from the trailer's /Size on.
    """

    def __init__(self, path: str):
        self.path = path
        with open(path, "rb") as stream:
            self.data = stream.read()
        self.reader = PdfReader(io.BytesIO(self.data))
        self.trailer = self.reader.trailer
        self.next_number = int(self.trailer["/Size"])
        self.objects: dict[int, PdfObject] = {}
        self.pages = list(self.reader.pages)      # pypdf walks the page tree on every len() and index
        self._multiply: IndirectObject | None = None

    def add(self, value: PdfObject) -> IndirectObject:
        reference = IndirectObject(self.next_number, 0, self.reader)
        self.objects[self.next_number] = value
        self.next_number += 1
        return reference

    def multiply_resources(self) -> IndirectObject:
        """Resources with one ExtGState, /GS0: multiply blend. One object that every appearance shares."""
        if self._multiply is None:
            self._multiply = self.add(DictionaryObject({
                NameObject("/ExtGState"): DictionaryObject({
                    NameObject("/GS0"): DictionaryObject({
                        NameObject("/Type"): NameObject("/ExtGState"),
                        NameObject("/BM"): NameObject("/Multiply"),
                        NameObject("/ca"): FloatObject(1),
                        NameObject("/CA"): FloatObject(1),
                    }),
                }),
            }))
        return self._multiply

    def replace(self, reference: IndirectObject, value: PdfObject) -> None:
        self.objects[reference.idnum] = value

    def edited_page(self, page_index: int) -> DictionaryObject:
        """A copy of a page's dictionary that replaces it in the update (the same copy on every call)."""
        reference = self.pages[page_index].indirect_reference
        if reference.idnum not in self.objects:
            self.objects[reference.idnum] = DictionaryObject(self.pages[page_index])
        return self.objects[reference.idnum]

    def append(self, info: dict[str, str]) -> None:
        """Write the objects, an xref section for them, and a trailer whose /Prev is the file's last xref."""
        with open(self.path, "rb+") as stream:
            previous = int(re.findall(rb"startxref\s+(\d+)", self.data[-1024:])[-1])
            old_info = self.trailer.get("/Info")
            merged = DictionaryObject(old_info.get_object() if old_info is not None else {})
            merged.update({NameObject(key): text_string(value) for key, value in info.items()})
            info_reference = self.add(merged)
            stream.seek(0, 2)
            stream.write(b"\n")
            offsets, chunks, position, names = {}, [], stream.tell(), {}
            for number in sorted(self.objects):
                offsets[number] = position
                chunks.append(b"%d 0 obj\n%s\nendobj\n" % (number, serialize(self.objects[number], names)))
                position += len(chunks[-1])
            stream.write(b"".join(chunks))
            xref = position
            # The free-list head first, as Acrobat writes it: readers such as pypdf take a section
            # that does not start at object 0 for a damaged table and renumber its objects.
            stream.write(b"xref\n0 1\n0000000000 65535 f \n")
            numbers = sorted(offsets)
            runs = [[numbers[0]]]
            for number in numbers[1:]:
                if number == runs[-1][-1] + 1:
                    runs[-1].append(number)
                else:
                    runs.append([number])
            for run in runs:
                stream.write(b"%d %d\n" % (run[0], len(run)))
                stream.write(b"".join(b"%010d 00000 n \n" % offsets[number] for number in run))
            trailer = DictionaryObject({
                NameObject("/Size"): NumberObject(self.next_number),
                NameObject("/Root"): self.trailer.raw_get("/Root"),
                NameObject("/Info"): info_reference,
                NameObject("/Prev"): NumberObject(previous),
            })
            if "/ID" in self.trailer:
                trailer[NameObject("/ID")] = self.trailer.raw_get("/ID")
            stream.write(b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (serialize(trailer, names), xref))


def compressed(data: bytes) -> StreamObject:
    """A Flate-compressed stream object holding ``data`` (a replaced CMap, content or glyph map)."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()

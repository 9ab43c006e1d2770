"""Word releases (.docx), converted by mammoth to plain semantic HTML: headings, bold, lists, tables.

mammoth maps Word's paragraph styles to HTML elements and leaves out Word's own formatting, which
is what the reader wants; images come inline as data: URIs, so nothing is fetched.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..errors import ImportFailed
from ..models import ReleaseDraft
from ..rendering import sanitize
from .common import make_draft

#: The first bytes of an OLE compound file: a Word 97-2003 .doc, or a password-protected .docx.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CORE_PROPERTIES = "docProps/core.xml"
#: A .docx may hold this much once unpacked (images included); no release needs more.
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
_DUBLIN_CORE_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def read(path: Path, data: bytes) -> ReleaseDraft:
    """The document's body as sanitised HTML; its title when the file's properties state one.

    Raises ImportFailed for a file that is not a .docx package or has no document in it.
    """
    import mammoth

    package = _open_package(path, data)
    try:
        result = mammoth.convert_to_html(io.BytesIO(data))
    except OSError:  # mammoth's word for a package without a main document part
        raise ImportFailed(path, "it holds no Word document (word/document.xml is missing from the package)") from None
    except KeyError as error:  # the document refers to a part the package does not hold
        raise ImportFailed(path, f"it is incomplete: the part {error} is missing from the Word package") from None
    html = sanitize(result.value)
    title = _stated_title(package)
    return make_draft(path, data, "docx", html, **({"title": title} if title else {}))


def _open_package(path: Path, data: bytes) -> zipfile.ZipFile:
    """The ZIP package, with a plain reason when the file is not one."""
    if data.startswith(_OLE_SIGNATURE):
        raise ImportFailed(path, "it is an old Word 97-2003 document or a password-protected one, "
                                 "not a .docx package; save it again as .docx")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFailed(path, "it is not a Word .docx file (a .docx is a ZIP package, and this is not one)") from None
    _refuse_zip_bomb(path, package)
    return package


def _refuse_zip_bomb(path: Path, package: zipfile.ZipFile) -> None:
    """Refuse a package that would expand past what any release needs (a "zip bomb").

    The sizes the package declares are what bounds the expansion: Python's zipfile, which mammoth
    reads through too, never yields more bytes of a part than its declared size (and a part whose
    content disagrees fails its CRC check). So adding them up is enough, and costs nothing.
    """
    from . import MAX_FILE_BYTES

    expanded = sum(info.file_size for info in package.infolist())
    largest_xml = max((info.file_size for info in package.infolist() if info.filename.endswith(".xml")), default=0)
    if expanded > MAX_EXPANDED_BYTES or largest_xml > MAX_FILE_BYTES:
        raise ImportFailed(path, f"it would expand to {expanded / 1e6:,.0f} MB when unpacked, over the "
                                 f"{MAX_EXPANDED_BYTES // 2**20} MB limit (a Word file this large is not a press release)")


def _stated_title(package: zipfile.ZipFile) -> str:
    """The title in the document properties (docProps/core.xml), '' when unset or unreadable."""
    try:
        root = ElementTree.fromstring(package.read(_CORE_PROPERTIES))
    except (KeyError, ElementTree.ParseError):
        return ""
    element = root.find(_DUBLIN_CORE_TITLE)
    return " ".join((element.text or "").split()) if element is not None else ""

"""PDF releases: the text layer, rebuilt into the paragraphs the page showed.

A PDF holds positioned lines, not paragraphs. pypdf's plain extraction gives them in content-stream
order, which is reading order for what word processors write (headline first, letterhead and page
furniture last) and keeps columns apart; its layout mode interleaves columns and, on the corpus's
Word-made releases, put the reference line above the headline. The paragraphs are rebuilt here:
a line that ended before it was full ends its paragraph, wrapped lines are joined, words hyphenated
at a line end are mended, and headers and footers that repeat on most pages are dropped.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ImportFailed
from ..dates import find_date
from ..models import ReleaseDraft
from ..languages import find_language
from ..rendering import text_to_html
from .common import make_draft, strip_control_characters
from .pdf_first_page import LIGATURES, FirstPage

if TYPE_CHECKING:
    from pypdf import PdfReader

SOFT_HYPHEN = "\u00ad"
#: Where the usual (full) line length is read from the distribution of line lengths.
_USUAL_LINE_QUANTILE = 0.8
#: A line was ended on purpose, not wrapped, when the next line's first word would have fitted on it
#: within this share of the usual line (characters only approximate widths) ...
_ROOM_LEFT = 0.9
#: ... or when it ends a sentence and is shorter than this share (justified text fills every line of
#: a paragraph but its last).
_SENTENCE_END_LINE = 0.85
_SENTENCE_END = re.compile(r"[.!?:][\"”’»)]?$")
#: Paragraphs this short (characters, words) are labels when at least three come in a row.
_LABEL_CHARS = 25
_LABEL_WORDS = 3
_LABELS_IN_A_CHART = 3
#: How many lines at the top and at the bottom of a page may be a running header or footer.
_EDGE_LINES = 2
_FILE_NAME_TITLE = re.compile(r"\.(docx?|odt|rtf|pdf|pptx?|xlsx?|indd|qxd|txt|html?)$", re.IGNORECASE)
_PLACEHOLDER_TITLE = re.compile(r"^(microsoft (word|powerpoint|excel)\s*-|untitled|document\s*\d*$|doc\d*$|"
                                r"presentation\d*$|slide \d+$|(prepared|produced|written|compiled)\s+(by|for)\b|"
                                r"press release( template)?$)", re.IGNORECASE)


def read(path: Path, data: bytes) -> ReleaseDraft:
    """The PDF's text as paragraphs; its title and date from the file's properties when they are real.

    Raises ImportFailed for a file that is not a PDF, is locked by a password, or has no text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        _unlock(path, reader)
        if not reader.pages:
            raise ImportFailed(path, "it has no pages")
        first_page = FirstPage.read(reader.pages[0])
        pages = [_page_lines(first_page.text)] + [_page_lines(page.extract_text()) for page in reader.pages[1:]]
    except PdfReadError as error:
        raise ImportFailed(path, f"it is not a readable PDF ({error})") from None
    if not any(line for lines in pages for line in lines):
        raise ImportFailed(path, "it has no text layer (a scanned image); run it through OCR and import the result")
    text = _paragraphs(_without_running_lines(pages))
    return make_draft(path, data, "pdf", text_to_html(text), **_stated_metadata(path, reader, first_page, text))


def _unlock(path: Path, reader: PdfReader) -> None:
    """Open an encrypted PDF that needs no password to read (most only restrict printing or editing)."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except (DependencyError, NotImplementedError):
        raise ImportFailed(path, "it is encrypted in a way this program cannot open; "
                                 "save an unencrypted copy and import that") from None
    if not unlocked:
        raise ImportFailed(path, "it is protected by a password; save an unprotected copy and import that")


def _page_lines(page_text: str) -> list[str]:
    """The page's lines, spaces (no-break ones too) normalised, ligatures (ﬁ, ﬂ, ﬀ, ﬃ…) as their
    letters so "five" is found where the page drew "ﬁve"; '' where the page leaves a line empty."""
    lines = [" ".join(line.split()) for line in strip_control_characters(page_text).translate(LIGATURES).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without headers and footers: edge lines that recur (page numbers aside) on most pages."""
    if len(pages) < 2:
        return pages

    def shape_of(line: str) -> str:
        return re.sub(r"\d+", "#", line)

    def edges(lines: list[str]) -> set[int]:
        filled = [index for index, line in enumerate(lines) if line]
        return set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])

    recurring = Counter(shape for lines in pages for shape in {shape_of(lines[index]) for index in edges(lines)})
    running = {shape for shape, count in recurring.items() if count >= 2 and 2 * count > len(pages)}
    return [[line for index, line in enumerate(lines) if not (index in edges(lines) and shape_of(line) in running)]
            for lines in pages]


def _paragraphs(pages: list[list[str]]) -> str:
    """Plain text with one paragraph a block: wrapped lines joined, hyphenation mended, blank lines between."""
    # A paragraph may go on over a page break, unless the page ended with the end of a sentence.
    lines = [line for page in pages for line in page + ([""] if page and _SENTENCE_END.search(page[-1]) else [])]
    usual = _usual_line_length(lines)
    paragraphs: list[str] = []
    current = ""
    for line, next_line in zip(lines, lines[1:] + [""]):
        if not line:
            continue
        if not current:
            current = line
        elif current.endswith(SOFT_HYPHEN):
            current = current[:-1] + line
        elif current.endswith("-") and current[-2:-1].isalpha():
            current += line  # the hyphen may belong to the word (fiber-optic), so it stays
        else:
            current += " " + line
        if _ends_paragraph(line, next_line, usual):
            paragraphs.append(current)
            current = ""
    # A soft hyphen that is not at a line end was drawn on the page: the reader saw a hyphen.
    return "\n\n".join(_labels_gathered(paragraphs)).replace(SOFT_HYPHEN, "-")


def _labels_gathered(paragraphs: list[str]) -> list[str]:
    """Runs of label-sized scraps (a chart's axis and legend: "2019", "Exports", "45%") as one
    paragraph each, not a dozen one-word paragraphs."""
    gathered: list[str] = []
    run: list[str] = []
    for paragraph in paragraphs + [""]:
        if paragraph and _is_label(paragraph):
            run.append(paragraph)
            continue
        if len(run) >= _LABELS_IN_A_CHART:
            gathered.append(" ".join(run))
        else:
            gathered.extend(run)
        run = []
        if paragraph:
            gathered.append(paragraph)
    return gathered


def _is_label(paragraph: str) -> bool:
    return len(paragraph) <= _LABEL_CHARS and len(paragraph.split()) <= _LABEL_WORDS and not _SENTENCE_END.search(paragraph)


def _usual_line_length(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if line)
    return lengths[int(_USUAL_LINE_QUANTILE * (len(lengths) - 1))] if lengths else 0


def _ends_paragraph(line: str, next_line: str, usual: int) -> bool:
    """Whether the paragraph ends after ``line``: a gap follows, or the line was not full when it ended."""
    if not next_line:
        return True
    if line.endswith((SOFT_HYPHEN, "-")):
        return False
    next_word = next_line.split(" ", 1)[0]
    if len(line) + 1 + len(next_word) <= _ROOM_LEFT * usual:
        return True
    return bool(_SENTENCE_END.search(line)) and len(line) < _SENTENCE_END_LINE * usual


def _stated_metadata(path: Path, reader: PdfReader, first_page: FirstPage, text: str) -> dict[str, str]:
    """Title and date where the release states them.

    The title is the headline set larger than the body near the top of page 1, else the
    document's /Title when it is one (Word and PDF printers fill it with file names and
    placeholders). The date is the one in the lines at the top of page 1 (the dateline, which
    Word-made releases put last in the text), else none here (the text is searched later), else
    /CreationDate, which is when the PDF was made, often days after the release.
    """
    metadata = {}
    language = find_language(text)
    headline = first_page.headline()
    dateline = find_date(first_page.top_lines(), language)
    if headline:
        metadata["title"] = headline
    if dateline:
        metadata["date"] = dateline
    try:
        properties = reader.metadata
        title = " ".join(str(properties.title or "").split()) if properties else ""
        created = properties.creation_date if properties else None
    except Exception:  # malformed properties must not cost the release its text
        return metadata
    if "title" not in metadata and _is_real_title(title, path):
        metadata["title"] = title
    if created is not None and not dateline and not find_date(text, language):
        metadata["date"] = created.date().isoformat()
    return metadata


def _is_real_title(title: str, path: Path) -> bool:
    return (len(title) > 3 and any(char.isalpha() for char in title) and title.lower() != path.stem.lower()
            and not _FILE_NAME_TITLE.search(title) and not _PLACEHOLDER_TITLE.match(title))

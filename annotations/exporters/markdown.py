"""A release's annotations as Markdown, for a notes vault (Obsidian) or any Markdown reader.

Pure Markdown, no HTML: whatever the user typed is text, never markup, so characters Markdown
(and Obsidian: ``$`` maths, ``==`` highlights, ``%%`` comments, ``#tags``) would read as syntax are
backslash-escaped, and every line of a note or quote becomes its own paragraph.
"""

from __future__ import annotations

import re
from pathlib import PureWindowsPath

from ..models import Annotation, Lineage, Release, default_meanings

#: About how many characters of its paragraph a highlight is shown in, the quote included.
CONTEXT_CHARS = 300

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#$~])|([=%])(?=\2)|&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^([-+]|\d{1,9}[.)])(?=\s|$)")


def release_annotations_markdown(release: Release, annotations: list[Annotation],
                                 meanings: dict[str, str] | None = None, lineage: Lineage | None = None) -> str:
    """The release's metadata, then its notes, highlights (reading order) and orphaned annotations.

    ``meanings``: colour → the analyst's name for it (the library's codebook); defaults otherwise.
    For a release that superseded another (``lineage``), the metadata names both versions and the
    changes between them.
    """
    meanings = meanings or default_meanings()
    release_notes = [a for a in annotations if a.is_release_note]
    highlights = [a for a in annotations if not a.is_release_note and not a.orphaned]
    orphans = [a for a in annotations if not a.is_release_note and a.orphaned]
    title = _one_line(release.title) or _source_name(release) or "Untitled release"
    blocks = [f"# {_escape_inline(title)}", _metadata(release) + _lineage(lineage)]
    if release_notes:
        blocks += ["## Notes on the whole release", _entries(release_notes, _release_note)]
    if highlights:
        blocks += ["## Highlights", _entries(highlights, lambda a: _highlight(a, release.text, meanings))]
    if orphans:
        blocks += ["## Orphaned", "*These passages are no longer in the release's text.*",
                   _entries(orphans, lambda a: _highlight(a, None, meanings))]
    if not annotations:
        blocks.append("*No annotations.*")
    return "\n\n".join(blocks) + "\n"


def _metadata(release: Release) -> str:
    fields = [("Issuer", release.issuer), ("Date", release.date), ("Language", release.language),
              ("Source", _source_name(release)), ("sha256", release.content_hash)]
    return "\n".join(f"- {name}: {_escape_inline(_one_line(value))}" for name, value in fields if value)


def _lineage(lineage: Lineage | None) -> str:
    if lineage is None or lineage.previous is None:
        return ""
    previous = lineage.previous
    return (f"\n- Version: {lineage.number} of {lineage.count}, imported {lineage.imported_at[:10]}"
            f"\n- Supersedes: version {lineage.number - 1}, sha256 {previous.content_hash}, imported "
            f"{previous.imported_at[:10]}"
            f"\n- Changes: {_escape_inline(lineage.changes)}")


def _entries(annotations: list[Annotation], render) -> str:
    """Each annotation's blocks, with a thematic break between annotations."""
    return "\n\n---\n\n".join("\n\n".join(render(annotation)) for annotation in annotations)


def _release_note(annotation: Annotation) -> list[str]:
    blocks = _paragraphs(annotation.note) or ["*Empty note.*"]
    tags = _tag_words(annotation.tags)
    return blocks + ([f"Tags: {tags}"] if tags else [])


def _highlight(annotation: Annotation, text: str | None, meanings: dict[str, str]) -> list[str]:
    """Quote, note, meaning and tags, and (when ``text`` is given) the passage around the quote."""
    blocks = ["\n>\n".join(f"> {line}" for line in _paragraphs(annotation.quote.exact)) or ">"]
    blocks += _paragraphs(annotation.note)
    details = f"Meaning: {_escape_inline(meanings.get(annotation.color, annotation.color))} ({annotation.color})"
    tags = _tag_words(annotation.tags)
    blocks.append(details + (f" · Tags: {tags}" if tags else ""))
    position = annotation.position
    if (text is not None and position is not None and annotation.quote.exact.strip()
            and text[position.start:position.end] == annotation.quote.exact):
        blocks.append(f"*In context:* {_in_context(text, position.start, position.end)}")
    return blocks


def _in_context(text: str, start: int, end: int) -> str:
    """The paragraph(s) holding ``text[start:end]``, the quote in bold, cut to about CONTEXT_CHARS at words."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    # Emphasis must not open or close on a space, so spaces at the quote's ends move outside the **.
    quote = text[start:end]
    lead, trail = quote[:len(quote) - len(quote.lstrip())], quote[len(quote.rstrip()):]
    before = _one_line(text[line_start:start] + lead, keep_ends=True).lstrip()
    after = _one_line(trail + text[end:len(text) if line_end == -1 else line_end], keep_ends=True).rstrip()
    quote = _one_line(quote)
    room = max(0, CONTEXT_CHARS - len(quote))
    before_room = max(room // 2, room - len(after))
    after_room = max(room // 2, room - len(before))
    if len(before) > before_room:
        cut = before[len(before) - before_room:]
        before = "…" + (cut.split(" ", 1)[1] if " " in cut else "")
    if len(after) > after_room:
        cut = after[:after_room]
        after = (cut.rsplit(" ", 1)[0] if " " in cut else "") + "…"
    return f"{_escape_inline(before)}**{_escape_inline(quote)}**{_escape_inline(after)}"


def _paragraphs(text: str) -> list[str]:
    """One escaped paragraph per non-empty line (an indented line would otherwise become code)."""
    return [_escape_line(line.strip()) for line in text.split("\n") if line.strip()]


def _escape_line(line: str) -> str:
    """``line`` as literal text at the start of a Markdown block (no heading, list or quote)."""
    return _BLOCK_START.sub(lambda match: match.group(1)[:-1] + "\\" + match.group(1)[-1], _escape_inline(line))


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIAL.sub(lambda match: "\\" + match.group(0), text)


def _one_line(text: str, keep_ends: bool = False) -> str:
    """Runs of whitespace, newlines included, as single spaces (trimmed unless ``keep_ends``)."""
    collapsed = re.sub(r"\s+", " ", text)
    return collapsed if keep_ends else collapsed.strip()


def _tag_words(tags: tuple[str, ...]) -> str:
    """Obsidian ``#tags``: letters, digits, ``_``, ``-`` and ``/`` only (spaces and the rest become
    hyphens), and not all digits (Obsidian ignores ``#2024``, so it becomes ``#_2024``)."""
    words = []
    for tag in tags:
        word = re.sub(r"-{2,}", "-", re.sub(r"[^\w/-]", "-", tag)).strip("-/")
        if word and not re.search(r"[^\W\d]", word):
            word = "_" + word
        if word:
            words.append(f"#{word}")
    return " ".join(words)


def _source_name(release: Release) -> str:
    """The file name alone, whichever platform's separators the stored path uses."""
    return PureWindowsPath(release.source_path).name

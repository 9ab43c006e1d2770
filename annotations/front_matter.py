"""Metadata written at the top of a Markdown or text release, taken off before it is rendered.

Three forms are read: a YAML block (``---`` … ``---`` or ``...``, as Jekyll, Hugo and pandoc
write it), pandoc's title block (``% title``, ``% authors``, ``% date``) and an HTML comment at the
very top. What they name (title, date, issuer or author, language) becomes the release's
metadata; the block itself is never shown as body text. The stored original keeps it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

#: A front-matter block longer than this is not metadata (and YAML is not parsed without bound).
MAX_FRONT_MATTER_CHARS = 64 * 1024

_YAML_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_PANDOC_BLOCK = re.compile(r"\A\ufeff?(?P<body>%[^\n]*\n(?:(?:%|[ \t]+\S)[^\n]*\n){0,2})")
_HTML_COMMENT = re.compile(r"\A\ufeff?\s*<!--(?P<body>.*?)-->[ \t]*\n?", re.DOTALL)
_KEY = re.compile(r"[A-Za-z_][\w.-]*")
#: Keys naming each field, by preference; an author stands for the issuer when nothing else does.
_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "publish_date", "publishdate", "date_published",
             "datepublished", "release_date", "released", "issued"),
    "issuer": ("issuer", "publisher", "organization", "organisation", "company", "agency", "source",
               "author", "authors"),
    "language": ("language", "lang", "locale"),
}


def split_front_matter(source: str) -> tuple[dict[str, str], str]:
    """``(metadata, body)``: the fields the front matter names, and the text without it.

    ``metadata`` holds only fields stated (title, issuer, date as YYYY-MM-DD, language); a block
    that is not metadata (no mapping, or too long) is left in the body as it was.
    """
    for pattern, read in ((_YAML_BLOCK, _read_yaml), (_PANDOC_BLOCK, _read_pandoc), (_HTML_COMMENT, _read_comment)):
        match = pattern.match(source)
        if match is None or len(match.group()) > MAX_FRONT_MATTER_CHARS:
            continue
        fields = read(match.group("body") or "")
        if fields is None:
            continue
        return _stated(fields), source[match.end():]
    return {}, source


def _read_yaml(text: str) -> dict[str, object] | None:
    """The YAML mapping, or None when the block is not one (a rule, prose between two rules)."""
    import yaml

    class _NoAliases(yaml.SafeLoader):
        """Anchors and aliases refused: a few lines of them can expand to gigabytes."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _AliasRefused
            return super().compose_node(parent, index)

    try:
        loaded = yaml.load(text, Loader=_NoAliases)  # noqa: S506 (a SafeLoader)
    except _AliasRefused:
        return {}  # metadata no one should trust, still never body text
    except yaml.YAMLError:
        return None
    if not isinstance(loaded, dict) or not all(_KEY.fullmatch(str(key)) for key in loaded):
        return None  # "Note: the minister said" between two rules is prose, not metadata
    return {str(key).lower(): value for key, value in loaded.items()}


class _AliasRefused(Exception):
    pass


def _read_pandoc(text: str) -> dict[str, object]:
    """Pandoc's title block: up to three ``%`` lines, title, authors (separated by ';'), date."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("%"):
            lines.append(line[1:].strip())
        elif lines:
            lines[-1] += " " + line.strip()  # a continuation line
    fields = dict(zip(("title", "authors", "date"), lines))
    fields["authors"] = [name.strip() for name in str(fields.get("authors", "")).split(";") if name.strip()]
    return fields


def _read_comment(text: str) -> dict[str, object] | None:
    """An HTML comment at the top: metadata when it is a YAML mapping, otherwise nothing (dropped)."""
    fields = _read_yaml(text.strip() + "\n")
    return fields if fields is not None else {}


def _stated(fields: dict[str, object]) -> dict[str, str]:
    from .dates import parse_date

    metadata: dict[str, str] = {}
    for field, keys in _KEYS.items():
        value = next((_as_text(fields[key]) for key in keys if _as_text(fields.get(key))), "")
        if value:
            metadata[field] = value
    if "date" in metadata:
        metadata["date"] = parse_date(metadata["date"], metadata.get("language", ""))
    return {field: value for field, value in metadata.items() if value}


def _as_text(value: object) -> str:
    """A field's value as one line: lists joined, a person or organisation by its name, dates as ISO."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return _as_text(value.get("name", ""))
    if isinstance(value, (list, tuple)):
        return ", ".join(filter(None, map(_as_text, value)))
    if value is None or isinstance(value, bool):
        return ""
    return " ".join(str(value).split())

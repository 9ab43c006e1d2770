"""Markdown and plain-text releases (a .txt that is Markdown in disguise renders as Markdown).

Front matter (YAML, pandoc's title block, a comment at the top) is metadata, never body text: it
is taken off before rendering and what it names is the release's title, issuer, date, language.
"""

from __future__ import annotations

from pathlib import Path

from ..front_matter import split_front_matter
from ..models import ReleaseDraft
from ..rendering import looks_like_markdown, markdown_to_html, text_to_html
from .common import decode_text, make_draft


def read_markdown(path: Path, data: bytes) -> ReleaseDraft:
    metadata, body = split_front_matter(decode_text(path, data))
    return make_draft(path, data, "markdown", markdown_to_html(body), **metadata)


def read_text(path: Path, data: bytes) -> ReleaseDraft:
    metadata, body = split_front_matter(decode_text(path, data))
    if looks_like_markdown(body):
        return make_draft(path, data, "markdown", markdown_to_html(body), **metadata)
    return make_draft(path, data, "text", text_to_html(body), **metadata)

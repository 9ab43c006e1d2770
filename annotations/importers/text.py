"""Markdown and plain-text releases (a .txt that is Markdown in disguise renders as Markdown)."""

from __future__ import annotations

from pathlib import Path

from ..models import ReleaseDraft
from ..rendering import looks_like_markdown, markdown_to_html, text_to_html
from .common import decode_text, make_draft


def read_markdown(path: Path, data: bytes) -> ReleaseDraft:
    return make_draft(path, data, "markdown", markdown_to_html(decode_text(path, data)))


def read_text(path: Path, data: bytes) -> ReleaseDraft:
    source = decode_text(path, data)
    if looks_like_markdown(source):
        return make_draft(path, data, "markdown", markdown_to_html(source))
    return make_draft(path, data, "text", text_to_html(source))


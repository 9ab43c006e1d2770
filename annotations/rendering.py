"""Turn release sources into one kind of safe HTML that the reader and the PDF exporter both show.

Everything that reaches the reader passes through ``sanitize``: nh3 keeps a whitelist of
document tags, drops scripts, event handlers, frames, forms and styles, and keeps only links
a user may click (http, https, mailto) and images that are already inside the file (data: URIs),
so nothing is ever fetched from the network.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p", "pre",
    "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
    "abbr": {"title"},
}
LINK_SCHEMES = ("http:", "https:", "mailto:")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    lowered = value.strip().lower()
    if tag == "img" and attribute == "src":
        return value if lowered.startswith("data:image/") else None
    if tag == "a" and attribute == "href":
        return value if lowered.startswith(LINK_SCHEMES) or lowered.startswith("#") else None
    return value


def sanitize(html: str) -> str:
    """Safe HTML: no script, style, event handler, frame, form, remote image or stylesheet."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An <img> whose only source was remote is an empty box; drop it.
    return re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", cleaned)


def markdown_to_html(source: str) -> str:
    """Markdown with the inline HTML real releases carry (<sup>, <br>, tables) to safe HTML."""
    import markdown

    rendered = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    return sanitize(rendered)


def text_to_html(source: str) -> str:
    """Plain text to safe HTML that keeps its paragraphs (blank lines) and line breaks."""
    paragraphs = re.split(r"\n[ \t]*\n+", source.replace("\r\n", "\n").replace("\r", "\n").strip("\n"))
    blocks = []
    for paragraph in paragraphs:
        lines = [html_lib.escape(line.strip()) for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(blocks)


_MARKDOWN_SIGNS = [
    re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),                   # bold
    re.compile(r"^#{1,6}\s+\S", re.MULTILINE),                      # ATX heading
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),                         # link
    re.compile(r"</?(sup|sub|br|b|strong|em|i|p|table|div)\b[^>]*>", re.IGNORECASE),  # inline HTML
    re.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|", re.MULTILINE),          # table rule
]


def looks_like_markdown(source: str) -> bool:
    """Whether a .txt file is Markdown in disguise (the seed release is)."""
    sample = source[:20000]
    return any(sign.search(sample) for sign in _MARKDOWN_SIGNS)

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
#: The only images kept: rasters already inside the file. An SVG data: image is dropped, since SVG
#: can reference local files that Qt would read into the reader and the exported PDF.
RASTER_DATA_URIS = tuple(f"data:image/{kind}" for kind in ("png", "jpeg", "jpg", "gif", "webp"))


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    lowered = value.strip().lower()
    if tag == "img" and attribute == "src":
        return value if _is_raster_data_uri(lowered) else None
    if tag == "a" and attribute == "href":
        return value if lowered.startswith(LINK_SCHEMES) or lowered.startswith("#") else None
    return value


def _is_raster_data_uri(lowered: str) -> bool:
    """``data:image/png;base64,…`` and the like; the media type ends at ';' or ','."""
    return any(lowered.startswith(prefix) and lowered[len(prefix):len(prefix) + 1] in (";", ",")
               for prefix in RASTER_DATA_URIS)


def sanitize(html: str) -> str:
    """Safe HTML: no script, style, event handler, frame, form, remote image or stylesheet."""
    cleaned = nh3.clean(
        flatten_deep_nesting(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "noscript", "template", "iframe", "object", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An <img> whose only source was remote is an empty box; drop it.
    cleaned = re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", cleaned)
    return keep_ideographic_spaces(flatten_deep_nesting(cleaned))


#: Blocks nested deeper than this lose their structure, not their text. Qt lays nested tables out
#: in worse than quadratic time (3,000 took 18 s, 6,000 over two minutes); no release nests a dozen.
MAX_NESTING = 24
_CONTAINERS = {"blockquote", "caption", "dd", "div", "dl", "dt", "li", "ol", "table", "tbody", "td", "tfoot",
               "th", "thead", "tr", "ul"}
_CONTAINER_TAG = re.compile(r"<(/?)(" + "|".join(sorted(_CONTAINERS)) + r")\b[^>]*>", re.IGNORECASE)


def flatten_deep_nesting(html: str, max_nesting: int = MAX_NESTING) -> str:
    """``html`` without the container tags nested past ``max_nesting``; their contents stay, in order.

    Run before the sanitiser too, whose parser slows down quadratically with depth (50,000
    nested lists took it 125 s), so tags left open count as HTML closes them: a <li>, <td>, <tr>,
    <dt> or <dd> ends the open one of its kind (a long list whose items are never closed is not deep).
    """
    if html.count("<") < max_nesting:
        return html
    open_tags: list[tuple[str, bool]] = []      # (name, kept)

    def keep_or_drop(tag: re.Match) -> str:
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            for depth in range(len(open_tags) - 1, -1, -1):
                if open_tags[depth][0] == name:
                    kept = open_tags[depth][1]
                    del open_tags[depth:]
                    return tag.group() if kept else ""
            return tag.group()                   # a stray end tag: the sanitiser's to judge
        while open_tags and name in _ENDS_OPEN.get(open_tags[-1][0], ()):
            open_tags.pop()
        kept = len(open_tags) < max_nesting
        open_tags.append((name, kept))
        return tag.group() if kept else ""

    return _CONTAINER_TAG.sub(keep_or_drop, html)


#: An open element of the key's kind ends where one of these starts (HTML's implied end tags).
_ENDS_OPEN = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th", "tr"},
              "th": {"td", "th", "tr"}, "tr": {"tr"}}


def keep_ideographic_spaces(html: str) -> str:
    """``html`` with each run of U+3000 (the ideographic space of Chinese and Japanese text) kept as written.

    Qt's HTML parser collapses every space character but the no-break space into one ASCII
    space, and drops it at the start of a paragraph, where Japanese indents with U+3000; text in
    ``white-space: pre-wrap`` it keeps. Only text is touched, never a tag or its attributes.
    """
    if IDEOGRAPHIC_SPACE not in html:
        return html
    return "".join(part if part.startswith("<") else _IDEOGRAPHIC_SPACES.sub(_KEPT_SPACES, part)
                   for part in re.split(r"(<[^>]*>)", html))


IDEOGRAPHIC_SPACE = "\u3000"
_IDEOGRAPHIC_SPACES = re.compile("\u3000+")
_KEPT_SPACES = r'<span style="white-space:pre-wrap">\g<0></span>'


#: Markdown (and HTML) longer than this is converted in pieces: Python-Markdown and nh3 each hold
#: many times their input in memory, and a 19 MB release whole took 2.7 GB.
PIECE_CHARS = 256 * 1024


def markdown_to_html(source: str, piece_chars: int = PIECE_CHARS) -> str:
    """Markdown with the inline HTML real releases carry (<sup>, <br>, tables) to safe HTML.

    A long source is converted piece by piece, split only between two plain paragraphs or
    headings at the top level, so the result is the same HTML, made in bounded memory. (A raw
    HTML block left unclosed, which Python-Markdown reads to the end of the document, ends at
    the end of its piece instead.)
    """
    import markdown

    from .east_asian_breaks import EastAsianLineBreaks

    converter = markdown.Markdown(extensions=["extra", "sane_lists", EastAsianLineBreaks()], output_format="html")
    # Python-Markdown strips a paragraph's leading spaces, U+3000 included: as entities they stay.
    source = _LEADING_IDEOGRAPHIC_SPACES.sub(lambda run: "&#12288;" * len(run.group()), source)
    pieces = markdown_pieces(source, piece_chars)
    if len(pieces) > 1:  # link definitions may sit anywhere: every piece gets them
        references = "\n\n" + "\n".join(_LINK_DEFINITION.findall(source))
        pieces = [piece + references for piece in pieces]
    return "\n".join(sanitize(converter.reset().convert(piece)) for piece in pieces)


_LEADING_IDEOGRAPHIC_SPACES = re.compile("^\u3000+", re.MULTILINE)
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>")
_VOID = {"br", "hr", "img"}
_PLAIN_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}


def html_pieces(html: str, piece_chars: int = PIECE_CHARS) -> list[str]:
    """Sanitised ``html`` cut between two top-level paragraphs or headings that both hold text,
    each piece about ``piece_chars`` long; short HTML comes back whole.

    The sanitiser's output is well formed (every tag closed, text escaped), so counting tags is
    enough to know what is top level. Empty paragraphs are never beside a cut: Qt drops some of
    them in context, which a piece cannot know.
    """
    if len(html) <= piece_chars:
        return [html]
    pieces: list[str] = []
    start = depth = 0
    opened_at = 0               # where the current top-level element's content starts
    after_plain_block = False   # the last top-level element closed was a paragraph or heading with text
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1), tag.group(2)
        if name in _VOID:
            after_plain_block = False if depth == 0 else after_plain_block
            continue
        if closing:
            depth -= 1
            after_plain_block = depth == 0 and name in _PLAIN_BLOCK and _holds_text(html[opened_at:tag.start()])
            continue
        if (depth == 0 and after_plain_block and name in _PLAIN_BLOCK and tag.start() - start >= piece_chars
                and not html[_previous_end(html, tag.start()):tag.start()].strip()
                and _holds_text(html[tag.end():html.find(f"</{name}>", tag.end())])):
            pieces.append(html[start:tag.start()].rstrip("\n"))
            start = tag.start()
        if depth == 0:
            opened_at = tag.end()
        after_plain_block = False
        depth += 1
    pieces.append(html[start:])
    return pieces


def _holds_text(fragment: str) -> bool:
    return bool(_TAG.sub("", fragment).strip())


def _previous_end(html: str, position: int) -> int:
    """Where the tag before ``position`` ends (text between two tags must be blank to cut there)."""
    return html.rfind(">", 0, position) + 1


_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n^]+\]:[ \t]*\S.*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
#: A line that continues or starts a structure a split could break: indented code or list
#: continuation, list items, block quotes, tables, raw HTML blocks, footnotes, definition lists.
_NOT_PLAIN_BLOCK = re.compile(r"^(?:[ \t]|[-+*][ \t]|\d+[.)][ \t]|>|\||<|\[\^|:[ \t]|$)")


def markdown_pieces(source: str, piece_chars: int = PIECE_CHARS) -> list[str]:
    """``source`` cut at blank lines between plain top-level paragraphs or headings, each piece
    about ``piece_chars`` long; short sources come back whole."""
    if len(source) <= piece_chars:
        return [source]
    lines = source.split("\n")
    pieces: list[str] = []
    start = 0           # index of the current piece's first line
    length = 0          # characters in the current piece
    fenced = False
    previous_plain = False  # whether the last non-blank line was a plain paragraph or heading line
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif (not fenced and length >= piece_chars and previous_plain and index > 0 and not lines[index - 1].strip()
              and not _NOT_PLAIN_BLOCK.match(line)):
            pieces.append("\n".join(lines[start:index]))
            start, length = index, 0
        length += len(line) + 1
        if line.strip():
            previous_plain = not fenced and not _NOT_PLAIN_BLOCK.match(line) and not _FENCE.match(line)
    pieces.append("\n".join(lines[start:]))
    return pieces


def text_to_html(source: str) -> str:
    """Plain text to safe HTML that keeps its paragraphs (blank lines) and line breaks."""
    paragraphs = re.split(r"\n[ \t]*\n+", source.replace("\r\n", "\n").replace("\r", "\n").strip("\n"))
    blocks = []
    for paragraph in paragraphs:
        # Only the layout's spaces are trimmed: a leading U+3000 is a Japanese paragraph indent.
        lines = [html_lib.escape(line.strip(" \t\f\v")) for line in paragraph.split("\n")]
        lines = [line for line in lines if line.strip()]
        if lines:
            blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
    return keep_ideographic_spaces("\n".join(blocks))


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

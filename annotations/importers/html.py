"""Saved web pages: the release itself, without the site around it.

A saved press-release page is mostly site: navigation, cookie banners, share buttons, footers and
scripts. The page is parsed into a small tree (standard library only), what is never content is
dropped, the main content is chosen (``<main>``, ``role=main``, the largest ``<article>``, else the
element holding most paragraph text) and only that goes through the one sanitiser. Metadata comes
from what the page states for machines: Open Graph and article meta tags, JSON-LD,
``<time datetime>`` and ``<html lang>``.
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

from ..dates import parse_date
from ..errors import ImportFailed
from ..models import ReleaseDraft
from ..rendering import sanitize
from ..text_blocks import MARKER, MARKER_LAST
from .common import decode_text, make_draft, strip_control_characters

_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
              "track", "wbr"}
#: An open element of the key's kind ends when an element of one of these kinds starts (HTML's implied end tags).
_IMPLIED_END = {
    "p": {"address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure", "footer", "form", "h1", "h2",
          "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul"},
    "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "option": {"option"},
    "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "tr": {"tr"},
}
#: Never part of what a reader reads.
_NEVER_CONTENT = {"applet", "aside", "audio", "button", "canvas", "dialog", "embed", "form", "frame", "frameset",
                  "head", "iframe", "input", "link", "map", "math", "menu", "meta", "nav", "noscript", "object",
                  "script", "select", "style", "svg", "template", "textarea", "title", "video"}
_NEVER_CONTENT_ROLES = {"alertdialog", "banner", "complementary", "contentinfo", "dialog", "menu", "menubar",
                        "navigation", "search", "toolbar"}
#: class/id words of the site furniture around an article: cookie banners, share bars, breadcrumbs...
#: and of text meant only for screen readers.
_FURNITURE_NAME = re.compile(
    r"(?:^|[-_])(?:cookie\w*|consent|gdpr|share|sharing|social\w*|breadcrumbs?|newsletter|subscribe|subscription|"
    r"skip-?links?|advert\w*|ads|sponsored|promo|related|comments?|popup|modal)(?:$|[-_])"
    r"|(?:^|[-_])(?:hidden|sr-only|visually-?hidden|screen-reader-text|offscreen)$",
    re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CONTENT_ROOTS = {"article", "main"}
#: Sectioning tags the sanitiser does not keep: renamed to <div> so their text stays in separate blocks.
_BLOCKS_AS_DIV = {"address", "article", "body", "center", "details", "figcaption", "figure", "footer", "header",
                  "hgroup", "main", "section", "summary"}
#: A declared main element must hold at least this share of the page's text, or it is a shell.
_MAIN_SHARE = 0.25
#: Without one, the densest block must hold this share of all paragraph text, or the whole body is
#: kept: dropping part of the release is worse than keeping a sidebar.
_DENSEST_SHARE = 0.5
#: Paragraphs shorter than this say little about where the article is (captions, buttons).
_MIN_PARAGRAPH_CHARS = 25
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
                   "dc.date.issued", "dcterms.issued", "dcterms.date", "pubdate", "publish-date")
_ISSUER_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher")
_SITE_SEPARATORS = (" – ", " — ", " - ", " :: ", " · ")


def read(path: Path, data: bytes) -> ReleaseDraft:
    """A saved web page as a draft: its main content, sanitised, and the metadata the page states.

    Raises ImportFailed when the page holds no text of its own.
    """
    document = _parse(decode_text(path, data, _declared_charset(data)))
    page = _PageFacts.of(document)
    _drop_furniture(document)
    content = _main_content(document)
    if not _text_of(content):
        raise ImportFailed(path, "the page has no text of its own (it may be filled in by scripts in a browser)")
    html = sanitize(_serialise(content, page.base_url))
    return make_draft(path, data, "html", html, **page.metadata(content))


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Element | str] = field(default_factory=list)
    parent: _Element | None = None


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unclosed <p>/<li>/<td> end where HTML says they do, stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.document = _Element("#document")
        self._open = [self.document]

    def handle_starttag(self, tag, attrs):
        while self._open[-1].tag in _IMPLIED_END and tag in _IMPLIED_END[self._open[-1].tag]:
            self._open.pop()
        element = _Element(tag, {name: value or "" for name, value in attrs}, parent=self._open[-1])
        self._open[-1].children.append(element)
        if tag not in _VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self._open.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data):
        self._open[-1].children.append(data)


def _parse(source: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.document


def _declared_charset(data: bytes) -> str | None:
    """The encoding a <meta charset> (or http-equiv Content-Type) names, as a Python codec name."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # As browsers do (WHATWG Encoding): a page labelled Latin-1 or ASCII is read as windows-1252.
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


# The tree is walked with explicit stacks, never by recursion: a valid page may nest 10,000 <div>s.

def _nodes(element: _Element) -> Iterator[_Element | str]:
    """Every element and string below ``element``, in document order."""
    stack = [iter(element.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        yield child
        if isinstance(child, _Element):
            stack.append(iter(child.children))


def _walk(element: _Element) -> Iterator[_Element]:
    return (node for node in _nodes(element) if isinstance(node, _Element))


def _strings(element: _Element) -> Iterator[str]:
    return (node for node in _nodes(element) if isinstance(node, str))


def _text_of(element: _Element) -> str:
    return " ".join("".join(_strings(element)).split())


@dataclass
class _PageFacts:
    """What the page states about itself for machines, read before anything is dropped."""

    language: str = ""
    title: str = ""
    base_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    linked_data: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, document: _Element) -> _PageFacts:
        facts = cls()
        for element in _walk(document):
            attrs = element.attrs
            if element.tag == "html":
                facts.language = facts.language or attrs.get("lang", "") or attrs.get("xml:lang", "")
            elif element.tag == "title":
                facts.title = facts.title or _text_of(element)
            elif element.tag == "link" and attrs.get("rel", "").lower() == "canonical":
                # <base href> is not followed: a hostile page could point relative links anywhere.
                facts.base_url = facts.base_url or attrs.get("href", "")
            elif element.tag == "script" and attrs.get("type", "").lower() == "application/ld+json":
                facts._read_linked_data("".join(child for child in element.children if isinstance(child, str)))
            if element.tag == "meta" or "itemprop" in attrs:
                key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
                       or attrs.get("http-equiv") or "").lower()
                value = attrs.get("content") or attrs.get("datetime") or ""
                if key and value.strip():
                    facts.meta.setdefault(key, value.strip())
        return facts

    def _read_linked_data(self, source: str) -> None:
        try:
            items = [json.loads(source)]
        except ValueError:
            return
        while items:
            item = items.pop(0)
            if isinstance(item, list):
                items.extend(item)
            elif isinstance(item, dict):
                items.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
                for key in ("headline", "datePublished"):
                    if isinstance(item.get(key), str):
                        self.linked_data.setdefault(key, item[key])
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                    self.linked_data.setdefault("publisher", publisher["name"])

    def metadata(self, content: _Element) -> dict[str, str]:
        """title, issuer, date and language where the page states them (empty fields are left out).

        The first <h1> and <time datetime> are looked for in the main ``content`` only: the site
        around it has headings and dates of its own.
        """
        first_heading = next((_text_of(element) for element in _walk(content) if element.tag == "h1"), "")
        first_time = next((element.attrs["datetime"] for element in _walk(content)
                           if element.tag == "time" and element.attrs.get("datetime")), "")
        stated_site = self._first_meta(_ISSUER_META) or self.linked_data.get("publisher", "")
        title = self.meta.get("og:title") or self.linked_data.get("headline") or first_heading or self.title
        title, suffix_site = _split_site_suffix(" ".join(title.split()), first_heading, stated_site)
        if MARKER.match(title) or MARKER_LAST.search(title):
            title = ""              # "외교부 보도자료": the site's masthead; the release's heading is the title
        issuer = stated_site or suffix_site
        published = self.linked_data.get("datePublished", "") or self._first_meta(_PUBLISHED_META) or first_time
        language = _language_tag(self.language or self.meta.get("content-language", "") or self.meta.get("language", ""))
        metadata = {"title": title, "issuer": " ".join(issuer.split()), "date": _stated_date(published, language),
                    "language": language}
        return {key: value for key, value in metadata.items() if value}

    def _first_meta(self, keys: tuple[str, ...]) -> str:
        return next((self.meta[key] for key in keys if self.meta.get(key)), "")


def _split_site_suffix(title: str, first_heading: str, stated_site: str) -> tuple[str, str]:
    """('Headline', 'Site') from 'Headline | Section | Site' (or 'Site | Headline').

    Of bar-separated parts the headline is the one the page's <h1> repeats, else the longest; the site
    is the part at the other end. A dash splits only before the site name the page states, because
    headlines have dashes of their own.
    """
    parts = [part.strip() for part in title.split(" | ") if part.strip()]
    if len(parts) > 1:
        headline = next((part for part in parts if part.lower() == first_heading.lower()), max(parts, key=len))
        return headline, parts[0] if headline == parts[-1] else parts[-1]
    for separator in _SITE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and stated_site and tail.strip().lower() == stated_site.lower():
            return head.strip(), tail.strip()
    return title, ""


def _stated_date(value: str, language: str) -> str:
    """A meta tag's or <time>'s date as YYYY-MM-DD: ISO 8601 as written (the day in the page's own
    time zone), else read by dateparser ("18 July 2019", "Jul 18, 2019 11:37 CET")."""
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return ""
    return parse_date(value, language) if value.strip() else ""


def _language_tag(value: str) -> str:
    tag = value.split(",")[0].strip().replace("_", "-")
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", tag) else ""


def _is_furniture(element: _Element) -> bool:
    """Whether ``element`` is never what a reader came for: scripts, menus, banners, share bars, hidden text."""
    attrs = element.attrs
    if element.tag in _NEVER_CONTENT or attrs.get("role", "").lower() in _NEVER_CONTENT_ROLES:
        return True
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true" or _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if element.tag in {"header", "footer"} and not _inside_content(element):
        return True  # the site's header and footer; an article's own header holds its headline
    if element.tag in {"html", "body", "main"}:
        return False
    names = attrs.get("class", "").split() + attrs.get("id", "").split()
    return any(_FURNITURE_NAME.search(name) for name in names)


def _ancestors(element: _Element) -> Iterator[_Element]:
    while element.parent is not None:
        element = element.parent
        yield element


def _inside_content(element: _Element) -> bool:
    return any(ancestor.tag in _CONTENT_ROOTS or ancestor.attrs.get("role", "").lower() == "main"
               for ancestor in _ancestors(element))


def _drop_furniture(element: _Element) -> None:
    pending = [element]
    while pending:
        parent = pending.pop()
        parent.children = [child for child in parent.children
                           if not (isinstance(child, _Element) and _is_furniture(child))]
        pending.extend(child for child in parent.children if isinstance(child, _Element))


def _main_content(document: _Element) -> _Element:
    """The element holding the release.

    A declared main element if it holds a fair share of the text; else the element with most
    paragraph text directly inside it (and half of its grandchildren's) if it holds most of all
    paragraph text, widened to take in the page's <h1> when a wrapper short of <body> holds both;
    else the whole body.
    """
    body = next((element for element in _walk(document) if element.tag == "body"), document)
    page_chars = len(_text_of(body))
    articles = [element for element in _walk(body) if element.tag == "article"]
    declared = [
        next((element for element in _walk(body) if element.tag == "main"), None),
        next((element for element in _walk(body) if element.attrs.get("role", "").lower() == "main"), None),
        max(articles, key=lambda element: len(_text_of(element)), default=None),
    ]
    for candidate in declared:
        if candidate is not None and len(_text_of(candidate)) >= _MAIN_SHARE * page_chars:
            return candidate
    scores: dict[_Element, float] = {}
    paragraph_chars = 0
    for element in _walk(body):
        if element.tag in {"p", "pre", "blockquote"} and element.parent is not None:
            chars = len(_text_of(element))
            if chars >= _MIN_PARAGRAPH_CHARS:
                paragraph_chars += chars
                scores[element.parent] = scores.get(element.parent, 0) + chars
                if element.parent.parent is not None:
                    scores[element.parent.parent] = scores.get(element.parent.parent, 0) + chars / 2
    densest = max(scores, key=scores.__getitem__, default=body)
    if densest is body or scores[densest] < _DENSEST_SHARE * paragraph_chars:
        return body
    headline = next((element for element in _walk(body) if element.tag == "h1"), None)
    if headline is None:
        return densest
    densest_and_above = {densest, *_ancestors(densest)}
    holding_both = next(ancestor for ancestor in _ancestors(headline) if ancestor in densest_and_above)
    return holding_both if body in _ancestors(holding_both) else densest


def _serialise(element: _Element, base_url: str) -> str:
    """HTML for the sanitiser: empty wrappers dropped, sectioning tags as <div>, links made absolute."""
    out: list[str] = []
    shown = _elements_with_content(element)
    # A stack of work: (node, inside <pre>) to emit, or a closing tag (str) to write.
    stack: list[tuple[_Element | str, bool] | str] = [(child, False) for child in reversed(element.children)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, preformatted = item
        if isinstance(node, str):
            text = node if preformatted else _collapse_layout_whitespace(node)
            out.append(html_lib.escape(strip_control_characters(text), quote=False))
            continue
        if node.tag in {"br", "hr"}:
            out.append(f"<{node.tag}>")
            continue
        if node.tag not in _VOID_TAGS and node not in shown:
            continue
        tag = "div" if node.tag in _BLOCKS_AS_DIV else node.tag
        attrs = dict(node.attrs)
        if "href" in attrs and base_url:
            attrs["href"] = urljoin(base_url, attrs["href"].strip())
        rendered = "".join(f' {name}="{html_lib.escape(value)}"' for name, value in attrs.items()
                           if re.fullmatch(r"[a-z][a-z0-9:_-]*", name))
        out.append(f"<{tag}{rendered}>")
        if node.tag not in _VOID_TAGS:
            stack.append(f"</{tag}>")
            inside_pre = preformatted or node.tag == "pre"
            stack.extend((child, inside_pre) for child in reversed(node.children))
    return "".join(out)


def _elements_with_content(root: _Element) -> set[_Element]:
    """The elements below ``root`` that show something: text other than spaces, or an image inside
    the file. Found in one pass, children before their parents."""
    shown: set[_Element] = set()
    for element in reversed(list(_walk(root))):
        if element.tag == "img" and element.attrs.get("src", "").lower().startswith("data:image/") or any(
                (child.strip() if isinstance(child, str) else child in shown) for child in element.children):
            shown.add(element)
    return shown


def _collapse_layout_whitespace(text: str) -> str:
    """The source's indentation as one space (one newline where it had line breaks); no-break spaces stay."""
    return re.sub(r"[ \t\r\n\f]+", lambda run: "\n" if "\n" in run.group() else " ", text)

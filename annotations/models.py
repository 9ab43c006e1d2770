"""Plain data passed between the core and the application: frozen, no behaviour beyond derivation."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Highlight colours, in the order of their keyboard shortcuts (1–5), with what each means.
COLORS: dict[str, tuple[str, str]] = {
    "yellow": ("#ffe066", "Key point"),
    "green": ("#8ce99a", "Agreement / positive"),
    "blue": ("#74c0fc", "Background / context"),
    "pink": ("#faa2c1", "Concern / risk"),
    "purple": ("#d0bfff", "Follow up"),
}
DEFAULT_COLOR = "yellow"
#: Every colour a highlight can have (the codebook gives up to eight of them a meaning and a key).
PALETTE: dict[str, str] = {
    **{name: hex_color for name, (hex_color, _) in COLORS.items()},
    "orange": "#ffc078",
    "teal": "#63e6be",
    "grey": "#ced4da",
}
MAX_CODEBOOK = len(PALETTE)


def default_meanings() -> dict[str, str]:
    """Colour → meaning before the analyst names anything (exports of values built outside a library)."""
    return {**{color: color.capitalize() for color in PALETTE},
            **{name: meaning for name, (_, meaning) in COLORS.items()}}


@dataclass(frozen=True)
class CodebookEntry:
    """What the analyst means by a colour: a name (shown on keys, menus and exports) and one line."""

    color: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ReleaseDraft:
    """What an importer makes of a file, before the application derives the canonical text."""

    source_path: str
    source_format: str          # "markdown", "text", "html", "pdf", "docx", "email"
    original: bytes
    html: str                   # sanitised, safe to show
    content_hash: str           # sha256 of the original bytes
    title: str = ""
    issuer: str = ""
    date: str = ""              # ISO 8601 (YYYY-MM-DD) when known
    language: str = ""          # BCP 47 tag when known


@dataclass(frozen=True)
class ReleaseSummary:
    """One row of the library list: enough to show, nothing heavy."""

    id: int
    title: str
    issuer: str
    date: str
    language: str
    source_format: str
    imported_at: str


@dataclass(frozen=True)
class Release:
    id: int
    content_hash: str
    title: str
    issuer: str
    date: str
    language: str
    source_path: str
    source_format: str
    html: str
    text: str                   # canonical plain text: QTextDocument.toPlainText() of html
    imported_at: str


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int


@dataclass(frozen=True)
class Annotation:
    """A highlight (with selectors) or, when ``position`` is None and ``quote`` is None, a note on the whole release."""

    id: int
    uuid: str                   # stable across libraries: the W3C annotation id is urn:uuid:<uuid>
    release_id: int
    color: str
    note: str
    created: str
    updated: str
    position: TextPositionSelector | None = None
    quote: TextQuoteSelector | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    orphaned: bool = False

    @property
    def is_release_note(self) -> bool:
        return self.quote is None


@dataclass(frozen=True)
class SearchHit:
    release_id: int
    title: str
    snippet: str
    annotation_id: int | None = None   # set when the hit is in a note or quote


@dataclass(frozen=True)
class SearchFilters:
    """Narrow a search: issuer (words in it), a date range (ISO, inclusive), a tag, a colour."""

    issuer: str = ""
    date_from: str = ""
    date_to: str = ""
    tag: str = ""
    color: str = ""

    def __bool__(self) -> bool:
        return any((self.issuer, self.date_from, self.date_to, self.tag, self.color))


@dataclass(frozen=True)
class ImportedAnnotation:
    """One annotation read from a file, before it is anchored in a release.

    ``quote`` is None for a note on the whole release; ``position`` is only a hint, since the
    file may describe another version of the text.
    """

    uuid: str                   # hex, as the Library stores it
    quote: TextQuoteSelector | None
    position: TextPositionSelector | None
    note: str
    tags: tuple[str, ...]
    color: str
    created: str                # "" when the file does not say
    modified: str
    source: str                 # the target's source IRI, "" when absent
    meaning: str = ""           # what the colleague's codebook called the colour, "" when absent


@dataclass(frozen=True)
class ImportSummary:
    """What ``Library.import_annotations`` did with a file, to tell the user."""

    added: int
    skipped_duplicates: int
    orphaned: int               # of those added, how many could not be anchored in the text
    source_matched: bool        # every annotation targeted this very release (same urn:sha256)


def release_source(release: Release) -> str:
    """The IRI a W3C annotation targets: the release's original bytes, whatever library holds it."""
    return f"urn:sha256:{release.content_hash}"


@dataclass(frozen=True)
class VersionInfo:
    """One version of a release, in a chain from the first version to the latest."""

    id: int
    title: str
    content_hash: str
    imported_at: str
    previous_id: int | None         # the version this one superseded
    linked_by: str = ""             # why it was linked: "similar text", "same source", "correction notice", "by hand"
    similarity: float | None = None  # share of the shorter text found unchanged in the other (0–1)
    changes: str = ""               # the diff summary against the previous version


@dataclass(frozen=True)
class CarryMark:
    """What happened to an annotation's passage when it was carried to this version."""

    status: str                     # "unchanged", "changed" or "orphaned"
    old_exact: str                  # its wording in the previous version
    from_release_id: int | None     # the version it came from (None once that version is gone)


@dataclass(frozen=True)
class Lineage:
    """Which version of a release an export shows, and the one it superseded (for headers and JSON)."""

    number: int                     # 1 for the first version (and for a release with no other)
    count: int
    content_hash: str
    imported_at: str
    previous: VersionInfo | None = None
    changes: str = ""               # the diff summary against the previous version

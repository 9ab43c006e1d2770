"""Versions of a release: recognised at import, linked or unlinked by hand, and annotations carried.

A release that is a revision of one already in the library (a figure corrected, a sentence
softened, a "CORRECTING and REPLACING" reissue) is stored as a new release *linked* to the one it
supersedes, and every annotation of that version is copied to it and re-anchored
(``carrying.carry``), each marked unchanged, changed or orphaned. The old version keeps its own.

How a revision is recognised (``find_previous_version``), measured on the corpus
(tests/core/test_versions.py):

- **Similarity** is the share of the shorter text found unchanged in the other, in order
  (``diffing.Alignment``, word tokens) or as whole paragraphs moved. Revisions built from the 17
  corpus releases by one kind of edit score at least 0.92 (figures changed 0.99, sentences
  inserted 1.0, words reworded 0.92, paragraphs deleted 1.0, paragraphs reordered 1.0); every
  edit at once down to 0.61. Of the 136 pairs of different corpus releases, the highest is the two
  Bank of Russia key-rate decisions at 0.44 (one template: character similarity 63 %, token-set
  similarity 78 %); every other pair is at most 0.27.
- Candidates are found through indexes only: releases sharing a MinHash band of word triples
  (``text_keys``), a source key, or the title. Releases imported before this feature have no
  text keys and are found by their title or by hand.
- A release links when it has the **same issuer** (both empty counts as the same) or the same
  title (a correction notice before it set aside; metadata found in the text can differ between
  versions, as when a closing paragraph was removed) and similarity
  of at least ``SIMILAR_TEXT`` (0.70), or at least ``WITH_NOTICE`` (0.50) when its opening names
  itself a correction or update; or when it has the **same source** (page URL, e-mail Message-ID)
  and similarity of at least ``SAME_SOURCE`` (0.30).
- Two releases that state **different dates** (in their metadata or their titles) are siblings
  on one template (a weekly figure), and texts under 200 characters are too small to tell: such
  releases link only through a correction notice or the same source.
"""

from __future__ import annotations

import re
import uuid as uuid_lib
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .carrying import ORPHANED, carry
from .diffing import MONTHS, TOKEN, Alignment, Change, summary
from .errors import ReleaseNotFound, VersionLinkRefused
from .models import CarryMark, Lineage, ReleaseDraft, VersionInfo

if TYPE_CHECKING:
    from .library import Library

#: Least similarity for a release of the same issuer to be taken as a revision.
SIMILAR_TEXT = 0.70
#: ... when its opening says it corrects or updates a release.
WITH_NOTICE = 0.50
#: ... when it comes from the same URL or e-mail thread as one in the library.
SAME_SOURCE = 0.30
#: The shorter of two versions is at least this share of the longer (a quote of a release is not a version of it).
LENGTH_RATIO = 0.4
#: How many releases of the same title, and of each shared key, are considered; how many aligned in full.
CANDIDATES = 20
ALIGNED_CANDIDATES = 3
#: Longer texts are not compared at import (see ``_link_if_revision``).
MAX_COMPARED_CHARS = 1_000_000
#: MinHash over word triples, in BANDS bands of BAND_ROWS (see ``text_keys``).
SHINGLE_WORDS = 3
BANDS = 6
BAND_ROWS = 2
TEXT_KEY_PREFIX = "text:"
_MINHASH_MASKS = tuple((zlib.crc32(f"communique-minhash-{n}".encode()) * 2654435761) % (1 << 32)
                       for n in range(BANDS * BAND_ROWS))
#: Texts shorter than this are too small to tell a revision from a sibling on the same template
#: ("Release 1: run step 1" and "Release 2: run step 2"), unless a notice or the source says so.
MIN_SIMILAR_TEXT_CHARS = 200
#: A correction or update notice in the first characters of a release.
NOTICE = re.compile(
    r"\b(correcting and replacing|correction|corrected|corrects|update[ds]?|revised|replaces|erratum|"
    r"rectificatif|berichtigung|korrektur|исправлен\w*|уточнен\w*|обновлен\w*)\b", re.IGNORECASE)
NOTICE_CHARS = 400
_HTML_SOURCE = re.compile(
    rb"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)|<link[^>]+href=["']([^"']+)["'][^>]*rel=["']canonical"""
    rb"""|<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""", re.IGNORECASE)
_TITLE_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}\.?\s+(?:%s)\b|\b(?:%s)\s+\d{1,2}\b"
    % ((MONTHS,) * 2), re.IGNORECASE)
_MESSAGE_ID = re.compile(rb"^(?:message-id|supersedes):[ \t]*(<[^>\r\n]+>)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class VersionMatch:
    previous_id: int
    linked_by: str
    similarity: float


def source_keys(draft: ReleaseDraft) -> set[str]:
    """What names a release's source independently of its text: its page's URL, its Message-ID."""
    head = draft.original[:200_000]
    keys = set()
    if draft.source_format == "html":
        for match in _HTML_SOURCE.finditer(head):
            url = next(group for group in match.groups() if group)
            keys.add("url:" + url.decode("utf-8", "replace").strip().rstrip("/").lower())
    if draft.source_format == "email":
        keys |= {"message-id:" + match.group(1).decode("ascii", "replace").lower() for match in _MESSAGE_ID.finditer(head)}
    return keys


def similarity(alignment: Alignment) -> float:
    """Share of the shorter text found unchanged in the other: in order, or as whole paragraphs moved."""
    shorter = min(len(alignment.old), len(alignment.new))
    if not shorter:
        return 0.0
    shared = sum(block.length for block in alignment.blocks)
    old, new = alignment.old, alignment.new
    start = 0
    for line in old.split("\n"):
        end = start + len(line)
        kept = alignment.unchanged_characters(start, end)
        if kept < len(line) / 2 and len(line.strip()) >= 12 and new.count(line) == 1:
            where = new.find(line)
            if alignment.new_aligned_characters(where, where + len(line)) < len(line) / 2:
                shared += len(line) - kept
        start = end + 1
    return min(1.0, shared / shorter)


def text_keys(text: str) -> set[str]:
    """MinHash bands of the text's word triples: two texts sharing most triples share a band.

    ``BANDS`` bands of ``BAND_ROWS`` hashes each: texts whose triples overlap by half (Jaccard
    0.5) share a band 82 % of the time, by 0.7 98 %; unrelated texts almost never. So the releases
    a new one may revise are found through an index, at any library size.
    """
    words = [word.casefold() for word in TOKEN.findall(text) if word[0].isalnum()]   # as ``tokens`` splits
    if len(words) < SHINGLE_WORDS:
        return set()
    hashes = {zlib.crc32("\x1f".join(words[i:i + SHINGLE_WORDS]).encode())
              for i in range(len(words) - SHINGLE_WORDS + 1)}
    minima = [min(map(mask.__xor__, hashes)) for mask in _MINHASH_MASKS]
    return {f"{TEXT_KEY_PREFIX}{band}:" + "".join(f"{value:08x}" for value in minima[band * BAND_ROWS:(band + 1) * BAND_ROWS])
            for band in range(BANDS)}


def _issuer_key(issuer: str) -> str:
    return " ".join(issuer.casefold().split())


def _siblings(date: str, other_date: str, title: str, other_title: str) -> bool:
    """Two releases on one template: they state different dates, or their titles name different dates
    (a corrected figure in a title is still a correction)."""
    if date and other_date and date != other_date:
        return True
    dates, other_dates = _title_dates(title), _title_dates(other_title)
    return bool(dates and other_dates and dates != other_dates)


def _title_dates(title: str) -> set[str]:
    return {match.group(0).casefold() for match in _TITLE_DATE.finditer(title)}


def _title_key(title: str) -> str:
    """The title without a correction notice ("CORRECTING and REPLACING Foo" is about "Foo")."""
    return NOTICE.sub("", title, count=1).strip(" \t-–—:|*") if NOTICE.match(title.strip()) else title.strip()


class ReleaseVersions:
    """The Library's versions: mixed into ``Library`` (it owns the connection and ``_write``)."""

    # Recognising a revision at import -----------------------------------------------------------

    def _link_if_revision(self: Library, release_id: int, draft: ReleaseDraft, text: str) -> VersionMatch | None:
        """Called by ``add_releases`` for each new release, inside its transaction.

        A text past ``MAX_COMPARED_CHARS`` (no press release is that long) is not compared: aligning
        it would cost seconds and memory; it can still be linked by hand.
        """
        if len(text) > MAX_COMPARED_CHARS:
            return None
        keys = source_keys(draft) | text_keys(text)
        self.db.conn.executemany("INSERT OR IGNORE INTO release_keys (key, release_id) VALUES (?, ?)",
                            [(key, release_id) for key in keys])
        match = self.find_previous_version(release_id, draft, text, keys)
        if match is not None:
            self._link(match.previous_id, release_id, match.linked_by, match.similarity)
        return match

    def find_previous_version(self: Library, release_id: int, draft: ReleaseDraft, text: str,
                              keys: set[str] | None = None) -> VersionMatch | None:
        """The release in the library that ``text`` revises, by the rules in the module docstring.

        Candidates come from indexes only (no scan of an issuer's releases, however many): releases
        sharing a text key (similar text, by MinHash bands) or a source key, and those of the same
        title. Each is then measured by aligning the two texts.
        """
        keys = source_keys(draft) | text_keys(text) if keys is None else keys
        shared: dict[int, set[str]] = {}
        for key in keys:
            # The newest few holding each key: boilerplate shared by thousands of an issuer's releases
            # must not make every import read them all.
            for (candidate_id,) in self.db.execute(
                    "SELECT release_id FROM release_keys WHERE key = ? AND release_id != ? "
                    "ORDER BY release_id DESC LIMIT ?", [key, release_id, CANDIDATES]):
                shared.setdefault(candidate_id, set()).add(key)
        title = _title_key(draft.title)
        if title:
            for (candidate_id,) in self.db.execute(
                    "SELECT id FROM releases WHERE title = ? COLLATE NOCASE AND id != ? ORDER BY id DESC LIMIT ?",
                    [title, release_id, CANDIDATES]):
                shared.setdefault(candidate_id, set())
        # Most shared bands first: the likeliest revisions are aligned, the rest never read. A
        # candidate stands for the latest version of its release (the one a revision would follow),
        # so a run of versions is aligned once, not once per version sharing bands.
        ranked: dict[int, set[str]] = {}
        for candidate_id in sorted(shared, key=lambda candidate: (-len(shared[candidate]), -candidate)):
            latest = self._latest_version_of(candidate_id)
            if latest != release_id:
                ranked.setdefault(latest, set()).update(shared[candidate_id])
            if len(ranked) == ALIGNED_CANDIDATES:
                break
        shared = ranked
        notice = bool(NOTICE.search(text[:NOTICE_CHARS]))
        best = None
        for candidate_id in ranked:
            candidate_text, candidate_date, candidate_title, candidate_issuer = self.db.execute(
                "SELECT text, date, title, issuer FROM releases WHERE id = ?", [candidate_id]).fetchone()
            shorter, longer = sorted((len(text), len(candidate_text)))
            if not longer or shorter / longer < LENGTH_RATIO:
                continue
            sourced = any(not key.startswith(TEXT_KEY_PREFIX) for key in shared[candidate_id])
            related = sourced or (_issuer_key(candidate_issuer) == _issuer_key(draft.issuer)
                                  or _title_key(candidate_title).casefold() == title.casefold())
            if not related:
                continue
            score = similarity(Alignment(candidate_text, text))
            if sourced and score >= SAME_SOURCE:
                linked_by = "same source"
            elif notice and score >= WITH_NOTICE:
                linked_by = "correction notice"
            elif (score >= SIMILAR_TEXT and not _siblings(candidate_date, draft.date, candidate_title, draft.title)
                  and shorter >= MIN_SIMILAR_TEXT_CHARS):
                linked_by = "similar text"
            else:
                continue
            if best is None or score > best.similarity:
                best = VersionMatch(candidate_id, linked_by, score)
        return best

    # Linking by hand -------------------------------------------------------------------------------

    def link_versions(self: Library, previous_id: int, release_id: int) -> int:
        """Mark ``release_id`` as the version after ``previous_id`` and carry its annotations over.

        Returns how many annotations were carried. Raises ReleaseNotFound, VersionLinkRefused (a
        release linked to itself, one that already has a previous or next version, or a loop).
        """
        for key in (previous_id, release_id):
            if not self.release_exists(key):
                raise ReleaseNotFound(key)
        if previous_id == release_id:
            raise VersionLinkRefused(f"release {release_id} cannot be a version of itself")
        if self._previous_of(release_id) is not None:
            raise VersionLinkRefused(f"release {release_id} already follows release {self._previous_of(release_id)}; "
                                     f"unlink it first")
        if self._next_of(previous_id) is not None:
            raise VersionLinkRefused(f"release {previous_id} already has a newer version, release "
                                     f"{self._next_of(previous_id)}; link to that one, or unlink it first")
        if previous_id in [version.id for version in self.versions_of(release_id)]:
            raise VersionLinkRefused(f"release {previous_id} is already a later version of release {release_id}")
        with self._write():
            alignment = Alignment(self._text_of(previous_id), self._text_of(release_id))
            return self._link(previous_id, release_id, "by hand", similarity(alignment), alignment)

    def unlink_version(self: Library, release_id: int) -> int:
        """Make ``release_id`` a release of its own again; returns how many carried copies were removed.

        Copies carried to it that nobody has edited since are removed (the previous version keeps
        the originals); copies edited there stay, as the analyst's work. Raises ReleaseNotFound,
        VersionLinkRefused when it follows no release.
        """
        if not self.release_exists(release_id):
            raise ReleaseNotFound(release_id)
        previous_id = self._previous_of(release_id)
        if previous_id is None:
            raise VersionLinkRefused(f"release {release_id} is not linked to an earlier version")
        with self._write():
            removed = self.db.execute(
                "DELETE FROM annotations WHERE id IN (SELECT annotation_id FROM carried_annotations "
                "JOIN annotations ON annotations.id = annotation_id WHERE release_id = ? AND from_release_id = ? "
                "AND annotations.updated = carried_updated)", [release_id, previous_id]).rowcount
            self.db.execute("DELETE FROM carried_annotations WHERE from_release_id = ? AND annotation_id IN "
                            "(SELECT id FROM annotations WHERE release_id = ?)", [previous_id, release_id])
            self.db.execute("DELETE FROM release_versions WHERE release_id = ?", [release_id])
        return removed

    # Reading ---------------------------------------------------------------------------------------

    def versions_of(self: Library, release_id: int) -> list[VersionInfo]:
        """Every version of the release's chain, first to latest (one item for a release of its own).

        Raises ReleaseNotFound.
        """
        if not self.release_exists(release_id):
            raise ReleaseNotFound(release_id)
        first = release_id
        seen = {first}
        while (previous := self._previous_of(first)) is not None and previous not in seen:
            first = previous
            seen.add(first)
        chain, current = [], first
        while current is not None:
            chain.append(current)
            current = self._next_of(current)
            if current in chain:
                break
        versions = []
        for version_id in chain:
            title, content_hash, imported_at = self.db.execute(
                "SELECT title, content_hash, imported_at FROM releases WHERE id = ?", [version_id]).fetchone()
            link = self.db.execute("SELECT previous_id, linked_by, similarity FROM release_versions "
                                   "WHERE release_id = ?", [version_id]).fetchone()
            previous_id, linked_by, score = link or (None, "", None)
            changes = summary(self.changes_between(previous_id, version_id)) if previous_id is not None else ""
            versions.append(VersionInfo(version_id, title, content_hash, imported_at, previous_id, linked_by, score,
                                        changes))
        return versions

    def changes_between(self: Library, old_id: int, new_id: int) -> list[Change]:
        """The word-level changes from one release to another (any two; versions or not). Raises ReleaseNotFound."""
        return Alignment(self._text_of(old_id), self._text_of(new_id)).changes

    def previous_version(self: Library, release_id: int) -> VersionInfo | None:
        """The version ``release_id`` superseded, if any (for exports' lineage)."""
        previous_id = self._previous_of(release_id)
        if previous_id is None:
            return None
        return next(version for version in self.versions_of(previous_id) if version.id == previous_id)

    def lineage(self: Library, release_id: int) -> Lineage:
        """The release's place among its versions, for exports. Raises ReleaseNotFound."""
        versions = self.versions_of(release_id)
        number = next(n for n, version in enumerate(versions, start=1) if version.id == release_id)
        version = versions[number - 1]
        return Lineage(number, len(versions), version.content_hash, version.imported_at,
                       versions[number - 2] if number > 1 else None, version.changes)

    def carry_marks(self: Library, release_id: int) -> dict[int, CarryMark]:
        """For each annotation of the release that was carried from the previous version: how it fared."""
        return {annotation_id: CarryMark(status, old_exact, from_release_id) for annotation_id, status, old_exact,
                from_release_id in self.db.execute(
                    "SELECT annotation_id, status, old_exact, from_release_id FROM carried_annotations "
                    "WHERE annotation_id IN (SELECT id FROM annotations WHERE release_id = ?)", [release_id])}

    # Inside ------------------------------------------------------------------------------------------

    def _previous_of(self: Library, release_id: int) -> int | None:
        row = self.db.execute("SELECT previous_id FROM release_versions WHERE release_id = ?", [release_id]).fetchone()
        return row[0] if row else None

    def _next_of(self: Library, release_id: int) -> int | None:
        row = self.db.execute("SELECT release_id FROM release_versions WHERE previous_id = ?", [release_id]).fetchone()
        return row[0] if row else None

    def _latest_version_of(self: Library, release_id: int) -> int:
        """The newest version in ``release_id``'s run of versions (one query, however long the run;
        a run is never a loop, and the depth bound would stop one)."""
        return self.db.execute(
            "WITH RECURSIVE later(id, depth) AS (SELECT ?, 0 UNION ALL SELECT release_versions.release_id, depth + 1 "
            "FROM release_versions JOIN later ON release_versions.previous_id = later.id WHERE depth < 1000000) "
            "SELECT id FROM later ORDER BY depth DESC LIMIT 1", [release_id]).fetchone()[0]

    def _link(self: Library, previous_id: int, release_id: int, linked_by: str, score: float,
              alignment: Alignment | None = None) -> int:
        """Store the link and carry every annotation of ``previous_id`` over (inside a transaction)."""
        self.db.execute("INSERT INTO release_versions (release_id, previous_id, linked_by, similarity, linked_at) "
                        "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        [release_id, previous_id, linked_by, round(score, 4)])
        already = {row[0] for row in self.db.execute(
            "SELECT from_uuid FROM carried_annotations JOIN annotations ON annotations.id = annotation_id "
            "WHERE release_id = ?", [release_id])}
        carried = 0
        for annotation in self.annotations_for(previous_id):
            if annotation.uuid in already:
                continue
            position, quote, status = None, None, "unchanged"
            if annotation.quote is not None:
                if alignment is None:        # aligned only when there is a highlight to carry
                    alignment = Alignment(self._text_of(previous_id), self._text_of(release_id))
                outcome = carry(alignment, annotation.quote, annotation.position)
                status = outcome.status
                if outcome.span is not None:
                    from .anchoring import anchor

                    position, quote = anchor(alignment.new, *outcome.span)
                else:
                    position, quote = annotation.position, annotation.quote
            copy = self._insert_annotation(
                release_id, annotation.color, annotation.note, annotation.tags, position, quote,
                uuid=uuid_lib.uuid4().hex, created=annotation.created, updated=annotation.updated,
                orphaned=status == ORPHANED)
            self.db.execute(
                "INSERT INTO carried_annotations (annotation_id, from_uuid, from_release_id, status, old_exact, "
                "carried_updated) VALUES (?, ?, ?, ?, ?, ?)",
                [copy.id, annotation.uuid, previous_id, status, annotation.quote.exact if annotation.quote else "",
                 copy.updated])
            carried += 1
        return carried


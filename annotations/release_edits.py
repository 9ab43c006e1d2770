"""The analyst's corrections to a release's metadata, and deleting (and undeleting) a release.

A mixin of ``Library`` (it uses the Library's connection and write transaction), kept apart
because correcting what import derived is its own concern. A field the analyst edited is
recorded in ``releases.edited_fields`` and never overwritten when metadata is derived again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

from .errors import InvalidMetadata, ReleaseHasAnnotations, ReleaseNotFound
from .models import Release, ReleaseDraft

#: The fields an analyst can correct, in the order forms show them.
EDITABLE_FIELDS = ("title", "issuer", "date", "language")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class DeletedRelease:
    """Everything a deleted release was, row for row, so that undo can put it back as it was."""

    release: dict
    annotations: list[dict]
    annotation_tags: list[tuple[str, str, int]]   # (annotation uuid, tag name, position)


def checked_metadata(**fields: str) -> dict[str, str]:
    """``fields`` cleaned and checked: a title is required, a date is YYYY-MM-DD, a language a BCP 47 tag.

    Raises InvalidMetadata naming the value and what was expected.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidMetadata(sorted(unknown)[0], "", f"one of {', '.join(EDITABLE_FIELDS)}")
    cleaned = {name: " ".join(str(value).split()) for name, value in fields.items()}
    if "title" in cleaned and not cleaned["title"]:
        raise InvalidMetadata("title", fields["title"], "some text (a release needs a title)")
    if cleaned.get("date"):
        try:
            cleaned["date"] = Date.fromisoformat(cleaned["date"]).isoformat()
        except ValueError:
            raise InvalidMetadata("date", fields["date"], "a real date written YYYY-MM-DD, or nothing") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"].strip()):
            raise InvalidMetadata("date", fields["date"], "a real date written YYYY-MM-DD, or nothing")
    if cleaned.get("language") and not _LANGUAGE_TAG.fullmatch(cleaned["language"]):
        raise InvalidMetadata("language", fields["language"], "a language tag such as en, fr or pt-BR, or nothing")
    return cleaned


class ReleaseEdits:
    def edit_release(self, release_id: int, **fields: str) -> Release:
        """Set any of title, issuer, date and language, as the analyst corrected them.

        Raises ReleaseNotFound, InvalidMetadata.
        """
        cleaned = checked_metadata(**fields)
        with self._write():
            edited = self._edited_fields(release_id) | set(cleaned)
            if cleaned:
                assignments = ", ".join(f"{name} = ?" for name in cleaned)
                self.db.execute(f"UPDATE releases SET {assignments}, edited_fields = ? WHERE id = ?",
                                [*cleaned.values(), ",".join(sorted(edited)), release_id])
        return self.release(release_id)

    def restore_metadata(self, release_id: int, fields: dict[str, str], edited: frozenset[str]) -> None:
        """Put back metadata exactly as it was, and which fields counted as edited (for undo)."""
        with self._write():
            self._edited_fields(release_id)  # raises ReleaseNotFound
            assignments = "".join(f"{name} = ?, " for name in fields if name in EDITABLE_FIELDS)
            self.db.execute(f"UPDATE releases SET {assignments}edited_fields = ? WHERE id = ?",
                            [*(value for name, value in fields.items() if name in EDITABLE_FIELDS),
                             ",".join(sorted(edited)), release_id])

    def highest_release_id(self) -> int:
        """The id the newest release got (0 for an empty library): releases above it came later."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM releases").fetchone()[0]

    def edited_fields(self, release_id: int) -> frozenset[str]:
        """The fields of the release the analyst has corrected. Raises ReleaseNotFound."""
        return frozenset(self._edited_fields(release_id))

    def _edited_fields(self, release_id: int) -> set[str]:
        row = self.db.execute("SELECT edited_fields FROM releases WHERE id = ?", [release_id]).fetchone()
        if row is None:
            raise ReleaseNotFound(release_id)
        return {name for name in row[0].split(",") if name}

    def rederive_metadata(self, release_id: int, draft: ReleaseDraft) -> Release:
        """Take title, issuer, date and language from ``draft`` (metadata derived again, e.g. when the
        same file is imported again with better extraction), except the fields the analyst edited
        and the fields ``draft`` left empty."""
        with self._write():
            edited = self._edited_fields(release_id)
            derived = {name: getattr(draft, name) for name in EDITABLE_FIELDS
                       if name not in edited and getattr(draft, name)}
            if derived:
                assignments = ", ".join(f"{name} = ?" for name in derived)
                self.db.execute(f"UPDATE releases SET {assignments} WHERE id = ?", [*derived.values(), release_id])
        return self.release(release_id)

    def delete_release(self, release_id: int, with_annotations: bool = False) -> DeletedRelease:
        """Delete a release; returns what it was, for ``restore_release``.

        A release with annotations is kept unless ``with_annotations``: an analyst's notes are never
        deleted as a side effect. Raises ReleaseNotFound, ReleaseHasAnnotations.
        """
        with self._write():
            release = self._row_dict("SELECT * FROM releases WHERE id = ?", release_id)
            if not release:
                raise ReleaseNotFound(release_id)
            release = release[0]
            annotations = self._row_dict("SELECT * FROM annotations WHERE release_id = ? ORDER BY id", release_id)
            if annotations and not with_annotations:
                raise ReleaseHasAnnotations(release_id, len(annotations))
            annotation_tags = [tuple(row) for row in self.db.execute(
                "SELECT annotations.uuid, tags.name, annotation_tags.position FROM annotation_tags "
                "JOIN annotations ON annotations.id = annotation_id JOIN tags ON tags.id = tag_id "
                "WHERE annotations.release_id = ?", [release_id])]
            self.db.execute("DELETE FROM releases WHERE id = ?", [release_id])
            self.db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)")
        return DeletedRelease(release, annotations, annotation_tags)

    def restore_release(self, deleted: DeletedRelease) -> int:
        """Put a deleted release back with its annotations and tags; returns its id (the old one
        unless another release took it meanwhile). A release with the same content imported since
        is kept as it is, and its id returned."""
        with self._write():
            existing = self.db.execute("SELECT id FROM releases WHERE content_hash = ?",
                                       [deleted.release["content_hash"]]).fetchone()
            if existing:
                return existing[0]
            release_id = self._insert_row("releases", deleted.release)
            for annotation in deleted.annotations:
                if self.db.execute("SELECT 1 FROM annotations WHERE uuid = ?", [annotation["uuid"]]).fetchone():
                    continue
                self._insert_row("annotations", {**annotation, "release_id": release_id})
            for uuid, tag, position in deleted.annotation_tags:
                self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [tag])
                self.db.execute(
                    "INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id, position) SELECT "
                    "(SELECT id FROM annotations WHERE uuid = ?), (SELECT id FROM tags WHERE name = ?), ?",
                    [uuid, tag, position])
        return release_id

    def _row_dict(self, sql: str, *params) -> list[dict]:
        cursor = self.db.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _insert_row(self, table: str, row: dict) -> int:
        """Insert ``row`` keeping its id when that id is still free; returns the id it got."""
        if self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row["id"]]).fetchone():
            row = {name: value for name, value in row.items() if name != "id"}
        columns = ", ".join(f'"{name}"' for name in row)
        cursor = self.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
                                 list(row.values()))
        return cursor.lastrowid

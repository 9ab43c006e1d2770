"""Tags as a vocabulary the analyst manages: counts, rename (merging into an existing tag), delete.

A mixin of ``Library`` (it uses the Library's connection and its write transaction), kept apart
because managing the vocabulary is its own concern. Each change returns what every touched
annotation's tags were before and after, by uuid, so the window can undo it exactly and can
tell when an annotation was changed elsewhere meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import TagNotFound


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int          # annotations carrying it


@dataclass(frozen=True)
class Retagging:
    """What one vocabulary change did: each touched annotation's tags before and after, by uuid."""

    before: dict[str, tuple[str, ...]]
    after: dict[str, tuple[str, ...]]


class TagStore:
    def tag_counts(self) -> list[TagCount]:
        """Every tag in use with how many annotations carry it, alphabetically."""
        return [TagCount(name, count) for name, count in self.db.execute(
            "SELECT tags.name, count(*) FROM tags JOIN annotation_tags ON tag_id = tags.id "
            "GROUP BY tags.id ORDER BY tags.name COLLATE NOCASE")]

    def rename_tag(self, old: str, new: str) -> Retagging:
        """Rename ``old`` to ``new`` everywhere; merges into ``new`` when that tag exists already.

        A change of case only respells the tag. Raises TagNotFound; ValueError for an empty name.
        """
        new = " ".join(new.split())
        if not new:
            raise ValueError("a tag name cannot be empty")
        spelling = self._tag_spelling(old)
        if spelling.lower() == new.lower():
            with self._write():
                uuids = self._uuids_tagged(spelling)
                before = self._tags_by_uuid(uuids)
                self.db.execute("UPDATE tags SET name = ? WHERE name = ?", [new, spelling])
                return Retagging(before, self._tags_by_uuid(uuids))
        return self._retag(spelling, lambda tags: [new if tag.lower() == spelling.lower() else tag for tag in tags])

    def delete_tag(self, name: str) -> Retagging:
        """Take the tag off every annotation (the annotations stay). Raises TagNotFound."""
        spelling = self._tag_spelling(name)
        return self._retag(spelling, lambda tags: [tag for tag in tags if tag.lower() != spelling.lower()])

    def retag(self, tags_by_uuid: dict[str, tuple[str, ...]]) -> None:
        """Set the tags of each annotation named by uuid, in one transaction (undo and redo of a change).

        Tags are spelled as given (undoing a change of case spells the tag back everywhere).
        """
        with self._write():
            for uuid, tags in tags_by_uuid.items():
                self._replace_tags(uuid, tags)
            for name in {tag for tags in tags_by_uuid.values() for tag in tags}:
                self.db.execute("UPDATE tags SET name = ? WHERE name = ?", [name, name])
            self._forget_unused_tags()

    def tags_of_uuids(self, uuids) -> dict[str, tuple[str, ...]]:
        """The tags each annotation has now, by uuid (an annotation gone is left out)."""
        return self._tags_by_uuid(list(uuids))

    def _retag(self, spelling: str, change) -> Retagging:
        with self._write():
            uuids = self._uuids_tagged(spelling)
            before = self._tags_by_uuid(uuids)
            for uuid in uuids:
                self._replace_tags(uuid, change(list(before[uuid])))
            self._forget_unused_tags()
            return Retagging(before, self._tags_by_uuid(uuids))

    def _replace_tags(self, uuid: str, tags) -> None:
        row = self.db.execute("SELECT id FROM annotations WHERE uuid = ?", [uuid]).fetchone()
        if row is None:
            return
        self.db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [row[0]])
        self._store_tags(row[0], tags)

    def _tag_spelling(self, name: str) -> str:
        row = self.db.execute("SELECT name FROM tags WHERE name = ? AND id IN (SELECT tag_id FROM annotation_tags)",
                              [" ".join(name.split())]).fetchone()
        if row is None:
            raise TagNotFound(name)
        return row[0]

    def _uuids_tagged(self, spelling: str) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT annotations.uuid FROM annotations JOIN annotation_tags ON annotation_id = annotations.id "
            "JOIN tags ON tags.id = tag_id WHERE tags.name = ? ORDER BY annotations.id", [spelling])]

    def _tags_by_uuid(self, uuids: list[str]) -> dict[str, tuple[str, ...]]:
        if not uuids:
            return {}
        placeholders = ", ".join("?" * len(uuids))
        ids = dict(self.db.execute(f"SELECT id, uuid FROM annotations WHERE uuid IN ({placeholders})",
                                   uuids).fetchall())
        tags = self._tags_by_annotation(list(ids))
        return {uuid: tags.get(annotation_id, ()) for annotation_id, uuid in ids.items()}

    def _forget_unused_tags(self) -> None:
        self.db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)")

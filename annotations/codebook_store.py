"""The codebook: what the analyst means by each colour, stored in the library file.

A mixin of ``Library`` (same connection, same write transaction). Up to eight colours of
``PALETTE``; their order is the order of the keys 1–8. Exports read the meanings from here, so a
PDF, a CSV or a colleague's JSON says what this analyst meant, not the defaults.
"""

from __future__ import annotations

from .models import CodebookEntry, default_meanings, PALETTE


class CodebookStore:
    def codebook(self) -> list[CodebookEntry]:
        """The colours in use, in key order."""
        return [CodebookEntry(*row) for row in self.db.execute(
            "SELECT color, name, description FROM codebook ORDER BY position")]

    def color_meanings(self) -> dict[str, str]:
        """Colour → the analyst's name for it; a palette colour outside the codebook is named by itself."""
        return {**default_meanings(), **{entry.color: entry.name for entry in self.codebook()}}

    def _adopt_meanings(self, incoming) -> None:
        """A colleague's colours this codebook lacks come in with the colleague's names for them;
        the analyst's own names are never overwritten."""
        known = {entry.color for entry in self.codebook()}
        for item in incoming:
            if item.meaning and item.color not in known:
                self.set_codebook_entry(item.color, item.meaning)
                known.add(item.color)

    def search_colors(self) -> dict[str, tuple[str, str]]:
        """The codebook's colours → (hex, the analyst's name): what ``color:`` in a search matches
        (query.py); a colour outside the codebook is no colour to search for."""
        return {entry.color: (PALETTE[entry.color], entry.name) for entry in self.codebook()}

    def set_codebook_entry(self, color: str, name: str, description: str | None = None) -> CodebookEntry:
        """Name (and describe) a colour; one not yet in the codebook is added after the others.

        ``description`` None keeps the one there. Raises ValueError for a colour outside PALETTE
        or an empty name.
        """
        if color not in PALETTE:
            raise ValueError(f"unknown colour {color!r}; expected one of {', '.join(PALETTE)}")
        name = " ".join(name.split())
        if not name:
            raise ValueError(f"the colour {color!r} needs a name")
        with self._write():
            row = self.db.execute("SELECT description FROM codebook WHERE color = ?", [color]).fetchone()
            if description is None:
                description = row[0] if row else ""
            description = " ".join(description.split())
            if row:
                self.db.execute("UPDATE codebook SET name = ?, description = ? WHERE color = ?",
                                [name, description, color])
            else:
                self.db.execute("INSERT INTO codebook (color, position, name, description) "
                                "VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM codebook), ?, ?)",
                                [color, name, description])
        return CodebookEntry(color, name, description)

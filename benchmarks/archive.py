"""A synthetic archive of press releases, built once through ``Library.add_releases`` and cached.

Revisions are not looked for while it is built (``find_versions=False``): its releases are random
mixes of sentences, none a version of another, and looking would make a million-release archive
take hours to build instead of one; the import benchmark measures recognising revisions.

Releases are made of sentences of the real releases in ``../shared/corpus`` (and the Japanese,
Khmer, Russian and Sinhala ones of ``corpus-multilingual``, about one release in twenty), so words
follow a real release's frequencies: "the" is in every release, "cambodia" in some. Names drawn
from a large invented vocabulary are sprinkled in, as the people, places and firms of a real
archive are, so the index's dictionary has a realistic size. Dates spread over 25 years, a few
releases undated; 2,000 highlights carry colours, tags and notes. Everything is seeded: the same
count gives the same library.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from datetime import date
from pathlib import Path

from .material import REPO

CORPORA = [REPO.parent / "shared" / "corpus", REPO.parent / "shared" / "corpus-multilingual"]
#: Bump when the generator changes: a cached library of another version is rebuilt.
GENERATOR_VERSION = 2
BATCH = 2_000
ANNOTATIONS = 2_000
TAGS = ["japan", "asean", "sanctions", "energy", "trade", "defence", "health", "climate", "fisheries",
        "elections", "cambodia", "russia", "finance", "follow-up", "brief-minister", "cyber", "maritime",
        "aid", "migration", "police"]
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=។)|\n+")
_SYLLABLES = ["ka", "lo", "mi", "ra", "sen", "tor", "va", "del", "qu", "an", "bri", "os", "mar", "te", "ni",
              "zu", "ell", "for", "ha", "gan", "pe", "rin", "ost", "ul", "cha", "dov", "ik", "sa", "wen", "yo"]
_FALLBACK = ("The ministry said on Tuesday that the agreement would strengthen cooperation on trade, "
             "energy and maritime security. Officials from both governments met in the capital. "
             "The European Council welcomed the decision and called for further talks. ")


def cache_folder(option: str | None) -> Path:
    """Where generated libraries are kept: the option, else $COMMUNIQUE_BENCH_CACHE, else /work/cache
    beside the checkout's parent (never inside the repository)."""
    import os

    chosen = option or os.environ.get("COMMUNIQUE_BENCH_CACHE") or str(REPO.parent / "cache")
    return Path(chosen)


def library_path(folder: Path, releases: int) -> Path:
    return folder / f"search-archive-{releases}-v{GENERATOR_VERSION}.sqlite3"


def sentence_pools() -> dict[str, list[str]]:
    """Sentences of the real releases by language ("en" holds every Latin-script one)."""
    from annotations.importers import read_release
    from annotations.metadata import blocks_of

    pools: dict[str, list[str]] = {}
    for folder in CORPORA:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name == "MANIFEST.tsv":
                continue
            try:
                draft = read_release(path)
            except Exception:   # a file this Python cannot read (no text layer): the rest suffice
                continue
            language = path.stem.rsplit("_", 1)[-1] if folder.name == "corpus" else path.stem.split("_", 1)[0]
            language = {"ja": "ja", "km": "km", "ru": "ru", "cbr": "ru", "si": "si"}.get(language, "en")
            text = "\n".join(block.text for block in blocks_of(draft.html))
            sentences = [" ".join(s.split()) for s in _SENTENCE_END.split(text)]
            pools.setdefault(language, []).extend(s for s in sentences if 20 <= len(s) <= 400)
    if not pools.get("en"):
        pools["en"] = [s.strip() + "." for s in _FALLBACK.split(".") if s.strip()]
    return pools


def invented_names(rng: random.Random, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(names)


class ReleaseMaker:
    """Seeded releases made of the corpus's sentences (see the module docstring): the same seed, the same releases."""

    def __init__(self, seed: int):
        self.rng = rng = random.Random(seed)
        self.pools = sentence_pools()
        self.names = invented_names(rng, 60_000)
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.names))))  # Zipf
        self.issuers = [f"Ministry of {rng.choice(self.names)} Affairs" for _ in range(150)] + \
                       [f"Embassy of {rng.choice(self.names)}" for _ in range(150)] + \
                       ["Ministry of Foreign Affairs", "Sri Lanka Police", "European Parliament", "Bank of Russia",
                        "Ministry of Defence", "Office of the Prime Minister"]
        self.languages = [language for language in ("ja", "km", "ru", "si") if self.pools.get(language)]
        self.first_day = date(2001, 1, 1).toordinal()
        self.days = date(2026, 11, 30).toordinal() - self.first_day

    def make(self, number: int, scrambled: bool = False) -> tuple[str, str, str, str, str]:
        """Release ``number``: (title, issuer, date, language, text: title and paragraphs, one a line).

        ``scrambled``: each sentence's words shuffled, so releases share words as real ones do but
        not the runs of words a revision shares (183 English sentences would make every release
        look like a partial copy of many others)."""
        rng = self.rng
        language = rng.choice(self.languages) if self.languages and rng.random() < 0.05 else "en"
        pool = self.pools[language]
        sentences = []
        while sum(map(len, sentences)) < rng.randint(3000, 5000):
            sentence = rng.choice(pool)
            if language == "en" and rng.random() < 0.3:
                words = sentence.split()
                words.insert(rng.randrange(len(words) + 1), rng.choices(self.names, cum_weights=self.cumulative)[0])
                sentence = " ".join(words)
            if scrambled:
                words = sentence.split()
                rng.shuffle(words)
                sentence = " ".join(words)
            sentences.append(sentence)
        title_words = rng.choice(pool).split()
        if scrambled:
            rng.shuffle(title_words)
        title = " ".join(title_words[:12]).rstrip(".,;:")
        paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
        text = "\n".join([title, *paragraphs, f"Release {number}."])
        day = "" if rng.random() < 0.02 else (date.fromordinal(self.first_day + rng.randrange(self.days))).isoformat()
        return title, rng.choice(self.issuers), day, language, text


def build(path: Path, releases: int, progress=print) -> None:
    """Make the library at ``path`` (through Library.add_releases, as an import does)."""
    from annotations.importers.common import make_draft
    from annotations.library import Library

    maker = ReleaseMaker(releases)
    partial = path.with_suffix(".partial")
    for leftover in (partial, partial.with_name(partial.name + "-wal"), partial.with_name(partial.name + "-shm")):
        leftover.unlink(missing_ok=True)
    began = time.perf_counter()
    with Library(partial) as library:
        # A scratch file rebuilt if lost: no fsync per batch (the analyst's library keeps FULL).
        library.db.execute("PRAGMA synchronous = OFF")
        for start in range(0, releases, BATCH):
            batch = []
            for number in range(start, min(releases, start + BATCH)):
                title, issuer, day, language, text = maker.make(number)
                html = "".join(f"<p>{_escape(line)}</p>" for line in text.split("\n"))
                draft = make_draft(f"release-{number}.txt", text.encode(), "text", html, title=title,
                                   issuer=issuer, date=day, language=language)
                batch.append((draft, text))
            library.add_releases(batch, find_versions=False)
            done = min(releases, start + BATCH)
            if done % 20_000 == 0 or done == releases:
                progress(f"  built {done:,} of {releases:,} releases ({time.perf_counter() - began:.0f} s)")
        _annotate(library, maker.rng, min(ANNOTATIONS, releases), maker.pools["en"])
    partial.rename(path)


def _annotate(library, rng: random.Random, count: int, sentences: list[str]) -> None:
    from annotations.models import COLORS

    total = library.release_count()
    with library._write():           # one transaction: the benchmark's set-up, not an analyst's edits
        for _ in range(count):
            release_id = rng.randint(1, total)
            text = library.release(release_id).text
            start = rng.randrange(max(1, len(text) - 80))
            library.add_highlight(release_id, start, start + rng.randint(10, 60), rng.choice(list(COLORS)),
                                  rng.choice(sentences) if rng.random() < 0.5 else "",
                                  rng.sample(TAGS, rng.randint(0, 2)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ensure(folder: Path, releases: int, progress=print) -> Path:
    """The cached library of ``releases`` releases, built first if it is not there yet, and brought
    to the current schema (migrated as the app would, but without the app's backup first: a
    scratch file that can be built again)."""
    import sqlite3

    from annotations import migrations

    path = library_path(folder, releases)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        progress(f"Building a {releases:,}-release library in {path} (once; it is kept for later runs)…")
        build(path, releases, progress)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if migrations.current_version(conn, create=False) < migrations.LATEST_VERSION:
            began = time.perf_counter()
            migrations.migrate(conn)
            progress(f"  migrated {path.name} to schema {migrations.LATEST_VERSION} "
                     f"({time.perf_counter() - began:.0f} s)")
    finally:
        conn.close()
    return path


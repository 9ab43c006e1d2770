"""Archive-size libraries of synthetic but realistic releases, built through ``Library.add_releases``.

Each release is a title and three to eight paragraphs of sentences drawn (seeded, so the same
count gives the same library) from real releases (the shared corpus when it is there, else the
demo release), about 4 KB of text like the seed release. One word in twelve is replaced by a
word from a Zipf-distributed made-up vocabulary of 300,000 (names, places, figures), so the
full-text index grows with the archive as a real one does rather than indexing the same few
paragraphs again. Its original is the Markdown, its HTML one ``<p>`` per paragraph and its text
what Qt's ``toPlainText`` makes of that, so each row weighs what an imported release weighs.
Every twentieth release gets four highlights with notes and tags.

Large libraries take minutes to build: callers keep them in a cache folder outside the repository.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import random
import re
from pathlib import Path

from .material import REPO

CORPORA = [REPO.parent / "shared" / "corpus", REPO.parent / "shared" / "corpus-multilingual"]
ISSUERS = [f"{body} of {place}" for body in ("Ministry of Foreign Affairs", "Ministry of Finance", "Central Bank",
                                              "Office of the President", "Embassy", "Police Department")
           for place in ("Cambodia", "Sri Lanka", "Japan", "France", "Russia", "Saudi Arabia", "Chile",
                         "Kenya", "Canada", "Norway")]
BATCH = 1000
ANNOTATED_EVERY = 20
TAGS = ["japan", "sanctions", "energy", "rates", "follow-up", "asean", "trade", "security"]


VOCABULARY = 300_000
SYLLABLES = ["ka", "ri", "so", "men", "tal", "vo", "pra", "ne", "lu", "dor", "shi", "an", "el", "qu", "zen",
             "ba", "tor", "mi", "sa", "ul", "ve", "ron", "da", "ki", "po", "ther", "ix", "ga", "lem", "nu"]


def sentence_pool() -> list[list[str]]:
    """The sentences of real releases, each as its words."""
    sentences = []
    for paragraph in paragraph_pool():
        sentences += [sentence.split() for sentence in re.split(r"(?<=[.!?。])\s+", paragraph)
                      if len(sentence.split()) >= 4]
    return sentences


def made_up_word(rank: int) -> str:
    """The word of a given rank in the made-up vocabulary: distinct for every rank."""
    syllables = []
    while True:
        rank, digit = divmod(rank, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
        if rank == 0:
            return "".join(syllables).capitalize() if len(syllables) % 2 else "".join(syllables)
        rank -= 1


def paragraph_pool() -> list[str]:
    """Paragraphs of real releases (plain text of at least 40 characters), or the demo's."""
    paragraphs: list[str] = []
    for folder in CORPORA:
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            paragraphs += _paragraphs(path.read_text(encoding="utf-8", errors="replace"))
    if not paragraphs:
        from resources import demo_release_path

        paragraphs = _paragraphs(demo_release_path().read_text(encoding="utf-8"))
    return paragraphs


def _paragraphs(text: str) -> list[str]:
    found = []
    for block in re.split(r"\n\s*\n", text):
        words = " ".join(re.sub(r"[#*_>`\[\]|]", " ", block).split())
        if len(words) >= 40:
            found.append(words)
    return found


def build_library(path: Path, releases: int, seed: int = 11, progress=print) -> None:
    """A library at ``path`` with ``releases`` synthetic releases and their annotations."""
    from annotations.library import Library
    from annotations.models import COLORS, ImportedAnnotation, ReleaseDraft, TextQuoteSelector

    sentences = sentence_pool()
    chooser = random.Random(seed)
    colors = list(COLORS)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))
    ranks = range(VOCABULARY)

    def paragraph() -> str:
        words = [word for _ in range(chooser.randint(2, 4)) for word in chooser.choice(sentences)]
        swapped = chooser.sample(range(len(words)), len(words) // 12)
        for index, rank in zip(swapped, chooser.choices(ranks, cum_weights=cumulative, k=len(swapped))):
            words[index] = made_up_word(rank)
        return " ".join(words)

    with Library(path) as library:
        for first in range(0, releases, BATCH):
            items = []
            for number in range(first, min(first + BATCH, releases)):
                title = f"{' '.join(chooser.choice(sentences)[:12])} ({number})"
                body = [paragraph() for _ in range(chooser.randint(3, 8))]
                body.append(f"Reference {number}-{chooser.getrandbits(32):08x}.")
                original = ("# " + title + "\n\n" + "\n\n".join(body) + "\n").encode("utf-8")
                markup = "<h1>" + html.escape(title) + "</h1>" + "".join(f"<p>{html.escape(p)}</p>" for p in body)
                year = chooser.randint(2000, 2025)
                draft = ReleaseDraft(
                    source_path=f"/archive/{year}/release-{number:06d}.md", source_format="markdown",
                    original=original, html=markup, content_hash=hashlib.sha256(original).hexdigest(),
                    title=title, issuer=chooser.choice(ISSUERS),
                    date=f"{year}-{chooser.randint(1, 12):02d}-{chooser.randint(1, 28):02d}", language="en")
                items.append((draft, "\n".join([title, *body])))
            ids = library.add_releases(items)
            for (release_id, _created), (_draft, text) in zip(ids, items):
                if release_id % ANNOTATED_EVERY:
                    continue
                notes = []
                for index in range(4):
                    start = chooser.randrange(0, max(1, len(text) - 80))
                    quote = text[start:start + chooser.randint(20, 70)]
                    notes.append(ImportedAnnotation(
                        uuid=f"{release_id:024x}{index:08x}", quote=TextQuoteSelector(quote), position=None,
                        note=paragraph()[:chooser.randint(20, 300)],
                        tags=tuple(chooser.sample(TAGS, chooser.randint(0, 3))),
                        color=chooser.choice(colors), created="", modified="", source=""))
                library.import_annotations(release_id, notes)
            progress(f"{min(first + BATCH, releases):,} releases")

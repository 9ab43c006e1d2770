"""Text as the search index sees it, and finding a query's words again in a release's text.

SQLite's ``unicode61`` tokenizer splits words at spaces and punctuation, which finds nothing in
scripts written without spaces between words. Runs of those scripts (Chinese, Japanese, Korean,
Khmer, Thai, Lao, Myanmar) are therefore indexed as overlapping character bigrams, as Lucene's CJK
analyser and Zotero do, plus the run's last character alone: a query of two or more characters
becomes a phrase of its bigrams (a substring match), and one character a prefix of the bigrams.
Text and queries pass through the same ``index_text``, so both sides always agree.

The reader and the snippets find matches in the release's own text (``MatchFinder``), with the
same folding of case, accents and width as the index, and offsets into the text unchanged.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

#: Scripts written without spaces between words: indexed as character bigrams.
SPACELESS = ("\u0e00-\u0eff"          # Thai, Lao
             "\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff"   # Myanmar
             "\u1780-\u17ff\u19e0-\u19ff"                # Khmer
             "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"   # Hangul
             "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"   # Hiragana, Katakana
             "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")  # Han
#: Invisible characters that sit inside words (zero-width space between Khmer words, joiners).
INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"
_SPACELESS_RUN = re.compile(f"[{SPACELESS}][{SPACELESS}{INVISIBLE}]*")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_IS_SPACELESS = re.compile(f"[{SPACELESS}]")
#: The FTS5 tokenizer of both search indexes: marks (Khmer, Sinhala and Thai vowel signs) belong
#: to their word instead of splitting it; Latin accents fold.
TOKENIZER = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"


def index_text(text: str | None) -> str:
    """``text`` as it goes into the index: compatibility forms folded (full-width digits, ligatures),
    and each run of a spaceless script replaced by its bigrams and last character."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _IS_SPACELESS.search(text):
            text = _SPACELESS_RUN.sub(_bigrams_of_run, text)
    return text


def _bigrams_of_run(match: re.Match) -> str:
    run = _INVISIBLE.sub("", match.group())
    return " " + " ".join([run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]) + " "


def query_phrase(word: str) -> tuple[str, bool]:
    """One query word (no spaces) as the index sees it: the text of an FTS5 phrase, and whether it
    must be a prefix (a single character of a spaceless script: the start of the bigrams).

    A spaceless run at the end of the word gives its bigrams only (the text may go on after it);
    one inside the word also its last character, as ``index_text`` wrote it.
    """
    word = unicodedata.normalize("NFKC", word)
    parts: list[str] = []
    position, single_character = 0, False
    for match in _SPACELESS_RUN.finditer(word):
        parts.append(word[position:match.start()])
        run = _INVISIBLE.sub("", match.group())
        at_end = match.end() == len(word)
        bigrams = [run[i:i + 2] for i in range(len(run) - 1)]
        parts += bigrams + ([] if bigrams and at_end else [run[-1]])
        single_character = at_end and len(run) == 1
        position = match.end()
    parts.append(word[position:])
    return " ".join(part for part in parts if part.strip()), single_character


#: A word character, as the index's tokenizer sees it: letters, digits and the marks of the scripts
#: that write vowels as marks (a match must not start or end inside a word).
_WORD = r"[\w\u0300-\u036f\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"


@functools.cache
def _fold_table() -> dict[int, str]:
    """Per-character folding that keeps offsets: case, Latin accents, full-width forms.

    Only characters that fold to exactly one character are mapped, so a folded text has the same
    length as the original and a match in it is a match in the original at the same offsets.
    """
    table = {}
    for code in list(range(0x41, 0x3000)) + list(range(0xff01, 0xff5f)):
        character = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        folded = folded.lower()
        if len(folded) == 1 and folded != character:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """Case, accents and width folded, one character for one: offsets stay those of ``text``."""
    return text.lower() if text.isascii() else text.translate(_fold_table())


@functools.cache
def _variants() -> dict[str, str]:
    """Each folded character and the characters that fold to it (é, È, ｅ… for e)."""
    variants: dict[str, str] = {}
    for code, folded in _fold_table().items():
        variants[folded] = variants.get(folded, folded) + chr(code)
    return variants


def _character_pattern(character: str) -> str:
    """A folded character, matching every character that folds to it (case is left to IGNORECASE)."""
    found = _variants().get(character)
    return f"[{re.escape(found)}]" if found else re.escape(character)


@dataclass(frozen=True)
class SearchTerm:
    """A word or phrase of a query as typed: matched as a phrase, the last word as a prefix if asked."""

    text: str
    prefix: bool = False


class MatchFinder:
    """Finds where a query's words and phrases occur in a text (code-point offsets, sorted)."""

    def __init__(self, terms: Iterable[SearchTerm]):
        patterns = [pattern for pattern in (_term_pattern(term) for term in terms) if pattern]
        self._pattern = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def spans(self, text: str, limit: int | None = None) -> list[tuple[int, int]]:
        if self._pattern is None or not text:
            return []
        found = []
        for match in self._pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.end()))
                if limit is not None and len(found) >= limit:
                    break
        return found


def _term_pattern(term: SearchTerm) -> str:
    """A regular expression (case-insensitive) for one term: its pieces in order, separated by
    anything that is not a word character (spaceless runs: by invisibles only), each character
    matching its accented and full-width forms."""
    pieces = []
    for piece in re.findall(f"[{SPACELESS}]+|(?:(?![{SPACELESS}]){_WORD})+", fold(unicodedata.normalize("NFKC", term.text))):
        if _IS_SPACELESS.match(piece):
            pieces.append(("cjk", f"[{INVISIBLE}]*".join(re.escape(c) for c in piece)))
        else:
            pieces.append(("word", "".join(_character_pattern(c) for c in piece)))
    if not pieces:
        return ""
    pattern = ""
    for index, (kind, piece) in enumerate(pieces):
        if index:
            joined = kind == "cjk" and pieces[index - 1][0] == "cjk"
            pattern += f"[{INVISIBLE}]*" if joined else rf"(?:(?!{_WORD})[\s\S])+?"
        if kind == "word" and (index == 0 or pieces[index - 1][0] == "cjk"):
            pattern += f"(?<!{_WORD})"
        pattern += piece
    if pieces[-1][0] == "word":
        # A prefix emphasises the whole word it starts; a word must end where the word does.
        pattern += f"{_WORD}*" if term.prefix else f"(?!{_WORD})"
    return f"(?:{pattern})"


@dataclass(frozen=True)
class Snippet:
    """A passage around the first match, with the spans (into ``text``) to emphasise."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "[", after: str = "]", escape=lambda text: text) -> str:
        """The passage with each match wrapped (``escape`` applied to the text between)."""
        out, position = [], 0
        for start, end in self.spans:
            out += [escape(self.text[position:start]), before, escape(self.text[start:end]), after]
            position = end
        out.append(escape(self.text[position:]))
        return "".join(out)


def snippet(text: str, finder: MatchFinder, width: int = 160) -> Snippet:
    """About ``width`` characters of ``text`` around its first match (its start if none), on one line."""
    spans = finder.spans(text, limit=64)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", max(0, start - 20), first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space >= 0 else end
    return _one_line(text, start, end, [(a, b) for a, b in spans if a >= start and b <= end])


def _one_line(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> Snippet:
    """``text[start:end]`` with line breaks as spaces and ellipses where it was cut."""
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    body = text[start:end].replace("\n", " ").replace("\t", " ")
    shift = len(lead) - start
    return Snippet(lead + body + tail, tuple((a + shift, b + shift) for a, b in spans))


class IndexTokenizer:
    """Words exactly as the search index's tokenizer sees them (folded), from SQLite's own FTS5.

    A prefix longer than the index's prefix indexes (``LONGEST_INDEXED_PREFIX``) makes FTS5 merge
    the whole posting list of every word it starts before yielding one row: 70 ms for "cambod" at
    100,000 releases, ten times that at a million. The library therefore keeps a dictionary of the
    words its indexes hold (``search_terms``), filled through this tokenizer so it spells each word
    as the index does; a long prefix becomes an OR of the words it starts, which FTS5 reads lazily,
    newest first. An in-memory FTS5 table of one row is the tokenizer: no copy of its rules here.
    """

    def __init__(self):
        import sqlite3

        self._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self._conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(text, content='', detail=none, tokenize=\"{TOKENIZER}\")")
        self._conn.execute(f"CREATE VIRTUAL TABLE spoken USING fts5(text, content='', tokenize=\"{TOKENIZER}\")")
        self._conn.execute("CREATE VIRTUAL TABLE temp.word_list USING fts5vocab(main, words, 'row')")
        self._conn.execute("CREATE VIRTUAL TABLE temp.word_places USING fts5vocab(main, spoken, 'instance')")

    def words_json(self, *texts: str | None) -> str:
        """The distinct words of ``texts`` (after ``index_text``) longer than the longest indexed
        prefix (only those are ever expanded), as a JSON array for SQL's json_each."""
        import json

        joined = "\n".join(index_text(text) for text in texts if text)
        if not joined:
            return "[]"
        self._conn.execute("INSERT INTO words(rowid, text) VALUES (1, ?)", [joined])
        found = [term for (term,) in self._conn.execute(
            "SELECT term FROM word_list WHERE length(term) > ?", [LONGEST_INDEXED_PREFIX])]
        self._conn.execute("INSERT INTO words(words) VALUES ('delete-all')")
        return json.dumps(found, ensure_ascii=False)

    def tokens(self, phrase: str) -> list[str]:
        """The tokens of a query phrase's text (as ``query_phrase`` wrote it), in order."""
        if not phrase.strip():
            return []
        self._conn.execute("INSERT INTO spoken(rowid, text) VALUES (1, ?)", [phrase])
        found = [term for (term,) in self._conn.execute("SELECT term FROM word_places ORDER BY offset")]
        self._conn.execute("INSERT INTO spoken(spoken) VALUES ('delete-all')")
        return found


#: The longest prefix the indexes' own prefix indexes serve (``prefix='1 2 3 4'`` in migrations.py).
LONGEST_INDEXED_PREFIX = 4

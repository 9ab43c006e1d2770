"""Annotations leaving the library (Markdown, CSV, W3C JSON) and W3C JSON coming back in."""

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest

from annotations import anchoring
from annotations.errors import InvalidAnnotationFile
from annotations.exporters.csv_export import COLUMNS, release_annotations_csv
from annotations.exporters.markdown import release_annotations_markdown
from annotations.exporters.w3c import collection, parse_annotation_file
from annotations.importers.common import make_draft
from annotations.models import TextPositionSelector, TextQuoteSelector

GOLDEN = Path(__file__).parent / "golden"
TEXT = ("Ministers met in Tokyo on 21 January.\n"
        "They upgraded the Comprehensive Strategic Partnership and pledged $5 million for *maritime* safety.\n"
        "A joint working group will report by June.")
VANISHED = "The summit itself was postponed indefinitely"


def add_release(library, text=TEXT, title="Tokyo *visit*"):
    draft = make_draft("C:\\releases\\tokyo_visit.md", text.encode(), "markdown", "<p>unused</p>",
                       title=title, issuer="Ministry of Foreign Affairs", date="2023-01-21", language="en")
    return library.add_release(draft, text)[0]


def stamp(minute):
    return f"2024-03-01T10:{minute:02}:00.000Z"


def highlight(library, release_id, quote, number, **fields):
    start = TEXT.index(quote)
    position, selector = anchoring.anchor(TEXT, start, start + len(quote))
    return library._insert_annotation(
        release_id, fields.get("color", "yellow"), fields.get("note", ""), fields.get("tags", ()), position,
        selector, uuid=f"{number:032x}", created=stamp(number), updated=stamp(number + 30))


@pytest.fixture
def annotated(library):
    """A release with a note on it, three highlights and an orphan, all with fixed uuids and times."""
    release_id = add_release(library)
    library._insert_annotation(release_id, "yellow", "# Not a heading\n> not a quote\n- not a list", ["routine"],
                               None, None, uuid=f"{1:032x}", created=stamp(1), updated=stamp(1))
    highlight(library, release_id, "Comprehensive Strategic Partnership", 2, color="green",
              note="Upgraded from 2013.\nSee the [cable] _today_.", tags=["japan", "strategic partnership"])
    highlight(library, release_id, "$5 million for *maritime*", 3, color="pink", note="=SUM(A1:A2)")
    highlight(library, release_id, "report by June", 4, color="purple", tags=["2024"])
    library._insert_annotation(release_id, "blue", "Was in the draft.", (), TextPositionSelector(38, 82),
                               TextQuoteSelector(VANISHED, "Tokyo on 21 January.\n", "\nThey"),
                               uuid=f"{5:032x}", created=stamp(5), updated=stamp(6), orphaned=True)
    return library.release(release_id), library.annotations_for(release_id)


def without_ids(annotations):
    return [dataclasses.replace(annotation, id=None) for annotation in annotations]


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# Golden files -------------------------------------------------------------------------------

def test_markdown_matches_golden(annotated):
    release, annotations = annotated
    assert release_annotations_markdown(release, annotations) == (GOLDEN / "release.md").read_text(encoding="utf-8")


def test_csv_matches_golden(annotated):
    release, annotations = annotated
    # Bytes, not text: the golden file's \r\n line ends and byte-order mark are part of what is checked.
    assert release_annotations_csv(release, annotations).encode("utf-8") == (GOLDEN / "release.csv").read_bytes()


def test_w3c_collection_matches_golden(annotated):
    release, annotations = annotated
    assert collection(release, annotations) == json.loads((GOLDEN / "release.w3c.json").read_text(encoding="utf-8"))


# Markdown -----------------------------------------------------------------------------------

@pytest.mark.parametrize("note, paragraph", [
    ("# heading", "\\# heading"),
    ("> quote", "\\> quote"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("12. item", "12\\. item"),
    ("-5% growth", "-5% growth"),
    ("a *b* _c_ `d`", "a \\*b\\* \\_c\\_ \\`d\\`"),
    ("[link](http://x) and [[wiki]]", "\\[link\\](http://x) and \\[\\[wiki\\]\\]"),
    ("<b>bold</b> &amp;", "\\<b\\>bold\\</b\\> \\&amp;"),
    ("$5 and $6, ==marked==, %%hidden%%, ~~struck~~", "\\$5 and \\$6, \\==marked\\==, \\%%hidden\\%%, \\~\\~struck\\~\\~"),
    ("    indented, not code", "indented, not code"),
    ("", "*Empty note.*"),
])
def test_markdown_keeps_user_text_literal(library, note, paragraph):
    release_id = add_release(library)
    library.add_release_note(release_id, note)
    markdown = release_annotations_markdown(library.release(release_id), library.annotations_for(release_id))
    assert f"\n\n{paragraph}\n" in markdown


def test_markdown_has_no_html_and_escapes_a_leading_hash(annotated):
    release, annotations = annotated
    markdown = release_annotations_markdown(release, annotations)
    assert re.search(r"(?<!\\)<[A-Za-z/!?]", markdown) is None
    assert "\n\\# Not a heading\n" in markdown
    assert not re.search(r"^# Not", markdown, re.MULTILINE)


def test_markdown_quote_spanning_paragraphs_stays_in_one_blockquote(library):
    release_id = add_release(library)
    start = TEXT.index("safety.")
    library.add_highlight(release_id, start, TEXT.index(" working"), note="Two\nlines")
    markdown = release_annotations_markdown(library.release(release_id), library.annotations_for(release_id))
    assert "\n\n> safety.\n>\n> A joint\n\nTwo\n\nlines\n\n" in markdown
    assert ("*In context:* They upgraded the Comprehensive Strategic Partnership and pledged \\$5 million for "
            "\\*maritime\\* **safety. A joint** working group will report by June.\n") in markdown


def test_markdown_context_is_cut_to_about_300_characters_at_words(library):
    text = " ".join(f"word{n}" for n in range(200)) + "\nNext paragraph."
    release_id = add_release(library, text)
    library.add_highlight_of_quote(release_id, "word100")
    markdown = release_annotations_markdown(library.release(release_id), library.annotations_for(release_id))
    context = re.search(r"^\*In context:\* (.*)$", markdown, re.MULTILINE).group(1)
    assert context.startswith("…word") and context.endswith("…") and "**word100**" in context
    assert 250 <= len(context) <= 310
    assert "Next paragraph" not in context


# CSV ----------------------------------------------------------------------------------------

def test_csv_reads_back_to_the_same_values(annotated):
    release, annotations = annotated
    text = release_annotations_csv(release, annotations)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1:] == [
        ["1", "Tokyo *visit*", "Ministry of Foreign Affairs", "2023-01-21", a.color,
         {"yellow": "Key point", "green": "Agreement / positive", "blue": "Background / context",
          "pink": "Concern / risk", "purple": "Follow up"}[a.color],
         a.quote.exact if a.quote else "", "'=SUM(A1:A2)" if a.note.startswith("=") else a.note,
         "; ".join(a.tags), a.created, a.updated]
        for a in annotations]
    assert rows[3][7] == "'=SUM(A1:A2)"


@pytest.mark.parametrize("note, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("plain = fine", "plain = fine"),
])
def test_csv_defuses_formulas(library, note, cell):
    release_id = add_release(library)
    library.add_release_note(release_id, note)
    text = release_annotations_csv(library.release(release_id), library.annotations_for(release_id))
    assert list(csv.reader(io.StringIO(text[1:], newline="")))[1][7] == cell


# W3C import ---------------------------------------------------------------------------------

def test_round_trip_restores_every_field(library, annotated, tmp_path):
    release, before = annotated
    path = write_json(tmp_path / "notes.json", collection(release, before))
    for annotation in before:
        library.delete_annotation(annotation.id)
    summary = library.import_annotations(release.id, parse_annotation_file(path))
    after = library.annotations_for(release.id)
    assert (summary.added, summary.skipped_duplicates, summary.orphaned, summary.source_matched) == (5, 0, 1, True)
    assert without_ids(after) == without_ids(before)
    for old, new in zip(before, after):
        for field in dataclasses.fields(old):
            if field.name != "id":
                assert getattr(new, field.name) == getattr(old, field.name), field.name


def test_an_empty_note_on_the_release_survives_the_round_trip(library, tmp_path):
    release_id = add_release(library)
    before = library.add_release_note(release_id, "", tags=["to read"])
    path = write_json(tmp_path / "notes.json", collection(library.release(release_id), [before]))
    library.delete_annotation(before.id)
    library.import_annotations(release_id, parse_annotation_file(path))
    assert without_ids(library.annotations_for(release_id)) == without_ids([before])


def test_importing_the_same_file_twice_adds_nothing_the_second_time(library, annotated, tmp_path):
    release, before = annotated
    path = write_json(tmp_path / "notes.json", collection(release, before))
    summary = library.import_annotations(release.id, parse_annotation_file(path))
    assert (summary.added, summary.skipped_duplicates) == (0, 5)
    assert without_ids(library.annotations_for(release.id)) == without_ids(before)


def test_annotations_without_ids_are_recognised_by_their_selectors(library, annotated, tmp_path):
    release, before = annotated
    items = collection(release, before)["first"]["items"]
    for item in items:
        del item["id"]
    path = write_json(tmp_path / "anonymous.json", items)
    summary = library.import_annotations(release.id, parse_annotation_file(path))
    assert (summary.added, summary.skipped_duplicates) == (0, 5)


def test_import_into_an_edited_release_reanchors_and_orphans(library, annotated, tmp_path):
    release, before = annotated
    path = write_json(tmp_path / "notes.json", collection(release, before))
    edited = "Press release.\n" + TEXT.replace("A joint working group will report by June.", "")
    edited_id = add_release(library, edited, title="Tokyo visit (corrected)")
    assert len(library.versions_of(edited_id)) == 1     # too short to be recognised as a version: on its own
    summary = library.import_annotations(edited_id, parse_annotation_file(path))
    assert (summary.added, summary.orphaned, summary.source_matched) == (5, 2, False)
    after = {a.note: a for a in library.annotations_for(edited_id)}
    moved = after["Upgraded from 2013.\nSee the [cable] _today_."]
    assert moved.position.start == before[1].position.start + len("Press release.\n")
    assert edited[moved.position.start:moved.position.end] == "Comprehensive Strategic Partnership"
    assert moved.quote.prefix == edited[:moved.position.start][-32:]
    vanished = next(a for a in after.values() if a.quote and a.quote.exact == "report by June")
    assert vanished.orphaned and vanished.tags == ("2024",)
    # uuids are unique per library: the edited release's copies get their own, stable ones.
    assert not {a.uuid for a in after.values()} & {a.uuid for a in before}
    assert library.import_annotations(edited_id, parse_annotation_file(path)).added == 0


ANNOTATION = {
    "type": "Annotation", "id": "urn:uuid:1b4e28ba-2fa1-11d2-883f-0000f87a3b0f",
    "body": [{"type": "TextualBody", "value": "A comment without a purpose"},
             {"type": "TextualBody", "value": "asean", "purpose": "tagging"}],
    "target": {"source": "urn:sha256:abc", "selector": [
        {"type": "TextPositionSelector", "start": 4, "end": 9},
        {"type": "TextQuoteSelector", "exact": "sters", "prefix": "Mini", "suffix": " met"}]},
    "communique:color": "octarine",
}


@pytest.mark.parametrize("document", [
    ANNOTATION,
    [ANNOTATION],
    {"type": "AnnotationPage", "items": [ANNOTATION]},
    {"type": "AnnotationCollection", "first": {"type": "AnnotationPage", "items": [ANNOTATION]}},
])
def test_every_accepted_shape_gives_the_same_annotation(tmp_path, document):
    [imported] = parse_annotation_file(write_json(tmp_path / "in.json", document))
    assert imported.uuid == "1b4e28ba2fa111d2883f0000f87a3b0f"
    assert imported.note == "A comment without a purpose" and imported.tags == ("asean",)
    assert imported.quote == TextQuoteSelector("sters", "Mini", " met")
    assert imported.position == TextPositionSelector(4, 9)
    assert imported.color == "yellow" and imported.source == "urn:sha256:abc"


def test_foreign_ids_give_stable_uuids_and_missing_ones_new_uuids(tmp_path):
    foreign = dict(ANNOTATION, id="https://hypothes.is/a/Xyz")
    anonymous = {key: value for key, value in ANNOTATION.items() if key != "id"}
    path = write_json(tmp_path / "in.json", [foreign, anonymous])
    first, second = parse_annotation_file(path), parse_annotation_file(path)
    assert first[0].uuid == second[0].uuid and re.fullmatch(r"[0-9a-f]{32}", first[0].uuid)
    assert first[1].uuid != second[1].uuid and re.fullmatch(r"[0-9a-f]{32}", first[1].uuid)


@pytest.mark.parametrize("content, reason", [
    (None, "it could not be read"),
    (b"\xff\xfe\x00binary", "it is not UTF-8 text"),
    (b"{not json", "it is not JSON"),
    (b'{"type": "AnnotationCollection", "total": 0, "first": {"items": []}}', "it holds no W3C Web Annotations"),
    (b'{"hello": "world"}', "it holds no W3C Web Annotations"),
    (b'[{"type": "Annotation", "body": {"value": "x", "purpose": "tagging"}, "target": "urn:sha256:abc"}]',
     "annotation 1 (without an id) has neither a TextQuoteSelector nor a comment"),
])
def test_invalid_files_give_one_sentence_naming_the_file(tmp_path, content, reason):
    path = tmp_path / "colleague.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidAnnotationFile) as raised:
        parse_annotation_file(path)
    message = str(raised.value)
    assert message.startswith(f"Could not read annotations from {str(path)!r}: {reason}")
    assert message.endswith(".") and "\n" not in message
    assert ". " not in message.replace(str(path), "")

"""Issue 10, point 5: the codebook: the analyst's colours and meanings, keys 1–8, legend, filters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop_app import settings as options
from desktop_app.widgets.preferences import PreferencesDialog

from .test_annotating import select_text
from .test_exporting import export_results


def highlight_by_key(window, quote: str, key) -> None:
    select_text(window, quote)
    window.reader.setFocus()
    QTest.keyClick(window.reader, key)


def stored(window):
    return window.controller.library.annotations_for(window.controller.current_release.id)


def edit_codebook(window):
    """Preferences → Codebook, typed as a user would: pink renamed and described, teal added."""
    dialog = PreferencesDialog(window.settings, window, window.controller)
    editor = dialog.codebook
    name = editor.field("pink")
    name.selectAll()
    QTest.keyClicks(name, "Claim to verify")
    QTest.keyClicks(editor.field("pink", 1), " before citing")
    editor._more.setCurrentIndex(editor._more.findData("teal"))
    QTest.mouseClick(editor._add, Qt.MouseButton.LeftButton)
    QTest.keyClicks(editor.field("teal"), "Numbers")
    dialog.accept()


def test_the_codebook_names_keys_legend_and_the_pdf(windows, demo_path, tmp_path):
    window = windows.open(imports=[demo_path])
    edit_codebook(window)
    codebook = window.controller.library.codebook()
    assert [(e.color, e.name) for e in codebook][3:] == [("pink", "Claim to verify"), ("purple", "Follow up"),
                                                         ("teal", "Numbers")]
    assert codebook[3].description == "A worry, a risk, a claim to check before citing"
    actions = window.actions_by_name
    assert actions["highlight_pink"].text() == "Highlight: Claim to verify"
    assert actions["highlight_teal"].shortcut().toString() == "6" and actions["highlight_teal"].isVisible()
    assert not actions["highlight_orange"].isVisible()
    assert window.annotation_pane.legend.names() == [e.name for e in codebook]

    highlight_by_key(window, "Ostrava", Qt.Key.Key_6)
    highlight_by_key(window, "Communiqué Demo Office", Qt.Key.Key_4)
    assert {(a.quote.exact, a.color) for a in stored(window)} == {("Ostrava", "teal"),
                                                                   ("Communiqué Demo Office", "pink")}
    # The exports say what the analyst meant: the PDF's closing table and its annotation subjects.
    from pypdf import PdfReader

    window.settings.set(options.ANALYST_NAME, "Dana")
    out = tmp_path / "annotated.pdf"
    export_results(windows.qtbot, window.export_pdf(window.controller.current_release.id, str(out)))
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Claim to verify" in text and "Numbers" in text
    subjects = {annotation.get_object().get("/Subj") for page in reader.pages
                for annotation in page.get("/Annots") or []}
    assert {"Claim to verify", "Numbers"} <= subjects


def test_a_second_window_on_the_same_library_gets_the_codebook(windows, demo_path):
    window = windows.open(imports=[demo_path])
    edit_codebook(window)
    again = windows.open()
    assert again.actions_by_name["highlight_teal"].text() == "Highlight: Numbers"


def test_n_highlights_in_the_colour_used_last(windows, demo_path, qtbot):
    window = windows.open(imports=[demo_path])
    highlight_by_key(window, "Ostrava", Qt.Key.Key_3)
    highlight_by_key(window, "Communiqué Demo Office", Qt.Key.Key_N)
    latest = next(a for a in stored(window) if a.quote.exact == "Communiqué Demo Office")
    assert latest.color == "blue"
    qtbot.waitUntil(window.annotation_pane.card(latest.id).note_editor.hasFocus)
    # N with the caret in a highlight opens its note and leaves its colour alone.
    window.actions_by_name["highlight_yellow"].trigger()          # the last colour is yellow now
    ostrava = next(a for a in stored(window) if a.quote.exact == "Ostrava")
    cursor = window.reader.textCursor()
    cursor.setPosition(window.reader.toPlainText().index("Ostrava") + 2)
    window.reader.setTextCursor(cursor)
    window.reader.setFocus()
    QTest.keyClick(window.reader, Qt.Key.Key_N)
    assert next(a for a in stored(window) if a.id == ostrava.id).color == "blue"
    qtbot.waitUntil(window.annotation_pane.card(ostrava.id).note_editor.hasFocus)
    assert len(stored(window)) == 2


def test_the_pane_filters_by_colour_tag_and_note(windows, demo_path):
    window = windows.open(imports=[demo_path])
    library = window.controller.library
    for quote, key, note, tags in (("Ostrava", Qt.Key.Key_1, "", ["place"]),
                                   ("Communiqué Demo Office", Qt.Key.Key_2, "who", []),
                                   ("Nothing is sent anywhere", Qt.Key.Key_1, "claim", ["privacy"])):
        highlight_by_key(window, quote, key)
        annotation = window.annotation_pane.current_annotation()
        library.update_note(annotation.id, note)
        library.set_tags(annotation.id, tags)
    window.controller.notify_annotations(window.controller.current_release.id)
    pane, filters = window.annotation_pane, window.annotation_pane.filters
    shown = lambda: [card.annotation.quote.exact for card in pane.cards()]  # noqa: E731
    assert len(shown()) == 3
    filters.color.setFocus()
    filters.color.setCurrentIndex(filters.color.findData("yellow"))
    assert shown() == ["Ostrava", "Nothing is sent anywhere"]
    assert pane._title.text().startswith("2 of 3 shown")
    filters.tag.setCurrentIndex(filters.tag.findData("privacy"))
    assert shown() == ["Nothing is sent anywhere"]
    filters.color.setCurrentIndex(0)
    filters.tag.setCurrentIndex(0)
    filters.has_note.setFocus()
    QTest.keyClick(filters.has_note, Qt.Key.Key_Space)
    assert shown() == ["Communiqué Demo Office", "Nothing is sent anywhere"]

"""Versions in the window: the version bar over the reader, the diff view, carried annotations marked."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ..cli.test_versions_cli import ORIGINAL, REVISED
from .test_exporting import export_results


def _import_revision(windows, tmp_path):
    (tmp_path / "v1.md").write_text(ORIGINAL)
    (tmp_path / "v2.md").write_text(REVISED)
    library = windows.library()
    from desktop_app.importing import import_into

    import_into(library, [tmp_path / "v1.md"])
    library.add_highlight_of_quote(1, "raised the key rate to 21.3%", note="the hike")
    library.add_highlight_of_quote(1, "slowing in most regions", note="trend")
    library.add_highlight_of_quote(1, "Press service contacts", note="who to call")
    import_into(library, [tmp_path / "v2.md"])
    return windows.open()


def test_the_version_bar_names_the_version_and_opens_the_others(windows, tmp_path, qtbot):
    window = _import_revision(windows, tmp_path)
    window.select_release(2)
    bar = window.version_bar
    assert bar.isVisible()
    assert "Version 2 of 2" in bar.label.text()
    assert "3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed" in bar.label.text()
    assert [bar.picker.itemData(i) for i in range(bar.picker.count())] == [1, 2]
    bar.picker.activated.emit(0)
    assert window.controller.current_release.id == 1
    assert "Version 1 of 2" in bar.label.text() and "a newer version exists" in bar.label.text()
    assert not bar.compare_button.isEnabled()


def test_the_diff_view_marks_the_figure_above_the_rewording(windows, tmp_path, qtbot):
    window = _import_revision(windows, tmp_path)
    window.select_release(2)
    window.actions_by_name["compare_versions"].trigger()
    dialog = window.version_bar.dialog
    qtbot.waitExposed(dialog)
    assert dialog.summary.text() == "3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed"
    inline = dialog.inline.toHtml()
    assert "21.3%" in inline and "21.5%" in inline
    assert "font-weight:700" in inline.replace(" ", "")      # the figure in bold; rewording is not
    assert "Core inflation eased." in dialog.new_side.toPlainText()
    assert "Press service contacts" in dialog.old_side.toPlainText()
    assert "Press service contacts" not in dialog.new_side.toPlainText()
    dialog.reject()


def test_carried_annotations_are_marked_on_their_cards(windows, tmp_path, qtbot):
    window = _import_revision(windows, tmp_path)
    window.select_release(2)
    cards = {card.annotation.note: card for card in window.annotation_pane.cards()}
    assert set(cards) == {"the hike", "trend", "who to call"}
    assert cards["trend"].carried.property("status") == "unchanged"
    assert cards["the hike"].carried.property("status") == "changed"
    assert "raised the key rate to 21.3%" in cards["the hike"].carried.text()
    assert "21.5%" in cards["the hike"]._quote.text()
    assert cards["who to call"].carried.property("status") == "orphaned"
    assert all(card.carried.isVisible() for card in cards.values())
    window.select_release(1)                            # the old version keeps its own, unmarked
    assert not any(card.carried.isVisible() for card in window.annotation_pane.cards())


def test_unlink_and_link_by_hand_from_the_window(windows, tmp_path, qtbot):
    window = _import_revision(windows, tmp_path)
    window.select_release(2)
    window.actions_by_name["unlink_version"].trigger()
    assert not window.version_bar.isVisible()
    assert window.annotation_pane.cards() == []
    assert len(window.controller.library.versions_of(2)) == 1
    window.actions_by_name["link_version"].trigger()
    dialog = window.link_dialog
    dialog.picker.setCurrentIndex(dialog.picker.findData(1))
    dialog.done(QDialog.DialogCode.Accepted)
    assert [v.id for v in window.controller.library.versions_of(2)] == [1, 2]
    assert window.version_bar.isVisible()
    assert len(window.annotation_pane.cards()) == 3


def test_exports_name_the_version_and_the_one_it_superseded(windows, tmp_path, qtbot):
    import json

    from pypdf import PdfReader

    from annotations.exporters import render_release_annotations

    window = _import_revision(windows, tmp_path)
    library = window.controller.library
    old, new = library.release(1), library.release(2)
    assert export_results(windows.qtbot, window.export_pdf(2, str(tmp_path / "v2.pdf")))
    first_page = " ".join(PdfReader(tmp_path / "v2.pdf").pages[0].extract_text().split())
    assert "Version: 2 of 2, imported " + new.imported_at[:10] in first_page
    assert f"Supersedes: version 1, SHA-256 {old.content_hash}" in first_page.replace("- ", "-")
    version = json.loads(render_release_annotations(library, 2, "json"))["communique:version"]
    assert version["source"] == f"urn:sha256:{new.content_hash}" and version["imported"] == new.imported_at
    assert version["supersedes"] == {"source": f"urn:sha256:{old.content_hash}", "imported": old.imported_at}
    markdown = render_release_annotations(library, 2, "md")
    assert "- Changes: 3 changes: 21.3% → 21.5%, a sentence added, a paragraph removed" in markdown
    assert "Supersedes" not in render_release_annotations(library, 1, "md")


def test_importing_a_revision_in_the_window_says_it_is_a_new_version(windows, tmp_path, qtbot):
    (tmp_path / "v1.md").write_text(ORIGINAL)
    (tmp_path / "v2.md").write_text(REVISED)
    window = windows.open(imports=[tmp_path / "v1.md"])
    worker = window.import_paths([str(tmp_path / "v2.md")])
    qtbot.waitUntil(lambda: window.last_import_report is not None and worker.isFinished(), timeout=20000)
    assert "1 of them a new version of a release already here" in window.statusBar().currentMessage()
    assert window.controller.current_release.id == 2
    assert window.version_bar.isVisible() and "Version 2 of 2" in window.version_bar.label.text()

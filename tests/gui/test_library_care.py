"""The window's care of the library: check and backup after opening, Back Up Now, Restore from
Backup…, and a damaged library opened read-only with one sentence and an offer."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from annotations import backups
from tests.library_files import damage_page, file_hash, fill, seen


def _finish(qtbot, care):
    """Wait for the care job running to end (and its result to be handled on the window's thread)."""
    qtbot.waitUntil(lambda: care.worker is None, timeout=60_000)


def test_file_menu_has_back_up_now_and_restore_from_backup(windows):
    window = windows.open()
    file_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&File")
    texts = [action.text() for action in file_menu.actions()]
    assert "&Back Up Now" in texts and "&Restore from Backup…" in texts


def test_opening_checks_and_backs_up_once_a_day_without_blocking(windows, qtbot):
    library = windows.library()
    fill(library)
    window = windows.open()
    care = window.library_care
    care.check_after_open()
    assert care.worker is not None                      # the window went on; the job is on a worker
    _finish(qtbot, care)
    daily, = backups.list_backups(windows.db_path)
    assert daily.reason == "daily" and daily.releases == len(seen(library))
    assert not window.controller.library.full_check_due()
    assert "backed it up" in window.statusBar().currentMessage()
    care.check_after_open()                             # the same day: checked again, not backed up again
    _finish(qtbot, care)
    assert len(backups.list_backups(windows.db_path)) == 1


def test_back_up_now_then_restore_from_the_list(windows, qtbot):
    fill(windows.library())
    window = windows.open()
    care = window.library_care
    before = seen(window.controller.library)
    window.actions_by_name["back_up_now"].trigger()
    _finish(qtbot, care)
    backup, = backups.list_backups(windows.db_path)
    assert backup.reason == "manual" and str(backup.path) in window.statusBar().currentMessage()

    window.select_release(1)
    window.controller.add_release_note("written after the backup")
    window.actions_by_name["restore_from_backup"].trigger()
    dialog = care.backups_dialog
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == str(backup.releases)
    dialog.restore_button.click()
    _finish(qtbot, care)
    assert seen(window.controller.library) == before                  # the backup, as it was
    assert "before-restore" in window.statusBar().currentMessage()
    assert window.release_model.rowCount() == len(before)
    aside, = windows.db_path.parent.glob("library-before-restore-*.sqlite3")
    assert aside.exists()
    window.select_release(2)
    assert window.controller.add_release_note("the restored library takes notes") is not None


def test_the_list_offers_only_this_librarys_backups_and_a_file_picked_may_be_another_s(windows, qtbot, monkeypatch):
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from annotations.library import Library

    shown = fill(windows.library())
    embassies = windows.db_path.with_name("embassies.sqlite3")           # a second library in the same folder
    with Library(embassies) as other:
        fill(other)
        other.add_release_note(1, "the embassies' own note")
        theirs = seen(other)
    foreign = backups.write_backup(embassies)
    mine = backups.write_backup(windows.db_path)
    window = windows.open()
    care = window.library_care
    errors = []
    window.controller.error.disconnect()
    window.controller.error.connect(errors.append)

    window.actions_by_name["restore_from_backup"].trigger()
    dialog = care.backups_dialog
    assert [backup.path for backup in dialog.backups] == [mine.path] and dialog.table.rowCount() == 1
    dialog.reject()
    care.restore(Path(foreign.path))                  # as if the list had offered it: refused
    _finish(qtbot, care)
    assert errors == [f"Could not restore from {foreign.path!r}: it is a backup of 'embassies.sqlite3', "
                      "not of 'library.sqlite3'."]
    assert seen(window.controller.library) == shown and not list(windows.db_path.parent.glob("*before-restore*"))

    window.actions_by_name["restore_from_backup"].trigger()
    dialog = care.backups_dialog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (foreign.path, "")))
    next(button for button in dialog.findChildren(QPushButton) if button.text() == "From a File…").click()
    _finish(qtbot, care)                              # picked by the user: restored, the old file kept aside
    assert errors == [f"Could not restore from {foreign.path!r}: it is a backup of 'embassies.sqlite3', "
                      "not of 'library.sqlite3'."]
    assert seen(window.controller.library) == theirs
    assert len(list(windows.db_path.parent.glob("library-before-restore-*.sqlite3"))) == 1


def test_a_damaged_library_opens_read_only_with_one_sentence_and_an_offer(windows, qtbot):
    library = windows.library()
    fill(library)
    for number in range(200):
        library.add_release_note(1, f"note {number} " + "long enough to need several pages " * 8)
    backups.write_backup(windows.db_path)
    library.close()
    damage_page(windows.db_path, "annotations")
    before = file_hash(windows.db_path)

    window = windows.open()
    care = window.library_care
    assert window.controller.library.read_only
    care.check_after_open()
    box = care.remedies_box
    assert box.isVisible() and "is damaged" in box.text() and "read-only" in box.text()
    assert any("Restore the Backup" in button.text() for button in box.buttons())
    assert "Read-only" in care._read_only_label.text()
    keep = next(button for button in box.buttons() if button.text() == "Keep Reading")
    keep.click()

    window.select_release(2)
    assert window.reader.toPlainText().startswith("Release 2")            # reading still works
    errors = []
    window.controller.error.disconnect()
    window.controller.error.connect(errors.append)
    assert window.controller.add_release_note("lost?") is None
    assert len(errors) == 1 and "is damaged" in errors[0]
    assert file_hash(windows.db_path) == before


def test_restoring_the_newest_backup_from_the_offer_mends_a_damaged_library(windows, qtbot):
    library = windows.library()
    shown = fill(library)
    backups.write_backup(windows.db_path)
    library.close()
    damage_page(windows.db_path, "releases")

    window = windows.open()
    care = window.library_care
    care.check_after_open()             # the list met the damaged page already, or the full check does
    _finish(qtbot, care)
    assert window.controller.library.read_only and care.remedies_box.isVisible()
    restore = next(button for button in care.remedies_box.buttons() if button.text().startswith("Restore"))
    restore.click()
    _finish(qtbot, care)
    assert not window.controller.library.read_only
    assert seen(window.controller.library) == shown
    assert care._read_only_label.text() == ""


def test_a_library_that_cannot_be_opened_at_all_is_offered_its_newest_backup(tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotations.errors import LibraryFileError
    from annotations.library import Library
    from desktop_app.library_care import open_or_offer_backup

    path = tmp_path / "library.sqlite3"
    with Library(path) as library:
        shown = fill(library)
    backups.write_backup(path)
    data = bytearray(path.read_bytes())
    data[16:100] = bytes(84)                                   # the header
    path.write_bytes(bytes(data))
    try:
        Library(path)
        raise AssertionError("a library without its header opened")
    except LibraryFileError as error:
        asked = []
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda parent, title, text, *rest: asked.append(text) or QMessageBox.StandardButton.Yes))
        library = open_or_offer_backup(path, error)
    assert "Could not open the library" in asked[0] and "Restore its newest backup" in asked[0]
    with library:
        assert seen(library) == shown
    assert next(tmp_path.glob("library-before-restore-*.sqlite3")).read_bytes() == bytes(data)


def test_a_job_that_fails_unexpectedly_still_finishes_with_a_sentence(qtbot):
    from annotations.errors import AnnotationsError
    from desktop_app.library_care import CareWorker

    def broken(report):
        raise RuntimeError("disk unplugged")

    worker = CareWorker(broken)
    with qtbot.waitSignal(worker.finished_with, timeout=10_000) as finished:
        worker.start()
    worker.wait()
    assert isinstance(finished.args[0], AnnotationsError) and "disk unplugged" in str(finished.args[0])

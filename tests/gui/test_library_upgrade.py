"""A library made by an older Communiqué, opened through the window's real start: backed up and
upgraded on a worker behind a progress dialog while the window's thread goes on, then shown."""

from __future__ import annotations

import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotations import backups, migrations
from desktop_app.app import start_window
from desktop_app.library_upgrade import UpgradeDialog
from tests.library_files import build_at_version, expected_from_build, file_hash, seen

#: Enough releases that rebuilding the search index lasts many ticks of a 10 ms timer.
RELEASES = 600


class Ticks:
    """A 10 ms timer on the window's thread, noting when it ran and what the upgrade dialog said."""

    def __init__(self):
        self.during: list[tuple[float, str]] = []       # while the dialog was up
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._on_tick)
        self.timer.start()

    def _on_tick(self) -> None:
        shown = [widget for widget in QApplication.topLevelWidgets()
                 if isinstance(widget, UpgradeDialog) and widget.isVisible()]
        if shown:
            self.during.append((time.perf_counter(), shown[0].doing.text()))

    def said(self, words: str) -> int:
        return sum(words in text for _, text in self.during)

    def largest_gap(self) -> float:
        times = [at for at, _ in self.during]
        return max((later - earlier for earlier, later in zip(times, times[1:])), default=0.0)


def test_an_older_library_is_upgraded_behind_a_dialog_while_the_window_thread_runs(qtbot, tmp_path,
                                                                                   record_property):
    path = tmp_path / "library.sqlite3"
    build_at_version(path, 1, releases=RELEASES)
    ticks = Ticks()
    window = start_window(path, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    ticks.timer.stop()
    qtbot.addWidget(window)
    try:
        # The window's thread ran its timer all along, showing each stage as it went.
        assert ticks.said("Backing up your library before upgrading it") >= 1
        assert ticks.said("rebuilding the search index") >= 2
        record_property("largest_gap_ms", round(ticks.largest_gap() * 1000, 1))
        assert not [widget for widget in QApplication.topLevelWidgets()
                    if isinstance(widget, UpgradeDialog) and widget.isVisible()]
        qtbot.waitExposed(window)
        library = window.controller.library
        assert seen(library) == expected_from_build(RELEASES)                   # nothing lost
        assert [hit.release_id for hit in library.search("note 7")] == [7]      # the new index answers
        assert library.db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        before, = backups.list_backups(path)
        assert (before.reason, before.schema, before.releases) == \
            (f"before-schema-{migrations.LATEST_VERSION}", 1, RELEASES)
    finally:
        qtbot.waitUntil(lambda: window.library_care.worker is None, timeout=60_000)   # the day's check
        window.close()
        window.controller.library.close()


def test_an_upgrade_that_cannot_back_up_first_says_so_in_one_sentence_and_changes_nothing(
        qtbot, tmp_path, monkeypatch):
    path = tmp_path / "library.sqlite3"
    build_at_version(path, 1)
    backups.backup_folder(path).parent.mkdir()
    backups.backup_folder(path).write_text("a file where the backup folder would go")
    before = file_hash(path)
    told = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: told.append(text)))
    window = start_window(path, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert window is None
    sentence, = told
    assert sentence.startswith("Could not back up the library") and sentence.count("\n") == 0
    assert "Traceback" not in sentence
    assert file_hash(path) == before                      # not migrated without its backup

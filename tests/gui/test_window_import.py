"""Importing from the window: a file that crashes the importer takes neither the batch nor the window down."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.test_import_anything import EXPECTED_TITLES, kill_the_importer_on, make_batch_with_a_slow_file


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the importer")
def test_the_window_survives_a_file_that_kills_the_importer(windows, tmp_path, qtbot):
    folder = make_batch_with_a_slow_file(tmp_path / "batch")
    window = windows.open()
    worker = window.import_paths([str(folder)])              # as File → Import Folder… does
    assert kill_the_importer_on(os.getpid(), "m-big.md", worker.isRunning), "the importer never reached the big file"
    qtbot.waitUntil(lambda: window.last_import_report is not None, timeout=300_000)
    report = window.last_import_report
    assert sorted(item.title for item in report.imported) == EXPECTED_TITLES
    assert all(item.created for item in report.imported)
    assert [Path(failure.path).name for failure in report.failures] == ["m-big.md"]
    assert "crashed the importer (SIGKILL)" in str(report.failures[0])
    assert window.release_model.rowCount() == 125
    assert "125 releases" in window.statusBar().currentMessage()

"""Exports and imports from the window, as a user triggers them."""

from __future__ import annotations

from pypdf import PdfReader

from tests.gui.test_annotating import select_text


def export_results(qtbot, job) -> list:
    """The results of a PdfExportJob the window started, once it has written its last file."""
    qtbot.waitUntil(lambda: not job.running, timeout=60000)
    return job.results


def test_export_pdf_of_the_open_release(windows, demo_path, tmp_path):
    window = windows.open(imports=[demo_path])
    select_text(window, "never connects to the network")
    window.highlight_selection("green")
    window.controller.edit_note(window.controller.annotations()[0], "Privacy claim")
    out = tmp_path / "demo.pdf"
    (result,) = export_results(windows.qtbot, window.export_pdf(window.controller.current_release.id, str(out)))
    assert result.highlights == 1
    (page,) = [p for p in PdfReader(out).pages if "/Annots" in p][:1]
    contents = [a.get_object().get("/Contents") for a in page["/Annots"]]
    assert "Privacy claim" in contents
    assert "Exported" in window.statusBar().currentMessage()


def test_export_all_makes_one_pdf_per_annotated_release(windows, demo_path, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("# Second release\n\nThe ministry will publish the figures next week.\n")
    window = windows.open(imports=[demo_path, other])
    select_text(window, window.reader.toPlainText().split()[3])
    window.highlight_selection("blue")
    folder = tmp_path / "pdfs"
    folder.mkdir()
    results = export_results(windows.qtbot, window.export_all_pdfs(str(folder)))
    assert [r.path.name[:4] for r in results] == [f"{window.controller.current_release.id:04d}"]
    assert len(list(folder.glob("*.pdf"))) == 1


def test_export_error_is_shown_not_raised(windows, demo_path, tmp_path, monkeypatch):
    window = windows.open(imports=[demo_path])
    shown = []
    monkeypatch.setattr(window, "_show_error", shown.append)
    window.controller.error.disconnect()
    window.controller.error.connect(window._show_error)
    job = window.export_pdf(window.controller.current_release.id, str(tmp_path / "missing" / "x.pdf"))
    assert export_results(windows.qtbot, job) == []
    assert shown and "does not exist" in shown[0]


def test_annotations_round_trip_through_a_file(windows, demo_path, tmp_path):
    window = windows.open(imports=[demo_path])
    select_text(window, "single library file")
    window.highlight_selection("pink")
    release_id = window.controller.current_release.id
    out = tmp_path / "notes.json"
    assert window.controller.export_annotations(release_id, out, "json")
    window.controller.delete_annotation(window.controller.annotations()[0])
    assert window.annotation_pane.cards() == []
    summary = window.import_annotations(release_id, str(out))
    assert (summary.added, summary.skipped_duplicates) == (1, 0)
    (card,) = window.annotation_pane.cards()
    assert card.annotation.color == "pink" and card.annotation.quote.exact == "single library file"


def test_the_window_keeps_responding_while_a_long_right_to_left_pdf_is_written(windows, tmp_path, record_property):
    """Qt's painting and pypdf's copy-out repairs of a long Arabic and Chinese release take most
    of a second: they run on a worker, so a 5 ms timer on the window's thread keeps ticking all
    through the export. (How long the window's thread ever waits is a benchmark's figure.)"""
    import time

    from PySide6.QtCore import QTimer

    from tests.gui.test_pdf_scripts import RELEASES, RIGHT_TO_LEFT, lines_of, pypdf_text

    arabic, chinese = RIGHT_TO_LEFT["arabic"][1][0], RELEASES["chinese-simplified"][1][0]
    source = tmp_path / "long.md"
    source.write_text("# وزارة المالية\n\n" + "\n\n".join([arabic, chinese] * 80) + "\n", encoding="utf-8")
    window = windows.open(imports=[source])
    select_text(window, arabic[:12])
    window.highlight_selection("yellow")
    job_running, ticks = [], []
    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()) if job_running and job_running[0].running else None)
    timer.start()
    out = tmp_path / "long.pdf"
    job = window.export_pdf(window.controller.current_release.id, str(out))
    job_running.append(job)
    assert job.running                  # export_pdf handed the work on and returned
    (result,) = export_results(windows.qtbot, job)
    timer.stop()
    record_property("window_ticks_during_export", len(ticks))
    assert result.pages >= 5
    assert len(ticks) >= 3              # the window's event loop turned all along
    lines = lines_of(pypdf_text(out))
    assert arabic in lines and chinese in "".join(lines)         # pypdf breaks Chinese lines apart


def test_pages_painted_on_the_worker_are_the_pages_painted_on_the_windows_thread(windows, tmp_path):
    """The window's export lays out and paints on a worker thread: its pages, rendered by poppler,
    are pixel for pixel those of the command line's export (painted on the calling thread)."""
    import subprocess
    from datetime import datetime

    from desktop_app.pdf.export import PdfOptions, export_pdf
    from tests.gui.test_pdf_scripts import RELEASES, RIGHT_TO_LEFT

    arabic, chinese = RIGHT_TO_LEFT["arabic"][1][0], RELEASES["chinese-simplified"][1][0]
    source = tmp_path / "mixed.md"
    source.write_text(f"# Statement\n\n**{arabic}**\n\n{chinese}\n\nThe ministers met in Phnom Penh.\n",
                      encoding="utf-8")
    window = windows.open(imports=[source])
    select_text(window, "ministers met")
    window.highlight_selection("green")
    window.controller.edit_note(window.controller.annotations()[0], "ملاحظة and 注记")
    release_id = window.controller.current_release.id
    options = PdfOptions.from_settings(window.settings)
    on_worker, on_caller = tmp_path / "worker.pdf", tmp_path / "caller.pdf"
    for _ in range(3):                  # the header names the minute of export: both in one minute
        began = datetime.now().strftime("%H:%M")
        export_results(windows.qtbot, window.export_pdf(release_id, str(on_worker)))
        export_pdf(window.controller.library, release_id, on_caller, options)
        if datetime.now().strftime("%H:%M") == began:
            break
    pages = {}
    for pdf in (on_worker, on_caller):
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / pdf.stem)], check=True)
        pages[pdf.stem] = [page.read_bytes() for page in sorted(tmp_path.glob(f"{pdf.stem}-*.png"))]
    assert pages["worker"] and pages["worker"] == pages["caller"]

"""``communique --self-test``: prove that this copy of Communiqué works, end to end, without a screen.

An installer can leave out what nothing imports by name (a Qt plugin, a data file, an importer
loaded on demand), and only a run shows it. The self-test runs the paths a user's first minutes
take, on a temporary library and temporary settings (the user's own are never opened): the
bundled fonts and icons load, the demo release imports, the main window comes up, a highlight
with a note is added, and the annotated PDF is written and read back. It prints one line,
``self-test ok: …``, or exits 1 with one sentence saying which step failed and why.

Qt runs on the platform ``QT_QPA_PLATFORM`` names, else offscreen, so the same check serves a
headless build machine, a desktop and Xvfb.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from . import __version__

NOTE = "Self-test note: checked by communique --self-test."
WINDOW_TIMEOUT_SECONDS = 30


class SelfTestFailed(Exception):
    """One step of the self-test went wrong; the message is the sentence the user sees."""


@contextmanager
def _step(doing: str):
    """Turn any error raised while ``doing`` something into one sentence naming that step."""
    try:
        yield
    except SelfTestFailed:
        raise
    except Exception as error:  # the point is to report whatever broke, in words
        raise SelfTestFailed(f"{doing} failed: {type(error).__name__}: {error}") from error


def run() -> int:
    """Run every check; print ``self-test ok: …`` and return 0, or say what failed and return 1."""
    try:
        facts = _check()
    except SelfTestFailed as failure:
        print(f"communique: self-test failed: {failure}", file=sys.stderr)
        return 1
    print("self-test ok: " + ", ".join(facts), flush=True)
    return 0


def qt_arguments() -> list[str]:
    """Offscreen unless the environment names a platform (xcb under Xvfb, say)."""
    arguments = [sys.argv[0] if sys.argv and sys.argv[0] else "communique"]
    if not os.environ.get("QT_QPA_PLATFORM"):
        arguments += ["-platform", "offscreen"]
    return arguments


def _check() -> list[str]:
    with _step("starting Qt"):
        from PySide6.QtCore import qVersion
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(qt_arguments())
    facts = [f"Communique {__version__}", "frozen" if getattr(sys, "frozen", False) else "from source",
             f"Qt {qVersion()} on {app.platformName()}"]
    facts.append(_check_fonts())
    _check_icons()
    _check_importers()
    _check_calendars()
    with tempfile.TemporaryDirectory(prefix="communique-self-test-") as scratch:
        facts += _check_library_window_and_pdf(app, Path(scratch))
    return facts


def _check_fonts() -> str:
    from .fonts import DOCUMENT_FAMILIES, register_fonts

    with _step("registering the bundled fonts"):
        families = register_fonts()
    missing = [family for family in DOCUMENT_FAMILIES if family not in families]
    if missing:
        from resources import fonts_dir

        raise SelfTestFailed(f"the bundled fonts {missing!r} did not load from {str(fonts_dir())!r}")
    return f"{len(families)} bundled font families"


def _check_icons() -> None:
    """Every icon renders: without Qt's SVG plugins they would all be blank."""
    from PySide6.QtGui import QIcon

    from resources import ROOT

    icons = sorted((ROOT / "icons").glob("*.svg"))
    if not icons:
        raise SelfTestFailed(f"no icons were found in {str(ROOT / 'icons')!r}")
    for path in icons:
        with _step(f"drawing the icon {path.name!r}"):
            pixmap = QIcon(str(path)).pixmap(32, 32)
        if pixmap.isNull():
            raise SelfTestFailed(f"the icon {str(path)!r} drew nothing (are Qt's SVG plugins missing?)")


def _check_importers() -> None:
    """Every importer loads: they are imported by name on first use, which a bundler can miss."""
    from annotations.importers import importer_for, supported_suffixes

    for suffix in supported_suffixes():
        with _step(f"loading the importer for {suffix} files"):
            if not callable(importer_for(suffix)):
                raise SelfTestFailed(f"the importer for {suffix} files is not a function")


def _check_calendars() -> None:
    """Dates in other calendars read: dateparser loads its Jalali calendar (and convertdate) by name."""
    from annotations.dates import find_date

    for written, language, day in (("۱۱ اسفند ۱۴۰۲", "fa", "2024-03-01"), ("令和6年3月1日", "ja", "2024-03-01"),
                                   ("1 มีนาคม 2567", "th", "2024-03-01")):
        with _step(f"reading the date {written!r}"):
            found = find_date(written, language)
        if found != day:
            raise SelfTestFailed(f"the date {written!r} was read as {found!r}, not {day}")


def _check_library_window_and_pdf(app, scratch: Path) -> list[str]:
    from PySide6.QtCore import QSettings

    from .controller import Controller
    from .main_window import MainWindow
    from .pdf.export import PdfOptions, export_pdf
    from .settings import Settings
    from .startup import open_library_with_demo, wait_until_shown

    with _step("importing the demo release into a temporary library"):
        library = open_library_with_demo(scratch / "library.sqlite3")
    try:
        with _step("reading the demo release back"):
            if library.release_count() != 1:
                raise SelfTestFailed(f"the new library holds {library.release_count()} releases, not the demo alone")
            release_id = library.release_summaries(0, 1)[0].id
            quote = _quote_from(library.release(release_id).text)

        with _step("opening the main window"):
            started = time.perf_counter()
            settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat), library.path)
            window = MainWindow(Controller(library), settings)
            window.show()
            shown = wait_until_shown(app, window, WINDOW_TIMEOUT_SECONDS)
            window.close()
        if not shown:
            raise SelfTestFailed(f"the main window did not appear within {WINDOW_TIMEOUT_SECONDS} s "
                                 f"on the {app.platformName()!r} platform")
        window_seconds = time.perf_counter() - started

        with _step(f"highlighting {quote!r} with a note"):
            library.add_highlight_of_quote(release_id, quote, note=NOTE)
        pdf_path = scratch / "self-test.pdf"
        with _step("exporting the annotated PDF"):
            result = export_pdf(library, release_id, pdf_path, PdfOptions(page_size="A4", analyst="self-test"))
        _check_pdf(pdf_path, quote)
        _check_import_child(library, scratch)
    finally:
        library.close()
    return [f"window shown in {window_seconds:.2f} s", "demo imported and highlighted", "import child ran",
            f"annotated PDF of {result.pages} page{'s' * (result.pages != 1)} read back"]


def _check_import_child(library, scratch: Path) -> None:
    """Imports run in a child process of this program (import_supervisor): it must start, frozen or not."""
    from .import_supervisor import supervised_import

    release = scratch / "code.md"
    release.write_text("# Self-test release\n\nRun `make`, then read the <pre>output</pre>.\n", encoding="utf-8")
    with _step("importing a release through the import child process"):
        report = supervised_import(library.path, [str(release)], library.highest_release_id())
    if report.failures or [item.title for item in report.added] != ["Self-test release"]:
        raise SelfTestFailed("the import child did not import a release: "
                             + ("; ".join(map(str, report.failures)) or "it reported nothing"))


def _quote_from(text: str) -> str:
    """Eight words from the first line of the release that has them: a passage that reads as typed."""
    for line in text.splitlines():
        words = line.split(" ")
        if len(words) >= 8 and all(words[:8]):
            return " ".join(words[:8])
    raise SelfTestFailed("the demo release has no line of eight words to highlight")


def _check_pdf(path: Path, quote: str) -> None:
    """The PDF holds exactly one /Highlight, whose /Contents is the note, and its text has the quote."""
    with _step(f"reading back {path.name!r}"):
        from pypdf import PdfReader

        reader = PdfReader(path)
        highlights = [annotation.get_object() for page in reader.pages for annotation in page.get("/Annots") or []
                      if annotation.get_object().get("/Subtype") == "/Highlight"]
        text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    if len(highlights) != 1:
        raise SelfTestFailed(f"the exported PDF has {len(highlights)} /Highlight annotations, not 1")
    if highlights[0].get("/Contents") != NOTE:
        raise SelfTestFailed(f"the highlight's /Contents is {highlights[0].get('/Contents')!r}, not the note {NOTE!r}")
    if " ".join(quote.split()) not in text:
        raise SelfTestFailed(f"the exported PDF's text does not contain the quote {quote!r}")

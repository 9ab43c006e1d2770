"""Entry point: ``communique`` opens the window; ``communique SUBCOMMAND`` runs the command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .fonts import register_fonts


def build_parser() -> argparse.ArgumentParser:
    from .cli import add_subcommands

    parser = argparse.ArgumentParser(
        prog="communique", description="Read, highlight and annotate press releases, offline.")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help="the library file (default: $COMMUNIQUE_DB, else the per-user data folder)")
    parser.add_argument("--version", action="version", version=f"Communiqué {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check that this installation works (offscreen, on a temporary library) and exit")
    parser.add_argument("--quit-after-start", action="store_true",
                        help="open the window, print 'shown' once it is on screen, and quit (for timing start-up)")
    from .daily_backup import OPTION

    parser.add_argument(OPTION, action="store_true", help=argparse.SUPPRESS)  # the command line's own child
    add_subcommands(parser)
    return parser


def library_path(args: argparse.Namespace) -> Path:
    if args.db is not None:
        return args.db
    if os.environ.get("COMMUNIQUE_DB"):
        return Path(os.environ["COMMUNIQUE_DB"])
    from annotations.library import default_library_path

    return default_library_path()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args, qt_args = build_parser().parse_known_args(argv)
    if args.self_test:
        from . import self_test

        return self_test.run()
    args.db = library_path(args)
    if args.daily_backup:
        from . import daily_backup

        install_excepthook()            # no console: what goes wrong goes to the log
        return daily_backup.run(args.db)
    if args.command == "search" and qt_args:
        # "communique search trade -draft": a word to exclude looks like an option to argparse.
        args.query, qt_args = " ".join(filter(None, [args.query, *qt_args])), []
    if args.command is not None:
        if qt_args:
            build_parser().error(f"unrecognised arguments: {' '.join(qt_args)}")
        from .cli import run

        try:
            return run(args)
        except BrokenPipeError:  # output piped into `head` and the like
            sys.stderr.close()
            return 0
    return run_window(args.db, qt_args, quit_after_start=args.quit_after_start)


def _log_file() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_log_dir("Communique", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "communique.log"


def install_excepthook() -> None:
    """Log unexpected errors to a file (a windowed build has no console) and tell the user where."""
    log_file = _log_file()
    logging.basicConfig(filename=log_file, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    def hook(kind, value, tb):
        logging.getLogger("communique").error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        sys.__excepthook__(kind, value, tb)
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(None, "Communiqué", f"Something went wrong: {value}\n\nYour annotations are saved. "
                                                     f"Details were written to {log_file}.")

    sys.excepthook = hook


def run_window(db_path: Path, qt_args: list[str], quit_after_start: bool = False) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from resources import icon_path

    from .startup import wait_until_shown

    app = QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName("Communique")
    app.setApplicationName("Communique")
    app.setApplicationDisplayName("Communiqué")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("communique")      # Wayland matches the window to communique.desktop
    app.setWindowIcon(QIcon(str(icon_path("communique"))))
    install_excepthook()
    register_fonts()
    window = start_window(db_path, QSettings())
    if window is None:
        return 1
    if quit_after_start:
        status = 0 if wait_until_shown(app, window, timeout=60) else 1
        if status == 0:
            print("shown", flush=True)
        else:
            print("communique: the window was not shown within 60 s.", file=sys.stderr)
    else:
        status = app.exec()
    window.library_care.shutdown()
    window.controller.library.close()
    return status


def start_window(db_path: Path, qsettings):
    """Open the library (upgrading it first, with progress, when it is older: ``library_upgrade``)
    and show the main window on it; None when it could not be opened (the user was told why)."""
    from annotations.errors import AnnotationsError

    from .controller import Controller
    from .library_upgrade import open_library
    from .main_window import MainWindow
    from .settings import Settings
    from .startup import open_library_with_demo

    try:
        library = open_library_with_demo(db_path, open_library)
    except AnnotationsError as error:
        from .library_care import open_or_offer_backup

        library = open_or_offer_backup(db_path, error)
        if library is None:
            return None
    window = MainWindow(Controller(library), Settings(qsettings, library.path))
    window.show()
    window.restore_reading()
    window.library_care.check_after_open()
    return window

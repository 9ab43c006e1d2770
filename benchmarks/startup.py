"""Cold start: from launching Python to the main window exposed on screen.

Both sides run as a fresh ``python -c`` and are timed the same way, from ``Popen`` in this process
to the child's "shown" line, so interpreter start, imports, Qt's platform plugin and the first
paint all count, on both sides. The child leaves with ``os._exit`` right after, so tear-down
(which a user never waits for) does not.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .material import prepare_library, qt_environment, write_variants
from .measuring import Figure, paired_medians

#: The window size the app opens at without saved geometry; the empty window gets the same.
WINDOW_SIZE = (1280, 800)

_WAIT_UNTIL_SHOWN = """
deadline = time.perf_counter() + 60
while window.windowHandle() is None or not window.windowHandle().isExposed():
    if time.perf_counter() > deadline:
        sys.exit("the window was never exposed")
    app.processEvents()
print("shown", flush=True)
os._exit(0)
"""

#: The floor: the least a Qt Widgets program does to put a window of that size on screen.
EMPTY_WINDOW = f"""
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(*{WINDOW_SIZE})
window.show()
""" + _WAIT_UNTIL_SHOWN

#: The application itself, as a user starts it: ``communique --db LIB --quit-after-start`` prints
#: "shown" once its window is on screen (desktop_app.app.run_window) and quits.
APP_WINDOW = "import sys; from desktop_app.app import main; sys.exit(main())"


def child_environment(bytecode_cache: Path) -> dict[str, str]:
    """Headless, and with compiled bytecode kept (in ``bytecode_cache``, not beside the sources).

    An installed app starts from .pyc files; with PYTHONDONTWRITEBYTECODE (set on some
    development machines) every start would compile each module of ours again, a cost no user
    pays. The warm-up start fills the cache for both sides.
    """
    environment = qt_environment()
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(bytecode_cache)
    # The app keeps its settings in the user's config folder: point that at the scratch folder.
    environment["XDG_CONFIG_HOME"] = str(bytecode_cache.parent / "config")
    return environment


def seconds_to_shown(environment: dict[str, str], program: str, *args: str) -> float:
    """Wall time from launching ``python -c program`` to its "shown" line."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", program, *args], stdout=subprocess.PIPE,
                                 stderr=errors, env=environment, text=True)
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        child.stdout.close()
        child.wait()
        if line.strip() != "shown":
            errors.seek(0)
            raise RuntimeError(f"the start-up child failed (status {child.returncode}):\n"
                               + errors.read().decode(errors="replace"))
    return elapsed


def measure(folder: Path, repeat: int) -> list[Figure]:
    """Start-up on a library that already holds the demo and a seed-size release."""
    from resources import demo_release_path

    library_path = folder / "library.sqlite3"
    prepare_library(library_path, [demo_release_path(), *write_variants(folder / "sources", 1)])
    environment = child_environment(folder / "bytecode")
    ours, floor = paired_medians(
        lambda: seconds_to_shown(environment, APP_WINDOW, "--db", str(library_path), "--quit-after-start"),
        lambda: seconds_to_shown(environment, EMPTY_WINDOW), repeat)
    return [Figure("cold start to window shown", ours, floor, target=1.3)]

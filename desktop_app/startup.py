"""Opening the library and waiting for the window: shared by the app and its self-test.

They live here, below both, so that ``app`` and ``self_test`` need not import each other.
"""

from __future__ import annotations

from pathlib import Path


def open_library_with_demo(path: Path, open_library=None):
    """The library at ``path`` (opened by ``open_library``, default ``Library``); an empty one gets
    the demo release so the window is never empty."""
    from annotations.library import Library
    from resources import demo_release_path

    from .importing import import_into

    library = (open_library or Library)(path)
    if not library.read_only and library.release_count() == 0:
        import_into(library, [demo_release_path()])
    return library


def wait_until_shown(app, window, timeout: float) -> bool:
    """Process events until ``window`` is exposed on screen; False if it was not within ``timeout`` s."""
    import time

    deadline = time.perf_counter() + timeout
    while window.windowHandle() is None or not window.windowHandle().isExposed():
        if time.perf_counter() > deadline:
            return False
        app.processEvents()
    return True

"""Upgrading a library made by an older Communiqué, as the window does it, and how free its thread stays.

    python -m benchmarks.upgrade [--releases 20000] [--from-schema 1] [--cache DIR]

Not part of ``python -m benchmarks`` (one upgrade of 20,000 releases takes minutes). The older
library is made by the migrations themselves up to ``--from-schema``, then filled with the rows of
the synthetic archive (``archive.py``, built through ``Library.add_releases`` and cached) copied in
with SQL, the way ``tests/library_files.py`` writes an older schema: that schema's own triggers
fill its index. Each trial upgrades a fresh copy. Figures:

- the window's start on it (``app.start_window``, offscreen: backup, migrations on a worker behind
  the progress dialog, then the main window shown), beside the same upgrade with no window and no
  progress (``Library(path)`` on the calling thread);
- the longest the window's thread went without running a 10 ms timer while the upgrade ran,
  beside the longest gap of the same timer with nothing else to do.

Figures are information (no target): README, "Backups", quotes them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from .measuring import Figure, format_table, timed

TICK_MS = 10


def older_library(cache: Path, releases: int, version: int) -> Path:
    """The synthetic archive of ``releases`` releases at schema ``version``, made once and kept."""
    from annotations import migrations

    from . import archive

    path = cache / f"upgrade-{releases}-schema{version}-of{migrations.LATEST_VERSION}.sqlite3"
    if path.exists():
        return path
    source = archive.ensure(cache, releases, progress=lambda message: print(message, file=sys.stderr))
    building = path.with_suffix(".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    conn = sqlite3.connect(building, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    migrations.migrate(conn, up_to=version)
    conn.execute("ATTACH DATABASE ? AS source", [str(source)])
    conn.execute("BEGIN")
    for table in ("releases", "annotations", "tags", "annotation_tags"):
        wanted = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]
        present = {row[1] for row in conn.execute(f"PRAGMA source.table_info({table})")}
        columns = ", ".join(f'"{column}"' for column in wanted if column in present)
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM source.{table}")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE source")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    building.rename(path)
    return path


def fresh_copy(path: Path, folder: Path) -> Path:
    """A copy of the older library, with no backups yet, to upgrade once."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    copy = folder / "library.sqlite3"
    shutil.copyfile(path, copy)
    return copy


def largest_gap(ticks: list[float]) -> float:
    return max((later - earlier for earlier, later in zip(ticks, ticks[1:])), default=0.0)


def gaps_over(ticks: list[tuple[float, str]], limit: float) -> list[tuple[float, str]]:
    """The gaps longer than ``limit`` between ticks, each with what the dialog said as it ended."""
    return [(round(later - earlier, 3), said) for (earlier, _), (later, said) in zip(ticks, ticks[1:])
            if later - earlier > limit]


def upgrade_in_window(path: Path, settings: Path) -> tuple[float, list[tuple[float, str]], dict]:
    """Seconds to the window shown, the timer's ticks while the upgrade dialog was up (when, and
    what it said), and when each kind of step began (seconds from the start)."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import start_window
    from desktop_app.library_upgrade import UpgradeDialog
    from desktop_app.startup import wait_until_shown

    app = QApplication.instance()
    during: list[tuple[float, str]] = []
    phases: dict[str, float] = {}
    began = time.perf_counter()

    def tick() -> None:
        dialogs = [widget for widget in QApplication.topLevelWidgets()
                   if isinstance(widget, UpgradeDialog) and widget.isVisible()]
        if dialogs:
            now, said = time.perf_counter(), dialogs[0].doing.text()
            during.append((now, said))
            kind = said.split(":")[0].split("…")[0]
            phases.setdefault(kind, round(now - began, 1))

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    window = start_window(path, QSettings(str(settings), QSettings.Format.IniFormat))
    shown = wait_until_shown(app, window, timeout=600)
    seconds = time.perf_counter() - began
    timer.stop()
    window.library_care.shutdown()
    window.close()
    window.controller.library.close()
    window.deleteLater()
    app.processEvents()
    if not shown:
        raise RuntimeError("the window was not shown within 600 s of the upgrade")
    return seconds, during, phases


def idle_gap(seconds: float) -> float:
    """The longest gap between ticks of the same timer when the window's thread has nothing to do."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    timer.start()
    loop.exec()
    timer.stop()
    return largest_gap(ticks)


def measure(older: Path, scratch: Path) -> tuple[list[Figure], dict]:
    from PySide6.QtWidgets import QApplication

    from annotations.library import Library
    from desktop_app.fonts import register_fonts

    app = QApplication.instance() or QApplication(["benchmarks"])
    register_fonts()
    plain = timed(lambda: Library(fresh_copy(older, scratch / "plain")).close())
    windowed, ticks, phases = upgrade_in_window(fresh_copy(older, scratch / "window"), scratch / "settings.ini")
    idle = idle_gap(5.0)
    gap = largest_gap([at for at, _ in ticks])
    figures = [Figure("upgrade through the window's start (dialog, worker, window shown)", windowed, plain, None),
               Figure("  longest wait of the window's thread meanwhile (10 ms timer)", gap, idle, None)]
    del app
    return figures, {"ticks": len(ticks), "phases": phases, "long gaps": gaps_over(ticks, 0.05)}


def main(argv: list[str] | None = None) -> int:
    from annotations import migrations

    from . import archive

    parser = argparse.ArgumentParser(prog="python -m benchmarks.upgrade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=20_000)
    parser.add_argument("--from-schema", type=int, default=1, choices=range(1, migrations.LATEST_VERSION))
    parser.add_argument("--cache", metavar="DIR", help="where the generated libraries are kept")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    cache = archive.cache_folder(args.cache)
    older = older_library(cache, args.releases, args.from_schema)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory(prefix="communique-upgrade-", dir=cache) as scratch:
        figures, facts = measure(older, Path(scratch))
    print(format_table(figures))
    print(f"\n{args.releases:,} releases at schema {args.from_schema} ({older.stat().st_size / 1e6:,.0f} MB), "
          f"upgraded to schema {migrations.LATEST_VERSION}; {facts['ticks']:,} timer ticks during the upgrade; "
          "steps began at (s): " + ", ".join(f"{kind} {at}" for kind, at in facts["phases"].items())
          + f"; load average at the start {load:.2f}.")
    for gap, said in facts["long gaps"]:
        print(f"  a wait of {gap * 1000:.0f} ms, ending at: {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

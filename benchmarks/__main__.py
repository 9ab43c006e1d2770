"""Every speed figure beside its floor, both measured in this run: python -m benchmarks [--quick].

Search is measured on a synthetic archive of 100,000 releases (``--million``: 1,000,000), built
once and kept in ``--cache`` (default $COMMUNIQUE_BENCH_CACHE, else ../cache beside the checkout).

Exits 1 when a figure misses its target, so a CI job may run it (on a quiet machine) if wanted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import archive, big_release, exporting, importing, reading, searching, startup
from .material import gui_application
from .measuring import format_table


@dataclass(frozen=True)
class Repetitions:
    """How many timed trials each side of a figure gets (the median is reported)."""

    startup: int
    opening: int
    highlight: int
    imports: int
    exports: int
    big_opens: int

    def describe(self) -> str:
        return (f"{self.startup} starts, {self.opening} opens, {self.highlight} highlights, "
                f"{self.imports} import{'s' * (self.imports != 1)}, {self.exports} exports and "
                f"{self.big_opens} opens of a 3 MB release a side")


FULL = Repetitions(startup=7, opening=40, highlight=40, imports=3, exports=11, big_opens=5)
QUICK = Repetitions(startup=3, opening=10, highlight=10, imports=1, exports=2, big_opens=3)


def load_note() -> str:
    """How busy the machine was as the run began: other work skews the figures (not on Windows)."""
    if not hasattr(os, "getloadavg"):
        return ""
    return f"; load average at the start {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions: a rough figure in less time")
    parser.add_argument("--search-only", action="store_true", help="only the search figures")
    parser.add_argument("--million", action="store_true", help="search 1,000,000 releases (not 100,000)")
    parser.add_argument("--releases", type=int, help=argparse.SUPPRESS)    # another size, for trying things
    parser.add_argument("--cache", metavar="DIR", help="where the generated archives are kept")
    args = parser.parse_args(argv)
    releases = args.releases or (1_000_000 if args.million else 100_000)
    cache = archive.cache_folder(args.cache)
    if args.search_only:
        return _search_figures(releases, cache)
    repeat = QUICK if args.quick else FULL
    # The window figures need a QApplication; importing a release first (to prepare a library)
    # would make a bare QGuiApplication for text layout, and no widget could be made after it.
    gui_application()
    began, load = time.perf_counter(), load_note()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as scratch:
        folder = Path(scratch)
        figures = [*startup.measure(folder / "startup", repeat.startup),
                   *reading.measure(folder / "reading", repeat.opening, repeat.highlight),
                   *importing.measure(folder / "import", repeat.imports),
                   *exporting.measure(folder / "export", repeat.exports),
                   *big_release.measure(folder / "big", repeat.big_opens)]
    print(format_table(figures))
    print(f"\nMedians of {repeat.describe()}; ratio = ours / floor. "
          f"Took {time.perf_counter() - began:.0f} s{load}.\n")
    search_ok = _search_figures(releases, cache) == 0
    return 0 if search_ok and all(figure.verdict != "NO" for figure in figures) else 1


def _search_figures(releases: int, cache: Path) -> int:
    began, load = time.perf_counter(), load_note()
    table, table_ok = searching.measure(releases, cache)
    print(table)
    typing, typing_ok = searching.measure_typing(releases, cache)
    print(typing)
    print(f"Took {time.perf_counter() - began:.0f} s{load}.")
    return 0 if table_ok and typing_ok else 1


if __name__ == "__main__":
    sys.exit(main())

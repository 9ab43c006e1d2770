"""Every speed figure beside its floor, both measured in this run: python -m benchmarks [--quick].

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

from . import big_release, exporting, importing, reading, startup
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
    args = parser.parse_args(argv)
    repeat = QUICK if args.quick else FULL
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
          f"Took {time.perf_counter() - began:.0f} s{load}.")
    return 0 if all(figure.verdict != "NO" for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Timing and reporting shared by every benchmark: paired medians and the result table."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable

#: One trial returns the seconds it measured (a trial may time only part of what it does).
Trial = Callable[[], float]


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, by ``time.perf_counter``."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired_medians(ours: Trial, floor: Trial, repeat: int, warmup: int = 1) -> tuple[float, float]:
    """Median seconds of ``ours`` and of ``floor``, run alternately.

    Alternating, rather than all of one then all of the other, makes drift (disk cache, CPU
    frequency, other processes on a 2-core machine) fall on both sides alike; the median ignores
    the odd trial a background task spoiled. Warm-up trials are run and thrown away.
    """
    for _ in range(warmup):
        ours()
        floor()
    ours_times, floor_times = [], []
    for _ in range(repeat):
        ours_times.append(ours())
        floor_times.append(floor())
    return statistics.median(ours_times), statistics.median(floor_times)


@dataclass(frozen=True)
class Figure:
    """One row of the table: our figure beside its floor and the ratio we aim for.

    Times are in seconds and should be at most ``target`` times the floor; rates (releases per
    second) should be at least ``target`` times it. ``target=None`` marks a figure shown for
    information only.
    """

    measure: str
    ours: float
    floor: float
    target: float | None
    is_rate: bool = False

    @property
    def ratio(self) -> float:
        return self.ours / self.floor

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "info"
        met = self.ratio >= self.target if self.is_rate else self.ratio <= self.target
        return "yes" if met else "NO"

    def cells(self) -> list[str]:
        target = "—" if self.target is None else f"{'≥' if self.is_rate else '≤'} {self.target:.2f}×"
        return [self.measure, self._show(self.ours), self._show(self.floor), f"{self.ratio:.2f}×",
                target, self.verdict]

    def _show(self, value: float) -> str:
        return f"{value:,.0f} rel/s" if self.is_rate else f"{value * 1000:,.2f} ms"


HEADINGS = ["measure", "ours", "floor", "ratio", "target", "ok?"]


def format_table(figures: list[Figure]) -> str:
    """A plain-text table, numbers right-aligned, readable in a terminal or pasted in a review."""
    rows = [HEADINGS] + [figure.cells() for figure in figures]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADINGS))]

    def line(row: list[str]) -> str:
        return " | ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                          for column, (cell, width) in enumerate(zip(row, widths)))

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])

"""What a bench section is: sizes in, table rows out.

A section is a function ``(sizes, folder) -> list[Row]``: it measures one thing at the given
sizes, using `folder` (a scratch directory of its own, which the runner creates and removes)
for any file it writes, and returns the rows it adds to the table. Register it in `bench.run.SECTIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Sizes:
    rows: int = 100_000  # array-call rows
    cells: int = 10_000  # one-cell-per-call values
    months: tuple[int, ...] = (12, 60, 120, 240)  # refresh history lengths
    recalc_months: int = 240  # the synthetic workbook whose recalculation is counted
    imports: int = 7  # fresh interpreters per side
    repeat: int = 9  # timed runs per side (after one warm-up each)
    pycel: bool = True  # also count calls under pycel, when it is installed


FULL = Sizes()
TINY = Sizes(rows=300, cells=30, months=(3, 6), recalc_months=6, imports=1, repeat=1, pycel=False)


@dataclass
class Row:
    metric: str
    ours: str
    baseline: str
    ratio: str
    target: str
    met: bool | None  # None: reported, no target


class Rows(list):
    """A section's rows, with markdown the page shows after the table (``details``; may be empty)."""

    def __init__(self, rows=(), details: str = ""):
        super().__init__(rows)
        self.details = details


Measure = Callable[[Sizes, Path], list[Row]]


@dataclass(frozen=True)
class Section:
    measure: Measure
    # Run after every other section (its rows keep their place in the table): for a section
    # that leaves much behind in memory, which would slow the garbage collections of later timings.
    run_last: bool = False

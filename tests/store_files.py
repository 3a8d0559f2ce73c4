"""Month files for the store tests: the bundled November figures, re-dated or revised, written as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from addin import bundled
from workbooks.monthdata import Observation, read_month_file

NOVEMBER = bundled.month_files()[0]
DECEMBER = bundled.month_files()[1]
FULL_COST_SOURCE = "倍特期货《2019年报·锌镍铝》(2019-12-20) §二(三)铝2; 上海金属网/百川盈孚 survey"


def november() -> list[Observation]:
    return read_month_file(NOVEMBER)


def write_month_file(path: Path, observations: list[Observation], month: str | None = None,
                     values: dict[tuple[str, str], float] | None = None) -> Path:
    """``observations`` as a long-layout month file, optionally moved to ``month`` and with some values
    replaced (``values[(metal, item)]``). Values are written in the stored unit, so they read back equal."""
    values = values or {}
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["month", "metal", "item", "value", "unit", "source"])
        for o in observations:
            writer.writerow([month or o.month, o.metal, o.item, repr(values.get((o.metal, o.item), o.value)),
                             o.unit, o.source])
    return Path(path)

"""`Observation`: one validated figure from a month file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Observation:
    month: str  # "YYYY-MM"; "YYYY-MM-DD" for a daily quote (an item whose vocabulary row ends DAILY_TOO)
    metal: str  # "al" | "zn" | "ni"
    item: str  # a key of vocabulary.ITEMS for this metal
    value: float  # in the item's stored unit (percent already divided by 100)
    unit: str  # canonical unit, always the item's unit
    source: str  # as written in the file (plain text, never interpreted)
    file: str  # the path the observation was read from, as given
    row: int  # 1-based row in that file, header = row 1

    @property
    def daily(self) -> bool:
        """A trading day's quote, not a month's figure: it never makes a month sheet (workbooks/dataset.py)."""
        return len(self.month) == len("YYYY-MM-DD")

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes an observation unique: (month, metal, item, source)."""
        return (self.month, self.metal, self.item, self.source)

"""The observations a workbook is built from, and the look-ups the sheets need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

PRICE_ITEMS = frozenset({"shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg", "lme_cash_avg"})


@dataclass(frozen=True)
class DataPoint:
    """A value looked up in the data for a sheet: the figure, its month and its source."""

    value: float
    month: str  # the month the figure belongs to (may be earlier than the sheet's month)
    source: str


def previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


class Dataset:
    """Observations indexed by (metal, item) and month; the Data sheet is its table."""

    def __init__(self, observations: Iterable):
        self.observations = sorted(observations, key=lambda o: (o.month, o.metal, o.item, o.source))
        self._by_item: dict[tuple[str, str], dict[str, object]] = {}
        for obs in self.observations:
            # Several sources for one month: the last in sort order wins, deterministically.
            self._by_item.setdefault((obs.metal, obs.item), {})[obs.month] = obs

    @property
    def survey_months(self) -> list[str]:
        """Months that carry survey figures (not only prices): each gets its own sheet."""
        return sorted({o.month for o in self.observations if o.item not in PRICE_ITEMS})

    @property
    def price_months(self) -> list[str]:
        return sorted({o.month for o in self.observations if o.item in PRICE_ITEMS})

    @property
    def latest_month(self) -> str | None:
        months = self.survey_months
        return months[-1] if months else None

    def exact(self, metal: str, item: str, month: str) -> DataPoint | None:
        obs = self._by_item.get((metal, item), {}).get(month)
        return None if obs is None else DataPoint(obs.value, obs.month, obs.source)

    def as_of(self, metal: str, item: str, month: str) -> DataPoint | None:
        """The latest figure at or before the month (survey figures carry forward)."""
        series = self._by_item.get((metal, item), {})
        months = [m for m in series if m <= month]
        if not months:
            return None
        obs = series[max(months)]
        return DataPoint(obs.value, obs.month, obs.source)

    def series(self, metal: str, item: str, months: list[str]) -> list[float | None]:
        values = self._by_item.get((metal, item), {})
        return [values[m].value if m in values else None for m in months]

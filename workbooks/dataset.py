"""The observations a workbook is built from, and the look-ups the sheets need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .monthdata.vocabulary import ITEMS

# (metal, item) of every market series: a property of its vocabulary row (kind "market"), declared there only.
MARKET_SERIES = frozenset(key for key, item in ITEMS.items() if item.market)


@dataclass(frozen=True)
class DataPoint:
    """A value looked up in the data for a sheet: the figure, its month and its source."""

    value: float
    month: str  # the month the figure belongs to (may be earlier than the sheet's month)
    source: str
    row: int | None = None  # where the figure lives: its row on the Data sheet (0-based, header = row 0)


def previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"


def source_matches(entry: str, source: str) -> bool:
    """An entry of the source order names a source when it is the source, or the source's first words:
    "SMM" names "SMM December estimate" and "SMM; survey", not "SMMX" (case and outer spaces ignored)."""
    entry, source = entry.strip().casefold(), source.strip().casefold()
    if not entry or not source.startswith(entry):
        return False
    return len(source) == len(entry) or not source[len(entry)].isalnum()


def source_rank(order: Sequence[str]):
    """Sort key of a source under the user's order (docs/data.md, "Sources in your order"): listed
    sources first, in the list's order (the first entry naming a source counts); then every other
    source in alphabetical order (case ignored, then exactly)."""
    order = tuple(order)

    def rank(source: str) -> tuple[int, str, str]:
        place = next((i for i, entry in enumerate(order) if source_matches(entry, source)), len(order))
        return (place, source.casefold(), source)

    return rank


class Dataset:
    """Observations indexed by (metal, item) and month; the Data sheet is its table."""

    def __init__(self, observations: Iterable, source_order: Sequence[str] = ()):
        self.observations = sorted(observations, key=lambda o: (o.month, o.metal, o.item, o.source))
        self.source_order = tuple(source_order)
        # The Data sheet lists the observations in this order, one a row under its header: the tables' figure
        # cells refer to these rows (workbooks/sheets/data.py, value_reference).
        self._rows = {obs.key: row for row, obs in enumerate(self.observations, start=1)}
        rank = source_rank(self.source_order)
        self._by_item: dict[tuple[str, str], dict[str, object]] = {}  # monthly figures: month -> observation
        self._daily: dict[tuple[str, str], dict[str, object]] = {}  # daily quotes: trading date -> observation
        for obs in self.observations:
            # Several sources for one month (or day): the first in the user's order wins; the others are kept
            # on the Data sheet and used where the higher ones are silent (another month, another item).
            periods = (self._daily if obs.daily else self._by_item).setdefault((obs.metal, obs.item), {})
            held = periods.get(obs.month)
            if held is None or rank(obs.source) < rank(held.source):
                periods[obs.month] = obs
        self._monthly = [obs for obs in self.observations if not obs.daily]
        self._means = _monthly_means(self._daily, self._by_item)

    @property
    def survey_months(self) -> list[str]:
        """Months that carry survey figures (not only prices): each gets its own sheet."""
        return sorted({o.month for o in self._monthly if (o.metal, o.item) not in MARKET_SERIES})

    @property
    def price_months(self) -> list[str]:
        """Months with a monthly market figure (a daily quote adds none)."""
        return sorted({o.month for o in self._monthly if (o.metal, o.item) in MARKET_SERIES})

    def daily(self, metal: str, item: str, year: str) -> dict[str, float]:
        """{trading date: quote} of one item's daily quotes in one year (the source order's pick each day)."""
        return {day: obs.value for day, obs in sorted(self._daily.get((metal, item), {}).items())
                if day.startswith(year)}

    @property
    def latest_month(self) -> str | None:
        months = self.survey_months
        return months[-1] if months else None

    def exact(self, metal: str, item: str, month: str) -> DataPoint | None:
        """The month's figure; for an item with daily quotes and no monthly row that month, their mean."""
        obs = self._by_item.get((metal, item), {}).get(month)
        if obs is None:
            return self._means.get((metal, item, month))
        return self._point(obs)

    def _point(self, obs) -> DataPoint:
        return DataPoint(obs.value, obs.month, obs.source, self._rows[obs.key])

    def as_of(self, metal: str, item: str, month: str) -> DataPoint | None:
        """The latest figure at or before the month (survey figures carry forward)."""
        series = self._by_item.get((metal, item), {})
        months = [m for m in series if m <= month]
        if not months:
            return None
        return self._point(series[max(months)])

    def latest(self, metal: str, item: str) -> DataPoint | None:
        """The figure of the newest month the Data holds for an item (a fetched close, past the survey month)."""
        series = self._by_item.get((metal, item), {})
        return self._point(series[max(series)]) if series else None

    def series(self, metal: str, item: str, months: list[str]) -> list[float | None]:
        return [None if point is None else point.value for point in self.series_points(metal, item, months)]

    def series_points(self, metal: str, item: str, months: list[str]) -> list[DataPoint | None]:
        """Each month's figure of one item (the source order's pick), None where there is none."""
        return [self.exact(metal, item, month) for month in months]


def _monthly_means(daily: dict, monthly: dict) -> dict[tuple[str, str, str], DataPoint]:
    """(metal, item, month) -> the mean of the month's daily quotes, for each month with daily quotes and no
    monthly row of that item (a monthly row wins, whatever its source: docs/data.md, "Daily quotes"). A plain
    mean of the quotes as loaded (the day's pick by the source order), as `znnial fetch` computes a month's spot;
    the point has no Data sheet row of its own (it lives in the daily rows)."""
    means = {}
    for (metal, item), days in daily.items():
        by_month: dict[str, list] = {}
        for day, obs in days.items():
            by_month.setdefault(day[:7], []).append(obs)
        for month, quotes in by_month.items():
            if month not in monthly.get((metal, item), {}):
                sources = sorted({obs.source for obs in quotes})
                means[(metal, item, month)] = DataPoint(
                    sum(obs.value for obs in quotes) / len(quotes), month,
                    f"mean of {len(quotes)} daily quotes ({'; '.join(sources)})")
    return means

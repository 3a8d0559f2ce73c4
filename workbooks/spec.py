"""The vocabulary of sheet specs: the workbook described as data.

A sheet spec is a tuple of rows. Figures from the data are `Figure` rows (the
item's unit and labels come from the month-file vocabulary), assumptions are
`Param` rows, derived figures are `Calc` rows holding a formula tree. The
layout (which row, which column, which name) is decided once, in `layout.py`.
Before any layout, `spec_check.py` checks every key, unit and reference the
specs declare and fails the build naming the sheet, the row and the key; rows
may refer to rows further down.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .formula import Expr
from .units import unit as unit_of


@dataclass(frozen=True)
class Title:
    zh: str
    en: str


@dataclass(frozen=True)
class Section:
    zh: str
    en: str
    columns: bool = True  # the value / unit / as-of / source headings, for the item rows below it


@dataclass(frozen=True)
class Text:
    zh: str
    en: str = ""


@dataclass(frozen=True)
class Figure:
    """A figure from the data: key "metal.item" (as of the sheet's month), "metal.item@prev" (the previous
    month), or "metal.item@latest" (the newest month on the Data sheet)."""

    key: str
    zh: str = ""  # overrides the vocabulary label
    en: str = ""


@dataclass(frozen=True)
class Param:
    """An assumption the user may change; its source says where the default comes from."""

    key: str
    zh: str
    en: str
    value: Any
    unit: str
    source: str


@dataclass(frozen=True)
class Calc:
    key: str
    zh: str
    en: str
    expr: Expr
    unit: str
    note: str = ""


@dataclass(frozen=True)
class Matrix:
    """A small table: header labels across, one row per product, cells are Figure/Calc/None."""

    headers: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, str, tuple], ...]
    note: str = ""


@dataclass(frozen=True)
class Buttons:
    buttons: tuple[tuple[str, str, str], ...]  # (caption, macro, what it does)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    rows: tuple
    widths: dict = field(default_factory=dict)
    pages_tall: int = 1  # printed one page wide and this many tall (0: as many as it takes)
    picture: str = ""  # its screenshot's name (docs/screenshots/NN-<picture>.png, the README list)
    freeze: tuple[int, int] = (3, 2)  # rows and columns kept in view: the title, and the labels of item rows

    def __post_init__(self):
        check_picture(self.name, self.picture)


def check_picture(sheet: str, picture: str) -> None:
    """A picture name is lower-case letters, digits and hyphens, or "" for none (ValueError naming the sheet);
    a sheet of the workbook without one fails when its screenshot is named (addin/screenshots.py)."""
    if picture and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", picture):
        raise ValueError(f"sheet {sheet!r}: picture name {picture!r} is not lower-case words joined by hyphens")


@dataclass(frozen=True)
class Drivers:
    """A row of input values a grid or back-test runs over (a named range)."""

    key: str
    zh: str
    en: str
    unit: str
    values: tuple  # fixed values; ignored when data is given
    source: str
    data: tuple[str, str] | None = None  # (metal, item): one value per month of `months`, from the Data sheet
    months: tuple[str, ...] = ()
    # (metal, item): typed values, but a month the user left blank takes that month's figure from the
    # Data sheet where one is loaded (what the user typed wins, and survives every refresh)
    fill: tuple[str, str] | None = None


class ColourScaleKind(StrEnum):
    """How a grid's body is coloured (workbooks/colours.py COLOUR_SCALES holds the colours)."""

    PROFIT = "profit"  # red < 0 < green
    COST = "cost"  # green low → red high


@dataclass(frozen=True)
class BasisChart:
    """Beside a back-test's chart: per period, the basis (spot − futures) and its change from the period
    before, each a column of its own and a line of a second chart (workbooks/spill_chart.py lay_basis)."""

    spot: str  # a Drivers row of the same sheet: the physical price per period (blank: none)
    futures: str  # a Drivers row of the same sheet: the futures price per period
    title: str


@dataclass(frozen=True)
class Spill:
    """A function whose whole table spills below its label; cached values fill the range."""

    key: str
    zh: str
    en: str
    expr: Expr
    unit: str
    note: str = ""
    colour_scale: ColourScaleKind | None = None  # the strings "profit" and "cost" are read as these
    lines: tuple = ()  # (zh, en, Expr): constant lines written beside each period row, for the chart
    chart: tuple[str, str] | None = None  # (title, y axis) of a price / lines / cumulative P&L chart
    column_units: tuple[str, ...] = ()  # one unit per column of the table (default: unit everywhere)
    categories: str | None = None  # a Drivers key whose values label the chart's x axis
    periods: int = 0  # rows the table will have once its inputs are filled (lines and chart are laid for them)
    price_column: int = 1  # 0-based table column the chart draws as the price
    cumulative_column: int = 6  # 0-based table column the chart draws on its right axis
    basis: BasisChart | None = None  # the basis and its change, charted beside the table's chart

    def __post_init__(self):
        if self.colour_scale is not None:
            try:
                object.__setattr__(self, "colour_scale", ColourScaleKind(self.colour_scale))
            except ValueError:
                raise ValueError(f"spill {self.key!r}: colour_scale is {self.colour_scale!r}, not one of "
                                 f"{', '.join(k.value for k in ColourScaleKind)}") from None


@dataclass(frozen=True)
class MonthColumn:
    """A column of a `MonthTable`: a series from the Data sheet, a level repeated down the months (a defined
    name, drawn as a line), or one array formula over earlier columns (`HistoryRange`), filling every month."""

    key: str
    zh: str
    en: str
    unit: str  # a unit of the units table (workbooks/units.py); a data column's is its item's
    data: tuple[str, str] | None = None  # (metal, item) from the Data sheet
    spill: object = None  # formula tree over whole columns, evaluated once
    offset: int = 0  # first month the spill starts at (MoM starts one row down)
    line: str | None = None  # a defined name drawn as a constant line

    @property
    def fmt(self) -> str:
        """The column's number format, from the units table."""
        return unit_of(self.unit).num_format


@dataclass(frozen=True)
class MonthTable:
    """One row per month of prices (History), laid out by workbooks/month_table.py: a title and a note over
    two header rows (中文, English), a column per `MonthColumn`, beside it a column for each charted series a
    function fills or the Data sheet gives (a gap as #N/A), and charts below it, side by side."""

    title: str
    note: str
    columns: tuple  # MonthColumn, in order; a formula refers only to columns before it
    charts: tuple[tuple[str, tuple[str, ...]], ...]  # (title, the keys of the columns it draws)
    highlights: tuple[str, ...] = ()  # words coloured in the table's body (workbooks/colours.py)


@dataclass(frozen=True)
class DayColumn:
    """A column of a `DayTable`: one cell a trading day. Formulas take it whole as `HistoryRange(key)`."""

    key: str  # "date", "close" (the bundled daily bars) or "spot" (typed, or filled from the Data sheet)
    header: str
    unit: str  # a unit of the units table (workbooks/units.py)
    name: str = ""  # the key of its defined name, an input range ("" for none)

    @property
    def fmt(self) -> str:
        """The column's number format, from the units table."""
        return unit_of(self.unit).num_format


@dataclass(frozen=True)
class DayTable:
    """A back-test over a year of daily closes (日线回测), laid out by workbooks/day_table.py: the title and notes,
    the run's own terms (`Param`), the trading days counted (`Calc`), the summary's figures (`Calc`s over the
    table), the date, close and spot columns beside the spilled back-test table, and two charts right of the
    terms: the close with the margin cash, and the basis (spot − close). Its keys share the template's name space."""

    title: str
    note: str
    metal: str
    year: str
    spot_item: str  # the vocabulary item whose daily quotes fill the spot column (vocabulary.DAILY_TOO)
    params: tuple  # Param: this run's terms
    periods: Calc  # the trading days, counted from the closes column
    results: tuple  # Calc: the summary's figures
    columns: tuple  # DayColumn: date, close, spot, in this order from column A
    backtest: Spill  # the table, spilled right of the columns
    close_label: str  # the close's line in the price chart
    charts: tuple[str, str]  # titles: price and margin cash; daily basis
    highlights: tuple[str, ...] = ()  # words coloured in the table's body (workbooks/colours.py)

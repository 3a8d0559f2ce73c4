"""The sheet plan: what goes in which cell, computed once and written by one writer.

`xlsx_writer` turns a plan into a file (no Excel needed); both refresh paths use it (the Refresh button
runs `addin.refresh` on a copy of the open workbook, addin/excel.py). Rows and columns are 0-based, as
XlsxWriter counts them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any


def column_letter(col: int) -> str:
    """0-based column number as Excel's letters: 0 → A, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row: int, col: int, absolute: bool = False) -> str:
    """0-based (row, col) as A1 text: (4, 2) → C5, or $C$5."""
    dollar = "$" if absolute else ""
    return f"{dollar}{column_letter(col)}{dollar}{row + 1}"


def range_address(first_row: int, first_col: int, last_row: int, last_col: int, absolute: bool = False) -> str:
    """A1 text of a block; one cell's address when the block is one cell."""
    first = cell_address(first_row, first_col, absolute)
    last = cell_address(last_row, last_col, absolute)
    return first if first == last else f"{first}:{last}"


@functools.lru_cache(maxsize=1)
def znnial_call() -> re.Pattern:
    """A call of one of our worksheet functions in formula text: its name (group 1) followed by "(".

    Not inside another name (``zn_profit(`` is not ``profit(``), nor after an ``@`` already there."""
    import udfs

    names = sorted(udfs.__all__, key=len, reverse=True)
    return re.compile(r"(?<![\w.@])(" + "|".join(map(re.escape, names)) + r")\(", re.IGNORECASE)


def calls_znnial_function(formula: str) -> bool:
    """Whether a formula calls one of our worksheet functions (a name followed by "(")."""
    return bool(znnial_call().search(formula))


# Cell styles: the writer maps each to a format (see xlsx_writer.STYLES).
TITLE, SECTION, HEADER, LABEL, TEXT, INPUT, CALC, FLAG, NOTE, UNIT, BUTTON_NOTE = (
    "title", "section", "header", "label", "text", "input", "calc", "flag", "note", "unit", "button_note")


@dataclass
class Cell:
    row: int
    col: int
    value: Any = None  # the literal, or the cached result of the formula
    formula: str | None = None  # Excel text starting with "="
    spill: tuple[int, int] | None = None  # (rows, cols) of a dynamic-array result anchored here
    style: str = TEXT
    num_format: str | None = None
    name: str | None = None  # workbook-level defined name for this cell
    # For a spilled table: its first row (and first column) are labels, and each column's number format.
    table_header: bool = False
    column_formats: tuple | None = None
    assumption: bool = False  # a user's input (not data): kept by every refresh (workbooks/user_edits.py)
    key: str | None = None  # an assumption's identity on its sheet: the user's value is fed back by it
    # (rows, cols) a formula's table will fill once its inputs are there, though its result is one value now:
    # the writers keep that block empty, so Excel can spill into it (it refuses to spill over constants).
    reserve: tuple[int, int] | None = None
    kept: bool = False  # typed by the user beside the tables and carried by a refresh (workbooks/user_edits.py)

    @property
    def dynamic_array(self) -> bool:
        """Written as a dynamic-array formula (Excel's Formula2, cell metadata cm="1").

        A spilled table, and every formula that calls a znnial function: Excel 365 shows a legacy
        formula calling a function it cannot see into as ``=@name(…)`` (implicit intersection), so a
        result that grows into a table later — the aluminium back-test once prices are pasted — would
        never spill. Other formulas (``=in_x``, IF over single cells) mean the same either way.
        """
        return self.formula is not None and (self.spill is not None or calls_znnial_function(self.formula))


@dataclass
class Series:
    name: str
    categories: tuple[int, int, int, int]  # first_row, first_col, last_row, last_col
    values: tuple[int, int, int, int]
    colour: str
    dash: str | None = None
    secondary: bool = False  # drawn against the right-hand axis
    markers: bool = False  # a dot on each point: a value with a gap on both sides shows (a line needs two)


@dataclass
class Chart:
    title: str
    anchor: tuple[int, int]
    series: list[Series]
    y_title: str
    kind: str = "line"
    size: tuple[int, int] = (720, 300)
    y2_title: str | None = None
    y_min: float | None = None  # prices start far above zero: a floor near the data keeps the lines apart


@dataclass
class Button:
    row: int
    col: int
    caption: str
    macro: str


@dataclass
class Highlight:
    """Colour cells of a range whose text contains a word (actions and flags)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    contains: str
    colour: str


@dataclass
class ColourScale:
    """Red (loss or high cost) → green (profit or low cost) over a grid's body."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    low_colour: str = "#F8696B"  # the profit scale's (workbooks/colours.py COLOUR_SCALES)
    mid_colour: str = "#FFFFFF"
    high_colour: str = "#63BE7B"
    mid_value: float | None = 0.0  # None: the midpoint is the 50th percentile


@dataclass
class Table:
    """An Excel table (ListObject) over the cells already placed in the range."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    columns: list[str]


@dataclass
class SheetPlan:
    name: str
    cells: list[Cell] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None
    charts: list[Chart] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    table: Table | None = None
    scales: list[ColourScale] = field(default_factory=list)
    range_names: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # name -> r1, c1, r2, c2
    heights: dict[int, float] = field(default_factory=dict)  # row -> height in points
    month_sheet: bool = False  # a per-month sheet the refresh adds
    pages_tall: int = 1  # printed one page wide and this many tall (0: as many as it takes)
    picture: str = ""  # its screenshot's name, declared with the sheet (addin/screenshots.py; "": none)

    @property
    def last_row(self) -> int:
        return max((c.row + (c.spill[0] - 1 if c.spill else 0) for c in self.cells), default=0)

    @property
    def last_col(self) -> int:
        return max((c.col + (c.spill[1] - 1 if c.spill else 0) for c in self.cells), default=0)


@dataclass
class WorkbookPlan:
    sheets: list[SheetPlan]
    names: dict[str, tuple[str, int, int, int, int]]  # defined name -> (sheet, first row/col, last row/col)
    latest_month: str | None
    active_sheet: str | None = None
    user_edits: int = 0  # assumptions and cells of the user's it carries (0: none, the refresh's quick path)
    # The user's assumption values it was computed with (sheet -> key -> value), stored in the file it writes
    # (xlsx_writer.stored_assumptions) so a refresh can plan that file again as it was written
    assumptions: dict[str, dict[str, object]] = field(default_factory=dict)
    defaults: dict[tuple[str, str], object] = field(default_factory=dict)  # (sheet, key) -> each assumption's default

    def references(self) -> dict[str, str]:
        """Each defined name's formula, e.g. ``='表4 铝'!$C$5`` — the same text for every writer."""
        out = {}
        for name, (sheet, row, col, last_row, last_col) in sorted(self.names.items()):
            out[name] = f"='{sheet}'!{range_address(row, col, last_row, last_col, absolute=True)}"
        return out

    def sheet(self, name: str) -> SheetPlan:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

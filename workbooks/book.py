"""The keys the sheet specs lay out, their values computed on demand, and where each one's cell sits.

`Book` is the formula.Context every layout evaluates through (workbooks/layout.py `SheetLayout`, the month and
day tables of workbooks/month_table.py and day_table.py, the charts of workbooks/spill_chart.py); the naming
rule for defined names lives beside it, since a Book hands out those names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .plan import cell_address, range_address
from .dataset import Dataset, previous_month
from .formula import Expr
from .user_edits import UserEdits
from .spec import Calc, Drivers, Figure, Param, Spill
from .spec_check import Declared, declarations


def defined_name(key: str, computed: bool) -> str:
    """The one rule for defined names: ``in_`` for what the user or the data gives, ``out_`` for results."""
    return ("out_" if computed else "in_") + key.replace(".", "_").replace("@", "_")


def name_for(node) -> str | None:
    """The defined name a spec row's cell gets on a template sheet; None for a spilled table (no name)."""
    if isinstance(node, Spill):
        return None
    return defined_name(node.key, computed=isinstance(node, Calc))


def driver_key(key: str, index: int) -> str:
    """The assumption key of one value of a Drivers row: ``bt.months[3]``."""
    return f"{key}[{index}]"


@dataclass
class Entry:
    sheet: str
    row: int
    col: int
    value: object
    name: str | None


@dataclass
class TableColumn:
    """A column of a month or day table (workbooks/month_table.py, day_table.py): where it starts, its values."""

    first_row: int
    col: int
    values: list
    rows: int
    name: str | None = None  # its defined name, by which a formula takes it whole


class Book:
    """The keys the specs lay out: each one's value, computed on demand in dependency order, and its cell.

    Values do not depend on where a row sits, so a formula may refer to a row laid out further down:
    `value` computes what it needs first, and formula text is written once the sheet has every cell.
    """

    def __init__(self, dataset: Dataset, month: str, use_names: bool, specs=(),
                 edits: UserEdits | None = None):
        self.dataset = dataset
        self.month = month
        self.use_names = use_names
        self.declared: dict[str, Declared] = declarations(specs)
        self.edits = edits or UserEdits()
        self.entries: dict[str, Entry] = {}
        self.values: dict[str, object] = {}
        self.columns: dict[str, TableColumn] = {}  # a month table's columns, by key (formula.HistoryRange)
        self._computing: list[str] = []
        self.current_sheet = ""

    # -- the formula.Context protocol
    def address(self, key: str) -> str:
        name = name_for(self.declared[key].node) if self.use_names else None
        if name:
            return name
        entry = self.entries[key]
        if entry.sheet != self.current_sheet:
            raise ValueError(f"{key} lives on {entry.sheet}, not on {self.current_sheet}")
        return cell_address(entry.row, entry.col, absolute=True)

    def value(self, key: str):
        if key not in self.values:
            if key in self._computing:  # spec_check refuses circles before any layout; this is a backstop
                raise ValueError(f"circular reference: {' → '.join(self._computing + [key])}")
            self._computing.append(key)
            try:
                self.values[key] = self._compute(self.declared[key].node)
            finally:
                self._computing.pop()
        return self.values[key]

    def spill_address(self, key: str, row: int, col: int) -> str:
        entry = self.entries[key]
        if entry.sheet != self.current_sheet:
            raise ValueError(f"{key} lives on {entry.sheet}, not on {self.current_sheet}")
        return cell_address(entry.row + row - 1, entry.col + col - 1, absolute=True)

    def column(self, key: str) -> tuple[int, list]:
        return self.columns[key].col, self.columns[key].values

    def column_text(self, key: str, offset: int, trim: int) -> str:
        column = self.columns[key]
        if column.name and not (offset or trim):
            return column.name
        return range_address(column.first_row + offset, column.col, column.first_row + column.rows - 1 - trim,
                             column.col)

    def missing(self, expr: Expr) -> list[str]:
        return sorted(k for k in expr.refs() if self.value(k) is None)

    def assumption(self, key: str, default):
        """The user's value for an assumption declared by the specs, or its default (the sheet it sits on
        comes from its declaration: a value may be computed while another sheet is being laid out)."""
        return self.edits.assumption(self.declared[key.split("[")[0]].sheet, key, default)

    def figure(self, key: str):
        metal_item, _, when = key.partition("@")
        metal, item = metal_item.split(".", 1)
        if when == "prev":
            return self.dataset.exact(metal, item, previous_month(self.month))
        if when == "latest":
            return self.dataset.latest(metal, item)
        return self.dataset.as_of(metal, item, self.month)

    def _compute(self, node):
        if isinstance(node, Figure):
            found = self.figure(node.key)
            return None if found is None else found.value
        if isinstance(node, Param):
            return self.assumption(node.key, node.value)
        if isinstance(node, Drivers):
            if node.data:
                return [self.dataset.series(*node.data, list(node.months))]
            loaded = self.dataset.series(*node.fill, list(node.months)) if node.fill else [None] * len(node.values)
            return [[self.assumption(driver_key(node.key, i), v if found is None else found)
                     for i, (v, found) in enumerate(zip(node.values, loaded))]]
        if isinstance(node, Calc):
            return None if self.missing(node.expr) else cell_value(node.expr.evaluate(self))
        return node.expr.evaluate(self)  # a Spill: the whole table


def axis_floor(values) -> float | None:
    """A round number 10 % below the lowest value, so price lines are not squashed against zero."""
    if not values:
        return None
    low = min(values) * 0.9
    step = 10 ** max(len(str(int(low))) - 2, 0)
    return float(int(low // step) * step)


def cell_value(result):
    """What a cell shows for a scalar result: NaN (a blank from a function) becomes empty."""
    if isinstance(result, float) and math.isnan(result):
        return ""
    return result

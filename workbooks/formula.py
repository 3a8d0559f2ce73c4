"""Formulas as small expression trees: one tree renders the Excel text and computes the cached value.

The same tree is rendered with defined names on the template sheets and with
plain cell addresses on the monthly sheets, and evaluated in Python through the
very wrappers Excel calls, so the value a cell carries is the value our function
returns for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import udfs
from udfs.registry import excel_literal


class Context(Protocol):
    def address(self, key: str) -> str: ...  # Excel text for a named cell
    def value(self, key: str) -> Any: ...  # its value
    def column(self, key: str) -> tuple[str, list]: ...  # Excel range text and values of a column


class Expr:
    def render(self, ctx: Context) -> str:
        raise NotImplementedError

    def evaluate(self, ctx: Context):
        raise NotImplementedError

    def refs(self) -> set[str]:
        return set()

    # Operators keep the specs readable: Ref("a") - Ref("b").
    def __add__(self, other):
        return BinOp("+", self, lift(other))

    def __sub__(self, other):
        return BinOp("-", self, lift(other))


def lift(value) -> Expr:
    return value if isinstance(value, Expr) else Lit(value)


@dataclass(frozen=True)
class Lit(Expr):
    value: Any

    def render(self, ctx):
        return excel_literal(self.value)

    def evaluate(self, ctx):
        return self.value


@dataclass(frozen=True)
class Ref(Expr):
    """A named cell: a data item ("al.full_cost"), a parameter or a computed output."""

    key: str

    def render(self, ctx):
        return ctx.address(self.key)

    def evaluate(self, ctx):
        return ctx.value(self.key)

    def refs(self):
        return {self.key}


@dataclass(frozen=True)
class HistoryRange(Expr):
    """A whole column of a month or day table (History, 日线回测), passed to a function as one range."""

    key: str
    offset: int = 0  # rows dropped from the top (for month-on-month pairs)
    trim: int = 0  # rows dropped from the bottom

    def render(self, ctx):
        return ctx.column_text(self.key, self.offset, self.trim)

    def evaluate(self, ctx):
        _, values = ctx.column(self.key)
        values = values[self.offset: len(values) - self.trim]
        return [[v] for v in values]


@dataclass(frozen=True)
class Call(Expr):
    """A call of one of our worksheet functions."""

    name: str
    args: tuple[Expr, ...]

    def __init__(self, name, *args):
        if name not in udfs.__all__:
            raise KeyError(f"{name} is not a znnial worksheet function")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "args", tuple(lift(a) for a in args))

    def render(self, ctx):
        return f"{self.name}({','.join(a.render(ctx) for a in self.args)})"

    def evaluate(self, ctx):
        return getattr(udfs, self.name)(*(a.evaluate(ctx) for a in self.args))

    def refs(self):
        return set().union(*(a.refs() for a in self.args)) if self.args else set()


@dataclass(frozen=True)
class BinOp(Expr):
    op: str
    left: Expr
    right: Expr

    def render(self, ctx):
        return f"({self.left.render(ctx)}{self.op}{self.right.render(ctx)})"

    def evaluate(self, ctx):
        a, b = self.left.evaluate(ctx), self.right.evaluate(ctx)
        return a + b if self.op == "+" else a - b

    def refs(self):
        return self.left.refs() | self.right.refs()


@dataclass(frozen=True)
class Pick(Expr):
    """INDEX(table, row, col): one cell of a spilled result, so it shows in any viewer."""

    table: Expr
    row: int
    col: int

    def render(self, ctx):
        return f"INDEX({self.table.render(ctx)},{self.row},{self.col})"

    def evaluate(self, ctx):
        value = self.table.evaluate(ctx)
        if isinstance(value, list):
            return value[self.row - 1][self.col - 1]
        return value  # an error text or a scalar: INDEX(x,1,1) is x

    def refs(self):
        return self.table.refs()


@dataclass(frozen=True)
class Check(Expr):
    """A visible check of a computed figure against a reference, in words, computed by formula.

    within:   IF(ABS(a − b) > tolerance, no, yes) — agrees with a quoted figure;
    at_least: IF(a >= b, yes, no)                 — clears a quoted floor.
    """

    computed: Expr
    reference: Expr
    test: str
    tolerance: float
    yes: str
    no: str

    def render(self, ctx):
        a, b = self.computed.render(ctx), self.reference.render(ctx)
        yes, no = excel_literal(self.yes), excel_literal(self.no)
        if self.test == "within":
            return f"IF(ABS({a}-{b})>{excel_literal(self.tolerance)},{no},{yes})"
        return f"IF({a}>={b},{yes},{no})"

    def evaluate(self, ctx):
        a, b = self.computed.evaluate(ctx), self.reference.evaluate(ctx)
        if not _is_number(a) or not _is_number(b):
            return "#VALUE!"
        passed = abs(a - b) <= self.tolerance if self.test == "within" else a >= b
        return self.yes if passed else self.no

    def refs(self):
        return self.computed.refs() | self.reference.refs()


def Flag(computed: Expr, quoted: Expr, tolerance: float) -> Check:  # noqa: N802 - reads like the other nodes
    """A computed figure against the report's quoted one, within a tolerance."""
    return Check(computed, quoted, "within", tolerance, "✓ agrees 一致", "⚠ differs 不一致")


def AtLeast(computed: Expr, floor: Expr) -> Check:  # noqa: N802
    """A computed figure against a floor the report quotes ("over 600")."""
    return Check(computed, floor, "at_least", 0.0, "✓ above 高于", "⚠ below 低于")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


NOT_AVAILABLE = "#N/A"


def gap_formula(ref: str) -> str:
    """Excel text for a charted cell: the number at ref, or #N/A where there is none."""
    return f"IF(ISNUMBER({ref}),{ref},NA())"


def gap_value(value):
    """What `gap_formula` shows for a value."""
    return value if _is_number(value) else NOT_AVAILABLE


@dataclass(frozen=True)
class NumberOrGap(Expr):
    """A value a line chart draws: the number, or #N/A where there is none.

    An Excel line chart plots text — also the "" a blank function result arrives as — and an empty
    reference (=A1 of a blank A1 is 0) as zero, but skips #N/A: a missing figure is a gap, not a fall to 0.
    """

    value: Expr

    def render(self, ctx):
        return gap_formula(self.value.render(ctx))

    def evaluate(self, ctx):
        return gap_value(self.value.evaluate(ctx))

    def refs(self):
        return self.value.refs()


def difference_or_gap_formula(left: str, right: str, positive: bool = False) -> str:
    """Excel text for a charted difference left − right: a number only where both are numbers, else #N/A
    (the same rule as `gap_formula`: a blank or "" must not reach the chart as 0). positive: a left value of 0
    is none, a gap too (a spot of 0 is no spot to the back-tests: docs/backtest.md)."""
    difference = f"{left}-{right}"
    if positive:
        difference = f"IF({left}>0,{difference},NA())"
    return f"IF(AND(ISNUMBER({left}),ISNUMBER({right})),{difference},NA())"


def difference_or_gap(left, right, positive: bool = False):
    """What `difference_or_gap_formula` shows for two values."""
    if _is_number(left) and _is_number(right) and (left > 0 or not positive):
        return left - right
    return NOT_AVAILABLE


@dataclass(frozen=True)
class DifferenceOrGap(Expr):
    """left − right for a chart, or #N/A where either is not a number (`difference_or_gap_formula`)."""

    left: Expr
    right: Expr
    positive: bool = False

    def render(self, ctx):
        return difference_or_gap_formula(self.left.render(ctx), self.right.render(ctx), self.positive)

    def evaluate(self, ctx):
        return difference_or_gap(self.left.evaluate(ctx), self.right.evaluate(ctx), self.positive)

    def refs(self):
        return self.left.refs() | self.right.refs()


@dataclass(frozen=True)
class RowValue(Expr):
    """One value of a Drivers row on the same sheet (0-based), by its address: as it is, a blank stays None."""

    key: str
    index: int

    def render(self, ctx):
        return ctx.spill_address(self.key, 1, self.index + 1)  # a Drivers row is laid as a one-row range

    def evaluate(self, ctx):
        values = ctx.value(self.key)[0]
        return values[self.index] if self.index < len(values) else None

    def refs(self):
        return {self.key}


@dataclass(frozen=True)
class SpillCell(Expr):
    """One cell of a spilled table on the same sheet (1-based within the table), by its address."""

    key: str
    row: int
    col: int

    def render(self, ctx):
        return ctx.spill_address(self.key, self.row, self.col)

    def evaluate(self, ctx):
        table = ctx.value(self.key)
        if not isinstance(table, list):
            # The function returned a single value (an error text): the other cells of the range are empty.
            return table if (self.row, self.col) == (1, 1) else 0
        value = table[self.row - 1][self.col - 1]
        return 0 if value is None or value == "" else value  # Excel reads an empty cell as 0

    def refs(self):
        return {self.key}


@dataclass(frozen=True)
class SummaryCell(Expr):
    """A cell of a spilled table's last row (a back-test's summary) on the same sheet, by its address: the row
    is known once the table is computed, whatever its length."""

    key: str
    col: int  # 0-based column of the table

    def render(self, ctx):
        return ctx.spill_address(self.key, len(ctx.value(self.key)), self.col + 1)

    def evaluate(self, ctx):
        return ctx.value(self.key)[-1][self.col]

    def refs(self):
        return {self.key}


@dataclass(frozen=True)
class Count(Expr):
    """Excel's COUNT over a column of a table: how many of its cells hold numbers."""

    column: HistoryRange

    def render(self, ctx):
        return f"COUNT({self.column.render(ctx)})"

    def evaluate(self, ctx):
        return sum(isinstance(v, (int, float)) and not isinstance(v, bool) for (v,) in self.column.evaluate(ctx))


@dataclass(frozen=True)
class Sign(Expr):
    """IF(x>0, positive, IF(x<0, negative, zero)): a verdict in words, computed by formula."""

    value: Expr
    positive: str
    negative: str
    zero: str

    def render(self, ctx):
        x = self.value.render(ctx)
        return (f"IF({x}>0,{excel_literal(self.positive)},IF({x}<0,{excel_literal(self.negative)},"
                f"{excel_literal(self.zero)}))")

    def evaluate(self, ctx):
        x = self.value.evaluate(ctx)
        if not _is_number(x):
            return "#VALUE!"
        return self.positive if x > 0 else self.negative if x < 0 else self.zero

    def refs(self):
        return self.value.refs()


@dataclass(frozen=True)
class Fallback(Expr):
    """IF(ISNUMBER(preferred), preferred, fallback): a figure that may be missing, with a stated stand-in.

    Only the fallback counts as a needed input: a missing preferred figure is the case this is for."""

    preferred: Ref
    fallback: Expr

    def render(self, ctx):
        p = self.preferred.render(ctx)
        return f"IF(ISNUMBER({p}),{p},{self.fallback.render(ctx)})"

    def evaluate(self, ctx):
        value = self.preferred.evaluate(ctx)
        return value if _is_number(value) else self.fallback.evaluate(ctx)

    def refs(self):
        return self.fallback.refs()

"""Headless evaluation of the template workbook's formulas (pycel), for the workbook tests.

`load_compiler(path)` returns a pycel ExcelCompiler with our worksheet functions
bound through `doubles.pycel_udfs` (the same wrappers Excel calls). Helpers read
the formula cells and cached values with openpyxl, list the functions a formula
calls with openpyxl's tokenizer, and compare values as Excel shows them.
"""

from __future__ import annotations

import datetime as dt

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import FORMULAE, range_boundaries
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from udfs.core.excel_dates import excel_serial as serial_of_date

PLUGIN = "doubles.pycel_udfs"
ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "workbooks" / "znnial.xlsm"


# --------------------------------------------------------------------------- the plan (the spec of every cell)


@functools.lru_cache(maxsize=1)
def bundled_plan():
    """The workbook plan from the bundled data: what `python -m addin.cli build` writes."""
    from addin.bundled import all_observations
    from workbooks.build import plan_workbook

    return plan_workbook(all_observations())


def name_location(plan, name: str) -> tuple[str, int, int]:
    """(sheet, row, col), 0-based, of a defined name's (first) cell in the plan."""
    sheet, row, col, *_ = plan.names[name]
    return sheet, row, col


def plan_grid(sheet) -> dict[tuple[int, int], object]:
    """(row, col) -> the value the sheet shows there, spilled results expanded cell by cell."""
    grid = {}
    for cell in sheet.cells:
        if cell.spill:
            for i, row in enumerate(cell.value):
                for j, value in enumerate(row):
                    grid[(cell.row + i, cell.col + j)] = value
        else:
            grid[(cell.row, cell.col)] = cell.value
    return grid


def spill_area(sheet) -> set[tuple[int, int]]:
    """Every (row, col) a dynamic-array formula of the sheet fills."""
    return {(cell.row + i, cell.col + j) for cell in sheet.cells if cell.spill
            for i in range(cell.spill[0]) for j in range(cell.spill[1])}


def plan_value(plan, name: str):
    sheet, row, col = name_location(plan, name)
    return plan_grid(plan.sheet(sheet))[(row, col)]


def a1(row: int, col: int) -> str:
    """0-based (row, col) as an A1 address."""
    return f"{get_column_letter(col + 1)}{row + 1}"


# --------------------------------------------------------------------------- pycel compatibility shim


def _defined_names(self):
    """pycel 1.0b30's ExcelOpxWrapper.defined_names for openpyxl >= 3.1.

    pycel iterates ``workbook.defined_names.definedName``, a list openpyxl 3.1 replaced
    by a dict-like DefinedNameDict (name -> DefinedName). Same result, built from
    ``.items()``: name -> [(address, sheet), ...] for destinations on existing sheets.
    """
    if self.workbook is not None and self._defined_names is None:
        self._defined_names = {}
        for name, d_name in self.workbook.defined_names.items():
            destinations = [(alias, sheet) for sheet, alias in d_name.destinations if sheet in self.workbook]
            if destinations:
                self._defined_names[str(name)] = destinations
    return self._defined_names


def patch_pycel() -> None:
    from pycel.excelwrapper import ExcelOpxWrapper

    try:
        openpyxl.Workbook().defined_names.definedName  # noqa: B018 - openpyxl < 3.1 still has the list
    except AttributeError:
        ExcelOpxWrapper.defined_names = property(_defined_names)


def load_compiler(path: Path = TEMPLATE):
    """A pycel compiler for the workbook at path, with our functions as a plugin (counts reset)."""
    from pycel import ExcelCompiler

    from doubles import pycel_udfs

    patch_pycel()
    pycel_udfs.reset_counts()
    return ExcelCompiler(filename=str(path), plugins=[PLUGIN])


# --------------------------------------------------------------------------- reading the file


@dataclass(frozen=True)
class FormulaCell:
    sheet: str
    coordinate: str  # the cell holding the formula (an array formula's anchor)
    formula: str  # Excel text, starting with "="
    ref: str | None = None  # an array (dynamic-array) formula's whole range, e.g. "G5:G28"

    @property
    def cells(self) -> list[str]:
        """Every cell the formula fills: the anchor, or each cell of the array range."""
        if not self.ref:
            return [self.coordinate]
        min_col, min_row, max_col, max_row = range_boundaries(self.ref)
        return [f"{get_column_letter(c)}{r}" for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]

    @property
    def address(self) -> str:
        return f"'{self.sheet}'!{self.ref or self.coordinate}"


def formula_cells(path: Path = TEMPLATE) -> list[FormulaCell]:
    """Every formula of the workbook, in sheet order; array formulas once, with their range."""
    book = openpyxl.load_workbook(path)
    found = []
    for ws in book.worksheets:
        arrays = ws.array_formulae  # anchor -> range
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, ArrayFormula):
                    found.append(FormulaCell(ws.title, cell.coordinate, value.text, arrays.get(cell.coordinate)))
                elif cell.data_type == "f":  # a formula; a text that merely starts with "=" is not one
                    found.append(FormulaCell(ws.title, cell.coordinate, value))
    return found


def cached_values(path: Path = TEMPLATE) -> dict[str, dict[str, object]]:
    """sheet -> coordinate -> cached value (what Excel shows before recalculating)."""
    book = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
            for ws in book.worksheets}


def cached_named_values(path: Path = TEMPLATE) -> dict[str, object]:
    """defined name -> the cached value of its (first) cell in the file (openpyxl, data_only)."""
    book = openpyxl.load_workbook(path, data_only=True)
    values = {}
    for name, defined in book.defined_names.items():
        (sheet, ref), *_ = list(defined.destinations)
        values[name] = book[sheet][ref.replace("$", "").split(":")[0]].value
    return values


def defined_name_cell(compiler, name: str) -> str:
    """A defined name's single destination, read from the compiler's own workbook, as 'Sheet'!C6."""
    ((sheet, coordinate),) = list(compiler.excel.workbook.defined_names[name].destinations)
    return f"'{sheet}'!{coordinate.replace('$', '')}"


# --------------------------------------------------------------------------- evaluation


def _flat(result, size: int) -> list[object]:
    """pycel trims a range result's dimensions (a column comes back flat, 1×1 as a scalar): undo that."""
    if isinstance(result, (tuple, list)):
        values = [v for row in result for v in (row if isinstance(row, (tuple, list)) else (row,))]
    else:
        values = [result]
    assert len(values) == size, f"pycel returned {len(values)} values for a range of {size}"
    return values


def evaluate(compiler, formula: FormulaCell) -> list[object]:
    """Evaluated values of every cell the formula fills, in row order.

    An array formula is evaluated as its whole range: evaluating only the anchor
    cell may hand back the cached value (pycel quirk), so the range it spills to
    is the unit, as in Excel.
    """
    return _flat(compiler.evaluate(formula.address), len(formula.cells))


def recalculate(compiler, formulas: list[FormulaCell]) -> dict[tuple[str, str], object]:
    """Evaluate every formula from scratch: (sheet, cell) -> value, for every cell a formula fills.

    pycel loads each formula cell with its cached value and only computes cells whose
    value is None, so the cells are first put in its graph (evaluate), then cleared and
    recomputed (`recalculate`), before the values are read. Call counts start at zero
    for the recalculation.
    """
    from doubles import pycel_udfs

    for formula in formulas:
        compiler.evaluate(formula.address)  # builds the graph; values are still the cached ones
    pycel_udfs.reset_counts()
    compiler.recalculate()  # clears every formula cell and range, then evaluates them all
    values = {}
    for formula in formulas:
        for cell, value in zip(formula.cells, evaluate(compiler, formula)):
            values[(formula.sheet, cell)] = value
    return values


# --------------------------------------------------------------------------- comparison


def blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def same(got, want, rel: float = 1e-9) -> bool:
    """Equal as a cell shows it: floats within rel, blank (None/"") equals blank, text exactly."""
    if blank(got) or blank(want):
        return blank(got) and blank(want)
    if isinstance(got, bool) or isinstance(want, bool):
        return got is want
    got, want = excel_serial(got), excel_serial(want)
    if isinstance(got, (int, float)) and isinstance(want, (int, float)):
        return math.isclose(got, want, rel_tol=rel, abs_tol=1e-12)
    return got == want


def excel_serial(value):
    """A date or datetime as the serial number Excel holds (openpyxl reads a number under a date format as a
    datetime: contract_spec's limit_from, 46062 = 2026-02-09); anything else as it is."""
    return serial_of_date(value) if isinstance(value, dt.date) else value


# --------------------------------------------------------------------------- functions a formula calls


@dataclass(frozen=True)
class FunctionCall:
    name: str  # as written (e.g. "pct_change", "INDEX")
    arg_count: int

    @property
    def builtin(self) -> bool:
        """An Excel built-in (openpyxl's list of Excel's worksheet functions)."""
        name = self.name.upper()
        return name.removeprefix("_XLFN.").removeprefix("_XLWS.") in FORMULAE


def function_calls(formula: str) -> list[FunctionCall]:
    """Every function call in a formula with its argument count (nested calls included).

    Array constants ({1,2;3,4}) and bracketing parentheses open frames of their own,
    so their commas are not counted as arguments of the enclosing call.
    """
    stack: list[list] = []  # [name or None (array/parentheses), separators, saw an operand]
    calls = []
    for token in Tokenizer(formula).items:
        if token.subtype == Token.OPEN and token.type in (Token.FUNC, Token.ARRAY, Token.PAREN):
            stack.append([token.value[:-1] if token.type == Token.FUNC else None, 0, False])
        elif token.subtype == Token.CLOSE and token.type in (Token.FUNC, Token.ARRAY, Token.PAREN):
            name, seps, operand = stack.pop()
            if name is not None:
                calls.append(FunctionCall(name, seps + 1 if (seps or operand) else 0))
            if stack:
                stack[-1][2] = True
        elif token.type == Token.SEP and token.subtype == Token.ARG:
            if stack:
                stack[-1][1] += 1
        elif stack and token.type != Token.WSPACE:
            stack[-1][2] = True
    assert not stack, f"unbalanced formula {formula}"
    return calls

"""Turning cell values, as xlwings delivers them, into numpy arrays — and back.

xlwings hands a UDF a scalar (float, str, bool, None, datetime) or, with
``ndim=2``, a list of rows. Cell errors arrive as text such as ``"#N/A"``
because every argument is declared with ``err_to_str=True``. Anything we cannot
use raises `InputError` with a message naming the argument and the value; the
wrapper turns that into a ``#VALUE!`` text in the cell.
"""

from __future__ import annotations

import datetime as dt
import math
from itertools import chain

import numpy as np

from .core.excel_dates import excel_serial
from .number_text import read_number_text
from .registry import ANY, BELOW_ONE, DATE_OR_NUMBER, FRACTION, NONNEG, POSITIVE, Arg

EXCEL_ERRORS = frozenset(
    {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!",
     "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!",
     "#CONNECT!", "#BUSY!"}
)
# Plain numeric types xlwings/pywin32 produce; bool is deliberately absent.
_PLAIN_NUMBER_TYPES = frozenset({float, int, type(None), np.float64})
_ROW_TYPES = frozenset({list, tuple})
_SCALAR_TYPES = frozenset({float, int, np.float64})  # _PLAIN_NUMBER_TYPES but blank


class InputError(ValueError):
    """A cell value the function cannot use; the message is shown in the cell."""


def show(value) -> str:
    """A short, readable rendering of a cell value for a message."""
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        text = value if len(value) <= 24 else value[:21] + "..."
        return f'"{text}"'
    if isinstance(value, (dt.date, dt.datetime)):
        return f"date {value:%Y-%m-%d}"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "+inf" if value > 0 else "-inf"
        return f"{value:,.6g}"
    return str(value)[:24]


def _where(shape: tuple[int, int], index: tuple[int, int]) -> str:
    if shape == (1, 1):
        return ""
    r, c = index
    if shape[1] == 1:
        return f" (row {r + 1})"
    if shape[0] == 1:
        return f" (column {c + 1})"
    return f" (row {r + 1}, column {c + 1})"


def as_grid(name: str, value) -> list[list]:
    """Any cell value or range as a rectangular list of rows."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return [[value.item()]]
        if value.ndim == 1:
            return [[v] for v in value.tolist()]
        if value.ndim == 2:
            return value.tolist()
        raise InputError(f"{name}: a {value.ndim}-D array is not a range")
    if isinstance(value, (list, tuple)):
        if not value:
            raise InputError(f"{name}: the range is empty")
        # set(map(type, ...)) settles the usual list of lists in C; subclasses take the slow test.
        if set(map(type, value)) <= _ROW_TYPES or all(isinstance(row, (list, tuple)) for row in value):
            widths = set(map(len, value))
            if len(widths) != 1 or 0 in widths:
                raise InputError(
                    f"{name}: ragged range (rows of {', '.join(map(str, sorted(widths)))} cells)"
                )
            return value if isinstance(value, list) else list(value)
        if any(isinstance(row, (list, tuple)) for row in value):
            raise InputError(f"{name}: ragged range (cells mixed with rows)")
        # A flat list is a single column, as a 1-D numpy array would be.
        return [[v] for v in value]
    return [[value]]


def parse_number(value, allow_dates: bool = False):
    """A cell value as a float; None for blank; raise ValueError with a reason."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("is a TRUE/FALSE, not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if text.upper() in EXCEL_ERRORS:
            raise ValueError("is a cell error")
        number, percent = read_number_text(text)  # the spellings of docs/data.md, section "Numbers"
        if percent:
            number /= 100.0
    elif isinstance(value, (dt.date, dt.datetime)):
        if not allow_dates:
            raise ValueError("is a date, not a number")
        number = excel_serial(value)
    else:
        raise ValueError("is not a number")
    if not math.isfinite(number):
        raise ValueError("is not a finite number")
    return number


_CHECKS = {
    ANY: (None, ""),
    DATE_OR_NUMBER: (None, ""),
    POSITIVE: (lambda a: a > 0, "must be > 0"),
    NONNEG: (lambda a: a >= 0, "must be >= 0"),
    FRACTION: (lambda a: (a >= 0) & (a <= 1), "must be a fraction from 0 to 1"),
    BELOW_ONE: (lambda a: (a >= 0) & (a < 1), "must be a fraction from 0 to below 1"),
}


def _fail(name: str, value, shape, index, reason: str):
    return InputError(f"{name}: {show(value)}{_where(shape, index)} {reason}")


def numbers(arg: Arg, value) -> np.ndarray:
    """A NUMBER argument as a 2-D float array; blanks inside a range become NaN."""
    if arg.optional and value is None:
        return np.array([[float(arg.default)]])
    # A single number (a cell, a literal, a default) is most calls: checked in plain Python,
    # the same rules as `_grid_numbers` without a dozen numpy calls on a 1×1 array.
    if type(value) in _SCALAR_TYPES:
        return _scalar_number(arg, value)
    if type(value) is list and len(value) == 1 and type(value[0]) is list and len(value[0]) == 1 \
            and type(value[0][0]) in _SCALAR_TYPES:
        return _scalar_number(arg, value[0][0])
    return _grid_numbers(arg, as_grid(arg.name, value))


def _scalar_number(arg: Arg, cell) -> np.ndarray:
    """`_grid_numbers` for one plain number (float, int or numpy float64; not blank, not bool)."""
    number = float(cell)
    if not math.isfinite(number):
        raise _fail(arg.name, cell, (1, 1), (0, 0), "is not a finite number")
    test, reason = _CHECKS[arg.check]
    if test is not None and not test(number):
        raise _fail(arg.name, number, (1, 1), (0, 0), reason)
    return np.array([[number]])


def _grid_numbers(arg: Arg, grid: list[list]) -> np.ndarray:
    """`numbers` for a grid `as_grid` already returned (rectangular, not empty)."""
    shape = (len(grid), len(grid[0]))
    # One flat list: numpy converts it several times faster than a list of 1-cell rows,
    # and the type test runs over it in C.
    cells = list(chain.from_iterable(grid))
    kinds = set(map(type, cells))
    if kinds <= _PLAIN_NUMBER_TYPES:
        array = np.array(cells, dtype=float).reshape(shape)
        # A float NaN cannot come from Excel; beside real blanks it is read as
        # one, alone it is refused (telling the two apart would cost a loop).
        bad = np.isinf(array) if type(None) in kinds else ~np.isfinite(array)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            raise _fail(arg.name, grid[index[0]][index[1]], shape, index, "is not a finite number")
    else:
        array = np.empty(shape)
        allow_dates = arg.check == DATE_OR_NUMBER
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                try:
                    number = parse_number(cell, allow_dates)
                except ValueError as reason:
                    raise _fail(arg.name, cell, shape, (r, c), str(reason)) from None
                array[r, c] = np.nan if number is None else number
    blank = np.isnan(array)
    if blank.all():
        if arg.optional:
            return np.array([[float(arg.default)]])
        raise InputError(f"{arg.name}: is blank")
    test, reason = _CHECKS[arg.check]
    if test is not None:
        with np.errstate(invalid="ignore"):
            bad = ~test(array) & ~blank
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            raise _fail(arg.name, float(array[index]), shape, index, reason)
    return array


def series(arg: Arg, value) -> tuple[np.ndarray, str]:
    """A SERIES argument as a 1-D float array and its orientation ('column'/'row')."""
    grid = as_grid(arg.name, value)
    rows, cols = len(grid), len(grid[0])
    if rows > 1 and cols > 1:
        raise InputError(f"{arg.name}: needs one row or one column, got {rows}×{cols}")
    array = _grid_numbers(arg, grid)
    orientation = "row" if rows == 1 and cols > 1 else "column"
    return array.ravel(), orientation


def text(arg: Arg, value) -> str:
    if isinstance(value, (list, tuple)):
        grid = as_grid(arg.name, value)
        if len(grid) != 1 or len(grid[0]) != 1:
            raise InputError(f"{arg.name}: needs a single cell, got {len(grid)}×{len(grid[0])}")
        value = grid[0][0]
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if arg.optional:
            return arg.default
        raise InputError(f"{arg.name}: is blank")
    if not isinstance(value, str) or value.strip().upper() in EXCEL_ERRORS:
        raise InputError(f"{arg.name}: {show(value)} is not one of {'/'.join(arg.choices)}")
    key = value.strip().lower()
    for choice in arg.choices:
        if choice.lower() == key:
            return choice
    if not arg.choices:
        return value.strip()
    raise InputError(f"{arg.name}: {show(value)} is not one of {'/'.join(arg.choices)}")


def contract(arg: Arg, value):
    """A contract: one of the symbols (text), or its lot size in t (a number > 0) for any other contract."""
    if isinstance(value, (list, tuple)):
        grid = as_grid(arg.name, value)
        if len(grid) != 1 or len(grid[0]) != 1:
            raise InputError(f"{arg.name}: needs a single cell, got {len(grid)}×{len(grid[0])}")
        value = grid[0][0]
    refusal = f"is not one of {'/'.join(arg.choices)}, nor a lot size in t (a number > 0)"
    if isinstance(value, str):
        key = value.strip().lower()
        for choice in arg.choices:
            if choice.lower() == key:
                return choice
    if value is None or (isinstance(value, str) and value.strip() == ""):
        raise InputError(f"{arg.name}: is blank")
    try:
        number = parse_number(value)
    except ValueError:
        raise InputError(f"{arg.name}: {show(value)} {refusal}") from None
    if number <= 0:
        raise InputError(f"{arg.name}: {show(value)} {refusal}")
    return number


def integer(arg: Arg, value) -> int:
    array = numbers(arg, value)
    if array.size != 1:
        raise InputError(f"{arg.name}: needs a single cell, got {array.shape[0]}×{array.shape[1]}")
    number = float(array[0, 0])
    if number != int(number):
        raise InputError(f"{arg.name}: {show(number)} is not a whole number")
    return int(number)


def check_broadcast(named_arrays: list[tuple[str, np.ndarray]]) -> tuple[int, ...]:
    """The common shape of the NUMBER arguments, or a message naming the misfits."""
    try:
        return np.broadcast_shapes(*(a.shape for _, a in named_arrays))
    except ValueError:
        sizes = [f"{n} is {a.shape[0]}×{a.shape[1]}" for n, a in named_arrays if a.size > 1]
        raise InputError("ranges differ in size: " + ", ".join(sizes)) from None


def to_excel(result):
    """A core result as what a cell (or a spill range) shows.

    NaN stays NaN in lists: xlwings writes it as an empty cell. A 1×1 result is
    returned as a scalar so it never spills.
    """
    if isinstance(result, np.ndarray):
        if result.size == 1:
            item = result.reshape(-1)[0]
            return item.item() if isinstance(item, np.generic) else item
        if result.ndim == 1:
            result = result.reshape(-1, 1)
        return result.tolist()
    if isinstance(result, np.generic):
        return result.item()
    return result

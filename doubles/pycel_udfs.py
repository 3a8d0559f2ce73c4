"""pycel plugin: our worksheet functions, bound through the same wrappers Excel calls.

Load with ``ExcelCompiler(filename=..., plugins=["doubles.pycel_udfs"])``: pycel
imports the module by that dotted path (``importlib.import_module``) and looks
every function name of a formula up in it (lower-cased) before its own library.

For every name in ``udfs.__all__`` this module has a function that

* converts each argument the way xlwings delivers it to a UDF declared with
  ``ndim=2, err_to_str=True`` on Windows: a single value becomes a 1×1 list of
  rows, pycel's tuple-of-tuples range becomes a list of rows (lists), a blank
  cell is ``None``, a number is a float, a cell error stays its text ("#N/A");
* calls ``getattr(udfs, name)`` — the decorated wrapper Excel calls;
* converts the result as xlwings writes it to the sheet: NaN shows as an empty
  cell (""), a list of rows becomes pycel's tuple of tuples.

Only the UDF names and underscore-prefixed helpers live at module level, so no
helper can shadow a pycel built-in (pycel searches plugins first).

Calls are counted per function. pycel evaluates a dynamic-array formula once per
cell of its spill range (each cell is ``INDEX(<range formula>, i, j)``) where Excel
evaluates it once, so results are memoised by (name, arguments):
``DISTINCT_CALLS`` counts distinct evaluations (what Excel would do),
``RAW_CALLS`` every call pycel made.
"""

from __future__ import annotations

import math
from collections import Counter

import udfs as _udfs

__all__ = list(_udfs.__all__)

RAW_CALLS: Counter = Counter()  # every call pycel made, per function
DISTINCT_CALLS: Counter = Counter()  # distinct (function, arguments) evaluated, per function
_MEMO: dict = {}

_PYCEL_EMPTY = "#EMPTY!"  # pycel.excelutil.EMPTY: pycel's marker for an empty cell


def reset_counts() -> None:
    """Forget the counts and the memo (a fresh workbook evaluation starts from zero)."""
    RAW_CALLS.clear()
    DISTINCT_CALLS.clear()
    _MEMO.clear()


def _cell_in(value):
    """One cell value as xlwings passes it: blank → None, number → float, text and errors as text."""
    if value is None or value == _PYCEL_EMPTY:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def _arg_in(value):
    """An argument as xlwings ndim=2 delivers it: always a list of rows."""
    if isinstance(value, (tuple, list)):
        rows = value if value and all(isinstance(r, (tuple, list)) for r in value) else (value,)
        return [[_cell_in(v) for v in row] for row in rows]
    return [[_cell_in(value)]]


def _frozen(arg) -> tuple:
    return tuple(tuple(row) for row in arg)


def _cell_out(value):
    """What xlwings writes for one returned value: NaN (and None) is an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def _result_out(result):
    if isinstance(result, (list, tuple)):
        rows = result if result and all(isinstance(r, (list, tuple)) for r in result) else [result]
        return tuple(tuple(_cell_out(v) for v in row) for row in rows)
    return _cell_out(result)


def _bind(name: str):
    wrapper = getattr(_udfs, name)  # the very function xlwings registers for Excel

    def excel_call(*args):
        converted = [_arg_in(a) for a in args]
        key = (name, tuple(_frozen(a) for a in converted))
        RAW_CALLS[name] += 1
        if key not in _MEMO:
            DISTINCT_CALLS[name] += 1
            _MEMO[key] = _result_out(wrapper(*converted))
        return _MEMO[key]

    excel_call.__name__ = excel_call.__qualname__ = name
    excel_call.__doc__ = wrapper.__doc__
    return excel_call


for _name in __all__:
    globals()[_name] = _bind(_name)
del _name

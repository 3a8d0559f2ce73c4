"""Excel-facing wrappers built from the registry: coercion in, one message out."""

from __future__ import annotations

import inspect
import math

import numpy as np

from . import coercion
from .coercion import InputError
from .registry import CONTRACT, INTEGER, NUMBER, REQUIRED, SERIES, TEXT, Function

# The Insert Function category of every znnial function: xlwings passes it to Application.MacroOptions, and the
# template stores it without Excel (workbooks/function_options.py).
CATEGORY = "znnial"

_ERROR_PREFIX = "#VALUE! "
# Long enough for the longest list of choices to show whole (contract_spec's nine fields: 144 characters
# with a three-letter value), so a mistyped choice always shows every valid one.
_MAX_MESSAGE = 150


def _convert_args(spec: Function, values: tuple):
    if len(values) > len(spec.args):
        raise InputError(f"takes at most {len(spec.args)} arguments, got {len(values)}")
    values = values + tuple(a.default for a in spec.args[len(values):])
    converted, numeric, orientation = [], [], None
    for arg, value in zip(spec.args, values):
        if value is REQUIRED:
            raise InputError(f"{arg.name}: is missing")
        if arg.kind == NUMBER:
            array = coercion.numbers(arg, value)
            numeric.append((arg.name, array))
            converted.append(array)
        elif arg.kind == SERIES:
            array, shape = coercion.series(arg, value)
            orientation = orientation or shape
            converted.append(array)
        elif arg.kind == TEXT:
            converted.append(coercion.text(arg, value))
        elif arg.kind == INTEGER:
            converted.append(coercion.integer(arg, value))
        elif arg.kind == CONTRACT:
            converted.append(coercion.contract(arg, value))
        else:  # pragma: no cover - a registry typo, caught by the catalogue tests
            raise TypeError(f"unknown argument kind {arg.kind!r}")
    if len(numeric) > 1:
        coercion.check_broadcast(numeric)
    return converted, orientation


def call(spec: Function, values: tuple):
    """Evaluate one worksheet call; every failure becomes a short #VALUE! text."""
    try:
        converted, orientation = _convert_args(spec, tuple(values))
        with np.errstate(all="ignore"):
            result = spec.core(*converted)
        if _has_infinity(result):  # finite inputs can overflow; a cell must not show ±inf
            numeric = [a.name for a in spec.args[:len(values)] if a.kind not in (TEXT, CONTRACT)]
            raise InputError(f"result is infinite (division by zero or overflow); check {', '.join(numeric)}")
        if orientation == "row" and spec.orient_like_series:
            result = np.asarray(result).reshape(1, -1)
        if spec.header:
            return [list(spec.header)] + _rows(result)
        return coercion.to_excel(result)
    except ValueError as problem:  # InputError, and domain errors raised by the core
        return _message(str(problem))
    except Exception as problem:  # noqa: BLE001 - a cell must never show a traceback
        return _message(f"{spec.name} failed: {type(problem).__name__}: {problem}")


def _has_infinity(result) -> bool:
    if isinstance(result, np.ndarray):
        if result.dtype.kind == "f":
            return bool(np.isinf(result).any())
        if result.dtype.kind == "O":
            # `in` compares in C (a table of 10⁵ rows: ~1 ms, not a Python loop); only a hit,
            # or a value `==` cannot compare, goes on to the exact test.
            cells = result.ravel().tolist()
            try:
                maybe = math.inf in cells or -math.inf in cells
            except Exception:  # noqa: BLE001 - e.g. an array inside the table
                maybe = True
            return maybe and any(isinstance(v, float) and math.isinf(v) for v in cells)
        return False
    if isinstance(result, (list, tuple)):
        return any(_has_infinity(v) for v in result)
    return isinstance(result, float) and math.isinf(result)


def _rows(result) -> list[list]:
    array = np.asarray(result, dtype=object)
    if array.ndim == 0:
        return [[array.item()]]
    if array.ndim == 1:
        return [list(array)]
    return array.tolist()


def _message(text: str) -> str:
    text = " ".join(text.split())
    room = _MAX_MESSAGE - len(_ERROR_PREFIX)
    if len(text) > room:
        text = text[: room - 3] + "..."
    return _ERROR_PREFIX + text


def make_wrapper(spec: Function):
    """A plain Python function with the spec's name and signature, as xlwings wants it."""

    def wrapper(*values):
        return call(spec, values)

    wrapper.__name__ = wrapper.__qualname__ = spec.name
    wrapper.__doc__ = spec.description
    wrapper.__module__ = "udfs"
    wrapper.__signature__ = inspect.Signature(
        [
            inspect.Parameter(
                a.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=inspect.Parameter.empty if not a.optional else a.default,
            )
            for a in spec.args
        ]
    )
    wrapper.spec = spec
    return wrapper


def decorate(wrapper, spec: Function, func, arg):
    """Apply xlwings' decorators (passed in, so tests can use the Windows ones)."""
    for a in spec.args:
        wrapper = arg(a.name, ndim=2, err_to_str=True, doc=a.help)(wrapper)
    return func(category=CATEGORY)(wrapper)

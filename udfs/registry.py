"""The one description of every worksheet function.

A `Function` names the core calculation, its arguments (with units and the
checks a cell value must pass) and a worked example. The Excel wrappers, the
generated `docs/functions.md` and the catalogue tests are all driven from these
records, so a function is declared exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Callable

REQUIRED = object()


class Kind(StrEnum):
    """How a cell value is coerced before the core sees it."""

    NUMBER = "number"  # broadcastable float array (scalar cell or range)
    SERIES = "series"  # one row or one column -> 1-D float array; blanks kept as NaN
    TEXT = "text"  # a single text cell, matched case-insensitively against choices
    INTEGER = "integer"  # a single whole number
    CONTRACT = "contract"  # a single cell: a symbol matched against choices, or a lot size in t (a number > 0)


class Check(StrEnum):
    """A check on numbers (applied to every non-blank element)."""

    ANY = "any"  # finite
    POSITIVE = "positive"  # > 0
    NONNEG = "nonneg"  # >= 0
    FRACTION = "fraction"  # 0 <= x <= 1
    BELOW_ONE = "below_one"  # 0 <= x < 1
    DATE_OR_NUMBER = "date_or_number"  # finite; dates become Excel serial numbers


class Returns(StrEnum):
    """What a function returns (the reference says it; a table spills)."""

    NUMBER = "number"
    FRACTION = "fraction"
    TEXT = "text"
    TABLE = "table"


# The names the catalogue declares with (a StrEnum member is equal to its string).
NUMBER, SERIES, TEXT, INTEGER, CONTRACT = Kind.NUMBER, Kind.SERIES, Kind.TEXT, Kind.INTEGER, Kind.CONTRACT
ANY, POSITIVE, NONNEG, FRACTION, BELOW_ONE, DATE_OR_NUMBER = (
    Check.ANY, Check.POSITIVE, Check.NONNEG, Check.FRACTION, Check.BELOW_ONE, Check.DATE_OR_NUMBER)


class DeclarationError(ValueError):
    """A function declared with a field no wrapper, check or reference knows: raised when it is declared."""


def _member(enum: type[StrEnum], value, where: str):
    try:
        return enum(value)
    except ValueError:
        raise DeclarationError(f"{where} is {value!r}, not one of {', '.join(m.value for m in enum)}") from None


@dataclass(frozen=True)
class Arg:
    name: str
    help: str
    kind: str = NUMBER
    check: str = ANY
    default: Any = REQUIRED
    choices: tuple[str, ...] = ()

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@dataclass(frozen=True)
class Example:
    """A formula a user could type and the value it returns (from the stated source)."""

    args: tuple  # cell values as Excel would pass them (ranges as lists of rows)
    result: Any  # scalar, or a list of rows for a spilled result
    source: str  # where the reference value comes from

    def formula(self, name: str) -> str:
        return f"={name}({', '.join(map(excel_literal, self.args))})"


def excel_literal(value) -> str:
    """A Python value as an Excel formula literal (ranges as array constants)."""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (list, tuple)):
        rows = value if value and isinstance(value[0], (list, tuple)) else [[v] for v in value]
        return "{" + ";".join(",".join(excel_literal(v) for v in row) for row in rows) + "}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


@dataclass(frozen=True)
class Function:
    name: str
    core: Callable[..., Any]
    description: str
    args: tuple[Arg, ...]
    group: str
    examples: tuple[Example, ...] = ()
    returns: Returns = Returns.NUMBER  # the strings "number", "fraction", "text", "table" are read as these
    # Whether the wrapper reshapes a 1-D core result back to the orientation of
    # the first SERIES argument (a column in -> a column out).
    orient_like_series: bool = False
    # A header row (bilingual labels) put above a spilled table result.
    header: tuple[str, ...] = ()
    notes: str = ""
    # Rows of (applies to, fields, source) for a sources table in the reference (e.g. contract data).
    sources: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self):
        """Turn the declared strings into enums, naming the function and field of any that is unknown."""
        where = f"function {self.name!r}"
        object.__setattr__(self, "returns", _member(Returns, self.returns, f"{where}: returns"))
        args = []
        for arg in self.args:
            at = f"{where}, argument {arg.name!r}"
            kind = _member(Kind, arg.kind, f"{at}: kind")
            check = _member(Check, arg.check, f"{at}: check")
            if arg.choices and kind not in (Kind.TEXT, Kind.CONTRACT):  # a contract: a symbol among choices, or t
                raise DeclarationError(f"{at}: choices are for kinds text and contract, not {kind.value}")
            args.append(replace(arg, kind=kind, check=check))
        object.__setattr__(self, "args", tuple(args))

    @property
    def required_count(self) -> int:
        return sum(1 for a in self.args if not a.optional)

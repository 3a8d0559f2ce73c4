"""What the user typed into a workbook, and what a refresh keeps of it.

One rule for both refresh paths (the Refresh button in Excel, `addin.excel`, runs the headless
`znnial refresh`, `addin.refresh`, on a copy of the open workbook):

* an **assumption** cell (`Cell.assumption`: a blue cell that is not data) keeps the user's value,
  and everything computed from it follows, because the value is fed into the plan by its key;
* a cell the plan does **not own** (outside every planned cell and spilled range) keeps whatever
  the user typed there, text, number or formula, in the same cell;
* every other cell is znnial's: a formula cell must hold our formula text (what it *shows* is never
  an edit: another application may show #NAME? or nothing at all), a literal cell our value.

What a file holds is read as *contents* (`SheetContents`): formula text (`Formula`) or a literal.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable

from . import plan as P
from .errors import ZnnialInputError
from .plan import cell_address


@dataclass(frozen=True)
class Formula:
    """A formula as a cell holds it: Excel text with the leading "=".

    `spill`: (rows, cols) of an array formula's range (`<f t="array" ref=…>`: Excel's dynamic array,
    or an older array formula); the cells under it are the formula's result, not contents.
    `cached`: the value the file saved for it (for a spill, its rows), shown until Excel recalculates."""

    text: str
    spill: tuple[int, int] | None = None
    cached: object = field(default=None, compare=False)


@dataclass(frozen=True)
class ErrorValue:
    """An error typed as a value (Excel saves `<c t="e"><v>#N/A</v></c>`), kept as that error: a chart
    skips a #N/A cell, where it would plot a blank's text as 0."""

    code: str


# position (0-based row, col) -> a literal (float, str, bool) or a Formula; blank cells are absent
SheetContents = dict[tuple[int, int], object]


@dataclass
class UserEdits:
    """The user's part of a workbook: assumptions by key and the cells beside the tables, per sheet."""

    assumptions: dict[str, dict[str, object]] = field(default_factory=dict)  # sheet -> key -> value
    cells: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)  # sheet -> position -> content

    def assumption(self, sheet: str, key: str, default):
        """The user's value for an assumption, or its default; the plan reads every assumption here."""
        self.defaults[(sheet, key)] = default
        value = self.assumptions.get(sheet, {}).get(key, default)
        if not _same(default, value):
            self._differing.add((sheet, key))
        return value

    def __post_init__(self):
        self._differing: set[tuple[str, str]] = set()  # assumptions read that differ from their default
        # (sheet, key) -> the value the plan gives an assumption the user left alone: an edit is a value that
        # differs from it, whatever assumptions the plan was computed with (`find_edits`)
        self.defaults: dict[tuple[str, str], object] = {}

    def count(self) -> int:
        return sum(map(len, self.assumptions.values())) + sum(map(len, self.cells.values()))

    def carried(self) -> int:
        """Edits a plan built from these carried: assumptions it read that differ from their default
        (a value equal to the default is no edit), and cells beside the tables."""
        return len(self._differing) + sum(map(len, self.cells.values()))

    def differing(self) -> dict[str, dict[str, object]]:
        """The assumptions a plan built from these read with a value other than their default (sheet -> key ->
        value): what the plan was computed with, whichever way the same values were given."""
        out: dict[str, dict[str, object]] = {}
        for sheet, key in sorted(self._differing):
            out.setdefault(sheet, {})[key] = self.assumptions[sheet][key]
        return out

    def __bool__(self) -> bool:
        return self.count() > 0


class EditConflict(ZnnialInputError):
    """Something the user typed that a rebuild cannot carry; the message names each cell or sheet."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
        super().__init__(listed)


def assumption_cells(sheet: P.SheetPlan) -> list[P.Cell]:
    """The cells whose value is the user's: the Excel writer keeps them, the headless refresh reads them."""
    return [cell for cell in sheet.cells if cell.assumption]


def owned_positions(sheet: P.SheetPlan) -> set[tuple[int, int]]:
    """Every cell the plan writes, spilled ranges included; the rest of the sheet is the user's."""
    owned = set()
    for cell in sheet.cells:
        if cell.spill:
            owned.update((cell.row + i, cell.col + j) for i in range(cell.spill[0]) for j in range(cell.spill[1]))
        else:
            owned.add((cell.row, cell.col))
    return owned


_PREFIXES = re.compile(r"_xl(?:fn|ws|pm|udf)\.", re.IGNORECASE)


def formula_key(text: str) -> str:
    """A formula as compared: no "=", no Excel's future-function prefixes, no spaces, any case.

    Excel writes `_xlfn.`/`_xlws.` before newer functions and LibreOffice may change spacing or
    case; none of it is the user's edit."""
    return "".join(_PREFIXES.sub("", text.lstrip("=")).split()).upper()


# LibreOffice stores a TRUE or FALSE cell as the formula TRUE() or FALSE() (seen in its .xlsm export).
_BOOLEAN_FORMULAS = {"TRUE()": True, "FALSE()": False}


def literal(content):
    """A literal as compared: blank "", a bool, a float or text; LibreOffice's TRUE() is True."""
    if isinstance(content, Formula):
        return _BOOLEAN_FORMULAS.get(formula_key(content.text), content)
    if content is None:
        return ""
    if isinstance(content, (bool, str, ErrorValue)):
        return content
    if isinstance(content, (int, float)):
        return float(content)
    return str(content)


def _same(ours, theirs) -> bool:
    a, b = literal(ours), literal(theirs)
    if isinstance(a, float) and isinstance(b, float) and not isinstance(b, bool):
        return a == b or abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return type(a) is type(b) and a == b


def _shown(content) -> str:
    if isinstance(content, Formula):
        return content.text
    if isinstance(content, ErrorValue):
        return content.code
    return repr(literal(content))


def _assumption_value(sheet: str, cell: P.Cell, content, problems: list[str]):
    """The user's value for an assumption cell, or None (with a problem) when it cannot feed the plan."""
    where = f"'{sheet}'!{cell_address(cell.row, cell.col)}"
    value = literal(content)
    numeric = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
    if isinstance(value, Formula):
        problems.append(f"{where} (an assumption) holds the formula {value.text}: type a value there")
        return None
    if isinstance(value, ErrorValue):
        problems.append(f"{where} (an assumption) holds the error {value.code}: type a value there")
        return None
    if numeric and (isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value)):
        problems.append(f"{where} (an assumption) holds {value!r}, not a number")
        return None
    return value


def assumption_edits(sheet: P.SheetPlan, content_at, problems: list[str] | None = None,
                     defaults: dict[tuple[str, str], object] | None = None) -> dict[str, object]:
    """key -> the user's value, for each assumption cell whose content differs from its default.

    `content_at(row, col)` gives a cell's content (0-based); a value that cannot feed the plan
    (text in a number's cell, a formula) is left out and described in `problems`. `defaults`:
    (sheet, key) -> default, as the plan read them (`WorkbookPlan.defaults`); without one, the
    plan's value is the default (a plan computed with no edits)."""
    problems = [] if problems is None else problems
    defaults = defaults or {}
    kept = {}
    for cell in assumption_cells(sheet):
        value = _assumption_value(sheet.name, cell, content_at(cell.row, cell.col), problems)
        if value is not None and not _same(defaults.get((sheet.name, cell.key), cell.value), value):
            kept[cell.key] = value
    return kept


def find_edits(workbook_plan: P.WorkbookPlan, found: dict[str, SheetContents]) -> tuple[UserEdits, list[str]]:
    """The user's edits in a workbook's contents, against the plan that laid it out (computed with the
    assumptions the file was written with: its cells are then the file's as znnial wrote them).

    Returns the edits a rebuild carries and the problems it cannot carry: a sheet znnial does not
    build (or one missing), a formula of ours changed or typed over, a literal of ours changed.
    """
    edits, problems = UserEdits(), []
    planned = {sheet.name: sheet for sheet in workbook_plan.sheets}
    problems += [f"sheet '{name}' is not one znnial builds" for name in found if name not in planned]
    problems += [f"sheet '{name}' is missing" for name in planned if name not in found]
    for name, sheet in planned.items():
        contents = found.get(name)
        if contents is None:
            continue
        owned = owned_positions(sheet)
        kept = assumption_edits(sheet, lambda row, col: contents.get((row, col)), problems, workbook_plan.defaults)
        for cell in sheet.cells:
            position = (cell.row, cell.col)
            content = contents.get(position)
            where = f"'{name}'!{cell_address(*position)}"
            if cell.formula is not None:
                if not isinstance(content, Formula) or formula_key(content.text) != formula_key(cell.formula):
                    problems.append(f"{where} holds {_shown(content) if content is not None else 'nothing'}, "
                                    f"znnial's formula there is {cell.formula}{figure_hint(cell.formula)}")
            elif cell.assumption:
                continue
            elif not _same(cell.value, content):
                problems.append(f"{where} holds {_shown(content)}, a rebuild gives {_shown(cell.value)}")
        if kept:
            edits.assumptions[name] = kept
        beside = {position: content for position, content in contents.items() if position not in owned}
        if beside:
            edits.cells[name] = dict(sorted(beside.items()))
    return edits, problems


def foreign_charts(workbook_plan: P.WorkbookPlan, charts: dict[str, list[str]]) -> list[str]:
    """A refusal for each chart on one of our sheets that the plan does not draw (by title): a rebuild
    draws only znnial's charts, and would drop the user's without a word. Charts on a sheet znnial does
    not build are refused with that sheet (`find_edits`)."""
    ours = {sheet.name: [chart.title for chart in sheet.charts] for sheet in workbook_plan.sheets}
    problems = []
    for name, titles in charts.items():
        left = list(ours.get(name, []))
        for title in titles:
            if title in left:
                left.remove(title)
            elif name in ours:
                what = f"the chart '{title}'" if title else "an untitled chart"
                problems.append(f"'{name}' holds {what}, which znnial does not draw: a rebuild cannot carry it "
                                "(copy it into a workbook of your own, then delete it here)")
    return problems
_FIGURE_REFERENCE = re.compile(r"='([^']+)'!\$[A-Z]+\$(\d+)")


def figure_hint(formula: str) -> str:
    """What to do instead of typing over a figure: a cell showing a figure refers to the one cell where the
    figure lives (workbooks/sheets/data.py, value_reference), and that is where it is corrected."""
    found = _FIGURE_REFERENCE.fullmatch(formula)
    if found is None:
        return ""
    return f" (a figure: it lives on the sheet '{found.group(1)}', row {found.group(2)}; correct it there)"


def with_assumptions(edits: UserEdits, sheet: str, values: dict[str, object]) -> UserEdits:
    """A copy of `edits` with these assumption values set on one sheet (the command line's choices)."""
    assumptions = {name: dict(keys) for name, keys in edits.assumptions.items()}
    assumptions.setdefault(sheet, {}).update(values)
    return UserEdits(assumptions, {name: dict(cells) for name, cells in edits.cells.items()})


def place_cells(sheet: P.SheetPlan, cells: dict[tuple[int, int], object]) -> list[str]:
    """Put the user's cells beside a sheet's tables; returns those the new layout now takes (not placed)."""
    owned = owned_positions(sheet)
    taken = []
    for (row, col), content in cells.items():
        if owned.intersection(_covered(row, col, content)):
            what = "its spill range" if (row, col) not in owned else "it"
            taken.append(f"'{sheet.name}'!{cell_address(row, col)} (which holds {_shown(content)}): {what} is now "
                         "part of znnial's layout: move it to a free cell")
            continue
        sheet.cells.append(kept_cell(row, col, content))
    return taken


def _covered(row: int, col: int, content) -> list[tuple[int, int]]:
    """The cells a kept content takes: its own, and a spill's whole range."""
    rows, cols = content.spill if isinstance(content, Formula) and content.spill else (1, 1)
    return [(row + i, col + j) for i in range(rows) for j in range(cols)]


def kept_cell(row: int, col: int, content) -> P.Cell:
    """The plan's cell for a content the user typed beside the tables (`kept`: the writer may ask Excel to
    recalculate it on open, see workbooks/xlsx_writer.py).

    A formula keeps the value its file saved (shown on first open and in a values copy); an array
    formula is written as a dynamic array over its range, its cached rows under it (as Excel saves
    a spill: the cells under the anchor hold plain values), never as constants typed there."""
    if not isinstance(content, Formula):
        return P.Cell(row, col, content, kept=True)
    if content.spill:
        rows, cols = content.spill
        grid = content.cached if isinstance(content.cached, list) else [[content.cached]]
        grid = [[grid[i][j] if i < len(grid) and j < len(grid[i]) else "" for j in range(cols)] for i in range(rows)]
        return P.Cell(row, col, grid, formula=content.text, spill=content.spill, kept=True)
    return P.Cell(row, col, "" if content.cached is None else content.cached, formula=content.text, kept=True)


def clear_vacated(previous: P.WorkbookPlan, workbook_plan: P.WorkbookPlan) -> None:
    """Add blank cells where the previous layout wrote and the new one does not (a Guide line that
    moved down): a writer that keeps the user's cells must not keep what znnial left there."""
    before = {sheet.name: sheet for sheet in previous.sheets}
    for sheet in workbook_plan.sheets:
        if sheet.name in before:
            for row, col in sorted(owned_positions(before[sheet.name]) - owned_positions(sheet)):
                sheet.cells.append(P.Cell(row, col, None))


def edited_positions(edits: UserEdits) -> Iterable[tuple[str, str]]:
    """(sheet, what) for every edit, for messages and reports."""
    for sheet, keys in edits.assumptions.items():
        for key, value in keys.items():
            yield sheet, f"{key} = {value!r}"
    for sheet, cells in edits.cells.items():
        for (row, col), content in cells.items():
            yield sheet, f"{cell_address(row, col)} = {_shown(content)}"

"""The strict build: every key, unit and reference the sheet specs declare, checked before any layout.

`check_specs` collects what the specs declare (figures, assumptions, results,
drivers, spilled tables) and what their formulas refer to, and raises one
`SpecError` listing every problem, each naming the sheet, the row and the key:

- a `Figure` key (or a `Drivers` data item) that is not an item of the
  month-file vocabulary (`workbooks/monthdata/vocabulary.py`), or has a suffix
  other than ``@prev`` and ``@latest``;
- a unit missing from the one units table (`workbooks/units.py`);
- a `Ref`, `SpillCell`, chart-axis or basis-chart key that nothing the sheet can reach lays
  out (a basis chart's spot and futures rows: Drivers rows of its own sheet, one value per period): on the template sheets every named cell is reachable (defined names are
  workbook-wide), a spilled table only from its own sheet; a monthly sheet uses
  plain cell addresses, so it reaches only its own rows;
- a key laid out twice, and formulas that refer to each other in a circle;
- a `DayTable`'s (日线回测) terms, count, results and table as the rows above; its columns (date, close, spot)
  with their units, and the columns its formulas take whole.

The order of rows does not matter: `workbooks.layout` computes values in
dependency order and writes formula text once every row has its cell.
A figure the data lacks is not a spec error: the sheet shows it as missing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterable, Iterator

from .errors import ZnnialInputError
from .formula import Expr, HistoryRange, Ref, SpillCell, SummaryCell
from .monthdata.vocabulary import ITEMS
from .spec import Calc, DayTable, Drivers, Figure, Matrix, Param, SheetSpec, Spill
from .units import UNITS

PREVIOUS_MONTH = "@prev"
LATEST_MONTH = "@latest"  # the newest month the Data holds, whatever the sheet's month (workbooks/dataset.py)
SUFFIXES = ("", PREVIOUS_MONTH, LATEST_MONTH)
DAY_COLUMNS = ("date", "close", "spot")  # a DayTable's columns, in order


class SpecError(ZnnialInputError):
    """The sheet specs declare something the build cannot place; `problems` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"the sheet specs have {len(problems)} problem{'s' if len(problems) > 1 else ''}:\n"
                         + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Declared:
    """A key some spec row lays out: where, under which label, and the row's node."""

    sheet: str
    label: str  # the row's English (or Chinese) label, for messages
    node: object  # Figure | Param | Calc | Drivers | Spill (a Matrix's cells and a DayTable's rows among them)

    def where(self, key: str) -> str:
        return f"sheet '{self.sheet}', row '{key}'" + (f" ({self.label})" if self.label else "")


def figure_item(key: str) -> tuple[str, str, str]:
    """``"zn.tc_domestic@prev"`` → ``("zn", "tc_domestic", "@prev")``."""
    metal_item, at, when = key.partition("@")
    metal, _, item = metal_item.partition(".")
    return metal, item, at + when


def spec_rows(spec: SheetSpec) -> Iterator[tuple[str, object]]:
    """Every keyed node of a spec with its label: rows, and the cells of a Matrix (labelled by its row)."""
    for row in spec.rows:
        if isinstance(row, Matrix):
            for zh, en, cells in row.rows:
                for cell in cells:
                    if isinstance(cell, (Figure, Calc)):
                        yield en or zh, cell
        elif isinstance(row, DayTable):  # its terms, count, results and table (workbooks/day_table.py)
            for node in (*row.params, row.periods, *row.results, row.backtest):
                yield node.en or node.zh, node
        elif isinstance(row, (Figure, Param, Calc, Drivers, Spill)):
            yield getattr(row, "en", "") or getattr(row, "zh", ""), row


def declarations(specs: Iterable[SheetSpec]) -> dict[str, Declared]:
    """key → where it is declared, for every keyed row of the specs (the first, if declared twice)."""
    found: dict[str, Declared] = {}
    for spec in specs:
        for label, node in spec_rows(spec):
            found.setdefault(node.key, Declared(spec.name, label, node))
    return found


def expressions(node) -> Iterator[Expr]:
    """The formula trees a node computes its cells from."""
    if isinstance(node, Calc):
        yield node.expr
    elif isinstance(node, Spill):
        yield node.expr
        yield from (expr for _, _, expr in node.lines)


def walk(expr: Expr) -> Iterator[Expr]:
    """The expression and every expression inside it."""
    yield expr
    for field in dataclasses.fields(expr) if dataclasses.is_dataclass(expr) else ():
        value = getattr(expr, field.name)
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, Expr):
                yield from walk(part)


_REFERENCES: dict[int, tuple[Expr, tuple[tuple[str, bool], ...]]] = {}


def _references(expr: Expr) -> tuple[tuple[str, bool], ...]:
    """(key, whether it must be on the same sheet) for every Ref and SpillCell in a formula tree.

    Cached by identity (the tree is kept, so its id is not reused): the monthly sheet repeats the template's
    trees and every build checks them again; hashing a deep frozen tree would cost as much as walking it."""
    cached = _REFERENCES.get(id(expr))
    if cached is None or cached[0] is not expr:
        found = tuple((part.key, isinstance(part, (SpillCell, SummaryCell))) for part in walk(expr)
                      if isinstance(part, (Ref, SpillCell, SummaryCell)))
        cached = _REFERENCES[id(expr)] = (expr, found)
    return cached[1]


def units_of(node) -> tuple[str, ...]:
    if isinstance(node, Figure):
        return ()
    if isinstance(node, Spill):
        return (node.unit, *node.column_units)
    return (node.unit,)


def check_specs(template: Iterable[SheetSpec], month_sheet: SheetSpec | None = None) -> dict[str, Declared]:
    """Raise SpecError for anything the specs declare that the build cannot place; return the template keys."""
    template = tuple(template)
    problems: list[str] = []
    names = declarations(template)
    for spec in template:
        problems += _check_sheet(spec, names, uses_names=True) + _day_table_problems(spec)
    problems += _duplicates(template)
    if month_sheet is not None:
        # The monthly sheet repeats template rows: a problem of a row already named above is not repeated.
        seen = {p.partition(", row ")[2] for p in problems}
        problems += [p for p in _check_sheet(month_sheet, declarations([month_sheet]), uses_names=False)
                     + _duplicates([month_sheet]) if p.partition(", row ")[2] not in seen]
    problems += _circles(names)
    if problems:
        raise SpecError(problems)
    return names


def _check_sheet(spec: SheetSpec, reachable: dict[str, Declared], uses_names: bool) -> list[str]:
    problems = []
    for label, node in spec_rows(spec):
        found = []
        if isinstance(node, Figure):
            metal, item, when = figure_item(node.key)
            if (metal, item) not in ITEMS:
                found.append(f"unknown key '{node.key}': '{metal}.{item}' is not an item of the month-file "
                             "vocabulary (workbooks/monthdata/vocabulary.py)")
            elif when not in SUFFIXES:
                found.append(f"unknown key '{node.key}': the suffixes are '{PREVIOUS_MONTH}' and '{LATEST_MONTH}'")
        for item in ((node.data, node.fill) if isinstance(node, Drivers) else ()):
            if item and tuple(item) not in ITEMS:
                found.append(f"unknown data item '{'.'.join(item)}': not an item of the month-file vocabulary "
                             "(workbooks/monthdata/vocabulary.py)")
        found += [f"unknown unit '{unit}' (the units table is workbooks/units.py)"
                  for unit in units_of(node) if unit not in UNITS]
        for expr in expressions(node):
            for key, same_sheet in _references(expr):
                problem = _unresolved(spec, key, reachable, uses_names, same_sheet)
                if problem:
                    found.append(problem)
        if isinstance(node, Spill) and node.categories:
            target = reachable.get(node.categories)
            if target is None or target.sheet != spec.name or not isinstance(target.node, Drivers):
                found.append(f"chart axis '{node.categories}' is not a Drivers row of this sheet")
        if isinstance(node, Spill) and node.basis:
            found += _basis_problems(spec, node, reachable)
        if found:
            where = Declared(spec.name, label, node).where(node.key)
            problems += [f"{where}: {problem}" for problem in found]
    return problems


def _day_table_problems(spec: SheetSpec) -> list[str]:
    """A day table's columns: date, close and spot in that order (workbooks/day_table.py lays them in columns A–C),
    each unit in the units table; each column a formula takes whole is one of them."""
    problems = []
    for table in (row for row in spec.rows if isinstance(row, DayTable)):
        keys = tuple(column.key for column in table.columns)
        if keys != DAY_COLUMNS:
            problems.append(f"sheet '{spec.name}': the day table's columns are {', '.join(keys)}, not "
                            f"{', '.join(DAY_COLUMNS)}")
        problems += [f"sheet '{spec.name}', column '{column.key}': unknown unit '{column.unit}' (the units table is "
                     "workbooks/units.py)" for column in table.columns if column.unit not in UNITS]
        for node in (table.periods, *table.results, table.backtest):
            problems += [f"sheet '{spec.name}', row '{node.key}': reference to column '{part.key}', which is not a "
                         "column of its table" for expr in expressions(node) for part in walk(expr)
                         if isinstance(part, HistoryRange) and part.key not in keys]
    return problems


def _basis_problems(spec: SheetSpec, node: Spill, reachable: dict[str, Declared]) -> list[str]:
    """A basis chart reads a spot and a futures Drivers row of its own sheet, one value per period."""
    problems = []
    if not (node.chart and node.periods):
        problems.append("a basis chart needs the table's chart and its periods")
    for role, key in (("spot", node.basis.spot), ("futures", node.basis.futures)):
        target = reachable.get(key)
        if target is None or target.sheet != spec.name or not isinstance(target.node, Drivers):
            problems.append(f"basis {role} '{key}' is not a Drivers row of this sheet")
        elif len(target.node.months or target.node.values) != node.periods:
            problems.append(f"basis {role} '{key}' has {len(target.node.months or target.node.values)} values "
                            f"for {node.periods} periods")
    return problems


def _unresolved(spec: SheetSpec, key: str, reachable: dict[str, Declared], uses_names: bool,
                same_sheet: bool) -> str | None:
    target = reachable.get(key)
    if target is None:
        scope = "on any template sheet" if uses_names else "on this sheet (a monthly sheet refers to its own cells)"
        return f"reference to unknown key '{key}': no row lays it out {scope}"
    if target.sheet == spec.name:
        return None
    if same_sheet or isinstance(target.node, Spill):
        return f"reference to '{key}' on sheet '{target.sheet}': a spilled table is reachable from its own sheet only"
    return None


def _duplicates(specs: Iterable[SheetSpec]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for spec in specs:
        for label, node in spec_rows(spec):
            if node.key in seen:
                where = Declared(spec.name, label, node).where(node.key)
                problems.append(f"{where}: key '{node.key}' is laid out twice (also on sheet '{seen[node.key]}')")
            seen.setdefault(node.key, spec.name)
    return problems


def _circles(declared: dict[str, Declared]) -> list[str]:
    """Formulas that need their own value: a circle of references Excel would refuse."""
    depends = {key: {ref for e in expressions(d.node) for ref, _ in _references(e)} for key, d in declared.items()}
    done: set[str] = set()
    problems = []

    def visit(key: str, path: list[str]):
        if key in path:
            circle = path[path.index(key):] + [key]
            problems.append(f"{declared[key].where(key)}: circular reference {' → '.join(circle)}")
            return
        if key in done or key not in depends:
            return
        for ref in sorted(depends[key]):
            visit(ref, path + [key])
        done.add(key)

    for key in declared:
        visit(key, [])
    return problems


def check_month_tables(spec: SheetSpec, declared: dict[str, Declared]) -> None:
    """Every unit, template key and earlier column a sheet's month tables (History) refer to exists, and a
    data column's unit is its item's (SpecError naming the sheet and column otherwise). `declared`: the
    template's keys, which a month table reaches by defined name."""
    from .spec import MonthTable

    problems = []
    for table in (row for row in spec.rows if isinstance(row, MonthTable)):
        earlier: set[str] = set()
        for column in table.columns:
            where = f"sheet '{spec.name}', column '{column.key}' ({column.en})"
            problems += _column_unit_problems(where, column)
            keys = [column.line] if column.line else []
            for part in walk(column.spill) if column.spill is not None else ():
                if isinstance(part, Ref):
                    keys.append(part.key)
                elif isinstance(part, HistoryRange) and part.key not in earlier:
                    problems.append(f"{where}: reference to column '{part.key}', which is not an earlier column of its table")
            problems += [f"{where}: reference to unknown key '{key}': no template sheet lays it out"
                         for key in keys if key not in declared]
            earlier.add(column.key)
    if problems:
        raise SpecError(problems)


def _column_unit_problems(where: str, column) -> list[str]:
    problems = []
    if column.unit not in UNITS:
        problems.append(f"{where}: unknown unit '{column.unit}': not in the units table (workbooks/units.py)")
    if column.data and tuple(column.data) not in ITEMS:
        problems.append(f"{where}: unknown data item '{'.'.join(column.data)}': not an item of the month-file "
                        "vocabulary (workbooks/monthdata/vocabulary.py)")
    elif column.data and ITEMS[tuple(column.data)].unit != column.unit:
        problems.append(f"{where}: unit '{column.unit}' is not its item's unit '{ITEMS[tuple(column.data)].unit}'")
    return problems

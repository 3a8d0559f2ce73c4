"""Specs plus data → the workbook plan, and the plan → the .xlsm."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import plan as P
from .dataset import Dataset
from .errors import ZnnialInputError
from .book import Book, name_for
from .layout import SheetLayout
from .sheets import conf, daily_backtest, data, guide, history, scenarios, tables
from .spec_check import check_month_tables, check_specs, declarations
from .user_edits import EditConflict, UserEdits, place_cells

TEMPLATE = Path(__file__).resolve().parent / "znnial.xlsm"


def template_specs() -> tuple:
    """The template's spec sheets, in the order they are laid out (their keys share one name space); 日线回测
    reads 表5's zones and 回测's margin terms."""
    return (*tables.TABLE_SHEETS, *scenarios.SHEETS, daily_backtest.spec())


def check_all_specs() -> None:
    """The strict build's pass: every sheet spec (日线回测's too), the monthly sheet's and History's columns
    (SpecError)."""
    declared = check_specs(template_specs(), tables.month_sheet("YYYY-MM"))
    check_month_tables(history.spec(), declared)


def template_name(key: str) -> str:
    """The defined name of a template key (``al.spot_price`` → ``in_al_spot_price``), from its spec row."""
    declared = declarations(template_specs()).get(key)
    name = None if declared is None else name_for(declared.node)
    if name is None:
        raise KeyError(f"no template sheet lays out a named cell for '{key}'")
    return name


def plan_workbook(observations: Iterable, edits: UserEdits | None = None) -> P.WorkbookPlan:
    """The workbook for these observations; `edits`: the user's assumptions (computed with, so every
    cached value follows them), source order and cells beside the tables (workbooks/user_edits.py)."""
    check_all_specs()
    edits = UserEdits(edits.assumptions, edits.cells) if edits else UserEdits()  # its own count of what differs
    dataset = Dataset(observations, data.source_order(edits))
    month = dataset.latest_month
    if month is None:
        raise ZnnialInputError("no survey figures: a workbook needs at least one month file of survey figures "
                               "(production, costs, …; e.g. workbooks/data/months/2019-11.csv), not price files alone")
    specs = template_specs()
    book = Book(dataset, month, use_names=True, specs=specs, edits=edits)
    template = [SheetLayout(book, spec).lay() for spec in specs]
    history_plan = SheetLayout(book, history.spec()).lay()  # its formulas name the template's cells
    months = []
    for m in dataset.survey_months:
        spec = tables.month_sheet(m)
        months.append(SheetLayout(Book(dataset, m, use_names=False, specs=(spec,), edits=edits), spec,
                                  month_sheet=True).lay())
    for sheet in months:  # five tables on one sheet: one page wide, as many pages tall as they take
        sheet.pages_tall = 0
    # The sheet order, declared once: the guide lists the sheets that follow it, in this order.
    after_guide = [*template, history_plan, *months, data.data_sheet(dataset, edits), conf.conf_sheet(edits)]
    sheets = [guide.guide_sheet(dataset, [guide.SHEET, *(s.name for s in after_guide)], edits), *after_guide]
    _carry(sheets, edits)
    defined = {}
    for sheet in sheets:
        for cell in sheet.cells:
            if cell.name:
                defined[cell.name] = (sheet.name, cell.row, cell.col, cell.row, cell.col)
        for name, corners in sheet.range_names.items():
            defined[name] = (sheet.name, *corners)
    return P.WorkbookPlan(sheets, defined, month, active_sheet=guide.SHEET, user_edits=edits.carried(),
                          assumptions=edits.differing(), defaults=edits.defaults)


def _carry(sheets: list[P.SheetPlan], edits: UserEdits) -> None:
    """Place the user's cells beside the tables; refuse what the layout cannot take, naming each."""
    by_name = {sheet.name: sheet for sheet in sheets}
    problems = [f"sheet '{name}' is not one znnial builds" for name in {*edits.assumptions, *edits.cells}
                if name not in by_name]
    for name, keys in sorted(edits.assumptions.items()):
        if name in by_name:
            known = {cell.key for cell in by_name[name].cells if cell.assumption}
            problems += [f"'{name}' has no assumption {key}" for key in keys if key not in known]
    for name, cells in edits.cells.items():
        if name in by_name:
            problems += place_cells(by_name[name], cells)
    if problems:
        raise EditConflict(problems)


def build(observations: Iterable, target: Path) -> Path:
    """Write the workbook for these observations to target (atomically)."""
    from .xlsx_writer import write_workbook

    return write_workbook(plan_workbook(observations), target)

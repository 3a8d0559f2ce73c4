"""Specs plus data → the workbook plan, and the plan → the .xlsm."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import plan as P
from .dataset import Dataset
from .layout import Book, SheetLayout
from .sheets import conf, daily_backtest, data, guide, history, scenarios, tables

TEMPLATE = Path(__file__).resolve().parent / "znnial.xlsm"


def plan_workbook(observations: Iterable) -> P.WorkbookPlan:
    dataset = Dataset(observations)
    month = dataset.latest_month
    if month is None:
        raise ValueError("no survey figures: a workbook needs at least one month file")
    book = Book(dataset, month, use_names=True)
    template = [SheetLayout(book, spec).lay() for spec in (*tables.TABLE_SHEETS, *scenarios.SHEETS)]
    template.append(daily_backtest.daily_backtest_sheet(book))  # reads 表5's zones and 回测's margin terms
    history_plan = history.history_sheet(dataset, book)
    months = [SheetLayout(Book(dataset, m, use_names=False), tables.month_sheet(m), month_sheet=True).lay()
              for m in dataset.survey_months]
    for sheet in months:  # five tables on one sheet: one page wide, as many pages tall as they take
        sheet.pages_tall = 0
    tail = [history_plan, *months, data.data_sheet(dataset), conf.conf_sheet()]
    names = [guide.SHEET] + [s.name for s in template + tail]
    sheets = [guide.guide_sheet(dataset, names), *template, *tail]
    defined = {}
    for sheet in sheets:
        for cell in sheet.cells:
            if cell.name:
                defined[cell.name] = (sheet.name, cell.row, cell.col, cell.row, cell.col)
        for name, corners in sheet.range_names.items():
            defined[name] = (sheet.name, *corners)
    return P.WorkbookPlan(sheets, defined, month, active_sheet=guide.SHEET)


def build(observations: Iterable, target: Path) -> Path:
    """Write the workbook for these observations to target (atomically)."""
    from .xlsx_writer import write_workbook

    return write_workbook(plan_workbook(observations), target)

"""A values-only copy of a workbook: no formulas, no macros, for people without Python."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import plan_workbook
from workbooks.plan import WorkbookPlan
from workbooks.xlsx_writer import render, write_atomically

from .workbook_data import read_observations


def values_plan(workbook: Path) -> WorkbookPlan:
    """The plan a values-only copy is written from: rebuilt from the workbook's own Data table."""
    return plan_workbook(read_observations(workbook))


def export_values(workbook: Path, target: Path) -> Path:
    """Rebuild the plan from the workbook's own Data table and write every cell as its value."""
    return write_atomically(render(values_plan(workbook), values_only=True), target)

"""A values-only copy of a workbook: no formulas, no macros, for people without Python."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import plan_workbook
from workbooks.plan import WorkbookPlan
from workbooks.xlsx_writer import render

from .refresh import read_workbook
from .targets import replace
from .workbook_data import WorkbookError


def values_plan(workbook: Path) -> WorkbookPlan:
    """The plan a values-only copy is written from: rebuilt from the workbook's own Data table and the user's
    edits (assumptions, source order, notes beside the tables: workbooks/user_edits.py). A formula the user
    typed beside a table shows the value its file last saved (znnial does not compute the user's formulas)."""
    workbook = Path(workbook)
    observations, edits, problems = read_workbook(workbook.read_bytes(), workbook)
    if problems:
        raise WorkbookError(f"{workbook.name} holds edits the copy could not show: {'; '.join(problems[:8])}")
    return plan_workbook(observations, edits)


def export_values(workbook: Path, target: Path) -> Path:
    """Write every cell of `values_plan` as its value to target (the command line checked it first:
    addin/targets.py); an existing target is kept as TARGET.bak."""
    replace(render(values_plan(workbook), values_only=True), target, "export")
    return Path(target)

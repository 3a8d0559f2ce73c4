"""A values-only copy of a workbook: no formulas, no macros, for people without Python."""

from __future__ import annotations

from pathlib import Path

from workbooks.build import plan_workbook
from workbooks.xlsx_writer import render, write_atomically

from .workbook_data import read_observations


def export_values(workbook: Path, target: Path) -> Path:
    """Rebuild the plan from the workbook's own Data table and write every cell as its value."""
    observations = read_observations(workbook)
    return write_atomically(render(plan_workbook(observations), values_only=True), target)

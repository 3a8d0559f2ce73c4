"""Two cell forms XlsxWriter has no method for, finished in the written package's sheet XML.

* **An error typed as a value** (`<c t="e"><v>#N/A</v></c>`, ECMA-376 Part 1, 18.18.11 ST_CellType
  "e": a cell containing an error). XlsxWriter writes an error only as a formula's result
  (`write_formula(…, "=#N/A", fmt, "#N/A")` gives `<c t="e"><f>#N/A</f><v>#N/A</v></c>`, the form
  Excel saves for the formula =#N/A: XlsxWriter's test file formula_results01.xlsx); the `<f>` is
  removed, leaving the constant Excel saves for a typed #N/A.
* **A formula the user typed beside a table, recalculated at Excel's next calculation**: the `<f>`
  element's `ca` attribute ("calculate cell": this formula needs to be recalculated the next time
  calculation is performed; ECMA-376 Part 1, 18.3.1.40; CellFormula.CalculateCell in Microsoft's Open
  XML SDK). It is set only on the user's formulas that call no znnial function: before *Import
  functions* has run, recalculating one of ours would show #NAME? (workbooks/xlsx_writer.py,
  EXCEL_CALC_ID). Whether Excel's calculation on open includes such cells is on the checklist of
  docs/windows.md; until then the cell shows the value its file last saved.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from typing import Callable

from . import plan as P
from .plan import cell_address
from .user_edits import ErrorValue

ERROR, RECALCULATE = "error", "recalculate"


def error_formula(value: ErrorValue) -> str:
    """The formula XlsxWriter is given for a typed error; `finish_parts` (cell_finishers) removes it again."""
    return "=" + value.code


def marked_cells(workbook_plan: P.WorkbookPlan, written: list[str], values_only: bool = False) -> dict[str, dict]:
    """Sheet part -> A1 address -> ERROR or RECALCULATE, for the sheets written, in the order written
    (XlsxWriter names the n-th worksheet xl/worksheets/sheetn.xml)."""
    by_name = {sheet.name: sheet for sheet in workbook_plan.sheets}
    marks = {}
    for index, name in enumerate(written, start=1):
        found = {}
        for cell in by_name[name].cells:
            if not cell.kept:
                continue
            if isinstance(cell.value, ErrorValue) and cell.formula is None:
                found[cell_address(cell.row, cell.col)] = ERROR
            elif cell.formula is not None and not values_only and not P.calls_znnial_function(cell.formula):
                found[cell_address(cell.row, cell.col)] = RECALCULATE
        if found:
            marks[f"xl/worksheets/sheet{index}.xml"] = found
    return marks


_FORMULA_START = re.compile(r"<f\b")
_ERROR_FORMULA = re.compile(r"<f>[^<]*</f>")


def _finish(match: re.Match, kind: str) -> str:
    cell = match.group(0)
    if kind == ERROR:
        finished = _ERROR_FORMULA.sub("", cell, count=1)
    else:
        finished = _FORMULA_START.sub('<f ca="1"', cell, count=1)
    if finished == cell:
        raise ValueError(f"cell {match.group(1)} was not written as expected for {kind}: {cell[:120]}")
    return finished


def finish_sheet(xml: str, marks: dict[str, str]) -> str:
    """One sheet's XML with each marked cell finished."""
    cells = re.compile(r'<c r="(' + "|".join(map(re.escape, marks)) + r')"[^>]*>.*?</c>', re.DOTALL)
    done = []

    def one(match):
        done.append(match.group(1))
        return _finish(match, marks[match.group(1)])

    finished = cells.sub(one, xml)
    if sorted(done) != sorted(marks):
        raise ValueError(f"cells {sorted(set(marks) - set(done))} are missing from the written sheet")
    return finished


def cell_finishers(marks: dict[str, dict[str, str]]) -> dict[str, Callable[[str], str]]:
    """part name -> what finishes its marked cells (for `finish_parts`)."""
    return {part: functools.partial(finish_sheet, marks=cells) for part, cells in marks.items()}


def finish_parts(data: bytes, finishers: dict[str, Callable[[str], str]]) -> bytes:
    """The package with each named part's text passed through its finisher, in one pass (each pass re-compresses
    every part); every other part byte for byte, in the same order."""
    if not finishers:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in finishers:
                content = finishers[info.filename](content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()

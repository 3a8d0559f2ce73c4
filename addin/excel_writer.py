"""Writing a workbook plan into an open Excel workbook through xlwings — the thin half of the refresh.

Everything about *what* goes where is in the plan; this module only moves it
into Excel, a sheet at a time, with as few calls as it can: one block read and
one block write of values and plain formulas per sheet, then one call per
spilled formula, name and chart. On sheets that already exist, user
assumptions (blue cells that are not data) and anything typed in cells the
plan does not own are kept.
"""

from __future__ import annotations

from workbooks import plan as P
from workbooks.plan import range_address
from workbooks.user_edits import assumption_cells

# Text Excel would read as a formula or a command when written through Range.Value.
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def as_excel_text(value):
    """Plain text stays text: a leading apostrophe stops Excel from parsing it."""
    if isinstance(value, str) and value.startswith(_FORMULA_LEAD):
        return "'" + value
    return value


def _grid(sheet: P.SheetPlan, keep: dict[tuple[int, int], object], current: list[list] | None) -> list[list]:
    """The sheet's block of cells, ready for one Range.Value write.

    Cells the plan does not own keep what the user has there (`current`); a spilled table's
    range is left empty, because Excel refuses to spill over constants (#SPILL!) — its anchor
    gets the formula afterwards and Excel fills the rest."""
    rows, cols = sheet.last_row + 1, sheet.last_col + 1
    grid = [[None] * cols for _ in range(rows)]
    for r, line in enumerate((current or [])[:rows]):
        for c, value in enumerate(line[:cols]):
            grid[r][c] = value
    for cell in sheet.cells:
        if cell.spill:
            for i in range(cell.spill[0]):
                for j in range(cell.spill[1]):
                    grid[cell.row + i][cell.col + j] = None
        elif (cell.row, cell.col) in keep:
            grid[cell.row][cell.col] = keep[(cell.row, cell.col)]
        elif cell.formula:
            grid[cell.row][cell.col] = cell.formula
        else:
            grid[cell.row][cell.col] = as_excel_text(cell.value)
    return grid


def _rows(value) -> list[list]:
    """Range.Value of a block as a list of rows (xlwings gives a scalar for one cell, a flat list for one row)."""
    if not isinstance(value, list):
        return [[value]]
    return value if value and isinstance(value[0], list) else [value]


class ExcelWriter:
    def __init__(self, book, status=None):
        self.book = book
        self.status = status or (lambda text: None)

    def _sheet(self, name: str, after):
        names = [s.name for s in self.book.sheets]
        if name in names:
            return self.book.sheets[name], False
        return self.book.sheets.add(name, after=after), True

    def write(self, workbook_plan: P.WorkbookPlan) -> None:
        previous = None
        total = len(workbook_plan.sheets)
        for index, sheet in enumerate(workbook_plan.sheets, start=1):
            self.status(f"znnial: writing {sheet.name} ({index}/{total})")
            target, created = self._sheet(sheet.name, previous)
            previous = target
            block = target.range((1, 1), (sheet.last_row + 1, sheet.last_col + 1))
            keep, current = ({}, None) if created else (self._assumptions(target, sheet), _rows(block.value))
            block.value = _grid(sheet, keep, current)
            for cell in sheet.cells:
                if cell.spill:  # dynamic arrays need Formula2, or Excel adds an implicit @
                    target.range((cell.row + 1, cell.col + 1)).formula2 = cell.formula
            if created:
                self._formats(target, sheet)
            self._charts(target, sheet)
        for name, refers in workbook_plan.references().items():
            self.book.names.add(name, refers)
        self.status(None)

    @staticmethod
    def _assumptions(target, sheet: P.SheetPlan) -> dict[tuple[int, int], object]:
        # Which cells are the user's is workbooks/user_edits.py's rule, shared with the headless refresh.
        return {(cell.row, cell.col): target.range((cell.row + 1, cell.col + 1)).value
                for cell in assumption_cells(sheet)}

    @staticmethod
    def _formats(target, sheet: P.SheetPlan) -> None:
        for cell in sheet.cells:
            if cell.num_format and cell.num_format != "General" and not cell.spill:
                target.range((cell.row + 1, cell.col + 1)).number_format = cell.num_format
        for col, width in sheet.widths.items():
            target.range((1, col + 1)).column_width = width

    @staticmethod
    def _charts(target, sheet: P.SheetPlan) -> None:
        if not sheet.charts:
            return
        for chart in list(target.charts):
            chart.delete()
        for chart in sheet.charts:
            cell = target.range((chart.anchor[0] + 1, chart.anchor[1] + 1))
            xl_chart = target.charts.add(cell.left, cell.top, chart.size[0] * 0.75, chart.size[1] * 0.75)
            xl_chart.chart_type = chart.kind
            first = chart.series[0]
            columns = [first.categories] + [s.values for s in chart.series]
            ranges = ",".join(range_address(*corners) for corners in columns)
            xl_chart.set_source_data(target.range(ranges))

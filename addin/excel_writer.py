"""Writing a workbook plan into an open Excel workbook through xlwings — the thin half of the refresh.

Everything about *what* goes where is in the plan; this module only moves it into Excel with
as few COM round trips as it can, and without making Excel recalculate on the way:

- calculation is switched to manual and screen updating off for the whole write, and both are
  put back afterwards — also when the write fails — so Excel recalculates once, at the end,
  instead of after every block (each recalculation calls every dependent znnial function);
- each sheet is one block read of its formulas and values and one block write through
  ``Formula2``, so every formula is a dynamic array (no implicit ``@``) and a spilled table's
  range is left empty for Excel to spill into (Excel refuses to spill over constants: #SPILL!);
- number formats go out one call per distinct format, not per cell;
- charts are kept and only their series re-pointed (``Series.Formula``), so titles, series names,
  colours and the secondary axis survive and the new month is taken in;
- defined names are written only when the plan's set of names differs from what the workbook
  was last written with (a digest kept in a hidden defined name).

On sheets that already exist, user assumptions (blue cells that are not data) and anything typed
in cells the plan does not own — values or formulas — are kept.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

from workbooks import plan as P
from workbooks.plan import cell_address, range_address
from workbooks.user_edits import assumption_cells

NAMES_DIGEST = "znnial_names_digest"  # a hidden defined name: ="<sha256 of the plan's names>"
_UNION_LIMIT = 240  # Excel refuses a Range address text over 255 characters


def as_excel_text(value):
    """Plain text stays text: a leading apostrophe stops Excel from reading it as a formula, a number or a
    date (written through Formula2, "2019-11" would become 1 Nov 2019 and "86.8%" the number 0.868)."""
    if isinstance(value, str) and value:
        return "'" + value
    return value


def _kept(value, formula):
    """What a cell the user owns holds, ready to write back: their formula, or their value as they typed it."""
    if isinstance(formula, str) and formula.startswith("="):
        return formula
    return as_excel_text(value)


def _grid(sheet: P.SheetPlan, keep: dict[tuple[int, int], object], current: list[list] | None,
          formulas: list[list] | None = None) -> list[list]:
    """The sheet's block of cells, ready for one Range.Formula2 write.

    Cells the plan does not own keep what the user has there (`current` values, `formulas`); a spilled
    table's range is left empty, because Excel refuses to spill over constants (#SPILL!), and its anchor
    holds the formula."""
    rows, cols = sheet.last_row + 1, sheet.last_col + 1
    grid = [[None] * cols for _ in range(rows)]
    formulas = formulas or []
    for r, line in enumerate((current or [])[:rows]):
        for c, value in enumerate(line[:cols]):
            formula = formulas[r][c] if r < len(formulas) and c < len(formulas[r]) else None
            grid[r][c] = _kept(value, formula)
    for cell in sheet.cells:
        block = cell.spill or cell.reserve
        if block:
            for i in range(min(block[0], rows - cell.row)):
                for j in range(min(block[1], cols - cell.col)):
                    grid[cell.row + i][cell.col + j] = None
    for cell in sheet.cells:
        if (cell.row, cell.col) in keep:
            grid[cell.row][cell.col] = keep[(cell.row, cell.col)]
        elif cell.formula:
            grid[cell.row][cell.col] = cell.formula
        elif not cell.spill:
            grid[cell.row][cell.col] = as_excel_text(cell.value)
    return grid


def block_rows(value) -> list[list]:
    """Range.Value of a block as a list of rows (xlwings gives a scalar for one cell, a flat list for one row)."""
    if not isinstance(value, list):
        return [[value]]
    return value if value and isinstance(value[0], list) else [value]


def _assumptions(sheet: P.SheetPlan, current: list[list], formulas: list[list]) -> dict[tuple[int, int], object]:
    """The user's assumption cells, read from the block already fetched (no call per cell)."""
    kept = {}
    for cell in assumption_cells(sheet):  # which cells are the user's: workbooks/user_edits.py, one rule
        if cell.row < len(current) and cell.col < len(current[cell.row]):
            formula = formulas[cell.row][cell.col] if cell.row < len(formulas) else None
            kept[(cell.row, cell.col)] = _kept(current[cell.row][cell.col], formula)
    return kept


def _unions(cells: list[tuple[int, int]]) -> list[str]:
    """A1 addresses joined by commas, each text short enough for one Range call."""
    texts, current = [], ""
    for row, col in cells:
        address = cell_address(row, col)
        if current and len(current) + 1 + len(address) > _UNION_LIMIT:
            texts.append(current)
            current = ""
        current = f"{current},{address}" if current else address
    if current:
        texts.append(current)
    return texts


def series_formula(sheet_name: str, series: P.Series, position: int) -> str:
    """Excel's SERIES formula for a plan series: name, categories, values, plot order."""
    def ref(corners):
        return f"'{sheet_name}'!{range_address(*corners, absolute=True)}"
    name = '"' + series.name.replace('"', '""') + '"'
    return f"=SERIES({name},{ref(series.categories)},{ref(series.values)},{position})"


def names_digest(references: dict[str, str]) -> str:
    return hashlib.sha256(repr(sorted(references.items())).encode("utf-8")).hexdigest()


@contextmanager
def quiet(app):
    """Manual calculation and no screen updates while writing; both restored, also on failure.

    Switching back to automatic makes Excel recalculate what the writes left dirty — once; a user who
    keeps Excel in manual mode gets one explicit calculation, so the refreshed workbook is consistent."""
    calculation, updating = app.calculation, app.screen_updating
    app.screen_updating = False
    app.calculation = "manual"
    try:
        yield
    finally:
        app.calculation = calculation
        if calculation != "automatic":
            app.calculate()
        app.screen_updating = updating


class ExcelWriter:
    def __init__(self, book, status=None):
        self.book = book
        self.status = status or (lambda text: None)

    def _sheet(self, name: str, after, existing: set[str]):
        if name in existing:
            return self.book.sheets[name], False
        return self.book.sheets.add(name, after=after), True

    def write(self, workbook_plan: P.WorkbookPlan) -> None:
        with quiet(self.book.app):
            existing = {s.name for s in self.book.sheets}
            previous = None
            total = len(workbook_plan.sheets)
            for index, sheet in enumerate(workbook_plan.sheets, start=1):
                self.status(f"znnial: writing {sheet.name} ({index}/{total})")
                target, created = self._sheet(sheet.name, previous, existing)
                previous = target
                block = target.range((1, 1), (sheet.last_row + 1, sheet.last_col + 1))
                keep, current, formulas = {}, None, None
                if not created:
                    current, formulas = block_rows(block.value), block_rows(block.formula2)
                    keep = _assumptions(sheet, current, formulas)
                block.formula2 = _grid(sheet, keep, current, formulas)
                if created:
                    self._formats(target, sheet)
                self._charts(target, sheet)
            self._names(workbook_plan.references())
        self.status(None)

    def _names(self, references: dict[str, str]) -> None:
        digest = names_digest(references)
        if NAMES_DIGEST in self.book.names and self.book.names[NAMES_DIGEST].refers_to == f'="{digest}"':
            return  # the same names as the last write: nothing to do
        for name, refers in references.items():
            self.book.names.add(name, refers)
        self.book.names.add(NAMES_DIGEST, f'="{digest}"')
        self.book.names[NAMES_DIGEST].api.Visible = False

    @staticmethod
    def _formats(target, sheet: P.SheetPlan) -> None:
        by_format: dict[str, list[tuple[int, int]]] = {}
        for cell in sheet.cells:
            if cell.num_format and cell.num_format != "General" and not cell.spill:
                by_format.setdefault(cell.num_format, []).append((cell.row, cell.col))
        for num_format, cells in sorted(by_format.items()):
            for union in _unions(cells):
                target.range(union).number_format = num_format
        for col, width in sorted(sheet.widths.items()):
            target.range((1, col + 1)).column_width = width

    @staticmethod
    def _charts(target, sheet: P.SheetPlan) -> None:
        if not sheet.charts:
            return
        by_title = {}
        for chart in target.charts:  # the user's own charts (other titles) are left alone
            xl = chart.api[1]
            if xl.HasTitle:
                by_title[xl.ChartTitle.Text] = xl
        for chart in sheet.charts:
            xl = by_title.get(chart.title)
            if xl is None:
                cell = target.range((chart.anchor[0] + 1, chart.anchor[1] + 1))
                added = target.charts.add(cell.left, cell.top, chart.size[0] * 0.75, chart.size[1] * 0.75)
                added.chart_type = chart.kind
                xl = added.api[1]
                xl.HasTitle = True
                xl.ChartTitle.Text = chart.title
            collection = xl.SeriesCollection()
            for position, series in enumerate(chart.series, start=1):
                line = collection.Item(position) if position <= collection.Count else collection.NewSeries()
                line.Formula = series_formula(sheet.name, series, position)

"""Writing a workbook plan to an .xlsm with XlsxWriter: cached values, names, buttons, charts, VBA."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from pathlib import Path

import xlsxwriter
from openpyxl.styles.numbers import is_date_format

from udfs.core.excel_dates import date_of_serial

from . import plan as P
from .plan_property import ASSUMPTIONS, LAYOUT, assumptions_text, property_parts
from .atomic_file import write_atomically
from .part_stamp import stamped
from .user_edits import ErrorValue, formula_key
from .written_layout import layout_text
from .xlsx_cells import cell_finishers, error_formula, finish_parts, marked_cells
from . import vba
from .function_options import TEMPLATE, WORKBOOK_PART, FunctionOptions, with_function_options

# A fixed creation date keeps the build byte-identical from one run to the next.
FIXED_DATE = dt.datetime(2019, 12, 20)

# The calculation engine id Excel 2016–365 writes into <calcPr calcId>. Excel recalculates a whole file
# on open when it says fullCalcOnLoad, or when its calcId is older than Excel's own engine (XlsxWriter's
# default is 124519, Excel 2010, with fullCalcOnLoad). Until the user enables macros (Enable Content), the
# project's wrappers (workbooks/vba.py) do not define the znnial functions, so that recalculation would turn
# every cell that calls one into #NAME?;
# with this id and no full calculation, Excel shows the values saved in the file until the user
# recalculates (docs/windows.md, "First use").
EXCEL_CALC_ID = 191029

STYLES = {
    P.TITLE: {"bold": True, "font_size": 14, "font_color": "#1F4E79"},
    P.SECTION: {"bold": True, "font_color": "#1F4E79", "bottom": 1},
    P.HEADER: {"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "text_wrap": True, "valign": "top"},
    P.LABEL: {},
    P.TEXT: {},
    P.INPUT: {"font_color": "#0000FF", "bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF"},
    P.CALC: {"bg_color": "#F2F2F2"},
    P.FLAG: {"bold": True},
    P.NOTE: {"font_color": "#595959", "italic": True},
    P.UNIT: {"font_color": "#595959"},
    P.BUTTON_NOTE: {"font_color": "#595959", "valign": "vcenter"},
}


class _Formats:
    def __init__(self, workbook):
        self.workbook = workbook
        self.cache = {}

    def get(self, style, num_format):
        key = (style, num_format)
        if key not in self.cache:
            props = dict(STYLES.get(style, {}))
            props["font_name"] = "Microsoft YaHei"
            if num_format:
                props["num_format"] = num_format
            self.cache[key] = self.workbook.add_format(props)
        return self.cache[key]


def _write_value(ws, row, col, value, fmt):
    # A formula's error (the #N/A a chart column shows for a gap) written as a literal is a blank: a values
    # copy has no formula to show it, and a blank is what a chart skips too.
    if isinstance(value, ErrorValue):  # the user's typed error: kept (see workbooks/xlsx_cells.py)
        ws.write_formula(row, col, error_formula(value), fmt, value.code)
    elif value is None or value == "" or value in _FORMULA_ERRORS:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _spill_format(cell: P.Cell, formats: _Formats, i: int, j: int):
    if cell.table_header and (i == 0 or (j == 0 and cell.column_formats is None)):
        return formats.get(P.HEADER, "General")
    if cell.column_formats:
        if i == len(cell.value) - 1 and cell.value[i][0] != cell.value[0][0] and isinstance(cell.value[i][0], str):
            return formats.get(P.FLAG, "#,##0")  # a summary row under the periods: its own meanings
        return formats.get(cell.style, cell.column_formats[j])
    return formats.get(cell.style, cell.num_format)


def _write_cell(ws, cell: P.Cell, formats: _Formats, values_only: bool):
    fmt = formats.get(cell.style, cell.num_format)
    if values_only and cell.spill:
        for i, row in enumerate(cell.value):
            for j, value in enumerate(row):
                _write_value(ws, cell.row + i, cell.col + j, value, _spill_format(cell, formats, i, j))
        return
    if cell.formula is None or values_only:
        _write_value(ws, cell.row, cell.col, cell.value, fmt)
        return
    if cell.spill:
        rows, cols = cell.spill
        values = cell.value
        ws.write_dynamic_array_formula(cell.row, cell.col, cell.row + rows - 1, cell.col + cols - 1,
                                       cell.formula, _spill_format(cell, formats, 0, 0), values[0][0])
        for i in range(rows):
            for j in range(cols):
                if i or j:
                    _write_value(ws, cell.row + i, cell.col + j, values[i][j], _spill_format(cell, formats, i, j))
        return
    if cell.dynamic_array:  # a znnial function's single value: still a dynamic array (no implicit @)
        ws.write_dynamic_array_formula(cell.row, cell.col, cell.row, cell.col, cell.formula, fmt, cell.value)
        return
    ws.write_formula(cell.row, cell.col, cell.formula, fmt, cell.value)


_FORMULA_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})


def _shown_literal(value):
    """A value as `_write_value` stores it, read back: blank "", bool, float or text."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(f"{value:.16G}")  # write_number keeps 16 significant digits
    return str(value)


def _shown_formula(value):
    """A formula's cached value as XlsxWriter's write_formula stores it, read back."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return "" if value in _FORMULA_ERRORS else value  # an error code reads back as an empty cell
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


def _shown_anchor(value):
    """A dynamic array's first value as write_dynamic_array_formula stores it, read back."""
    try:
        float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)  # stored as text
    return str(value) if isinstance(value, bool) else float(value)  # stored untyped: numeric text reads as a number


# Custom document properties: the writer sets them and the readers below find them, by these names only.
LATEST_MONTH_PROPERTY = "znnial latest month"
DIGEST_PROPERTY = "znnial content digest"
EDITS_PROPERTY = "znnial user edits"


def _stored_property(data: bytes, name: str, value_pattern: str) -> str | None:
    """The text of custom property `name` in docProps/custom.xml (its XML type and value matching
    `value_pattern`), or None when the file has none."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            custom = book.read("docProps/custom.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    found = re.search(f'name="{re.escape(name)}">{value_pattern}', custom)
    return found.group(1) if found else None


def content_digest(sheets: dict[str, list[list]], formulas: dict[str, dict] | None = None,
                   charts: dict[str, list[str]] | None = None) -> str:
    """A fingerprint of every sheet's values, formula texts and chart titles, in sheet order (the refresh's
    quick edit check: a file whose values, formulas and charts still match it is exactly what znnial
    wrote; a chart the user added changes no cell, so its title counts)."""
    digest = hashlib.sha256()
    for name, rows in sheets.items():
        digest.update(repr((name, rows)).encode("utf-8"))
        texts = (formulas or {}).get(name, {})
        digest.update(repr(sorted((at, formula_key(text)) for at, text in texts.items())).encode("utf-8"))
        titles = (charts or {}).get(name)
        if titles:
            digest.update(repr(sorted(titles)).encode("utf-8"))
    return digest.hexdigest()


def plan_charts(workbook_plan: P.WorkbookPlan) -> dict[str, list[str]]:
    """sheet -> the titles of the charts the plan draws on it."""
    return {sheet.name: [chart.title for chart in sheet.charts] for sheet in workbook_plan.sheets}


def plan_formulas(workbook_plan: P.WorkbookPlan) -> dict[str, dict[tuple[int, int], str]]:
    """sheet -> (row, col) -> formula text of every formula cell the plan writes."""
    return {sheet.name: {(c.row, c.col): c.formula for c in sheet.cells if c.formula is not None}
            for sheet in workbook_plan.sheets}


def stored_edit_count(data: bytes) -> int | None:
    """How many user edits znnial carried when it wrote the workbook (None: not written by this version)."""
    found = _stored_property(data, EDITS_PROPERTY, r"<vt:i4>(\d+)</vt:i4>")
    return None if found is None else int(found)


def stored_digest(data: bytes) -> str | None:
    """The content digest a workbook was written with, from its custom document properties."""
    return _stored_property(data, DIGEST_PROPERTY, r"<vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>")


@functools.lru_cache(maxsize=None)  # a few dozen formats over thousands of cells; openpyxl's test runs regexes
def _is_date_format(num_format: str) -> bool:
    return is_date_format(num_format)


def _dates_as_read(sheet: P.SheetPlan, cells: dict[tuple[int, int], object]) -> None:
    """A number under a date format reads back as a date (python-calamine gives `datetime.date` for the whole
    day 46062 shown yyyy-mm-dd: contract_spec's limit_from on 价差), so the plan shows it so too."""
    for cell in sheet.cells:
        if cell.spill or not cell.num_format or not _is_date_format(cell.num_format):
            continue
        value = cells.get((cell.row, cell.col))
        if isinstance(value, float):
            try:
                cells[cell.row, cell.col] = date_of_serial(value)
            except ValueError as problem:
                raise ValueError(f"'{sheet.name}' row {cell.row + 1} col {cell.col + 1}: a date cell holds {problem}") \
                    from None


def shown_values(workbook_plan: P.WorkbookPlan) -> dict[str, list[list]]:
    """What a reader finds in each sheet of `render(plan)`: sheet -> rows of cached values, "" for blank.

    The same shape python-calamine's ``to_python(skip_empty_area=False)`` gives, computed from
    the plan without writing the file (the refresh's edit check). It follows `_write_cell`.
    """
    shown = {}
    for sheet in workbook_plan.sheets:
        cells: dict[tuple[int, int], object] = {}
        for cell in sheet.cells:
            value = cell.value
            if cell.formula is None and not cell.spill:  # most cells: `_shown_literal` inlined
                if value is None or value == "" or isinstance(value, ErrorValue):  # calamine reads an error as ""
                    value = ""
                elif not isinstance(value, bool):
                    value = float(f"{value:.16G}") if isinstance(value, (int, float)) else str(value)
                cells[cell.row, cell.col] = value
            elif cell.spill and cell.formula is not None:
                for i, row in enumerate(value):
                    for j, item in enumerate(row):
                        cells[cell.row + i, cell.col + j] = _shown_literal(item)
                cells[cell.row, cell.col] = _shown_anchor(value[0][0])
            elif cell.dynamic_array:
                cells[cell.row, cell.col] = _shown_anchor(value)
            elif cell.formula is not None:
                cells[cell.row, cell.col] = _shown_formula(value)
            else:
                cells[cell.row, cell.col] = _shown_literal(value)
        _dates_as_read(sheet, cells)
        rows = cols = 0  # the used range: up to the last non-blank cell, as a reader reports it
        for (r, c), value in cells.items():
            if value != "":
                if r >= rows:
                    rows = r + 1
                if c >= cols:
                    cols = c + 1
        grid = [[""] * cols for _ in range(rows)]
        for (r, c), value in cells.items():
            if r < rows and c < cols:
                grid[r][c] = value
        shown[sheet.name] = grid
    return shown


def _write_sheet(workbook, ws, sheet: P.SheetPlan, formats: _Formats, values_only: bool):
    for col, width in sorted(sheet.widths.items()):
        ws.set_column(col, col, width)
    for row, height in sorted(sheet.heights.items()):
        ws.set_row(row, height)
    # Literal cells are most of a sheet (the Data table): written here, with `_write_value`'s
    # rules inlined and XlsxWriter's methods bound once, instead of two calls deep per cell.
    cached, get = formats.cache, formats.get
    write_blank, write_boolean, write_number, write_string = (
        ws.write_blank, ws.write_boolean, ws.write_number, ws.write_string)
    for cell in sheet.cells:
        if cell.formula is not None or cell.spill or cell.kept:
            _write_cell(ws, cell, formats, values_only)
            continue
        key = (cell.style, cell.num_format)
        fmt = cached[key] if key in cached else get(*key)
        value = cell.value
        if value is None or value == "":
            write_blank(cell.row, cell.col, None, fmt)
        elif isinstance(value, bool):
            write_boolean(cell.row, cell.col, value, fmt)
        elif isinstance(value, (int, float)):
            write_number(cell.row, cell.col, value, fmt)
        else:
            write_string(cell.row, cell.col, str(value), fmt)
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    for button in sheet.buttons:
        if values_only:  # no macros in the copy: say what the button is, in its place
            ws.write_string(button.row, button.col, f"[{button.caption}]", formats.get(P.HEADER, None))
            continue
        ws.insert_button(button.row, button.col, {"macro": button.macro, "caption": button.caption,
                                                  "width": 230, "height": 30})
    for mark in sheet.highlights:
        ws.conditional_format(mark.first_row, mark.first_col, mark.last_row, mark.last_col,
                              {"type": "text", "criteria": "containing", "value": mark.contains,
                               "format": workbook.add_format({"bg_color": mark.colour})})
    for scale in sheet.scales:
        mid = ({"mid_type": "num", "mid_value": scale.mid_value} if scale.mid_value is not None
               else {"mid_type": "percentile", "mid_value": 50})
        ws.conditional_format(scale.first_row, scale.first_col, scale.last_row, scale.last_col,
                              {"type": "3_color_scale", "min_color": scale.low_colour,
                               "mid_color": scale.mid_colour, "max_color": scale.high_colour, **mid})
    if sheet.table:
        t = sheet.table
        ws.add_table(t.first_row, t.first_col, t.last_row, t.last_col,
                     {"name": t.name, "columns": [{"header": c} for c in t.columns], "style": "Table Style Light 9",
                      "autofilter": True})
    for chart in sheet.charts:
        _insert_chart(workbook, ws, sheet.name, chart)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, sheet.pages_tall)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.hide_gridlines(0)


def _insert_chart(workbook, ws, sheet_name, chart: P.Chart):
    xl_chart = workbook.add_chart({"type": chart.kind})
    for s in chart.series:
        line = {"color": s.colour, "width": 1.75 if not s.dash else 1.25}
        if s.dash:
            line["dash_type"] = s.dash
        options = {"name": s.name, "categories": [sheet_name, *s.categories], "values": [sheet_name, *s.values],
                   "line": line, "y2_axis": s.secondary}
        if s.markers:
            options["marker"] = {"type": "circle", "size": 5, "border": {"color": s.colour}, "fill": {"color": s.colour}}
        xl_chart.add_series(options)
    xl_chart.set_title({"name": chart.title, "name_font": {"size": 11}})
    y_axis = {"name": chart.y_title, "num_format": "#,##0", "major_gridlines": {"visible": True}}
    if chart.y_min is not None:
        y_axis["min"] = chart.y_min
    xl_chart.set_y_axis(y_axis)
    if chart.y2_title:
        xl_chart.set_y2_axis({"name": chart.y2_title, "num_format": "#,##0"})
    xl_chart.set_legend({"position": "bottom"})
    xl_chart.set_size({"width": chart.size[0], "height": chart.size[1]})
    ws.insert_chart(chart.anchor[0], chart.anchor[1], xl_chart)


def render(workbook_plan: P.WorkbookPlan, values_only: bool = False, vba_project: bytes | None = None,
           function_options: FunctionOptions | None = TEMPLATE) -> bytes:
    """The .xlsm file for a plan, as bytes; values_only: an .xlsx with no formulas, buttons or macros.

    vba_project: the project to embed as it is (a refreshed workbook's, from vba.kept_project, or xlwings'
    own); by default the template's (workbooks/vba.py).
    function_options: the functions' category and argument help in workbook.xml, numbered as the project's
    wrappers are (workbooks/function_options.py; a refresh passes kept_options of the old workbook); None for a
    project without znnial's wrappers (xlwings' own).
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"title": "znnial — zinc, nickel and aluminium hedge workbook", "author": "znnial",
                             "created": FIXED_DATE})
    workbook.set_calc_mode("auto", calc_id=EXCEL_CALC_ID)
    workbook.calc_on_load = False  # XlsxWriter has no public switch for fullCalcOnLoad; see EXCEL_CALC_ID
    workbook.set_custom_property(LATEST_MONTH_PROPERTY, workbook_plan.latest_month or "")
    workbook.set_custom_property(DIGEST_PROPERTY, content_digest(shown_values(workbook_plan),
                                                                 plan_formulas(workbook_plan),
                                                                 plan_charts(workbook_plan)))
    workbook.set_custom_property(EDITS_PROPERTY, workbook_plan.user_edits)
    for name, text in [*property_parts(ASSUMPTIONS, assumptions_text(workbook_plan.assumptions)),
                       *property_parts(LAYOUT, layout_text(workbook_plan))]:
        workbook.set_custom_property(name, text)
    if not values_only:
        if vba_project is None:
            vba_project = vba.template_vba_project(len(workbook_plan.sheets))
        workbook.add_vba_project(io.BytesIO(vba_project), is_stream=True)
        workbook.set_vba_name(vba.WORKBOOK_CODE_NAME)
    formats = _Formats(workbook)
    sheets = {}
    for sheet in workbook_plan.sheets:
        if values_only and sheet.name == "xlwings.conf":
            continue
        ws = workbook.add_worksheet(sheet.name)
        if not values_only:
            ws.set_vba_name(vba.sheet_code_name(len(sheets)))  # each has its document module in the project
        sheets[sheet.name] = ws
        _write_sheet(workbook, ws, sheet, formats, values_only)
    for name, refers in workbook_plan.references().items():
        if workbook_plan.names[name][0] in sheets:
            workbook.define_name(name, refers)
    if workbook_plan.active_sheet:
        sheets[workbook_plan.active_sheet].activate()
    workbook.close()
    finishers = cell_finishers(marked_cells(workbook_plan, list(sheets), values_only))
    if not values_only and function_options is not None:
        finishers[WORKBOOK_PART] = functools.partial(with_function_options, options=function_options)
    return stamped(finish_parts(buffer.getvalue(), finishers))


def write_workbook(workbook_plan: P.WorkbookPlan, target: Path, vba_project: bytes | None = None) -> Path:
    return write_atomically(render(workbook_plan, vba_project=vba_project), target)

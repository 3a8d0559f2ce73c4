"""A fake of Excel's COM object model, file-backed, for xlwings' own Windows engine to drive in tests.

Below xlwings 0.37.8 (`xlwings.main` → `xlwings._xlwindows` → these objects; the pywin32 names it imports
are stubbed in doubles/win32_stubs.py), never beside it. Opening a workbook loads its file with openpyxl
(formulas and number formats with keep_vba=True, cached values with data_only=True) into a cell model.
`SaveCopyAs` of an unmodified book copies the file's bytes; of a modified one writes the model's
changed cells through openpyxl over the original (openpyxl drops charts it cannot round-trip, so a
test that needs a chart edits the file before opening it).

What each object returns is what Excel returns through pywin32; every rule cites its source:
[Value] learn.microsoft.com/office/vba/api/excel.range.value  [Value2] …/excel.range.value2
[Formula] …/excel.range.formula  [Formula2] …/excel.range.formula2  [NumberFormat] …/excel.range.numberformat
[CellErrors] learn.microsoft.com/office/vba/excel/concepts/cells-and-ranges/cell-error-values
[StatusBar] …/excel.application.statusbar  [Calculation] …/excel.application.calculation
[Open] …/excel.workbooks.open  [Item] …/excel.workbooks.item  [SaveCopyAs] …/excel.workbook.savecopyas
[GetOpenFilename] …/excel.application.getopenfilename  [Names] …/excel.name.referstorange
[pywin32] pywin32's VARIANT conversion (com/win32com/src/oleargs.cpp, PyCom_PyObjectFromVariant):
SAFEARRAY → tuple of row tuples, VT_EMPTY → None, VT_R8 → float, VT_BOOL → bool, VT_BSTR → str,
VT_ERROR → int (the SCODE), VT_DATE → pywintypes.TimeType; a failed Invoke → com_error(DISP_E_EXCEPTION,
…, excepinfo whose last item is the SCODE).

Application, Workbooks, Workbook, Worksheets, Worksheet, Range and Names are here; ChartObjects, Chart,
SeriesCollection and Series (read-only) in doubles/excel_com_charts.py.

Not modelled, because the Refresh button writes no cells (addin/excel.py): evaluation of a formula
when it is entered, recalculation of dependents, and the value of a formula written through the fake
(reading it raises instead of inventing one).
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.formula.tokenizer import Tokenizer
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from udfs.core.excel_dates import excel_serial
from doubles.win32_stubs import CDispatch, TimeType, com_error, import_xlwings_windows, register_window

DISP_E_EXCEPTION = -2147352567
XL_ERROR_PARSE = -2146827284  # 0x800A03EC: Excel's SCODE for a formula it cannot parse
XL_CALCULATION_AUTOMATIC = -4105  # [Calculation] XlCalculation
# [CellErrors]: CVErr(xlErrNA) = 2042 etc.; through COM a VT_ERROR's SCODE is 0x800A0000 + that number
ERROR_CODES = {"#NULL!": 2000, "#DIV/0!": 2007, "#VALUE!": 2015, "#REF!": 2023, "#NAME?": 2029,
               "#NUM!": 2036, "#N/A": 2042}
NOT_EVALUATED = object()  # a formula written through the fake: its value is Excel's to compute


def com_error_code(text: str) -> int:
    return 0x800A0000 + ERROR_CODES[text] - 2**32  # e.g. #N/A → -2146826246


class CellError(str):
    """An error value held by a cell (#N/A, #DIV/0!, …)."""


@dataclass
class Cell:
    formula: str | None = None
    value: object = None  # the constant, or a formula's cached value
    number_format: str = "General"
    spilled: bool = False  # a cell of a dynamic array's spill range (its anchor holds the formula)


class Com(CDispatch):
    """A fake COM object: every property read or write and every method call is one round trip."""

    _application: Application

    def __getattribute__(self, name):
        if name[:1].isupper():
            object.__getattribute__(self, "_application").round_trips += 1
        return object.__getattribute__(self, name)

    def __setattr__(self, name, value):
        if name[:1].isupper():
            self._application.round_trips += 1
        object.__setattr__(self, name, value)


def _com_scalar(cell: Cell | None, dates: bool):
    """[pywin32] + [Value]/[Value2]: numbers as doubles, dates only through Value, errors as SCODEs."""
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if value is NOT_EVALUATED:
        raise NotImplementedError("the fake does not evaluate formulas written through it (Excel would)")
    if isinstance(value, CellError):
        return com_error_code(value)
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        if dates:
            return TimeType(value.year, value.month, value.day, value.hour, value.minute, value.second,
                            tzinfo=dt.timezone.utc)
        return excel_serial(value)  # Value2 gives a date as its serial number
    return float(value)


def _formula_text(cell: Cell | None) -> str:
    """[Formula]: "If the cell contains a constant, this property returns the constant. If the cell is
    empty, this property returns an empty string.\""""
    if cell is None or (cell.formula is None and cell.value is None):
        return ""
    if cell.spilled:
        raise NotImplementedError("Formula of a cell inside a spill range is not modelled")
    if cell.formula is not None:
        return cell.formula
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_formula(text: str) -> None:
    """A formula Excel cannot parse raises 0x800A03EC and writes nothing ([pywin32]: DISP_E_EXCEPTION with
    the SCODE in excepinfo). Parsed with openpyxl's tokenizer (unbalanced brackets or quotes)."""
    try:
        tokens = Tokenizer(text).items
    except Exception as problem:  # openpyxl raises TokenizerError (a bare Exception subclass)
        raise com_error(DISP_E_EXCEPTION, "Exception occurred.",
                        (0, "Microsoft Excel", str(problem), None, 0, XL_ERROR_PARSE), None) from None
    depth = 0
    for token in tokens:
        depth += {"OPEN": 1, "CLOSE": -1}.get(token.subtype, 0) if token.type in ("FUNC", "PAREN") else 0
    if depth:
        raise com_error(DISP_E_EXCEPTION, "Exception occurred.",
                        (0, "Microsoft Excel", "There's a problem with this formula.", None, 0, XL_ERROR_PARSE),
                        None)


class Range(Com):
    def __init__(self, sheet: Worksheet, first: tuple[int, int], last: tuple[int, int]):
        object.__setattr__(self, "_application", sheet._application)
        object.__setattr__(self, "_sheet", sheet)
        object.__setattr__(self, "_first", (min(first[0], last[0]), min(first[1], last[1])))
        object.__setattr__(self, "_last", (max(first[0], last[0]), max(first[1], last[1])))

    def _addresses(self):
        (r1, c1), (r2, c2) = self._first, self._last
        return [[(r, c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def _read(self, one):
        """[pywin32]: one cell → a scalar; several → a tuple of row tuples."""
        rows = tuple(tuple(one(self._sheet._cells.get(a)) for a in row) for row in self._addresses())
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows

    def _write(self, data, as_formula: bool):
        grid = data if isinstance(data, (list, tuple)) else [[data]]
        grid = [row if isinstance(row, (list, tuple)) else [row] for row in grid]
        addresses = self._addresses()
        if len(addresses) > 1 or len(addresses[0]) > 1:
            if grid == [[grid[0][0]]]:  # one value into a block fills it ([Value]: "the same value")
                grid = [[grid[0][0]] * len(addresses[0]) for _ in addresses]
        entries = [(a, item) for row_a, row_v in zip(addresses, grid) for a, item in zip(row_a, row_v)]
        for _, item in entries:  # all or nothing: an unparsable formula writes no cell
            if isinstance(item, str) and item.startswith("=") and len(item) > 1:
                _check_formula(item)
        for address, item in entries:
            cell = self._sheet._cells.setdefault(address, Cell())
            cell.spilled = False
            if isinstance(item, str) and item.startswith("=") and len(item) > 1:
                cell.formula, cell.value = item, NOT_EVALUATED
            else:
                cell.formula = None
                cell.value = None if item in ("", None) else (
                    CellError(item) if isinstance(item, str) and item in ERROR_CODES else item)
            self._sheet._parent._changed.add((self._sheet._name, address))

    Value = property(lambda self: self._read(lambda c: _com_scalar(c, dates=True)),
                     lambda self, data: self._write(data, as_formula=False))
    Value2 = property(lambda self: self._read(lambda c: _com_scalar(c, dates=False)),
                      lambda self, data: self._write(data, as_formula=False))
    # [Formula2]: as Formula, but a formula is kept as a dynamic array (no implicit @). The fake keeps the
    # text as written; the implicit @ that Excel shows in `Formula` is not modelled (nothing reads it).
    Formula = property(lambda self: self._read(_formula_text), lambda self, data: self._write(data, True))
    Formula2 = Formula

    @property
    def NumberFormat(self):  # noqa: N802 - [NumberFormat]: None ("Null") unless every cell has the same one
        formats = {self._sheet._cells.get(a, Cell()).number_format for row in self._addresses() for a in row}
        return formats.pop() if len(formats) == 1 else None

    @NumberFormat.setter
    def NumberFormat(self, text):  # noqa: N802
        for row in self._addresses():
            for address in row:
                self._sheet._cells.setdefault(address, Cell()).number_format = text
                self._sheet._parent._changed.add((self._sheet._name, address))

    Row = property(lambda self: self._first[0])
    Column = property(lambda self: self._first[1])
    Rows = property(lambda self: _Count(self._application, self._last[0] - self._first[0] + 1))
    Columns = property(lambda self: _Count(self._application, self._last[1] - self._first[1] + 1))
    Count = property(lambda self: (self._last[0] - self._first[0] + 1) * (self._last[1] - self._first[1] + 1))
    Worksheet = property(lambda self: self._sheet)
    Application = property(lambda self: self._application)

    @property
    def Address(self):  # noqa: N802
        (r1, c1), (r2, c2) = self._first, self._last
        first = f"${get_column_letter(c1)}${r1}"
        return first if (r1, c1) == (r2, c2) else f"{first}:${get_column_letter(c2)}${r2}"

    def Cells(self, row, column):  # noqa: N802 - relative to the range's first cell
        at = (self._first[0] + row - 1, self._first[1] + column - 1)
        return Range(self._sheet, at, at)

    # …/excel.range.item: Range(row, column), the default member, is the cell at that offset (1-based)
    Item = __call__ = Cells


class _Count(Com):
    def __init__(self, application, count):
        object.__setattr__(self, "_application", application)
        object.__setattr__(self, "_count", count)

    Count = property(lambda self: self._count)


class Collection(Com):
    """Workbooks, Worksheets, Names: `collection(name_or_index)` ([Item]: 1-based, names case-insensitive)."""

    def __init__(self, application, items, noun):
        object.__setattr__(self, "_application", application)
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "_noun", noun)

    def __call__(self, key):
        self._application.round_trips += 1
        if isinstance(key, int):
            if 1 <= key <= len(self._items):
                return self._items[key - 1]
        else:
            for item in self._items:
                if item._label().casefold() == str(key).casefold():
                    return item
        raise com_error(DISP_E_EXCEPTION, "Exception occurred.",
                        (0, None, f"no {self._noun} {key!r}", None, 0, -2147352565), None)  # DISP_E_BADINDEX

    Item = __call__
    Count = property(lambda self: len(self._items))

    def __iter__(self):
        return iter(list(self._items))


class Name(Com):
    def __init__(self, book, name, destinations):
        for key, value in (("_application", book._application), ("_book", book), ("_name", name),
                           ("_destinations", destinations)):
            object.__setattr__(self, key, value)

    Name = property(lambda self: self._name)
    _label = lambda self: self._name  # noqa: E731

    @property
    def RefersToRange(self):  # noqa: N802 - [Names]: the range a name refers to
        (sheet, ref), = self._destinations
        c1, r1, c2, r2 = range_boundaries(ref.replace("$", ""))
        return Range(self._book._sheet(sheet), (r1, c1), (r2, c2))


class Worksheet(Com):
    def __init__(self, book, name, cells, charts=()):
        from doubles.excel_com_charts import chart_objects

        for key, value in (("_application", book._application), ("_parent", book), ("_name", name),
                           ("_cells", cells), ("_charts", chart_objects(book._application, charts))):
            object.__setattr__(self, key, value)

    Name = property(lambda self: self._name)
    _label = lambda self: self._name  # noqa: E731
    Parent = property(lambda self: self._parent)
    Application = property(lambda self: self._application)
    Index = property(lambda self: self._parent._sheets.index(self) + 1)

    def Cells(self, row, column):  # noqa: N802
        return Range(self, (row, column), (row, column))

    def ChartObjects(self, index=None):  # noqa: N802 - the embedded charts (doubles/excel_com_charts.py)
        charts = Collection(self._application, self._charts, "chart")
        return charts if index is None else charts(index)

    def Range(self, first, last=None):  # noqa: N802 - "A1", "A1:B2", or two cell ranges
        first, last = _unwrap(first), _unwrap(last)
        if isinstance(first, Range):
            end = last if last is not None else first
            return Range(self, first._first, end._last)
        c1, r1, c2, r2 = range_boundaries(first.replace("$", ""))
        return Range(self, (r1, c1), (r2 or r1, c2 or c1))


def _unwrap(argument):
    """pywin32 passes a wrapped dispatch argument (xlwings' COMRetryObjectWrapper) as the object it wraps."""
    return vars(argument).get("_inner", argument) if hasattr(argument, "__dict__") else argument


def _load_cells(path: Path) -> dict[str, tuple[dict, dict]]:
    formulas = openpyxl.load_workbook(path, keep_vba=True)
    cached = openpyxl.load_workbook(path, data_only=True)
    sheets = {}
    for sheet in formulas.worksheets:
        values, cells = cached[sheet.title]._cells, {}
        for address, source in sheet._cells.items():
            shown = values.get(address)
            value = shown.value if shown is not None else None
            if shown is not None and shown.data_type == "e":
                value = CellError(value)
            formula = source.value.text if isinstance(source.value, ArrayFormula) else source.value
            if not (isinstance(formula, str) and formula.startswith("=")):
                formula = None
            cells[address] = Cell(formula, value, source.number_format)
            if isinstance(source.value, ArrayFormula) and ":" in (source.value.ref or ""):
                c1, r1, c2, r2 = range_boundaries(source.value.ref)
                for child in itertools.product(range(r1, r2 + 1), range(c1, c2 + 1)):
                    if child != address:  # [Value]: a spilled cell returns its value, held in the file
                        kept = values.get(child)
                        cells[child] = Cell(None, kept.value if kept is not None else None, spilled=True)
        sheets[sheet.title] = cells, sheet._charts
    names = {name: list(defined.destinations) for name, defined in formulas.defined_names.items()}
    return sheets, names


class Workbook(Com):
    def __init__(self, application, path: Path):
        sheets, names = _load_cells(path)
        for key, value in (("_application", application), ("_path", path), ("_changed", set())):
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_sheets", [Worksheet(self, title, cells, charts)
                                             for title, (cells, charts) in sheets.items()])
        object.__setattr__(self, "_names", [Name(self, name, where) for name, where in names.items()])

    Name = property(lambda self: self._path.name)
    _label = lambda self: self._path.name  # noqa: E731
    FullName = property(lambda self: str(self._path))
    Path = property(lambda self: str(self._path.parent))
    Application = property(lambda self: self._application)
    Worksheets = property(lambda self: Collection(self._application, self._sheets, "sheet"))
    Sheets = Worksheets
    Names = property(lambda self: Collection(self._application, self._names, "name"))
    Saved = property(lambda self: not self._changed)

    def _sheet(self, name):
        return next(sheet for sheet in self._sheets if sheet._name == name)

    def SaveCopyAs(self, filename):  # noqa: N802 - [SaveCopyAs]: a copy, the open workbook unchanged
        target = Path(filename)
        if not self._changed:
            shutil.copyfile(self._path, target)
            return
        book = openpyxl.load_workbook(self._path, keep_vba=True)
        for sheet_name, (row, column) in sorted(self._changed):
            cell = self._sheet(sheet_name)._cells[(row, column)]
            written = book[sheet_name].cell(row, column)
            written.value = cell.formula if cell.formula is not None else cell.value
            written.number_format = cell.number_format
        book.save(target)

    def Close(self, SaveChanges=False):  # noqa: N802, N803
        self._application._books.remove(self)


class Window(Com):
    """What AccessibleObjectFromWindow returns for Excel's EXCEL7 window: an Excel Window object."""

    def __init__(self, application):
        object.__setattr__(self, "_application", application)

    Application = property(lambda self: self._application)


class Application(Com):
    """Excel.Application. `answers`: what GetOpenFilename returns, in order ([GetOpenFilename]: the chosen
    file's path, or False when the user cancels)."""

    def __init__(self, hwnd: int = 1001):
        object.__setattr__(self, "_application", self)
        object.__setattr__(self, "round_trips", 0)
        object.__setattr__(self, "_books", [])
        object.__setattr__(self, "answers", [])
        object.__setattr__(self, "status_history", [])
        object.__setattr__(self, "_status", False)  # [StatusBar]: False while Excel has control of it
        self.Hwnd, self.Calculation, self.DisplayAlerts, self.Version = hwnd, XL_CALCULATION_AUTOMATIC, True, "16.0"
        import_xlwings_windows()
        register_window(hwnd, Window(self))
        object.__setattr__(self, "round_trips", 0)

    Application = property(lambda self: self)
    Workbooks = property(lambda self: _Workbooks(self))

    @property
    def StatusBar(self):  # noqa: N802
        return self._status

    @StatusBar.setter
    def StatusBar(self, text):  # noqa: N802 - [StatusBar]: set False to give it back to Excel
        object.__setattr__(self, "_status", text)
        self.status_history.append(text)

    def GetOpenFilename(self, FileFilter=None, *_rest):  # noqa: N802, N803
        return self.answers.pop(0) if self.answers else False

    def open(self, path) -> Workbook:
        """Open a workbook as the analyst did before pressing the button (not a round trip of the button)."""
        book = Workbook(self, Path(path).resolve())
        self._books.append(book)
        object.__setattr__(self, "round_trips", 0)
        return book


class _Workbooks(Collection):
    def __init__(self, application):
        super().__init__(application, application._books, "workbook")

    def Open(self, filename, *_options):  # noqa: N802 - [Open]: a second book of the same name is refused
        name = Path(filename).name
        if any(book._label().casefold() == name.casefold() for book in self._items):
            raise com_error(DISP_E_EXCEPTION, "Exception occurred.",
                            (0, "Microsoft Excel", f"A document with the name '{name}' is already open.", None, 0,
                             -2146827284), None)
        book = Workbook(self._application, Path(filename))
        self._items.append(book)
        return book

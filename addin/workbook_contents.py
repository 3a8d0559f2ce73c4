"""What a workbook file holds, cell by cell: formula text where there is a formula, else the literal.

The refresh decides what the user changed from *contents*, never from what a formula shows:
Excel without our functions shows #NAME?, LibreOffice shows its own errors, openpyxl saves no
cached values at all. Values come from python-calamine (fast; for a formula cell it gives the
cached value, which is ignored), formula text from the sheet XML, scanned for `<f>` elements
only. Shared formulas (Excel writes one formula for a filled-down block) are expanded with
openpyxl's translator, as openpyxl itself reads them. An array formula (`<f t="array" ref=…>`,
Excel's dynamic array with its `cm` cell metadata, or an older array formula) is one content at its
anchor: the cells under its range hold its result as plain values, never the user's. An error typed
as a value (`<c t="e"><v>#N/A</v></c>`, which calamine reads as blank) is read from the XML. The
titles of the charts on each sheet are read so a refresh can refuse to drop one (addin/refresh.py).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook

from workbooks.plan import cell_address
from workbooks.user_edits import ErrorValue, Formula, SheetContents

from .workbook_charts import sheet_charts
from .workbook_data import WorkbookError

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# The opening tag of a cell element (optionally namespace-prefixed) and its attributes.
_CELL_START = re.compile(r"<(?:\w+:)?c\b([^>]*)>")
_PREFIX = re.compile(r"<(\w+):worksheet\b")  # a sheet written with a namespace prefix (<x:c …>)
_FORMULA = re.compile(r"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_ATTRIBUTE = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')
_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


@dataclass
class WorkbookContents:
    values: dict[str, list[list]]  # sheet -> rows of values as calamine reads them (cached values for formulas)
    formulas: dict[str, dict[tuple[int, int], str]]  # sheet -> (row, col) -> formula text with "="
    arrays: dict[str, dict[tuple[int, int], tuple[int, int]]] = field(default_factory=dict)  # anchor -> (rows, cols)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # typed errors: position -> code
    charts: dict[str, list[str]] = field(default_factory=dict)  # sheet -> its charts' titles ("" when untitled)
    rich_values: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # pictures in cells, data types

    def cells(self) -> dict[str, SheetContents]:
        """sheet -> position -> literal, ErrorValue or Formula (with its cached value), blank cells left out."""
        out = {}
        for name, rows in self.values.items():
            contents: SheetContents = {}
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None and value != "":
                        contents[(r, c)] = value
            rich = set(self.rich_values.get(name, ()))
            for position, code in self.errors.get(name, {}).items():
                if position not in rich:  # a rich value's #VALUE! stands in for it: refused, not kept
                    contents[position] = ErrorValue(code)
            for position in rich:
                contents.pop(position, None)
            arrays = self.arrays.get(name, {})
            for (r, c), (height, width) in arrays.items():  # a spill's cells are its result, not contents
                for i in range(height):
                    for j in range(width):
                        contents.pop((r + i, c + j), None)
            for (r, c), text in self.formulas.get(name, {}).items():
                spill = arrays.get((r, c))
                contents[(r, c)] = Formula(text, spill, _cached(rows, r, c, spill))
            out[name] = contents
        return out


    def rich_value_problems(self) -> list[str]:
        """A refusal for each cell holding a rich value: a rebuild would keep only its stand-in."""
        return [f"'{name}'!{cell_address(*at)} holds a picture placed in the cell or a linked data type, which a "
                "rebuild cannot carry (place the picture over the cells instead)"
                for name, cells in self.rich_values.items() for at in sorted(cells)]


def _cached(rows: list[list], r: int, c: int, spill: tuple[int, int] | None):
    """The value a file saved for a formula (a spill's rows of values), "" where it saved none."""
    def at(i, j):
        return rows[i][j] if i < len(rows) and j < len(rows[i]) and rows[i][j] is not None else ""
    if spill is None:
        return at(r, c)
    return [[at(r + i, c + j) for j in range(spill[1])] for i in range(spill[0])]


def position(address: str) -> tuple[int, int]:
    """A1 text as a 0-based (row, col)."""
    found = _ADDRESS.match(address)
    if not found:
        raise WorkbookError(f"cell reference {address!r} is not an A1 address")
    col = 0
    for letter in found.group(1):
        col = col * 26 + ord(letter) - 64
    return int(found.group(2)) - 1, col - 1


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook part and its relationships."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_DOC_REL), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
    return parts


_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def sheet_arrays(xml: str) -> dict[tuple[int, int], tuple[int, int]]:
    """anchor (row, col) -> (rows, cols) of every array formula's range (`<f t="array" ref="D5:D9">`)."""
    arrays = {}
    if 't="array"' not in xml:
        return arrays
    for found in _FORMULA.finditer(xml):
        attributes = dict(_ATTRIBUTE.findall(found.group(1)))
        if attributes.get("t") != "array":
            continue
        ref = attributes.get("ref", "")
        first, _, last = ref.partition(":")
        if not _RANGE.match(ref):
            raise WorkbookError(f"an array formula's range {ref!r} is not an A1 range: save the workbook again")
        (r1, c1), (r2, c2) = position(first), position(last or first)
        arrays[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
    return arrays


_ERROR_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*\bt=\"e\"[^>]*)>\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def sheet_errors(xml: str) -> dict[tuple[int, int], str]:
    """(row, col) -> error code of every error typed as a value: `<c t="e">` whose first child is its
    `<v>` (a formula's error has its `<f>` first)."""
    errors = {}
    if 't="e"' not in xml:
        return errors
    for found in _ERROR_CELL.finditer(xml):
        address = dict(_ATTRIBUTE.findall(found.group(1))).get("r")
        if address is None:
            raise WorkbookError("an error cell without its address (r=…): save the workbook from Excel again")
        errors[position(address)] = html.unescape(found.group(2))
    return errors


_RICH_VALUE_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*\bvm=\"[^\"]*\"[^>]*)>")


def sheet_rich_values(xml: str) -> list[tuple[int, int]]:
    """Cells holding a rich value (`vm=…`: a picture placed in a cell, a linked data type), which only
    Excel's rich-data parts describe: their `<v>` is a stand-in (#VALUE!), not what the cell holds."""
    if " vm=" not in xml:
        return []
    found = []
    for cell in _RICH_VALUE_CELL.finditer(xml):
        address = dict(_ATTRIBUTE.findall(cell.group(1))).get("r")
        if address is None:
            raise WorkbookError("a rich-value cell without its address (r=…): save the workbook from Excel again")
        found.append(position(address))
    return found


def sheet_formulas(xml: str) -> dict[tuple[int, int], str]:
    """(row, col) -> formula text ("=…") of every formula cell in one sheet's XML.

    Only the `<f>` elements are visited (most cells of a sheet hold values): each one's cell is the
    `<c …>` element opened last before it."""
    formulas, shared, pending = {}, {}, []
    if not any(tag in xml for tag in ("<f>", "<f ", ":f>", ":f ")):  # text is escaped: no false "<f"
        return formulas
    prefix = _PREFIX.search(xml)
    cell_tag = f"<{prefix.group(1)}:c " if prefix else "<c "
    for found in _FORMULA.finditer(xml):
        cell_start = _CELL_START.match(xml, max(xml.rfind(cell_tag, 0, found.start()), 0))
        if cell_start is None:
            raise WorkbookError("a formula outside any cell: save the workbook from Excel again")
        address = dict(_ATTRIBUTE.findall(cell_start.group(1))).get("r")
        if address is None:
            raise WorkbookError("a formula cell without its address (r=…): save the workbook from Excel again")
        attributes = dict(_ATTRIBUTE.findall(found.group(1)))
        text = html.unescape(found.group(2) or "")
        if attributes.get("t") == "shared":
            index = attributes.get("si")
            if text:
                shared[index] = (address, text)
            else:
                pending.append((address, index))
                continue
        formulas[position(address)] = "=" + text
    if pending:
        from openpyxl.formula.translate import Translator

        for address, index in pending:
            if index not in shared:
                raise WorkbookError(f"cell {address} refers to shared formula {index}, which the sheet lacks")
            origin, text = shared[index]
            formulas[position(address)] = Translator("=" + text, origin=origin).translate_formula(address)
    return formulas


def read_contents(data: bytes, name: str = "workbook") -> WorkbookContents:
    """Every sheet's values and formulas; a WorkbookError naming the file when it is not a workbook."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        values = {sheet: book.get_sheet_by_name(sheet).to_python(skip_empty_area=False) for sheet in book.sheet_names}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            xml = {sheet: archive.read(parts[sheet]).decode("utf-8") for sheet in values}
            formulas = {sheet: sheet_formulas(text) for sheet, text in xml.items()}
            arrays = {sheet: sheet_arrays(text) for sheet, text in xml.items()}
            errors = {sheet: sheet_errors(text) for sheet, text in xml.items()}
            charts = {sheet: sheet_charts(archive, parts[sheet]) for sheet in values}
            rich = {sheet: sheet_rich_values(text) for sheet, text in xml.items()}
    except WorkbookError as problem:
        raise WorkbookError(f"{name}: {problem}") from None
    except Exception as problem:  # calamine, zipfile and the XML parser raise several types
        raise WorkbookError(f"{name}: cannot be read as a workbook ({problem})") from None
    return WorkbookContents(values, formulas, arrays, errors, charts, rich)

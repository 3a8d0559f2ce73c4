"""The writer's parts on one-cell plans (as XlsxWriter tests one writer method at a time): what each kind of
cell becomes in the sheet's XML, stated by hand from ECMA-376 Part 1 §18.3.1.4 (c), §18.3.1.40 (f) and
XlsxWriter's dynamic-array output (cm="1" with an array formula over the spill range), and what a real
reader (python-calamine) finds, which `shown_values` must predict without writing the file."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from workbooks import plan as P
from workbooks.xlsx_writer import render, shown_values


def _one_sheet(*cells: P.Cell, values_only: bool = False) -> tuple[str, bytes]:
    plan = P.WorkbookPlan([P.SheetPlan("S", cells=list(cells))], {}, "2019-12")
    data = render(plan, values_only=values_only)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode("utf-8"), data


def _cell_xml(sheet_xml: str, ref: str) -> str:
    found = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', sheet_xml)
    assert found, f"no cell {ref} in {sheet_xml[:300]}"
    return found.group(0)


def _read_back(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("S").to_python(skip_empty_area=False)


def test_a_number_is_a_value_cell():
    xml, data = _one_sheet(P.Cell(2, 1, 1.5, num_format="#,##0"))
    assert re.fullmatch(r'<c r="B3" s="\d+"><v>1.5</v></c>', _cell_xml(xml, "B3"))
    assert _read_back(data)[2][1] == 1.5


def test_a_formula_error_written_as_a_literal_is_a_blank():
    # a gap (#N/A) in a values-only copy: no formula to show it, and a chart skips a blank too
    xml, _ = _one_sheet(P.Cell(0, 0, "#N/A", "=NA()"), P.Cell(0, 1, 2.0), values_only=True)
    assert "<v>" not in _cell_xml(xml, "A1") and "<f>" not in xml


def test_a_formula_keeps_its_text_and_cached_value():
    xml, data = _one_sheet(P.Cell(0, 0, 3.0, "=1+2"))
    # XlsxWriter writes a formula's cached number as Python's str() of it: "3.0"
    assert re.fullmatch(r'<c r="A1"( s="\d+")?><f>1\+2</f><v>3.0</v></c>', _cell_xml(xml, "A1"))
    assert _read_back(data) == [[3.0]]


def test_a_znnial_function_of_one_value_is_a_dynamic_array():
    # no implicit @: Excel reads a dynamic-array formula (cm="1") as entered
    xml, _ = _one_sheet(P.Cell(0, 0, 16000.0, "=zn_cost_support(18000,2000)"))
    cell = _cell_xml(xml, "A1")
    assert 'cm="1"' in cell
    assert re.search(r'<f t="array" ref="A1">zn_cost_support\(18000,2000\)</f><v>16000.0</v>', cell)


def test_a_spilled_table_covers_its_range_and_writes_each_cached_value():
    table = [["period", "price"], [1.0, 14600.0]]
    xml, data = _one_sheet(P.Cell(0, 0, table, "=hedge_backtest(B1:B2)", spill=(2, 2), table_header=True))
    assert re.search(r'<c r="A1"[^>]*cm="1"[^>]*><f t="array" ref="A1:B2">', xml)
    assert re.search(r'<c r="B2"[^>]*><v>14600</v></c>', xml)
    assert _read_back(data) == [["period", "price"], [1.0, 14600.0]]


@pytest.mark.parametrize("cell", [
    P.Cell(1, 1, "text"), P.Cell(1, 1, True), P.Cell(1, 1, 0.1 + 0.2), P.Cell(1, 1, 7.0, "=3+4"),
    P.Cell(1, 1, "", "=IF(1,\"\")"), P.Cell(1, 1, [[1.0, ""], ["a", 2.0]], "=sma(A1:A2,1)", spill=(2, 2)),
], ids=["text", "bool", "float", "formula", "blank-formula", "spill"])
def test_shown_values_predict_what_a_reader_finds(cell):
    _, data = _one_sheet(cell)
    plan = P.WorkbookPlan([P.SheetPlan("S", cells=[cell])], {}, "2019-12")
    assert shown_values(plan)["S"] == _read_back(data)

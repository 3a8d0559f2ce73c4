"""What a user makes in Excel beside our tables survives a refresh, read from the file Excel saves:
their own spilled formula (a dynamic array, not its values typed in), an error typed as a value, a
formula's last value (shown on first open and in the values copy), the Guide's month file, and
their own chart (refused by name: a rebuild cannot carry it).

Excel's markup comes from files Excel saved (tests/fixtures/excel_saved/README.md), grafted into a
workbook znnial built, as Excel would save the workbook after the user typed them."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import LineChart, Reference
from python_calamine import CalamineWorkbook

from addin import bundled
from addin.export import export_values
from addin.refresh import refresh
from addin.workbook_contents import read_contents
from addin.workbook_data import WorkbookError
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.plan import cell_address
from workbooks.sheets.guide import SHEET as GUIDE
from workbooks.user_edits import (EditConflict, ErrorValue, Formula, UserEdits, find_edits, foreign_charts,
                                  formula_key, owned_positions)

EXCEL_SAVED = Path(__file__).parent / "fixtures" / "excel_saved"
NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEDGE, HEDGE_INDEX = "表5 保值", 6  # the sixth sheet: its tables end in column F (0-based 5)


def _excel_cells(fixture: str) -> dict[str, str]:
    """A1 address -> the `<c>` element Excel saved, from a fixture's first sheet."""
    with zipfile.ZipFile(EXCEL_SAVED / fixture) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return {found.group(1): found.group(0) for found in re.finditer(r'<c r="([A-Z]+\d+)".*?</c>', xml)}


def _moved(cell_xml: str, address: str, spill_to: str | None = None) -> str:
    """Excel's cell markup at another address (and its array range moved with it)."""
    moved = re.sub(r'<c r="[A-Z]+\d+"', f'<c r="{address}"', cell_xml, count=1)
    return re.sub(r'ref="[A-Z0-9:]+"', f'ref="{address}:{spill_to}"', moved) if spill_to else moved


def _graft(workbook: Path, index: int, cells: dict[str, str]) -> None:
    """Put cells into sheet `index` of the workbook, each at the end of its row (right of every table)."""
    member = f"xl/worksheets/sheet{index}.xml"
    old_bytes = workbook.read_bytes()
    with zipfile.ZipFile(workbook) as old:
        parts = [(info, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in parts:
            if info.filename == member:
                xml = data.decode("utf-8")
                for address, markup in cells.items():
                    xml = _into_row(xml, int(re.match(r"[A-Z]+(\d+)", address).group(1)), markup)
                data = xml.encode("utf-8")
            new.writestr(info, data)
    assert workbook.read_bytes() != old_bytes


def _into_row(xml: str, row: int, markup: str) -> str:
    """The sheet XML with a cell appended to its row (a new row, in order, when it has none)."""
    xml, count = re.subn(rf'(<row r="{row}"[^>]*>.*?)(</row>)', lambda m: m.group(1) + markup + m.group(2),
                         xml, count=1, flags=re.DOTALL)
    if count:
        return xml
    later = [m for m in re.finditer(r'<row r="(\d+)"', xml) if int(m.group(1)) > row]
    at = later[0].start() if later else xml.index("</sheetData>")
    return xml[:at] + f'<row r="{row}">{markup}</row>' + xml[at:]


def _sheet_xml(workbook: Path, index: int) -> str:
    with zipfile.ZipFile(workbook) as book:
        return book.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def _cell_xml(xml: str, address: str) -> str:
    return re.search(rf'<c r="{address}"[^>]*?(?:/>|>.*?</c>)', xml, re.DOTALL).group(0)


# --------------------------------------------------------------------------- reading what Excel saved


def test_an_excel_spill_is_one_formula_at_its_anchor_and_not_values_under_it():
    # embed_image05.xlsx: Excel saved =LEN(B1:B3) spilled over A1:A3, A2 and A3 as plain <v>0</v>.
    cells = read_contents((EXCEL_SAVED / "embed_image05.xlsx").read_bytes()).cells()["Sheet1"]
    assert cells[(0, 0)] == Formula("=LEN(B1:B3)", (3, 1))
    assert cells[(0, 0)].cached == [[0.0], [0.0], [0.0]]  # LEN of three blanks, as Excel saved them
    assert (1, 0) not in cells and (2, 0) not in cells
    one = read_contents((EXCEL_SAVED / "dynamic_array02.xlsx").read_bytes()).cells()["Sheet1"]
    assert one == {(0, 0): 0.0, (0, 1): Formula("=_xlfn.UNIQUE(A1)", (1, 1))}


def test_a_picture_placed_in_a_cell_is_refused_not_kept_as_its_stand_in():
    # embed_image05.xlsx: E9 is <c r="E9" t="e" vm="1"><v>#VALUE!</v></c>, a picture placed in the cell.
    contents = read_contents((EXCEL_SAVED / "embed_image05.xlsx").read_bytes())
    assert (8, 4) not in contents.cells()["Sheet1"]
    assert contents.rich_value_problems() == [
        "'Sheet1'!E9 holds a picture placed in the cell or a linked data type, which a rebuild cannot carry "
        "(place the picture over the cells instead)"]


def test_a_formulas_saved_value_is_read_with_it():
    # dynamic_array03.xlsx: <c r="A1"><f>1+_xlfn.XOR(1)</f><v>2</v></c>; by hand 1 + TRUE = 2.
    cell = read_contents((EXCEL_SAVED / "dynamic_array03.xlsx").read_bytes()).cells()["Sheet1"][(0, 0)]
    assert cell == Formula("=1+_xlfn.XOR(1)") and cell.cached == 2.0


def test_a_chart_title_excel_saved_is_read_and_a_chart_not_ours_is_refused_by_name():
    contents = read_contents((EXCEL_SAVED / "chart_title04.xlsx").read_bytes())
    assert contents.charts == {"Sheet1": ["Load Profile [kWh]"]}
    layout = plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()]))
    history = "历史 History"
    ours = [chart.title for sheet in layout.sheets if sheet.name == history for chart in sheet.charts]
    assert foreign_charts(layout, {history: ours}) == []
    problems = foreign_charts(layout, {history: [*ours, "Load Profile [kWh]"], HEDGE: [""]})
    assert problems == [
        f"'{history}' holds the chart 'Load Profile [kWh]', which znnial does not draw: a rebuild cannot carry it "
        "(copy it into a workbook of your own, then delete it here)",
        f"'{HEDGE}' holds an untitled chart, which znnial does not draw: a rebuild cannot carry it "
        "(copy it into a workbook of your own, then delete it here)"]


def test_a_typed_month_file_is_the_users_input_and_a_changed_figure_keeps_its_hint():
    layout = plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()]))
    month_file = next(c for s in layout.sheets if s.name == GUIDE for c in s.cells if c.key == "month_file")
    found = {s.name: {(c.row, c.col): Formula(c.formula) if c.formula else c.value for c in s.cells
                      if c.formula or c.value not in (None, "")} for s in layout.sheets}  # the file as built
    found[GUIDE][(month_file.row, month_file.col)] = r"D:\desk\2019-12.csv"
    # a figure on 表4 refers to its one cell on the Data sheet (issue 19 item 3): typed over, it is refused
    figure = next(c for s in layout.sheets if s.name == "表4 铝" for c in s.cells
                  if c.formula and c.formula.startswith("='数据 Data'!"))
    found["表4 铝"][(figure.row, figure.col)] = figure.value + 1
    edits, problems = find_edits(layout, found)
    assert edits.assumptions == {GUIDE: {"month_file": r"D:\desk\2019-12.csv"}}
    assert not [p for p in problems if GUIDE in p]
    assert [p for p in problems if "表4 铝" in p] == [  # a figure, as the report prints it, plus one
        f"'表4 铝'!{cell_address(figure.row, figure.col)} holds {figure.value + 1!r}, znnial's formula there is "
        f"{figure.formula} (a figure: it lives on the sheet '数据 Data', row {figure.formula.rsplit('$', 1)[1]}; "
        "correct it there)"]


# --------------------------------------------------------------------------- carried by a refresh


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_users_spill_an_error_and_a_formula_survive_a_refresh_as_excel_wrote_them(november):
    spill, formula = _excel_cells("embed_image05.xlsx"), _excel_cells("dynamic_array03.xlsx")
    # H2:H4 beside 表5's tables: Excel's own spill markup (anchor cm="1", H3 and H4 plain values);
    # H6 a typed #N/A (ECMA-376 18.18.11: t="e", the error as the value); H8 Excel's =1+XOR(1) with value 2.
    _graft(november, HEDGE_INDEX, {
        "H2": _moved(spill["A1"], "H2", "H4"), "H3": _moved(spill["A2"], "H3"), "H4": _moved(spill["A3"], "H4"),
        "H6": '<c r="H6" t="e"><v>#N/A</v></c>', "H8": _moved(formula["A1"], "H8")})
    result = refresh(november, [DECEMBER])
    assert result.edits.cells == {HEDGE: {(1, 7): Formula("=LEN(B1:B3)", (3, 1)), (5, 7): ErrorValue("#N/A"),
                                          (7, 7): Formula("=1+_xlfn.XOR(1)")}}
    xml = _sheet_xml(november, HEDGE_INDEX)
    anchor = _cell_xml(xml, "H2")
    # still a dynamic array over its range (cm="1"), to be recalculated (ca="1": it calls no znnial function)
    assert 'cm="1"' in anchor and '<f ca="1" t="array" ref="H2:H4">LEN(B1:B3)</f>' in anchor
    assert "<f" not in _cell_xml(xml, "H3") + _cell_xml(xml, "H4")  # its result, as Excel saves a spill
    assert re.fullmatch(r'<c r="H6"( s="\d+")? t="e"><v>#N/A</v></c>', _cell_xml(xml, "H6"))  # a constant
    assert re.fullmatch(r'<c r="H8"( s="\d+")?><f ca="1">1\+_xlfn.XOR\(1\)</f><v>2(\.0)?</v></c>', _cell_xml(xml, "H8"))
    again = read_contents(november.read_bytes()).cells()[HEDGE]  # and the next refresh reads the same
    assert {p: again[p] for p in ((1, 7), (5, 7), (7, 7))} == result.edits.cells[HEDGE]
    assert (2, 7) not in again and (3, 7) not in again
    assert refresh(november, []).edits.cells == result.edits.cells


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_typed_error_alone_is_kept_though_it_reads_as_blank(november):
    # calamine reads <c t="e"><v>#N/A</v></c> as blank, so the file's values still match znnial's digest.
    _graft(november, HEDGE_INDEX, {"H6": '<c r="H6" t="e"><v>#N/A</v></c>'})
    assert refresh(november, [DECEMBER]).edits.cells == {HEDGE: {(5, 7): ErrorValue("#N/A")}}
    assert re.fullmatch(r'<c r="H6"( s="\d+")? t="e"><v>#N/A</v></c>', _cell_xml(_sheet_xml(november, HEDGE_INDEX), "H6"))


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_spill_the_new_layout_would_cover_is_refused_by_name(november):
    # A free cell of 表5's column A right above one of its tables: a spill two rows tall would cover the table.
    layout = plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]))
    owned = owned_positions(next(s for s in layout.sheets if s.name == HEDGE))
    row = next(r for r in range(60) if (r, 0) not in owned and (r + 1, 0) in owned)
    spill = _excel_cells("embed_image05.xlsx")
    _graft(november, HEDGE_INDEX, {f"K{row + 1}": _moved(spill["A1"], f"K{row + 1}", f"K{row + 2}")})
    contents = read_contents(november.read_bytes()).cells()[HEDGE]
    assert contents[(row, 10)] == Formula("=LEN(B1:B3)", (2, 1))
    anchor = f"A{row + 1}"
    edits = UserEdits(cells={HEDGE: {(row, 0): contents[(row, 10)]}})
    with pytest.raises(EditConflict, match=rf"'表5 保值'!{anchor} \(which holds =LEN\(B1:B3\)\): its spill range is now "
                                           r"part of znnial's layout"):
        plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]), edits)


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_values_copy_shows_the_value_excel_last_saved_for_a_users_formula(tmp_path, november):
    formula = _excel_cells("dynamic_array03.xlsx")
    _graft(november, HEDGE_INDEX, {"H8": _moved(formula["A1"], "H8"), "H6": '<c r="H6" t="e"><v>#N/A</v></c>'})
    copy = export_values(november, tmp_path / "copy.xlsx")
    rows = CalamineWorkbook.from_path(str(copy)).get_sheet_by_name(HEDGE).to_python(skip_empty_area=False)
    assert rows[7][7] == 2.0  # 1 + XOR(1) = 1 + TRUE, by hand; no formula in the copy
    assert re.fullmatch(r'<c r="H6"( s="\d+")? t="e"><v>#N/A</v></c>', _cell_xml(_sheet_xml(copy, HEDGE_INDEX), "H6"))


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_month_file_typed_into_the_guide_is_kept_by_a_refresh(november):
    book = openpyxl.load_workbook(november, keep_vba=True)
    sheet, cell = next(iter(book.defined_names["in_month_file"].destinations))
    book[sheet][cell.replace("$", "")] = r"D:\desk\2019-12.csv"
    book.save(november)
    result = refresh(november, [DECEMBER])
    assert result.edits.assumptions == {GUIDE: {"month_file": r"D:\desk\2019-12.csv"}}
    assert openpyxl.load_workbook(november)[sheet][cell.replace("$", "")].value == r"D:\desk\2019-12.csv"


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_users_own_chart_is_refused_by_name_and_nothing_changes(november):
    book = openpyxl.load_workbook(november, keep_vba=True)
    chart = LineChart()
    chart.title = "My zinc spread"
    chart.add_data(Reference(book[HEDGE], min_col=2, min_row=3, max_row=8))
    book[HEDGE].add_chart(chart, "H2")
    book.save(november)
    before = november.read_bytes()
    with pytest.raises(WorkbookError, match=r"'表5 保值' holds the chart 'My zinc spread', which znnial does not draw"):
        refresh(november, [DECEMBER])
    assert november.read_bytes() == before


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_libreoffice_keeps_what_a_refresh_carried_and_the_next_refresh_reads_it_back(tmp_path, november):
    spill, formula = _excel_cells("embed_image05.xlsx"), _excel_cells("dynamic_array03.xlsx")
    _graft(november, HEDGE_INDEX, {
        "H2": _moved(spill["A1"], "H2", "H4"), "H3": _moved(spill["A2"], "H3"), "H4": _moved(spill["A3"], "H4"),
        "H6": '<c r="H6" t="e"><v>#N/A</v></c>', "H8": _moved(formula["A1"], "H8")})
    refresh(november, [DECEMBER])
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "xlsm", "--outdir", str(tmp_path / "lo"), str(november)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    saved = tmp_path / "lo" / november.name
    cells = read_contents(saved.read_bytes()).cells()[HEDGE]
    assert formula_key(cells[(7, 7)].text) == "1+XOR(1)" and cells[(7, 7)].cached == 2.0  # LibreOffice shows 1 + TRUE
    assert cells[(1, 7)].spill == (3, 1) and (2, 7) not in cells and (3, 7) not in cells  # still one array
    assert cells[(5, 7)] == Formula("=#N/A")  # LibreOffice has no error constants: it saves the formula =#N/A
    kept = refresh(saved, []).edits.cells[HEDGE]
    assert sorted(kept) == [(1, 7), (5, 7), (7, 7)] and kept[(1, 7)].spill == (3, 1)

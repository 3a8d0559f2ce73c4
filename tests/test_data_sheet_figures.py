"""One copy of each figure: it lives on the Data sheet, every table refers to it, a correction there flows
through the refresh, and the Data sheet's rows pass the month-file checks (issue 19, item 3)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from addin import bundled
from addin.cli import main as cli
from addin.workbook_data import observations_from_rows
from tests.excel_eval import bundled_plan
from workbooks.monthdata import MonthFileError
from workbooks.sheets.data import COLUMNS, SHEET as DATA_SHEET, VALUE_COL, value_reference

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REPORT_FULL_COST, CORRECTED_FULL_COST = 13085, 13285  # FIGURES.md Table 4: al full cost end-Nov 2019; +200, stated


def test_every_figure_outside_the_data_sheet_refers_to_its_data_row():
    plan = bundled_plan()
    data = {(c.row, c.col): c.value for c in plan.sheet(DATA_SHEET).cells}
    referring = 0
    for sheet in plan.sheets:
        if sheet.name == DATA_SHEET:
            continue
        for cell in sheet.cells:
            if cell.formula and cell.formula.startswith(f"='{DATA_SHEET}'!"):
                row = int(cell.formula.rsplit("$", 1)[1]) - 1
                assert cell.formula == value_reference(row) and cell.value == data[(row, VALUE_COL)], cell
                referring += 1
            elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.formula is None:
                # no number is stored twice: a literal number elsewhere is the user's assumption, the Guide's
                # count of observations, or a daily close (workbooks/data/prices/daily: not on the Data sheet)
                assert cell.assumption or (sheet.name, cell.col) in {("说明 Guide", 1), ("日线回测", 1)}, \
                    (sheet.name, cell)
    assert referring > 0
    # the report's al full cost (FIGURES.md Table 4: 13,085, end-Nov 2019) is shown on 表4 from its Data row
    full_cost = next(c for c in plan.sheet("表4 铝").cells if c.name == "in_al_full_cost")
    row = next(c.row for c in plan.sheet(DATA_SHEET).cells
               if c.col == VALUE_COL and c.value == REPORT_FULL_COST and c.row > 0)
    assert (full_cost.formula, full_cost.value) == (value_reference(row), REPORT_FULL_COST)


def _data_rows(*rows) -> list[list]:
    return [list(COLUMNS), *map(list, rows)]


def test_a_data_sheet_row_is_checked_as_a_month_file_row_is():
    rows = _data_rows(("2019-11", "al", "full_cost", 13085.0, "CNY/t", "SMM"),
                      ("2019-11", "al", "full_cots", 130850.0, "kt", "SMM"),
                      ("2019-11", "al", "full_cost", 130850.0, "CNY/t", "Antaike"),
                      ("2019-11", "zn", "tc_domestic", 6100.0, "kt", "SMM"),
                      ("2019-11", "al", "full_cost", 13100.0, "CNY/t", "SMM"))
    with pytest.raises(MonthFileError) as failure:
        observations_from_rows(rows, Path("desk/znnial.xlsm"))
    where = f"znnial.xlsm, sheet '{DATA_SHEET}'"
    assert [p.render() for p in failure.value.problems] == [
        f"{where} row 3, al/full_cots = 130850: unknown item 'full_cots' for al; did you mean full_cost?",
        f"{where} row 4, al/full_cost = 130850: value 130850 CNY/t is outside the plausible range 8,000 … 30,000 "
        "for al/full_cost (wrong unit or a slipped decimal point?)",
        f"{where} row 5, zn/tc_domestic = 6100: unit 'kt' is not accepted for zn/tc_domestic; expected CNY/t (元/吨) "
        "(values are never rescaled between units)",
        f"{where} row 6, al/full_cost = 13100: duplicate of row 2 (same month 2019-11, item and source 'SMM'; "
        "first value 13085)"]


def test_good_data_rows_read_as_the_month_file_reads_them():
    rows = _data_rows(("2019-11", "al", "full_cost", 13085.0, "CNY/t", "SMM"),
                      ("2019-11", "al", "operating_rate_quoted", "86.8%", "fraction", "SMM"))
    observations = observations_from_rows(rows, Path("znnial.xlsm"))
    assert [(o.item, o.value, o.row, o.file) for o in observations] == [
        ("full_cost", 13085.0, 2, "znnial.xlsm"), ("operating_rate_quoted", 0.868, 3, "znnial.xlsm")]


def _correct_full_cost(workbook: Path) -> int:
    """Type the corrected al full cost of 2019-11 over the Data sheet's figure (openpyxl saves no cached
    values); returns its Excel row."""
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    sheet = book[DATA_SHEET]
    row = next(r for r in sheet.iter_rows(min_row=2) if [c.value for c in r[:3]] == ["2019-11", "al", "full_cost"])
    assert row[VALUE_COL].value == REPORT_FULL_COST
    row[VALUE_COL].value = CORRECTED_FULL_COST
    book.save(workbook)
    return row[0].row


def _named_values(workbook: Path, *names: str) -> dict[str, float]:
    """The cached values of defined names in a file, read with calamine."""
    book = openpyxl.load_workbook(workbook)
    values = CalamineWorkbook.from_path(str(workbook))
    out = {}
    for name in names:
        sheet, address = next(iter(book.defined_names[name].destinations))
        cell = book[sheet][address.replace("$", "")]
        out[name] = values.get_sheet_by_name(sheet).to_python(skip_empty_area=False)[cell.row - 1][cell.column - 1]
    return out


def _check_corrected(workbook: Path, data_row: int) -> None:
    values = _named_values(workbook, "in_al_full_cost", "out_al_other_backsolved", "out_al_sell_low",
                           "out_al_sell_high", "out_al_cover_below")
    # hand: other = full cost − alumina 2,474 × 1.93 − power 0.3092 × 13,500 − anode 3,000 × 0.45 − fluoride 200
    #       = 13,285 − 4,774.82 − 4,174.2 − 1,350 − 200 = 2,785.98 (the report's 13,085 gives 2,585.98)
    # zones (表5): full cost + margins 1,415 / 1,615 / 415 = 14,700 / 14,900 / 13,700 (report: 14,500 / 14,700 / 13,500)
    assert values == pytest.approx({"in_al_full_cost": 13285, "out_al_other_backsolved": 2785.98,
                                    "out_al_sell_low": 14700, "out_al_sell_high": 14900, "out_al_cover_below": 13700})
    book = openpyxl.load_workbook(workbook)
    table4 = book["表4 铝"]
    cell = next(iter(book.defined_names["in_al_full_cost"].destinations))[1].replace("$", "")
    assert table4[cell].value == f"='{DATA_SHEET}'!$D${data_row}"  # 表4 shows the Data row, holds no copy
    november = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name("2019-11").to_python()
    assert 13285 in [row[2] for row in november] and REPORT_FULL_COST not in [row[2] for row in november]


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_figure_corrected_on_the_data_sheet_flows_through_the_refresh(november, capsys):
    data_row = _correct_full_cost(november)
    assert cli(["refresh", "--no-backup", str(november), str(DECEMBER)]) == 0, capsys.readouterr().err
    _check_corrected(november, data_row)  # December has no al full cost: 表4 shows November's, corrected


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_correction_libreoffice_saved_flows_through_the_refresh(tmp_path, november, capsys):
    data_row = _correct_full_cost(november)
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "xlsm", "--outdir", str(tmp_path / "lo"), str(november)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    saved = tmp_path / "lo" / november.name
    # LibreOffice recalculated 表4's reference to the Data row: its saved value is the correction
    assert _named_values(saved, "in_al_full_cost") == {"in_al_full_cost": 13285}
    assert cli(["refresh", "--no-backup", str(saved), str(DECEMBER)]) == 0, capsys.readouterr().err
    _check_corrected(saved, data_row)


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_mistyped_data_row_refuses_the_refresh_naming_the_row(november, capsys):
    book = openpyxl.load_workbook(november, keep_vba=True)
    sheet = book[DATA_SHEET]
    row = next(r for r in sheet.iter_rows(min_row=2) if [c.value for c in r[:3]] == ["2019-11", "al", "full_cost"])
    row[2].value, row[3].value, row[4].value = "full_cots", 130850, "kt"
    book.save(november)
    before = november.read_bytes()
    assert cli(["refresh", str(november), str(DECEMBER)]) == 2
    err = capsys.readouterr().err
    assert (f"znnial.xlsm, sheet '{DATA_SHEET}' row {row[0].row}, al/full_cots = 130850: unknown item 'full_cots' "
            "for al; did you mean full_cost?") in err
    assert november.read_bytes() == before

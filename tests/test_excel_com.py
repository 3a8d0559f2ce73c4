"""The Excel fake's rules (doubles/excel_com.py), each read through xlwings 0.37.8's own code as the add-in
reads Excel, against what the cited documentation says Excel returns. The workbook is written here with
XlsxWriter, with the cached values Excel would have saved (XlsxWriter's `value=` argument)."""

from __future__ import annotations

import pytest
import xlsxwriter

from doubles.excel_button import open_in_excel, xl
from doubles.excel_com import XL_ERROR_PARSE
from doubles.win32_stubs import com_error


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "rules.xlsx"
    out = xlsxwriter.Workbook(path)
    sheet = out.add_worksheet("S")
    two = out.add_format({"num_format": "0.00"})
    sheet.write_number("A1", 1, two)
    sheet.write_string("A2", "text")
    sheet.write_formula("B1", "=A1+1", None, 2)
    sheet.write_formula("B2", "=NA()", None, "#N/A")
    sheet.write_dynamic_array_formula("C1:C3", "=SEQUENCE(3)", None, 1)
    sheet.write_number("C2", 2)  # the spilled cells' values, as Excel saves them
    sheet.write_number("C3", 3)
    for row in range(240):
        sheet.write_number(10 + row, 4, row)  # E11:E250
    out.close()
    app, opened = open_in_excel(path)
    return app, opened, xl(opened).sheets["S"]


def test_a_block_reads_as_rows_and_formula_text_as_excel_shows_it(book):
    _, _, sheet = book
    # pywin32: a multi-cell Formula is a tuple of row tuples, and xlwings hands it on as it is
    # [Formula]: a constant's formula is the constant, an empty cell's is ""
    assert sheet.range("A1:B2").formula == (("1", "=A1+1"), ("text", "=NA()"))
    assert sheet.range("A3").formula == ""
    assert sheet.range("A1:B2").formula2 == (("1", "=A1+1"), ("text", "=NA()"))
    # [Value]: numbers are doubles; xlwings turns the rows into lists
    assert sheet.range("A1:B1").value == [1.0, 2.0]


def test_an_error_cell_is_the_com_error_code_which_xlwings_reads_as_none(book):
    _, _, sheet = book
    # [CellErrors] xlErrNA = 2042 → VT_ERROR 0x800A07FA; _xlwindows.cell_errors maps it to "#N/A"
    assert sheet.range("B2").raw_value == -2146826246
    assert sheet.range("B2").value is None
    assert sheet.range("B2").options(err_to_str=True).value == "#N/A"


def test_spilled_cells_return_their_values(book):
    _, _, sheet = book
    assert sheet.range("C1:C3").value == [1.0, 2.0, 3.0]


def test_an_unparsable_formula_raises_0x800a03ec_and_writes_nothing(book):
    _, opened, sheet = book
    with pytest.raises(com_error) as raised:
        sheet.range("A1:A2").formula = [["=1+1"], ["=SUM(1"]]
    assert raised.value.excepinfo[5] == XL_ERROR_PARSE == -2146827284
    assert sheet.range("A1:A2").formula == (("1",), ("text",))  # the valid first formula was not written either
    assert opened.Saved


def test_number_formats_are_kept_per_cell(book):
    _, _, sheet = book
    assert sheet.range("A1").number_format == "0.00"
    assert sheet.range("A2").number_format == "General"
    assert sheet.range("A1:A2").number_format is None  # [NumberFormat]: Null when the cells differ


def test_status_bar_calculation_and_file_dialog(book):
    app, _, sheet = book
    xw_app = sheet.book.app
    assert xw_app.status_bar is False  # [StatusBar]: False while Excel has control of it
    xw_app.status_bar = "working"
    assert app.StatusBar == "working"
    xw_app.status_bar = False
    assert xw_app.calculation == "automatic"
    assert xw_app.api.GetOpenFilename("Month files (*.csv),*.csv") is False  # [GetOpenFilename]: Cancel


def test_round_trips_are_counted_and_a_block_read_is_one_value_call(book):
    app, _, sheet = book
    before = app.round_trips
    sheet.range("E11:E22").value
    twelve = app.round_trips - before
    before = app.round_trips
    sheet.range("E11:E250").value
    assert app.round_trips - before == twelve > 0  # the same calls for 12 rows as for 240


def test_save_copy_as_leaves_the_open_book_and_copies_its_unsaved_state(book, tmp_path):
    app, opened, sheet = book
    opened.SaveCopyAs(str(tmp_path / "same.xlsx"))
    assert (tmp_path / "same.xlsx").read_bytes() == (tmp_path / "rules.xlsx").read_bytes()
    sheet.range("A2").value = "typed, not saved"
    assert not opened.Saved
    opened.SaveCopyAs(str(tmp_path / "edited.xlsx"))
    copy = app.open(tmp_path / "edited.xlsx")
    assert xl(copy).sheets["S"].range("A2").value == "typed, not saved"
    assert (tmp_path / "rules.xlsx").read_bytes() != (tmp_path / "edited.xlsx").read_bytes()


def test_a_formula_written_through_the_fake_is_not_given_a_value(book):
    _, _, sheet = book
    sheet.range("A5").formula = "=A1*3"
    assert sheet.range("A5").formula == "=A1*3"
    with pytest.raises(NotImplementedError, match="does not evaluate"):
        sheet.range("A5").value  # Excel would compute 3; the fake does not pretend to


def test_series_plot_order_counts_within_an_axis_group(tmp_path):
    path = tmp_path / "chart.xlsx"
    out = xlsxwriter.Workbook(path)
    sheet = out.add_worksheet("S")
    sheet.write_column("A1", [1, 2, 3])
    sheet.write_column("B1", [4, 5, 6])
    sheet.write_column("C1", [7, 8, 9])
    chart = out.add_chart({"type": "line"})
    chart.add_series({"name": "left one", "values": "=S!$A$1:$A$3"})
    chart.add_series({"name": "left two", "values": "=S!$B$1:$B$3"})
    chart.add_series({"name": "right", "values": "=S!$C$1:$C$3", "y2_axis": True})
    sheet.insert_chart("E2", chart)
    out.close()
    _, opened = open_in_excel(path)
    _, xl_chart = xl(opened).sheets["S"].charts[0].api  # xlwings gives (ChartObject, Chart)
    series = list(xl_chart.SeriesCollection())
    # [Series.PlotOrder]: the order within the chart group, so the right-axis series is first of its own group
    assert [(s.Name, s.PlotOrder, s.AxisGroup) for s in series] == [("left one", 1, 1), ("left two", 2, 1),
                                                                   ("right", 1, 2)]
    assert series[2].Formula == '=SERIES("right",,S!$C$1:$C$3,1)'

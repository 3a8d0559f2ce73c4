"""History and 日线回测 through the units table and the strict check (issue 22 item 5): a unit or key they
declare that the build cannot place fails the build naming the sheet and the column or row. 日线回测's rows are
template rows (workbooks/spec.py DayTable), so its messages are the strict check's for any sheet."""

from __future__ import annotations

import dataclasses

import pytest

from workbooks.build import check_all_specs
from workbooks.formula import Call, Ref
from workbooks.sheets import daily_backtest, history
from workbooks.spec_check import SpecError


def _replace_column(monkeypatch, key, **changes):
    columns = tuple(dataclasses.replace(c, **changes) if c.key == key else c for c in history.COLUMNS)
    monkeypatch.setattr(history, "COLUMNS", columns)


def test_history_formats_come_from_the_units_table():
    by_key = {c.key: c for c in history.COLUMNS}
    # by hand (workbooks/units.py): CNY/t whole yuan, USD/t two decimals, a MoM change one decimal of a percent
    assert (by_key["zn_avg"].fmt, by_key["al_lme"].fmt, by_key["ni_mom"].fmt, by_key["month"].fmt) == (
        "#,##0", "#,##0.00", "0.0%", "@")


def test_a_history_column_with_an_unknown_unit_fails_the_build(monkeypatch):
    _replace_column(monkeypatch, "zn_cushion", unit="CNY/tonne")
    with pytest.raises(SpecError, match=r"sheet '历史 History', column 'zn_cushion' \(zinc above support\): "
                                        r"unknown unit 'CNY/tonne'"):
        check_all_specs()


def test_a_history_data_column_in_another_unit_than_its_item_fails_the_build(monkeypatch):
    _replace_column(monkeypatch, "al_lme", unit="CNY/t")
    with pytest.raises(SpecError, match=r"column 'al_lme' .*: unit 'CNY/t' is not its item's unit 'USD/t'"):
        check_all_specs()


def test_the_daily_back_test_reading_an_unknown_key_fails_the_build(monkeypatch):
    broken = Call("sell_hedge_backtest", *(Ref("al.sell_lo") if getattr(a, "key", None) == "al.sell_low" else a
                                           for a in daily_backtest.BACKTEST.args))
    monkeypatch.setattr(daily_backtest, "BACKTEST", broken)
    with pytest.raises(SpecError, match=r"sheet '日线回测', row 'dl.backtest' \(the daily back-test\): reference to "
                                        r"unknown key 'al.sell_lo': no row lays it out on any template sheet"):
        check_all_specs()


def test_a_daily_back_test_result_in_an_unknown_unit_fails_the_build(monkeypatch):
    monkeypatch.setattr(daily_backtest, "RESULTS", daily_backtest.RESULTS[:-1] + (
        ("dl.unhedged_price", "未保值平均销售价", "average sale price", "avg_unhedged_price", "yuan/t"),))
    with pytest.raises(SpecError, match=r"sheet '日线回测', row 'dl.unhedged_price' \(average sale price\): "
                                        r"unknown unit 'yuan/t'"):
        check_all_specs()


def test_a_daily_column_with_an_unknown_unit_fails_the_build(monkeypatch):
    monkeypatch.setattr(daily_backtest, "COLUMNS", daily_backtest.COLUMNS[:2] + (
        dataclasses.replace(daily_backtest.COLUMNS[2], unit="CNY/tonne"),))
    with pytest.raises(SpecError, match=r"sheet '日线回测', column 'spot': unknown unit 'CNY/tonne'"):
        check_all_specs()


def test_daily_columns_out_of_their_order_fail_the_build(monkeypatch):
    # workbooks/day_table.py lays date, close and spot in columns A, B, C: swapped, the sheet would be wrong
    date, close, spot = daily_backtest.COLUMNS
    monkeypatch.setattr(daily_backtest, "COLUMNS", (date, spot, close))
    with pytest.raises(SpecError, match=r"sheet '日线回测': the day table's columns are date, spot, close, not "
                                        "date, close, spot"):
        check_all_specs()


def test_a_daily_back_test_over_a_column_its_table_lacks_fails_the_build(monkeypatch):
    from workbooks.formula import HistoryRange

    broken = Call("sell_hedge_backtest", *(HistoryRange("settle") if getattr(a, "key", None) == "close" else a
                                           for a in daily_backtest.BACKTEST.args))
    monkeypatch.setattr(daily_backtest, "BACKTEST", broken)
    with pytest.raises(SpecError, match=r"sheet '日线回测', row 'dl.backtest': reference to column 'settle', which is "
                                        "not a column of its table"):
        check_all_specs()


def test_a_daily_term_with_a_key_of_another_sheet_fails_the_build(monkeypatch):
    # 回测 lays out bt.margin_ratio (workbooks/sheets/scenarios.py); the same key here would be a second cell
    monkeypatch.setattr(daily_backtest, "PARAMS", (("bt.margin_ratio", "保证金比例", "margin ratio", 0.1, "fraction",
                                                    "made up"),) + daily_backtest.PARAMS[1:])
    with pytest.raises(SpecError, match=r"sheet '日线回测', row 'bt.margin_ratio' \(margin ratio\): key "
                                        r"'bt.margin_ratio' is laid out twice \(also on sheet '回测"):
        check_all_specs()


def test_count_and_summary_cell_render_and_compute_by_hand():
    """The two formula parts 日线回测 reads its table with, on a made-up three-day column and a two-row table."""
    from workbooks.formula import Count, HistoryRange, SummaryCell

    class Context:
        def column(self, key):
            return 1, [14000.0, "", 14100.5]

        def column_text(self, key, offset, trim):
            return "in_dl_al_closes"

        def value(self, key):
            return [["period", "total"], ["summary", 123.0]]

        def spill_address(self, key, row, col):
            return f"R{row}C{col}"

    # by hand: two of the three cells hold numbers; the summary is the last row, column 2 (1-based) of 2 rows
    assert Count(HistoryRange("close")).render(Context()) == "COUNT(in_dl_al_closes)"
    assert Count(HistoryRange("close")).evaluate(Context()) == 2
    assert SummaryCell("dl.backtest", 1).render(Context()) == "R2C2"
    assert SummaryCell("dl.backtest", 1).evaluate(Context()) == 123.0


def test_a_month_table_is_laid_out_by_the_sheet_layout_one_row_a_month():
    """A three-month table on its own (prices made up): what SheetLayout lays, worked out by hand."""
    from workbooks import plan as P
    from workbooks.dataset import Dataset
    from workbooks.formula import HistoryRange
    from workbooks.book import Book
    from workbooks.layout import SheetLayout
    from workbooks.monthdata import Observation
    from workbooks.spec import MonthColumn, MonthTable, SheetSpec

    prices = {"2019-09": 19000.0, "2019-10": 19500.0, "2019-11": 18525.0}
    dataset = Dataset([Observation(m, "zn", "shfe_avg", v, "CNY/t", "SHFE", "test", 2) for m, v in prices.items()])
    table = MonthTable("title", "note", (
        MonthColumn("month", "月份", "month", "text"),
        MonthColumn("zn_avg", "沪锌均价", "SHFE zinc avg", "CNY/t", data=("zn", "shfe_avg")),
        MonthColumn("zn_mom", "锌环比", "zinc MoM", "MoM", offset=1,
                    spill=Call("pct_change", HistoryRange("zn_avg", offset=1), HistoryRange("zn_avg", trim=1)))),
        (("zinc", ("zn_avg",)),), highlights=("BUY",))
    sheet = SheetLayout(Book(dataset, "2019-11", use_names=True), SheetSpec("表", (table,), freeze=(4, 1))).lay()
    at = {(c.row, c.col): c for c in sheet.cells}
    # title row 1, note row 2, headers rows 3–4, months from row 5 (0-based 4)
    assert [at[(4 + i, 0)].value for i in range(3)] == list(prices)
    # the Data sheet sorts by month: September on its row 2 (header on row 1), column D the value
    assert at[(4, 1)].formula == "='数据 Data'!$D$2" and at[(6, 1)].formula == "='数据 Data'!$D$4"
    mom = at[(5, 2)]  # one array formula from the second month: this month's prices over last month's
    assert mom.formula == "=pct_change(B6:B7,B5:B6)" and mom.spill == (2, 1)
    assert mom.value[0][0] == pytest.approx(19500 / 19000 - 1) and mom.value[1][0] == pytest.approx(-0.05)
    assert mom.num_format == "0.0%"  # MoM in the units table
    # the chart draws the price through a column beside the table (one empty column between): E5:E7
    assert at[(4, 4)].formula == "=IF(ISNUMBER(B5),B5,NA())"
    (chart,) = sheet.charts
    assert chart.series[0].values == (4, 4, 6, 4) and chart.anchor == (9, 0)  # three rows under the last month
    assert chart.y_min == 16000.0  # 90 % of 18,525 is 16,672.5, floored to the thousand
    assert [(h.contains, h.first_row, h.last_row, h.last_col) for h in sheet.highlights] == [("BUY", 4, 6, 2)]
    assert sheet.freeze == (4, 1) and sheet.widths[0] == 9 and sheet.widths[4] == 16

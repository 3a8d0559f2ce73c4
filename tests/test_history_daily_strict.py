"""History and 日线回测 through the units table and the strict check (issue 22 item 5): a unit or key they
declare that the build cannot place fails the build naming the sheet and the column or row."""

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
    with pytest.raises(SpecError, match=r"sheet '日线回测', the back-test: reference to unknown key 'al.sell_lo'"):
        check_all_specs()


def test_a_daily_back_test_result_in_an_unknown_unit_fails_the_build(monkeypatch):
    monkeypatch.setattr(daily_backtest, "RESULTS", daily_backtest.RESULTS[:-1] + (
        ("dl.unhedged_price", "未保值平均销售价", "average sale price", "avg_unhedged_price", "yuan/t"),))
    with pytest.raises(SpecError, match=r"sheet '日线回测', row 'dl.unhedged_price': unknown unit 'yuan/t'"):
        check_all_specs()

"""Excel's 1900 date system (udfs/core/excel_dates.py), against hand counts of days."""

from __future__ import annotations

import datetime as dt

import pytest

from udfs.core.excel_dates import date_of_serial, excel_serial


def test_a_date_is_its_day_count_since_1899_12_30():
    # hand: 1900-03-01 is serial 61 in Excel (60 is its phantom 1900-02-29); 2026-02-09 − 1899-12-30 = 46,062 days
    assert excel_serial(dt.date(1900, 3, 1)) == 61
    assert excel_serial(dt.date(2026, 2, 9)) == 46062
    assert excel_serial(dt.datetime(2026, 2, 9, 18, 0)) == 46062.75  # 18 h = 0.75 of a day
    assert date_of_serial(46062.0) == dt.date(2026, 2, 9)


def test_a_fraction_of_a_day_is_no_date():
    with pytest.raises(ValueError, match=r"46062.5 is not a whole day"):
        date_of_serial(46062.5)

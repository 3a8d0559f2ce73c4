"""Excel's 1900 date system, once: a date is the count of days since 1899-12-30 (serial 1 = 1900-01-01 as Excel
shows it; from 1900-03-01 on, where every date znnial handles lies, the count is exact)."""

from __future__ import annotations

import datetime as dt

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def excel_serial(value: dt.date) -> float:
    """A date (or date and time) as Excel's serial day number; a time zone is dropped, as Excel keeps none."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - EXCEL_EPOCH
    return delta.days + delta.seconds / 86400.0


def date_of_serial(serial: float) -> dt.date:
    """The day a whole serial number stands for (46062 → 2026-02-09); a fraction is an error, not rounded."""
    if not float(serial).is_integer():
        raise ValueError(f"{serial!r} is not a whole day")
    return EXCEL_EPOCH.date() + dt.timedelta(days=int(serial))

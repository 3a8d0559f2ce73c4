"""The data shipped with znnial: the report's months and the public monthly prices."""

from __future__ import annotations

from pathlib import Path

from workbooks.monthdata import BUNDLED_DATA, read_month_files

MONTHS = BUNDLED_DATA / "months"
PRICES = BUNDLED_DATA / "prices"


def month_files() -> list[Path]:
    return sorted(MONTHS.glob("*.csv"))


def price_files() -> list[Path]:
    return sorted(PRICES.glob("*.csv"))


def all_observations():
    return read_month_files([*month_files(), *price_files()])

"""udfs.core.contracts: SHFE and LME contract data, each value from the source listed in contracts.SOURCES."""

from __future__ import annotations

import math

import pytest

import udfs
from udfs.core import contracts

# lot t, tick CNY/t, delivery unit t, min margin, daily limit, last trading day
EXPECTED = {
    "AL": (5, 5, 25, 0.05, 0.03, 15),  # SHFE aluminium contract
    "ZN": (5, 5, 25, 0.05, 0.04, 15),  # SHFE zinc contract text
    "NI": (1, 10, 6, 0.05, 0.04, 15),  # SHFE nickel contract text
    "AO": (20, 1, 300, 0.05, 0.04, 15),  # SHFE alumina contract (shangjia.com, 2023-09-18)
    "SS": (5, 5, 60, 0.05, 0.04, 15),  # SHFE stainless steel contract (shinnytech.com)
    "CU": (5, 10, 25, 0.05, 0.03, 15),  # SHFE copper contract text (licai.cofool.com, 2022-11-11)
    "PB": (5, 5, 25, 0.05, 0.04, 15),  # SHFE lead contract text, notice [2020] No. 134 (licai.cofool.com)
    "SN": (1, 10, 2, 0.05, 0.04, 15),  # SHFE tin contract text (hxqdsh.com, 2022-04-11)
}
SHFE_FIELDS = ("lot_size", "tick", "delivery_unit", "min_margin", "daily_limit", "last_trading_day")


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_shfe_contract_fields(symbol):
    got = tuple(contracts.contract_spec(symbol, f) for f in SHFE_FIELDS)
    assert got == EXPECTED[symbol]


@pytest.mark.parametrize(("symbol", "lot", "tick"), [("LME_AL", 25, 0.5), ("LME_ZN", 25, 0.5), ("LME_NI", 6, 5)])
def test_lme_lot_sizes_ticks_and_nothing_else(symbol, lot, tick):
    # lme.com contract specifications: aluminium and zinc 25 t, nickel 6 t; outright ticks (Ring, LMEselect)
    # 0.50, 0.50 and 5.00 USD/t (lme.com tick-sizes page, Notice 24/240); other fields not entered
    assert contracts.contract_spec(symbol, "lot_size") == lot
    assert contracts.lot_size(symbol.lower()) == lot
    assert contracts.contract_spec(symbol, "tick") == tick
    for field in contracts.FIELDS[2:]:
        assert math.isnan(contracts.contract_spec(symbol, field)), field


@pytest.mark.parametrize("symbol", contracts.SYMBOLS)
def test_a_lot_size_in_tonnes_stands_for_the_symbol(symbol):
    # issue 20: a number > 0 is taken as the lot size in t, equal to the symbol's where the symbol is known
    assert contracts.lot_size(contracts.contract_spec(symbol, "lot_size")) == contracts.lot_size(symbol)


def test_a_lot_size_must_be_positive():
    assert contracts.lot_size(2.5) == 2.5  # e.g. a contract outside the table
    for bad in (0, -5.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="symbol: lot size"):
            contracts.lot_size(bad)


def test_storage_fee_only_where_published():
    # SHFE circular SQBF [2015] No. 25: Ni 1.25 CNY/t/day; no public figure for the others → NaN
    assert contracts.contract_spec("NI", "storage_per_day") == 1.25
    for symbol in ("AL", "ZN", "AO", "SS", "CU", "PB", "SN"):
        assert math.isnan(contracts.contract_spec(symbol, "storage_per_day")), symbol


def test_every_symbol_has_every_field():
    assert contracts.SYMBOLS == ("AL", "ZN", "NI", "AO", "SS", "CU", "PB", "SN", "LME_AL", "LME_ZN", "LME_NI")
    for symbol in contracts.SYMBOLS:
        assert tuple(contracts.CONTRACTS[symbol]) == contracts.FIELDS


def test_every_entered_value_has_a_source():
    # Each symbol with a number in a field must be named in a SOURCES row for that field (or its group).
    covered = set()
    for symbols, fields, _ in contracts.SOURCES:
        for symbol in symbols.split(", "):
            for field in (contracts.FIELDS[1:] if fields == "other fields" else fields.split(", ")):
                covered.add((symbol, field))
    for symbol, spec in contracts.CONTRACTS.items():
        for field in contracts.FIELDS:
            assert (symbol, field) in covered, (symbol, field, spec[field])
    assert udfs.contract_spec.spec.sources == contracts.SOURCES  # shown as a table in docs/functions.md


def test_unknown_contract_or_field_is_named():
    with pytest.raises(ValueError, match="symbol: 'AU' is not one of AL/ZN/NI/AO/SS/CU/PB/SN/LME_AL/LME_ZN/LME_NI"):
        contracts.contract_spec("AU", "tick")
    with pytest.raises(ValueError, match="field: 'lot' is not one of lot_size/"):
        contracts.contract_spec("AL", "lot")
    assert udfs.contract_spec("LME_ZN", "size") == (
        '#VALUE! field: "size" is not one of lot_size/tick/delivery_unit/min_margin/daily_limit/last_trading_day/'
        'storage_per_day')

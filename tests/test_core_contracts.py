"""udfs.core.contracts: SHFE and LME contract data, each value from the source listed in contracts.SOURCES."""

from __future__ import annotations

import datetime as dt
import math

import pytest

import udfs
from udfs.core import contracts

# lot t, tick CNY/t, delivery unit t, min margin, daily limit in the contract text, last trading day
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
SHFE_FIELDS = ("lot_size", "tick", "delivery_unit", "min_margin", "contract_limit", "last_trading_day")


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_shfe_contract_fields(symbol):
    got = tuple(contracts.contract_spec(symbol, f) for f in SHFE_FIELDS)
    assert got == EXPECTED[symbol]


# SHFE notice 上期发〔2026〕56号 of 2026-02-05 (full text on dzh.com.cn, news txs/2026/02/513808):
# "自2026年2月9日（星期一）收盘结算时起 … 铜、铝、铅、锌、氧化铝期货已上市合约的涨跌停板幅度调整为10% …
#  铸造铝合金、线材、不锈钢期货已上市合约的涨跌停板幅度调整为8% … 镍、锡期货已上市合约的涨跌停板幅度调整为12%"
STANDING = {"CU": 0.10, "AL": 0.10, "PB": 0.10, "ZN": 0.10, "AO": 0.10, "SS": 0.08, "NI": 0.12, "SN": 0.12}


@pytest.mark.parametrize("symbol", sorted(STANDING))
def test_standing_daily_limit_and_the_date_it_applies_from(symbol):
    assert contracts.contract_spec(symbol, "daily_limit") == STANDING[symbol]
    # hand: 2026-02-09 is Excel serial 46062 (2026-01-01 is 46023; + 31 days of January + 8)
    assert contracts.contract_spec(symbol, "limit_from") == 46062
    assert udfs.contract_spec(symbol, "limit_from") == 46062
    # the notice widens the contract text's limit, never narrows it
    assert contracts.contract_spec(symbol, "daily_limit") > contracts.contract_spec(symbol, "contract_limit")


def test_the_limit_date_is_the_notices_date_as_excel_counts_it():
    from udfs.coercion import excel_serial  # the serial the add-in gives every date it reads (udfs/core/excel_dates.py)
    assert contracts.LIMIT_FROM == dt.date(2026, 2, 9) and contracts.LIMIT_NOTICE == "上期发〔2026〕56号"
    assert contracts.contract_spec("AL", "limit_from") == excel_serial(contracts.LIMIT_FROM)


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
    # all nine fields are listed (udfs/wrappers.py sizes the message cap for them)
    assert udfs.contract_spec("LME_ZN", "size") == (
        '#VALUE! field: "size" is not one of lot_size/tick/delivery_unit/min_margin/daily_limit/last_trading_day/'
        'storage_per_day/contract_limit/limit_from')

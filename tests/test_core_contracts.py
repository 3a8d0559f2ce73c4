"""udfs.core.contracts: SHFE contract data (docs/methods.md §5 table)."""

from __future__ import annotations

import math

import pytest

from udfs.core import contracts

# docs/methods.md §5: lot t, tick CNY/t, delivery unit t, min margin, daily limit, last trading day
EXPECTED = {
    "AL": (5, 5, 25, 0.05, 0.03, 15),
    "ZN": (5, 5, 25, 0.05, 0.04, 15),
    "NI": (1, 10, 6, 0.05, 0.04, 15),
}


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_contract_fields(symbol):
    fields = ("lot_size", "tick", "delivery_unit", "min_margin", "daily_limit", "last_trading_day")
    got = tuple(contracts.contract_spec(symbol, f) for f in fields)
    assert got == EXPECTED[symbol]


def test_storage_fee_only_where_published():
    # docs/methods.md §5: Ni 1.25 CNY/t/day (SHFE circular); Al and Zn "not found" → NaN
    assert contracts.contract_spec("NI", "storage_per_day") == 1.25
    assert math.isnan(contracts.contract_spec("AL", "storage_per_day"))
    assert math.isnan(contracts.contract_spec("ZN", "storage_per_day"))


def test_every_symbol_has_every_field():
    assert contracts.SYMBOLS == ("AL", "ZN", "NI")
    for symbol in contracts.SYMBOLS:
        assert tuple(contracts.SHFE_CONTRACTS[symbol]) == contracts.FIELDS

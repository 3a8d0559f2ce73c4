"""SHFE contract specifications (contract texts; docs/methods.md §5 lists the sources)."""

from __future__ import annotations

import math

# Margins and limits are the contract-text floors; the exchange raises them at
# times, so the workbook keeps them as inputs rather than constants of a plan.
SHFE_CONTRACTS = {
    "AL": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "daily_limit": 0.03, "last_trading_day": 15.0, "storage_per_day": math.nan},
    "ZN": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "daily_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": math.nan},
    "NI": {"lot_size": 1.0, "tick": 10.0, "delivery_unit": 6.0, "min_margin": 0.05,
           "daily_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": 1.25},
}
SYMBOLS = tuple(SHFE_CONTRACTS)
FIELDS = tuple(SHFE_CONTRACTS["AL"])


def contract_spec(symbol, field):
    """One field of an SHFE contract; NaN where no public figure was found."""
    return SHFE_CONTRACTS[symbol][field]

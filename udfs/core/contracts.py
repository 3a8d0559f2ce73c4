"""Exchange contract specifications: SHFE AL, ZN, NI, AO (alumina), SS (stainless) and LME lot sizes.

Every value has a source in `SOURCES` (shown in docs/functions.md under contract_spec).
Margins and limits are the contract-text floors; the exchange raises them at
times, so the workbook keeps them as inputs rather than constants of a plan.
"""

from __future__ import annotations

import math

NAN = math.nan

FIELDS = ("lot_size", "tick", "delivery_unit", "min_margin", "daily_limit", "last_trading_day", "storage_per_day")

CONTRACTS = {
    "AL": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "daily_limit": 0.03, "last_trading_day": 15.0, "storage_per_day": NAN},
    "ZN": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "daily_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    "NI": {"lot_size": 1.0, "tick": 10.0, "delivery_unit": 6.0, "min_margin": 0.05,
           "daily_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": 1.25},
    "AO": {"lot_size": 20.0, "tick": 1.0, "delivery_unit": 300.0, "min_margin": 0.05,
           "daily_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    "SS": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 60.0, "min_margin": 0.05,
           "daily_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    # LME: only the lot size is entered. Its ticks are in USD/t, its margins are set by LME Clear and
    # it has no daily limit or monthly last trading day, so the other fields stay blank (NaN).
    "LME_AL": dict.fromkeys(FIELDS, NAN) | {"lot_size": 25.0},
    "LME_ZN": dict.fromkeys(FIELDS, NAN) | {"lot_size": 25.0},
    "LME_NI": dict.fromkeys(FIELDS, NAN) | {"lot_size": 6.0},
}
SHFE_CONTRACTS = {symbol: spec for symbol, spec in CONTRACTS.items() if not symbol.startswith("LME_")}
SYMBOLS = tuple(CONTRACTS)

_SHFE_FIELDS = "lot_size, tick, delivery_unit, min_margin, daily_limit, last_trading_day"
# Where each value comes from: (symbol, fields, source). Blank (NaN) fields say why they are blank.
SOURCES = (
    ("AL", _SHFE_FIELDS, "SHFE aluminium futures contract (tsite.shfe.com.cn Aluminium Futures Rules 2024; "
                         "citicsf.com/en/content/614214.html)"),
    ("ZN", _SHFE_FIELDS, "SHFE zinc futures contract text (futures.pingan.com, item 98815)"),
    ("NI", _SHFE_FIELDS, "SHFE nickel futures contract text (licai.jiantou8.com)"),
    ("NI", "storage_per_day", "SHFE circular SQBF [2015] No. 25 (tsite.shfe.com.cn/eng/circularnews)"),
    ("AO", _SHFE_FIELDS, "SHFE alumina futures contract, listed 2023-06-19 (shangjia.com/qihuo/yanghualv, "
                         "2023-09-18; azchina-cn.com lists the listing-period limit of ±7 %)"),
    ("SS", _SHFE_FIELDS, "SHFE stainless steel futures contract, listed 2019-09-25 "
                         "(shinnytech.com/blog/instrument_ss)"),
    ("AL, ZN, AO, SS", "storage_per_day", "blank: no public SHFE fee found; type your warehouse's rate"),
    ("LME_AL", "lot_size", "LME aluminium contract specification, 25 t (lme.com; sfvn-invest.com.vn summary)"),
    ("LME_ZN", "lot_size", "LME zinc contract specification, 25 t (lme.com Zinc TAPOs page: lot size of "
                           "the underlying future)"),
    ("LME_NI", "lot_size", "LME nickel futures contract specification, 6 t (lme.com)"),
    ("LME_AL, LME_ZN, LME_NI", "other fields", "blank: ticks are in USD/t, margins are set by LME Clear, no "
                                               "daily limit or monthly last trading day"),
)


def contract_spec(symbol, field):
    """One field of a contract; NaN where no public figure was found. Unknown keys are refused by name."""
    spec = CONTRACTS.get(str(symbol).strip().upper())
    if spec is None:
        raise ValueError(f"symbol: {symbol!r} is not one of {'/'.join(SYMBOLS)}")
    if field not in spec:
        raise ValueError(f"field: {field!r} is not one of {'/'.join(FIELDS)}")
    return spec[field]


def lot_size(symbol) -> float:
    """Tonnes per lot of a contract (every contract has one)."""
    return contract_spec(symbol, "lot_size")


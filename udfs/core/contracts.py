"""Exchange contract specifications: SHFE AL, ZN, NI, AO, SS, CU, PB, SN and LME lot sizes and ticks.

Every value has a source in `SOURCES` (shown in docs/functions.md under contract_spec).
min_margin and contract_limit are the contract-text floors. daily_limit is the
standing limit SHFE set in its latest notice found (`LIMIT_NOTICE`), from the
date in limit_from; SHFE changes it by notice (before holidays, in volatile
markets), so the workbook keeps it as an input rather than a constant of a plan.
"""

from __future__ import annotations

import datetime as dt
import math

from .excel_dates import excel_serial

NAN = math.nan

FIELDS = ("lot_size", "tick", "delivery_unit", "min_margin", "daily_limit", "last_trading_day", "storage_per_day",
          "contract_limit", "limit_from")

# The standing daily limits of SHFE notice 上期发〔2026〕56号 (dated 2026-02-05), "自2026年2月9日（星期一）收盘结算时起"
# for the listed contracts of each product; the newest standing-limit notice among the sources searched on
# 2026-12-03 (SOURCES below names them and what stays unchecked). The notice, its date and its figures
# change together, so they are declared together.
LIMIT_NOTICE = "上期发〔2026〕56号"
LIMIT_FROM = dt.date(2026, 2, 9)
STANDING_LIMITS = {"AL": 0.10, "ZN": 0.10, "NI": 0.12, "AO": 0.10, "SS": 0.08, "CU": 0.10, "PB": 0.10, "SN": 0.12}
# Excel's serial day number of LIMIT_FROM (udfs/core/excel_dates.py).
_LIMIT_FROM_SERIAL = excel_serial(LIMIT_FROM)

# The contract texts' figures; daily_limit and limit_from are added from STANDING_LIMITS below.
_CONTRACT_TEXT = {
    "AL": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "contract_limit": 0.03, "last_trading_day": 15.0, "storage_per_day": NAN},
    "ZN": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "contract_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    "NI": {"lot_size": 1.0, "tick": 10.0, "delivery_unit": 6.0, "min_margin": 0.05,
           "contract_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": 1.25},
    "AO": {"lot_size": 20.0, "tick": 1.0, "delivery_unit": 300.0, "min_margin": 0.05,
           "contract_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    "SS": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 60.0, "min_margin": 0.05,
           "contract_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    "CU": {"lot_size": 5.0, "tick": 10.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "contract_limit": 0.03, "last_trading_day": 15.0, "storage_per_day": NAN},
    "PB": {"lot_size": 5.0, "tick": 5.0, "delivery_unit": 25.0, "min_margin": 0.05,
           "contract_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    "SN": {"lot_size": 1.0, "tick": 10.0, "delivery_unit": 2.0, "min_margin": 0.05,
           "contract_limit": 0.04, "last_trading_day": 15.0, "storage_per_day": NAN},
    # LME: lot size and the outright tick of the Ring and LMEselect, in USD/t (not CNY/t). Margins are
    # set by LME Clear and there is no daily limit or monthly last trading day, so those stay blank (NaN).
    "LME_AL": dict.fromkeys(FIELDS, NAN) | {"lot_size": 25.0, "tick": 0.5},
    "LME_ZN": dict.fromkeys(FIELDS, NAN) | {"lot_size": 25.0, "tick": 0.5},
    "LME_NI": dict.fromkeys(FIELDS, NAN) | {"lot_size": 6.0, "tick": 5.0},
}


def _with_standing_limit(symbol: str, text: dict) -> dict:
    """A contract's fields in FIELDS order; an SHFE symbol missing from STANDING_LIMITS fails at import."""
    if symbol.startswith("LME_"):
        return {field: text[field] for field in FIELDS}
    merged = text | {"daily_limit": STANDING_LIMITS[symbol], "limit_from": _LIMIT_FROM_SERIAL}
    return {field: merged[field] for field in FIELDS}


CONTRACTS = {symbol: _with_standing_limit(symbol, text) for symbol, text in _CONTRACT_TEXT.items()}
SHFE_CONTRACTS = {symbol: spec for symbol, spec in CONTRACTS.items() if not symbol.startswith("LME_")}
SYMBOLS = tuple(CONTRACTS)

_SHFE_FIELDS = "lot_size, tick, delivery_unit, min_margin, contract_limit, last_trading_day"
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
    ("CU", _SHFE_FIELDS, "SHFE copper futures contract text as reproduced by licai.cofool.com (qa_598974, "
                         "2022-11-11): 5 t, 10 CNY/t, ±3 %, 5 %, delivery 25 t, the 15th"),
    ("PB", _SHFE_FIELDS, "SHFE lead futures contract text as amended by SHFE notice [2020] No. 134, reproduced "
                         "by licai.cofool.com (guide 2429258, 2022-12-31): 5 t, 5 CNY/t, ±4 %, 5 %, delivery 25 t"),
    ("SN", _SHFE_FIELDS, "SHFE tin futures contract text, listed 2015-03-27, reproduced by hxqdsh.com "
                         "(2022-04-11): 1 t, 10 CNY/t, ±4 %, 5 %, delivery 2 t"),
    ("AL, ZN, AO, SS, CU, PB, SN", "storage_per_day", "blank: no public SHFE fee found; type your warehouse's rate"),
    ("AL, ZN, AO, CU, PB", "daily_limit, limit_from", "±10 % for listed contracts from the close settlement of "
                                                       "2026-02-09 (margins 11 % hedge, 12 % general): SHFE notice "
                                                       "上期发〔2026〕56号 of 2026-02-05, full text on dzh.com.cn "
                                                       "(news txs/2026/02/513808); also etnet.com.hk 2026-02-06 and "
                                                       "citicf.com notice 820978 of 2026-02-09"),
    ("NI, SN", "daily_limit, limit_from", "±12 % from the same close and notice (margins 13 % hedge, 14 % general); "
                                          "the March 2026 listing notice puts NI2703 and SN2703 at 12 % too "
                                          "(dzh.com.cn news txs/2026/03/516344)"),
    ("SS", "daily_limit, limit_from", "±8 % from the same close and notice (margins 9 % hedge, 10 % general)"),
    ("SHFE", "daily_limit, limit_from", "the standing limit of the newest such notice among the sources searched on "
                                        "2026-12-03; none later than March 2026 was found, so a later change is "
                                        "not excluded (that March notice names no AL, ZN, AO, CU, PB or SS "
                                        "contract). Holiday raises (e.g. 13 % for AL, 15 % for NI from 2026-02-12) "
                                        "and widening after limit days (风险控制管理办法 第十三条) are not applied: "
                                        "check shfe.com.cn notices and type the day's limit"),
    ("SHFE", "min_margin, contract_limit", "the contract text's floors, kept for reference; the exchange's "
                                           "trading margin is set by the same notices"),
    ("LME_AL", "lot_size", "LME aluminium contract specification, 25 t (lme.com; sfvn-invest.com.vn summary)"),
    ("LME_ZN", "lot_size", "LME zinc contract specification, 25 t (lme.com Zinc TAPOs page: lot size of "
                           "the underlying future)"),
    ("LME_NI", "lot_size", "LME nickel futures contract specification, 6 t (lme.com)"),
    ("LME_AL, LME_ZN, LME_NI", "tick", "USD/t, outright on the Ring and LMEselect: Al and Zn 0.50, Ni 5.00 "
                                       "(lme.com tick-sizes page under Notice 24/240; lme.com LME Nickel "
                                       "contract specifications); inter-office trades tick 0.01"),
    ("LME_AL, LME_ZN, LME_NI", "other fields", "blank: margins are set by LME Clear, no daily limit or monthly "
                                               "last trading day"),
)


def contract_spec(symbol, field):
    """One field of a contract; NaN where no public figure was found. Unknown keys are refused by name."""
    spec = CONTRACTS.get(str(symbol).strip().upper())
    if spec is None:
        raise ValueError(f"symbol: {symbol!r} is not one of {'/'.join(SYMBOLS)}")
    if field not in spec:
        raise ValueError(f"field: {field!r} is not one of {'/'.join(FIELDS)}")
    return spec[field]


def lot_size(contract) -> float:
    """Tonnes per lot: a symbol's (every contract has one), or a number > 0 taken as the lot size in t.

    A number lets a hedge on a contract outside the table (a copper grade, an LME Mini) use the same
    functions; a known symbol and its lot size in t give the same result.
    """
    if isinstance(contract, (int, float)) and not isinstance(contract, bool):
        if not math.isfinite(contract) or contract <= 0:
            raise ValueError(f"symbol: lot size {contract!r} must be a number of t > 0")
        return float(contract)
    return contract_spec(contract, "lot_size")


"""Carry worksheet functions: the cost of carry, the carry arbitrage, the annualised carry, the spread structure
and the virtual-inventory benefit (udfs/core/carry.py).
"""

from __future__ import annotations

import math

from ..core import carry, market
from ..registry import FRACTION, NONNEG, POSITIVE, TEXT, Arg, Example, Function

GROUP = "carry"

_DAY_COUNT = Arg("day_count", "Interest day count: actual/365 (default), actual/360, or months/12 with days holding "
                              "months; text", kind=TEXT, default=carry.ACTUAL_365, choices=carry.DAY_COUNTS)
_STORAGE_DAYS = Arg("storage_days", f"Days of storage, days (default {carry.SAME_AS_FINANCING:g}, any negative: the "
                                    "financing days; must be typed under months/12 when storage_per_day > 0)",
                    default=carry.SAME_AS_FINANCING)
_VAT_METHOD = Arg("vat_method", "VAT on a positive spread: tax_inclusive = spread × vat / (1 + vat) (default) or "
                                "simplified = spread × vat; text", kind=TEXT, default=carry.TAX_INCLUSIVE,
                  choices=carry.VAT_METHODS)

# 13,900 × 0.05 × 30 / 365 = 57.12: the financing of the carry_cost example under the default day count
_FINANCING_365 = 13900 * 0.05 * 30 / 365

_CONVENTIONS = (
    "Conventions: financing = price × rate × days / 365 (actual/365, the default), × days / 360 (actual/360), or "
    "× months / 12 (months/12: the days argument then holds whole or part months, as exam questions state the "
    "period). Storage = storage_per_day × storage_days; storage_days defaults to the financing days (negative "
    "means 'the same'); under months/12 type it whenever storage_per_day > 0. Worked: 13,900 CNY/t at 5 % for "
    "30 days, storage 0.4 CNY/t/day, fees 10: actual/365 57.12 + 12 + 10 = 79.12; actual/360 57.92 + 12 + 10 = "
    "79.92; months/12 for 2 months with 60 storage days 115.83 + 24 + 10 = 149.83.")

_COSTS = (
    Arg("storage_per_day", "Warehouse rent, CNY per tonne per day (SHFE Ni 1.25)", check=NONNEG, default=0.0),
    Arg("fixed_fees", "Load-in, delivery, transfer and trading fees, CNY/t", check=NONNEG, default=0.0),
)

_THEORETICAL_NOTES = (
    "持有成本模型 (docs/methods.md §5.1): F = S × (1 + (r + u − y) × T) + storage (simple) or S × exp((r + u − y) × T) "
    "+ storage (continuous), T the year fraction under day_count, u the storage rate, y the convenience yield; "
    "storage per tonne-day is paid at delivery, so it is added undiscounted: Hull's (S + U) × e^(rT), U the "
    "present value of that payment, is the same number. Hull's example (450, 7 %, 1 year, storage 2 at year "
    "end): 450 × e^0.07 + 2 = 484.63. Worked in CNY: zinc 18,000, 6 %, 3 months simple, storage 0.5 × 90 days "
    "= 18,000 × 1.015 + 45 = 18,315; aluminium 14,000, 4 % + storage 1 % − convenience 3 %, 6 months "
    "continuous = 14,000 × e^0.01 = 14,140.70.")

SPECS = (
    Function(
        "theoretical_futures_price", carry.theoretical_futures_price,
        "Cost-of-carry futures price 持有成本, CNY/t: spot × (1 + (rate + storage_rate − convenience_yield) × "
        "years) + storage_per_day × days; compounding continuous uses exp(…) instead.",
        (Arg("spot", "Spot price of the metal, CNY/t", check=POSITIVE),
         Arg("days", "Days to delivery, days (months under day_count months/12)", check=NONNEG),
         Arg("rate", "Interest rate, fraction per year", check=FRACTION),
         Arg("storage_rate", "Storage cost as a rate on the spot price, fraction per year (default 0)",
             check=FRACTION, default=0.0),
         Arg("storage_per_day", "Warehouse rent paid at delivery, CNY per tonne per day (default 0)",
             check=NONNEG, default=0.0),
         Arg("convenience_yield", "Convenience yield 便利收益, fraction per year (default 0)", check=FRACTION,
             default=0.0),
         Arg("compounding", "simple = spot × (1 + carry × years) (default) or continuous = spot × exp(carry × "
                            "years); text", kind=TEXT, default=carry.SIMPLE, choices=carry.COMPOUNDINGS),
         _DAY_COUNT, _STORAGE_DAYS),
        GROUP,
        (Example((18000, 3, 0.06, 0, 0.5, 0, "simple", "months/12", 90), 18000 * (1 + 0.06 * 3 / 12) + 0.5 * 90,
                 "hand, syllabus form F = S + S × r × T + 仓储费: 18,000 × (1 + 0.06 × 3/12) + 0.5 × 90 = 18,315"),
         Example((450, 365, 0.07, 0, 2 / 365, 0, "continuous"), 450 * math.exp(0.07) + 2,
                 "Hull, Options, Futures and Other Derivatives, ch. 5 example: (450 + 2e^−0.07) × e^0.07 = 484.63"),
         Example((14000, 6, 0.04, 0.01, 0, 0.03, "continuous", "months/12"), 14000 * math.exp(0.01),
                 "hand: 14,000 × exp((0.04 + 0.01 − 0.03) × 6/12) = 14,000 × e^0.01 = 14,140.70"),
         Example((13900, 30, 0.05, 0, 0.4), 13900 * (1 + 0.05 * 30 / 365) + 0.4 * 30,
                 "docs/methods.md §5: spot + carry_cost without fees = 13,900 + 57.12 + 12 = 13,969.12")),
        notes=_THEORETICAL_NOTES,
    ),
    Function(
        "carry_cost", carry.carry_cost,
        "Cost of carrying one tonne for the period: price × rate × days / 365 + storage × days + fees, CNY/t; "
        "day_count and storage_days change the conventions.",
        (Arg("price", "Price of the metal carried, CNY/t", check=POSITIVE),
         Arg("days", "Days financed, days (months under day_count months/12)", check=NONNEG),
         Arg("rate", "Financing rate, fraction per year", check=FRACTION)) + _COSTS + (_DAY_COUNT, _STORAGE_DAYS),
        GROUP,
        (Example((13900, 30, 0.05, 0.4, 10), _FINANCING_365 + 0.4 * 30 + 10,
                 "docs/methods.md §5 example: 57.12 + 12 + 10 = 79.12"),
         Example((13900, 30, 0.05, 0.4, 10, "actual/360"), 13900 * 0.05 * 30 / 360 + 0.4 * 30 + 10,
                 "hand: 13,900 × 0.05 × 30 / 360 = 57.92; + 12 + 10 = 79.92"),
         Example((13900, 2, 0.05, 0.4, 10, "months/12", 60), 13900 * 0.05 * 2 / 12 + 0.4 * 60 + 10,
                 "hand, exam style: 2 months: 13,900 × 0.05 × 2 / 12 = 115.83; storage 0.4 × 60 = 24; + 10 = 149.83"),
         Example((13900, 30, 0.05, 0.4, 10, "actual/365", 45), _FINANCING_365 + 0.4 * 45 + 10,
                 "hand: financing 30 days 57.12, storage 45 days 0.4 × 45 = 18, + 10 = 85.12")),
        notes=_CONVENTIONS,
    ),
    Function(
        "carry_arbitrage", carry.carry_arbitrage,
        "Positive-carry room: (far − near) − carry cost − VAT on a positive spread, CNY/t. "
        "Positive: buy near, deliver far.",
        (Arg("near", "Near contract or spot price, CNY/t", check=POSITIVE),
         Arg("far", "Far contract price, CNY/t", check=POSITIVE),
         Arg("days", "Days between the deliveries, days (months under day_count months/12)", check=NONNEG),
         Arg("rate", "Financing rate, fraction per year", check=FRACTION)) + _COSTS + (
            Arg("vat", f"VAT on the spread, fraction (default {market.VAT:g})", check=FRACTION, default=market.VAT),
            _DAY_COUNT, _STORAGE_DAYS, _VAT_METHOD),
        GROUP,
        (Example((13900, 14000, 30, 0.05, 0.4, 10), 100 - (_FINANCING_365 + 12 + 10) - 100 * 0.13 / 1.13,
                 "hand: 100 − 79.12 − 11.50 = 9.38"),
         Example((13900, 14000, 30, 0.05, 0.4, 10, 0.13, "actual/365", -1, "simplified"),
                 100 - (_FINANCING_365 + 12 + 10) - 100 * 0.13,
                 "hand, simplified VAT: 100 − 79.12 − 100 × 0.13 = 7.88"),
         Example((13900, 14000, 2, 0.05, 0.4, 10, 0.13, "months/12", 60, "simplified"),
                 100 - (13900 * 0.05 * 2 / 12 + 24 + 10) - 13,
                 "hand, exam style: 100 − (115.83 + 24 + 10) − 13 = −62.83: no carry room")),
        notes=_CONVENTIONS + " VAT on a positive spread: tax_inclusive (default) takes the spread as tax-inclusive, "
              "spread × vat / (1 + vat): 100 × 0.13 / 1.13 = 11.50; simplified takes spread × vat = 13.00. "
              "A negative spread bears no VAT.",
    ),
    Function(
        "annualised_carry", carry.annualised_carry,
        "Spread as an annual rate: (far / near − 1) × 365 / days, fraction per year (× 360 / days or × 12 / "
        "months with day_count).",
        (Arg("near", "Near contract or spot price, CNY/t", check=POSITIVE),
         Arg("far", "Far contract price, CNY/t", check=POSITIVE),
         Arg("days", "Days between the two contracts, days (months under day_count months/12)", check=POSITIVE),
         _DAY_COUNT),
        GROUP,
        (Example((13900, 14000, 30), (14000 / 13900 - 1) * 365 / 30, "hand: 100 / 13,900 × 365 / 30 = 8.75 %"),
         Example((13900, 14000, 30, "actual/360"), (14000 / 13900 - 1) * 360 / 30,
                 "hand: 100 / 13,900 × 360 / 30 = 8.63 %"),
         Example((13900, 14000, 1, "months/12"), (14000 / 13900 - 1) * 12,
                 "hand: one month apart: 100 / 13,900 × 12 = 8.63 %")),
        returns="fraction",
    ),
    Function(
        "spread_structure", carry.spread_structure,
        "Term structure of a near/far pair: contango 正向, flat 平水 or backwardation 反向.",
        (Arg("near", "Near contract or spot price, CNY/t", check=POSITIVE),
         Arg("far", "Far contract price, CNY/t", check=POSITIVE),
         Arg("flat_band", "Spread counted as flat, CNY/t (default 0)", check=NONNEG, default=0.0)),
        GROUP,
        (Example((13900, 14000), carry.CONTANGO, "hand: far above near"),
         Example((13900, 13920, 25), carry.FLAT, "hand: spread 20 within the 25 band")),
        returns="text",
    ),
    Function(
        "virtual_inventory_benefit", carry.virtual_inventory_benefit,
        "Saving from holding long futures instead of stock, CNY/t: physical carry − (futures premium + "
        "margin financing).",
        (Arg("spot", "Spot price, CNY/t", check=POSITIVE),
         Arg("futures", "Futures price, CNY/t", check=POSITIVE),
         Arg("days", "Days held, days", check=NONNEG),
         Arg("rate", "Financing rate, fraction per year", check=FRACTION),
         Arg("storage_per_day", "Warehouse rent, CNY per tonne per day", check=NONNEG),
         Arg("margin_ratio", "Futures margin, fraction of contract value", check=FRACTION)),
        GROUP,
        (Example((18000, 18050, 90, 0.05, 0.5, 0.1),
                 (18000 * 0.05 * 90 / 365 + 0.5 * 90) - (50 + 0.1 * 18050 * 0.05 * 90 / 365),
                 "hand: (221.92 + 45) − (50 + 22.25) = 194.67"),),
    ),
)

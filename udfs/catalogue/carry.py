from __future__ import annotations

from ..core import carry, market
from ..registry import FRACTION, NONNEG, POSITIVE, Arg, Example, Function

GROUP = "carry"

_COSTS = (
    Arg("storage_per_day", "Warehouse rent, CNY per tonne per day (SHFE Ni 1.25)", check=NONNEG, default=0.0),
    Arg("fixed_fees", "Load-in, delivery, transfer and trading fees, CNY/t", check=NONNEG, default=0.0),
)

SPECS = (
    Function(
        "carry_cost", carry.carry_cost,
        "Cost of carrying one tonne for the period: price × rate × days / 365 + storage × days + fees, CNY/t.",
        (Arg("price", "Price of the metal carried, CNY/t", check=POSITIVE),
         Arg("days", "Days carried, days", check=NONNEG),
         Arg("rate", "Financing rate, fraction per year", check=FRACTION)) + _COSTS,
        GROUP,
        (Example((13900, 30, 0.05, 0.4, 10), 13900 * 0.05 * 30 / 365 + 0.4 * 30 + 10,
                 "docs/methods.md §5 example: 57.12 + 12 + 10 = 79.12"),),
    ),
    Function(
        "carry_arbitrage", carry.carry_arbitrage,
        "Positive-carry room: (far − near) − carry cost − VAT on a positive spread, CNY/t. "
        "Positive: buy near, deliver far.",
        (Arg("near", "Near contract or spot price, CNY/t", check=POSITIVE),
         Arg("far", "Far contract price, CNY/t", check=POSITIVE),
         Arg("days", "Days between the deliveries, days", check=NONNEG),
         Arg("rate", "Financing rate, fraction per year", check=FRACTION)) + _COSTS + (
            Arg("vat", f"VAT on the spread, fraction (default {market.VAT:g})", check=FRACTION, default=market.VAT),),
        GROUP,
        (Example((13900, 14000, 30, 0.05, 0.4, 10), 100 - (13900 * 0.05 * 30 / 365 + 12 + 10) - 100 * 0.13 / 1.13,
                 "hand: 100 − 79.12 − 11.50 = 9.38"),),
    ),
    Function(
        "annualised_carry", carry.annualised_carry,
        "Spread as an annual rate: (far / near − 1) × 365 / days, fraction per year.",
        (Arg("near", "Near contract or spot price, CNY/t", check=POSITIVE),
         Arg("far", "Far contract price, CNY/t", check=POSITIVE),
         Arg("days", "Days between the two contracts, days", check=POSITIVE)),
        GROUP,
        (Example((13900, 14000, 30), (14000 / 13900 - 1) * 365 / 30, "hand: 100 / 13,900 × 365 / 30 = 8.75 %"),),
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

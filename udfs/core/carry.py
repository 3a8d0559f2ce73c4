"""Carry, spreads and virtual inventory (docs/methods.md §4.3 and §5)."""

from __future__ import annotations

import numpy as np

from .market import VAT

DAYS_PER_YEAR = 365.0

# Interest day counts: the year fraction of a financing period (docs/functions.md, carry_cost).
ACTUAL_365, ACTUAL_360, MONTHS_12 = "actual/365", "actual/360", "months/12"
DAY_COUNTS = (ACTUAL_365, ACTUAL_360, MONTHS_12)
_PERIODS_PER_YEAR = {ACTUAL_365: 365.0, ACTUAL_360: 360.0, MONTHS_12: 12.0}

# VAT on a positive carry spread: on the tax-inclusive spread, v / (1 + v) of it (the default),
# or the simplified spread × v that exam questions use.
TAX_INCLUSIVE, SIMPLIFIED = "tax_inclusive", "simplified"
VAT_METHODS = (TAX_INCLUSIVE, SIMPLIFIED)

SAME_AS_FINANCING = -1.0  # storage_days default: storage runs for the financing days

# Compounding of the cost-of-carry price: S × (1 + (r + u − y) × T) or S × exp((r + u − y) × T).
SIMPLE, CONTINUOUS = "simple", "continuous"
COMPOUNDINGS = (SIMPLE, CONTINUOUS)

CONTANGO = "contango 正向"
FLAT = "flat 平水"
BACKWARDATION = "backwardation 反向"


def _choice(name, value, choices):
    key = str(value).strip().lower()
    if key not in choices:
        raise ValueError(f"{name}: {value!r} is not one of {'/'.join(choices)}")
    return key


def year_fraction(period, day_count=ACTUAL_365):
    """Years in a financing period: days / 365, days / 360, or months / 12 (period in months)."""
    key = _choice("day_count", day_count, DAY_COUNTS)
    return np.divide(period, _PERIODS_PER_YEAR[key])


def _storage_days(days, storage_days, storage_per_day, day_count):
    """Storage days: as given, or (negative, the default) the financing days."""
    storage_days = np.asarray(storage_days, dtype=float)
    follow = storage_days < 0
    if _choice("day_count", day_count, DAY_COUNTS) == MONTHS_12:
        # days holds months here: storage in days must be typed, unless there is no storage fee
        fee = np.asarray(storage_per_day, dtype=float)
        if np.any(follow & (fee != 0) & ~np.isnan(fee)):  # a blank fee leaves its row blank instead
            raise ValueError("storage_days: type the storage days when day_count is months/12 "
                             "(days then holds months)")
        return np.where(follow, 0.0, storage_days)
    return np.where(follow, days, storage_days)


def carry_cost(price, days, rate, storage_per_day=0.0, fixed_fees=0.0, day_count=ACTUAL_365,
               storage_days=SAME_AS_FINANCING):
    """Cost of carrying one tonne: financing + storage + fixed fees, CNY/t.

    financing = price × rate × year_fraction(days, day_count); storage = storage_per_day ×
    storage_days, where a negative storage_days (the default) means the financing days.
    """
    financing = np.multiply(price, rate) * year_fraction(days, day_count)
    stored = _storage_days(days, storage_days, storage_per_day, day_count)
    return financing + np.multiply(storage_per_day, stored) + fixed_fees


def theoretical_futures_price(spot, days, rate, storage_rate=0.0, storage_per_day=0.0, convenience_yield=0.0,
                              compounding=SIMPLE, day_count=ACTUAL_365, storage_days=SAME_AS_FINANCING):
    """Cost-of-carry futures price (持有成本模型, docs/methods.md §5.1), CNY/t.

    simple: S × (1 + (r + u − y) × T); continuous: S × exp((r + u − y) × T); T = year_fraction(days,
    day_count), u the storage rate, y the convenience yield. Storage per tonne-day is paid at delivery,
    so storage_per_day × storage_days is added undiscounted under either compounding (Hull's
    (S + U) × e^(rT) with U the present value of that payment is the same number).
    """
    key = _choice("compounding", compounding, COMPOUNDINGS)
    carry_rate = np.add(rate, storage_rate) - np.asarray(convenience_yield, dtype=float)
    growth = carry_rate * year_fraction(days, day_count)
    factor = np.exp(growth) if key == CONTINUOUS else 1.0 + growth
    stored = _storage_days(days, storage_days, storage_per_day, day_count)
    return np.multiply(spot, factor) + np.multiply(storage_per_day, stored)


def vat_on_spread(spread, vat=VAT, vat_method=TAX_INCLUSIVE):
    """VAT due on a positive spread (none on a negative one), CNY/t."""
    key = _choice("vat_method", vat_method, VAT_METHODS)
    vat = np.asarray(vat, dtype=float)
    taxable = np.maximum(spread, 0.0)
    return taxable * vat / (1.0 + vat) if key == TAX_INCLUSIVE else taxable * vat


def carry_arbitrage(near, far, days, rate, storage_per_day=0.0, fixed_fees=0.0, vat=VAT,
                    day_count=ACTUAL_365, storage_days=SAME_AS_FINANCING, vat_method=TAX_INCLUSIVE):
    """Positive-carry room: spread − carry cost − VAT on a positive spread, CNY/t."""
    spread = np.subtract(far, near)
    cost = carry_cost(near, days, rate, storage_per_day, fixed_fees, day_count, storage_days)
    return spread - cost - vat_on_spread(spread, vat, vat_method)


def spread_structure(near, far, flat_band=0.0):
    """contango / flat / backwardation, with the Chinese term, per pair of prices."""
    spread = np.subtract(far, near)
    band = np.abs(flat_band)
    return np.where(np.isnan(spread + band), None,  # a blank price or band stays blank
                    np.where(spread > band, CONTANGO, np.where(spread < -band, BACKWARDATION, FLAT))).astype(object)


def virtual_inventory_benefit(spot, futures, days, rate, storage_per_day, margin_ratio):
    """Saving from holding long futures instead of stock: physical cost − virtual cost, CNY/t."""
    physical = np.multiply(spot, rate) * np.asarray(days) / DAYS_PER_YEAR + np.multiply(storage_per_day, days)
    virtual = (np.subtract(futures, spot)
               + np.multiply(np.multiply(margin_ratio, futures), rate) * np.asarray(days) / DAYS_PER_YEAR)
    return physical - virtual


def annualised_carry(near, far, days, day_count=ACTUAL_365):
    """The spread as an annual rate: (far / near − 1) / year_fraction(days, day_count)."""
    return (np.divide(far, near) - 1.0) / year_fraction(np.asarray(days, dtype=float), day_count)

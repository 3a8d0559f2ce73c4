"""Carry, spreads and virtual inventory (docs/methods.md §4.3 and §5)."""

from __future__ import annotations

import numpy as np

from .market import VAT

DAYS_PER_YEAR = 365.0

CONTANGO = "contango 正向"
FLAT = "flat 平水"
BACKWARDATION = "backwardation 反向"


def carry_cost(price, days, rate, storage_per_day=0.0, fixed_fees=0.0):
    """Cost of carrying one tonne: financing + storage + fixed fees, CNY/t."""
    financing = np.multiply(price, rate) * np.asarray(days) / DAYS_PER_YEAR
    return financing + np.multiply(storage_per_day, days) + fixed_fees


def carry_arbitrage(near, far, days, rate, storage_per_day=0.0, fixed_fees=0.0, vat=VAT):
    """Positive-carry room: spread − carry cost − VAT on a positive spread, CNY/t."""
    spread = np.subtract(far, near)
    vat = np.asarray(vat, dtype=float)
    vat_on_spread = np.maximum(spread, 0.0) * vat / (1.0 + vat)
    return spread - carry_cost(near, days, rate, storage_per_day, fixed_fees) - vat_on_spread


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


def annualised_carry(near, far, days):
    """The spread as an annual rate: (far / near − 1) × 365 / days."""
    return (np.divide(far, near) - 1.0) * DAYS_PER_YEAR / np.asarray(days, dtype=float)

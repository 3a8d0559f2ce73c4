"""Margins, shares, growth rates and balances common to every metal."""

from __future__ import annotations

import numpy as np


VAT = 0.13  # China's VAT on goods since April 2019: imports, ore and the delivery spread pay it

def profit(price, cost):
    """Margin per tonne: price − cost."""
    return np.subtract(price, cost)


def margin_on_cost(price, cost):
    """Profit as a fraction of cost (Mysteel's NPI margin convention)."""
    return np.divide(np.subtract(price, cost), cost)


def utilisation(running, built):
    """Running capacity as a fraction of built capacity."""
    return np.divide(running, built)


def pct_change(current, previous):
    """Growth rate current / previous − 1 (YoY or MoM, depending on what is passed)."""
    return np.divide(current, previous) - 1.0


def balance(supply, demand):
    """Surplus (+) or deficit (−): supply − demand, in the units given."""
    return np.subtract(supply, demand)


def _sorted_curve(costs, capacities):
    costs = np.asarray(costs, dtype=float).ravel()
    capacities = np.asarray(capacities, dtype=float).ravel()
    if costs.shape != capacities.shape:
        raise ValueError(f"costs has {costs.size} values but capacities has {capacities.size}")
    keep = ~(np.isnan(costs) | np.isnan(capacities))
    costs, capacities = costs[keep], capacities[keep]
    if capacities.sum() <= 0:
        raise ValueError("capacities add up to zero")
    order = np.argsort(costs, kind="stable")
    return costs[order], capacities[order]


def loss_share(price, costs, capacities):
    """Share of capacity whose cost is above the price (one result per price)."""
    costs, capacities = _sorted_curve(costs, capacities)
    price = np.asarray(price, dtype=float)
    # Capacity at or below each price, via the cumulative curve: O(log n) per price.
    cumulative = np.concatenate(([0.0], np.cumsum(capacities)))
    covered = cumulative[np.searchsorted(costs, price, side="right")]
    return np.where(np.isnan(price), np.nan, 1.0 - covered / cumulative[-1])  # a blank price stays blank


def cost_curve_price(costs, capacities, percentile):
    """Cost at which cumulative capacity, ranked by cost, first reaches the percentile."""
    costs, capacities = _sorted_curve(costs, capacities)
    share = np.cumsum(capacities) / capacities.sum()
    percentile = np.asarray(percentile, dtype=float)
    # A tiny tolerance so 0.5 reaches a cumulative share of 0.49999999 from float sums.
    index = np.searchsorted(share, percentile - 1e-12, side="left")
    return np.where(np.isnan(percentile), np.nan, costs[np.minimum(index, costs.size - 1)])  # blank stays blank


def breakeven_price(conversion_cost, raw_material_coef):
    """Price at which a converter breaks even when raw material is paid as a share of price."""
    return np.divide(conversion_cost, 1.0 - np.asarray(raw_material_coef, dtype=float))


def import_cost(lme_price, premium, fx, swap=0.0, duty=0.0, vat=VAT, misc_cost=0.0):
    """Landed cost in CNY/t of LME metal: (LME + swap + premium) × FX × (1 + duty) × (1 + VAT) + misc."""
    usd = np.add(np.add(lme_price, swap), premium)
    return usd * fx * (1.0 + np.asarray(duty)) * (1.0 + np.asarray(vat)) + misc_cost


def import_profit(domestic_price, lme_price, premium, fx, swap=0.0, duty=0.0, vat=VAT, misc_cost=0.0):
    """Domestic price minus the landed import cost, CNY/t (positive: the import window is open)."""
    return np.subtract(domestic_price, import_cost(lme_price, premium, fx, swap, duty, vat, misc_cost))

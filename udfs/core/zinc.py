"""Zinc chain: treatment charges, smelter and mine profit, cost support (docs/methods.md §2)."""

from __future__ import annotations

import numpy as np

SHARING_BASE = 15000.0  # CNY/t, base price of the domestic price-sharing clause
SHARING_SHARE = 0.2  # smelter's share of the price above the base

COST_SUPPORT_METHODS = ("fixed_tc", "sharing", "chain")


def zn_effective_tc(tc, zinc_price, base_price=SHARING_BASE, share=SHARING_SHARE):
    """Treatment charge after price sharing: TC + share × (price − base)."""
    return np.add(tc, np.multiply(share, np.subtract(zinc_price, base_price)))


def zn_smelter_profit(effective_tc, processing_cost, byproduct_credit=0.0):
    """Smelter margin per tonne of zinc: effective TC − processing cost + by-product credit."""
    return np.subtract(effective_tc, processing_cost) + byproduct_credit


def zn_mine_profit(zinc_price, tc, mine_cost):
    """Mine margin per metal tonne: concentrate value (price − TC) − mine cost."""
    return np.subtract(np.subtract(zinc_price, tc), mine_cost)


def zn_cost_support(zinc_price, mine_profit, method="fixed_tc", smelter_profit=0.0, share=SHARING_SHARE):
    """Price at which domestic mines break even.

    fixed_tc: P − π_m (the report's "以2000元倒扣": TC held where it is);
    sharing:  P − π_m / (1 − share) (the mine keeps 1 − share of each price move);
    chain:    P − π_m − π_s (mine and smelter both at zero margin).
    """
    if method == "fixed_tc":
        return np.subtract(zinc_price, mine_profit)
    if method == "sharing":
        return np.subtract(zinc_price, np.divide(mine_profit, 1.0 - np.asarray(share, dtype=float)))
    if method == "chain":
        return np.subtract(np.subtract(zinc_price, mine_profit), smelter_profit)
    raise ValueError(f"method: {method!r} is not one of {'/'.join(COST_SUPPORT_METHODS)}")


def zn_mine_cost(ore_cost, head_grade, recovery):
    """Mine cost per tonne of zinc in concentrate: cost per tonne of ore / (head grade × recovery)."""
    return np.divide(ore_cost, np.multiply(head_grade, recovery))


CONCENTRATE_GRADE = 0.5  # the Zn50 basis of TC quotes (docs/cost-models.md)
PAYABLE = 0.85  # share of the contained zinc a smelter pays for (docs/cost-models.md)


def zn_import_tc(tc_usd_per_dmt, fx, concentrate_grade=CONCENTRATE_GRADE, payable=PAYABLE):
    """Imported TC in CNY per payable metal tonne: TC (USD/dmt) × FX / (grade × payable share)."""
    return np.divide(np.multiply(tc_usd_per_dmt, fx), np.multiply(concentrate_grade, payable))

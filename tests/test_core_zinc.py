"""udfs.core.zinc: TC sharing, smelter and mine margins, the report's 16,000 cost support."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import zinc

PRICE, TC = 18000.0, 6100.0  # docs/methods.md §2.4: SHFE Zn ≈ 18,000; report Table 2: domestic TC 6,100


def test_effective_tc_with_price_sharing():
    # docs/methods.md §2.1: TC + (price − 15,000) × 0.2 = 6,100 + 600 = 6,700
    assert zinc.zn_effective_tc(TC, PRICE) == pytest.approx(6700, rel=1e-12)
    assert zinc.zn_effective_tc(TC, 15000.0) == pytest.approx(TC, rel=1e-12)  # hand: at the base, no sharing


def test_smelter_profit():
    # docs/methods.md §2.2 simplified: TC_eff − processing + by-products = 6,700 − 4,000 + 300 = 3,000
    assert zinc.zn_smelter_profit(6700, 4000, 300) == pytest.approx(3000, rel=1e-12)


def test_mine_profit():
    # docs/methods.md §2.4: mine cost C_m = P − TC − π_m = 18,000 − 6,100 − 2,000 = 9,900
    assert zinc.zn_mine_profit(PRICE, TC, 9900) == pytest.approx(2000, rel=1e-12)


@pytest.mark.parametrize(("method", "mine_profit", "smelter_profit", "expected"), [
    ("fixed_tc", 2000, 0, 16000),  # report Table 2 / docs/methods.md §2.4 A: 18,000 − 2,000
    ("fixed_tc", 1500, 0, 16500),  # docs/methods.md §2.4 A: range 16,000–16,500 for π_m 2,000–1,500
    ("sharing", 2000, 0, 15500),  # docs/methods.md §2.4 B: 18,000 − 2,000 / 0.8
    ("sharing", 1500, 0, 16125),  # docs/methods.md §2.4 B: 18,000 − 1,500 / 0.8
    ("chain", 1500, 2000, 14500),  # report Table 2 pre-2015 chain cost; docs/methods.md §2.4 C: 18,000 − 1,500 − 2,000
    ("chain", 2000, 2000, 14000),  # docs/methods.md §2.4 C: 9,900 + (6,100 − 2,000)
])
def test_cost_support_three_methods(method, mine_profit, smelter_profit, expected):
    got = zinc.zn_cost_support(PRICE, mine_profit, method, smelter_profit)
    assert got == pytest.approx(expected, rel=1e-12)


def test_cost_support_equals_mine_cost_plus_tc():
    # docs/methods.md §2.4: "equivalently support = C_m + TC = 9,900 + 6,100 = 16,000"
    mine_cost = PRICE - TC - 2000
    assert zinc.zn_cost_support(PRICE, zinc.zn_mine_profit(PRICE, TC, mine_cost)) == pytest.approx(mine_cost + TC)


def test_cost_support_unknown_method():
    with pytest.raises(ValueError, match="method: 'cost' is not one of fixed_tc/sharing/chain"):
        zinc.zn_cost_support(PRICE, 2000, "cost")


def test_shape_in_shape_out():
    price = np.array([[17000.0], [18000.0], [19000.0]])
    assert zinc.zn_effective_tc(TC, price).shape == (3, 1)
    assert zinc.zn_mine_profit(price, TC, 9900).shape == (3, 1)
    for method in zinc.COST_SUPPORT_METHODS:
        assert zinc.zn_cost_support(price, 2000, method, 2000).shape == (3, 1)

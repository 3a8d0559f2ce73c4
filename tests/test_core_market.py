"""udfs.core.market: margins, growth, balances, cost curves and import parity."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import market


def test_profit_report_aluminium():
    # report Table 4 / docs/methods.md §0: spot 13,800 − full cost 13,085 = 715 (> 600)
    assert market.profit(13800, 13085) == 715


def test_margin_on_cost_mysteel():
    # hand: (1,500 − 1,378.6) / 1,378.6 = 0.08806 (Mysteel's convention, docs/methods.md §1.2)
    assert market.margin_on_cost(1500, 1378.6) == pytest.approx(121.4 / 1378.6, rel=1e-12)


def test_utilisation_vs_reported_rate():
    # report Table 4: running 3,510 / built 4,069 = 0.8626, but the report prints 86.8 %;
    # docs/methods.md §1.4: the gap is 0.54 pp
    rate = market.utilisation(3510, 4069)
    assert rate == pytest.approx(0.8626, abs=5e-5)
    assert round((0.868 - rate) * 100, 2) == 0.54
    # docs/methods.md §1.4: 86.8 % × 4,069 = 3,532 万t would be needed
    assert round(0.868 * 4069) == 3532


@pytest.mark.parametrize(("current", "previous", "expected"), [
    (572, 545.5, 0.0486),  # docs/methods.md §0: alumina Dec MoM +4.86 %
    (305, 293.5, 0.0392),  # docs/methods.md §0: aluminium +3.92 %
    (53.81, 53.08, 0.0138),  # docs/methods.md §0: zinc +1.38 %
    (1.61, 1.41, 0.1418),  # docs/methods.md §0: nickel cathode +14.18 %
    (53, 35, 0.5143),  # report Table 3 / docs/methods.md §0: Indonesia NPI +51.43 % ("+51 %")
    (51, 58, -0.1207),  # docs/methods.md §0: China NPI −12.07 %
])
def test_pct_change(current, previous, expected):
    assert market.pct_change(current, previous) == pytest.approx(expected, abs=5e-5)


def test_balance_nickel_2020():
    # report Table 3: 2020 supply +13 vs demand +10–12 万吨 → surplus 1 to 3
    assert market.balance(13, np.array([10.0, 12.0])).tolist() == [3.0, 1.0]


COSTS = np.array([12000.0, 13000.0, 14000.0, 15000.0])
CAPACITIES = np.array([100.0, 200.0, 300.0, 400.0])


def test_loss_share():
    # hand: above 13,800 are 14,000 (300) and 15,000 (400) → 700 / 1,000
    assert market.loss_share(13800, COSTS, CAPACITIES) == pytest.approx(0.7, rel=1e-12)
    # hand: a plant whose cost equals the price is not loss-making: at 13,000 → 0.7, at 12,999 → 0.9
    assert market.loss_share(13000, COSTS, CAPACITIES) == pytest.approx(0.7, rel=1e-12)
    assert market.loss_share(12999, COSTS, CAPACITIES) == pytest.approx(0.9, rel=1e-12)


def test_loss_share_extremes():
    # hand: below every cost all capacity loses money; above every cost none does
    assert market.loss_share(11000, COSTS, CAPACITIES) == 1.0
    assert market.loss_share(16000, COSTS, CAPACITIES) == 0.0


def test_loss_share_one_result_per_price_and_blank():
    price = np.array([[11000.0], [np.nan], [16000.0]])
    got = market.loss_share(price, COSTS[::-1], CAPACITIES[::-1])  # order of plants does not matter
    assert got.shape == (3, 1)
    assert got[0, 0] == 1.0 and np.isnan(got[1, 0]) and got[2, 0] == 0.0


def test_loss_share_skips_blank_plants_and_checks_lengths():
    costs = np.array([12000.0, np.nan, 14000.0])
    caps = np.array([100.0, 500.0, 300.0])
    assert market.loss_share(13000, costs, caps) == pytest.approx(0.75)  # hand: 300 / (100 + 300)
    with pytest.raises(ValueError, match="costs has 3 values but capacities has 2"):
        market.loss_share(13000, costs, caps[:2])
    with pytest.raises(ValueError, match="capacities add up to zero"):
        market.loss_share(13000, costs, np.zeros(3))


def test_cost_curve_price_percentiles():
    # hand: sorted 12,000 (100), 13,000 (200), 14,000 (300): cumulative shares 1/6, 1/2, 1
    costs = np.array([14000.0, 12000.0, 13000.0])
    caps = np.array([300.0, 100.0, 200.0])
    assert market.cost_curve_price(costs, caps, 0.0) == 12000  # the cheapest plant
    assert market.cost_curve_price(costs, caps, 1 / 6) == 12000
    assert market.cost_curve_price(costs, caps, 0.5) == 13000
    assert market.cost_curve_price(costs, caps, 0.51) == 14000
    assert market.cost_curve_price(costs, caps, 1.0) == 14000  # the dearest plant
    got = market.cost_curve_price(costs, caps, np.array([[0.0], [np.nan], [1.0]]))
    assert got.shape == (3, 1) and np.isnan(got[1, 0])


def test_breakeven_antaike():
    # docs/methods.md §3.3 (Antaike 2020-03-23): 20,000 / (1 − 0.8) = 100,000
    assert market.breakeven_price(20000, 0.8) == pytest.approx(100000, rel=1e-12)


def test_import_cost_and_profit():
    # hand: (2,425.48 + 120) × 7.0 × 1.13 = 20,134.7468; 18,422.9 − 20,134.7468 = −1,711.8468
    assert market.import_cost(2425.48, 120, 7.0) == pytest.approx(20134.7468, rel=1e-12)
    assert market.import_profit(18422.9, 2425.48, 120, 7.0) == pytest.approx(-1711.8468, rel=1e-9)
    # hand: duty 5 % and misc 50: 2,545.48 × 7 × 1.05 × 1.13 + 50 = 21,191.48
    assert market.import_cost(2425.48, 120, 7.0, duty=0.05, misc_cost=50) == pytest.approx(
        2545.48 * 7 * 1.05 * 1.13 + 50, rel=1e-12)


@pytest.mark.parametrize("function", [market.profit, market.margin_on_cost, market.utilisation,
                                      market.pct_change, market.balance])
def test_shape_in_shape_out(function):
    column = np.array([[13800.0], [14000.0], [14200.0]])
    assert function(column, 13085.0).shape == (3, 1)
    assert function(13800.0, column).shape == (3, 1)
    assert market.import_cost(column, 120, 7.0).shape == (3, 1)
    assert market.breakeven_price(column, 0.8).shape == (3, 1)

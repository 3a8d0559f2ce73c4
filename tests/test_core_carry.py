"""udfs.core.carry: carry cost, positive-carry arbitrage, structure, virtual inventory."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import carry


def test_carry_cost_domain_notes_example():
    # docs/methods.md §5: Al near 13,900, r 5 %, 30 days, storage 0.4, fees 10 → 57.1 + 12 + 10 = 79.1
    got = carry.carry_cost(13900, 30, 0.05, 0.4, 10)
    assert got == pytest.approx(13900 * 0.05 * 30 / 365 + 12 + 10, rel=1e-12)
    assert round(float(got), 1) == 79.1


def test_carry_arbitrage_break_even_spread_near_89():
    # docs/methods.md §5: "a monthly spread above ≈ 89 CNY/t pays": break-even = 79.12 / (1 − 13/113) = 89.41
    cost = carry.carry_cost(13900, 30, 0.05, 0.4, 10)
    break_even = cost / (1 - 0.13 / 1.13)
    assert break_even == pytest.approx(89.41, abs=0.01)
    assert carry.carry_arbitrage(13900, 13900 + break_even, 30, 0.05, 0.4, 10) == pytest.approx(0, abs=1e-9)
    assert carry.carry_arbitrage(13900, 13989, 30, 0.05, 0.4, 10) < 0
    assert carry.carry_arbitrage(13900, 13990, 30, 0.05, 0.4, 10) > 0


def test_no_vat_credit_on_a_negative_spread():
    # hand: backwardation −100: room = −100 − 79.12 (no VAT on a negative spread) = −179.12
    got = carry.carry_arbitrage(14000, 13900, 30, 0.05, 0.4, 10)
    assert got == pytest.approx(-100 - (14000 * 0.05 * 30 / 365 + 12 + 10), rel=1e-12)


def test_annualised_carry():
    # hand: (14,000 / 13,900 − 1) × 365 / 30 = 0.0875
    assert carry.annualised_carry(13900, 14000, 30) == pytest.approx(100 / 13900 * 365 / 30, rel=1e-12)


def test_spread_structure_labels_and_band():
    # hand: far − near = +100 contango, −100 backwardation, +20 within a 25 band flat, exactly 25 flat
    near = np.array([[13900.0], [14000.0], [13900.0], [13900.0]])
    far = np.array([[14000.0], [13900.0], [13920.0], [13925.0]])
    got = carry.spread_structure(near, far, 25)
    assert got.shape == (4, 1)
    assert got.ravel().tolist() == [carry.CONTANGO, carry.BACKWARDATION, carry.FLAT, carry.FLAT]
    assert carry.spread_structure(100, 100) == carry.FLAT  # hand: zero spread, zero band


def test_spread_structure_blank_stays_blank():
    got = carry.spread_structure(np.array([13900.0, np.nan]), 14000)
    assert got.tolist() == [carry.CONTANGO, None]


def test_virtual_inventory_benefit():
    # hand: physical 18,000 × 0.05 × 90/365 + 0.5 × 90 = 221.92 + 45; virtual 50 + 0.1 × 18,050 × 0.05 × 90/365
    # = 50 + 22.25 → benefit 194.66 (docs/methods.md §4.3 formula)
    got = carry.virtual_inventory_benefit(18000, 18050, 90, 0.05, 0.5, 0.1)
    assert got == pytest.approx(194.664, abs=1e-3)


def test_shape_in_shape_out():
    price = np.array([[13900.0], [14000.0], [14100.0]])
    assert carry.carry_cost(price, 30, 0.05).shape == (3, 1)
    assert carry.carry_arbitrage(price, 14200.0, 30, 0.05).shape == (3, 1)
    assert carry.annualised_carry(price, 14200.0, 30).shape == (3, 1)
    assert carry.virtual_inventory_benefit(price, 14200.0, 30, 0.05, 0.4, 0.1).shape == (3, 1)


# --------------------------------------------------------------------------- conventions (issue 13)


def test_defaults_are_todays_conventions():
    # hand: the explicit defaults give exactly the old numbers (actual/365, storage for the financing days,
    # VAT on the tax-inclusive spread)
    old = carry.carry_cost(13900, 30, 0.05, 0.4, 10)
    assert carry.carry_cost(13900, 30, 0.05, 0.4, 10, "actual/365", -1) == old
    assert carry.carry_cost(13900, 30, 0.05, 0.4, 10, "actual/365", 30) == old
    room = carry.carry_arbitrage(13900, 14000, 30, 0.05, 0.4, 10)
    assert carry.carry_arbitrage(13900, 14000, 30, 0.05, 0.4, 10, 0.13, "actual/365", -1, "tax_inclusive") == room


def test_day_counts():
    # hand: 13,900 × 0.05 × 30 / 360 = 57.9167; + 0.4 × 30 + 10 = 79.9167
    assert carry.carry_cost(13900, 30, 0.05, 0.4, 10, "actual/360") == pytest.approx(79.916667, abs=1e-6)
    # hand, exam style: 2 months at 5 %: 13,900 × 0.05 × 2 / 12 = 115.8333; storage 0.4 × 60 = 24; + 10 = 149.8333
    assert carry.carry_cost(13900, 2, 0.05, 0.4, 10, "Months/12", 60) == pytest.approx(149.833333, abs=1e-6)
    assert carry.year_fraction(90, "actual/360") == 0.25  # hand: 90 / 360
    assert carry.year_fraction(3, "months/12") == 0.25  # hand: 3 / 12


def test_storage_days_separate_from_financing_days():
    # hand: financing 30 days 57.1233; storage 45 days × 0.4 = 18; + 10 = 85.1233
    assert carry.carry_cost(13900, 30, 0.05, 0.4, 10, "actual/365", 45) == pytest.approx(85.123288, abs=1e-6)
    # hand: 0 storage days is no storage at all: 57.1233 + 10
    assert carry.carry_cost(13900, 30, 0.05, 0.4, 10, "actual/365", 0) == pytest.approx(67.123288, abs=1e-6)


def test_months_need_storage_days_when_storage_is_charged():
    with pytest.raises(ValueError, match="storage_days: type the storage days when day_count is months/12"):
        carry.carry_cost(13900, 2, 0.05, 0.4, 10, "months/12")
    # hand: no storage fee, no storage days needed: 115.8333 + 10
    assert carry.carry_cost(13900, 2, 0.05, 0.0, 10, "months/12") == pytest.approx(125.833333, abs=1e-6)


def test_vat_methods():
    # hand: spread 100: tax-inclusive 100 × 0.13 / 1.13 = 11.5044; simplified 100 × 0.13 = 13
    assert carry.vat_on_spread(100) == pytest.approx(11.504425, abs=1e-6)
    assert carry.vat_on_spread(100, 0.13, "simplified") == pytest.approx(13.0, abs=1e-12)
    assert carry.vat_on_spread(-100, 0.13, "simplified") == 0  # hand: no VAT on a negative spread
    # hand: 100 − 79.1233 − 13 = 7.8767
    got = carry.carry_arbitrage(13900, 14000, 30, 0.05, 0.4, 10, 0.13, "actual/365", -1, "simplified")
    assert got == pytest.approx(7.876712, abs=1e-6)


def test_annualised_carry_day_counts():
    # hand: 100 / 13,900 × 360 / 30 = 0.086331; one month: × 12 = 0.086331
    assert carry.annualised_carry(13900, 14000, 30, "actual/360") == pytest.approx(0.0863309, abs=1e-7)
    assert carry.annualised_carry(13900, 14000, 1, "months/12") == pytest.approx(0.0863309, abs=1e-7)


def test_unknown_convention_is_named():
    with pytest.raises(ValueError, match="day_count: '30/360' is not one of actual/365/actual/360/months/12"):
        carry.carry_cost(13900, 30, 0.05, 0.4, 10, "30/360")
    with pytest.raises(ValueError, match="vat_method: 'net' is not one of tax_inclusive/simplified"):
        carry.carry_arbitrage(13900, 14000, 30, 0.05, 0.4, 10, 0.13, "actual/365", -1, "net")


def test_storage_days_broadcast():
    # hand: storage days 0, 30, default (→ 30 financing days): storage 0, 12, 12
    got = carry.carry_cost(13900, 30, 0.05, 0.4, 0, "actual/365", np.array([[0.0], [30.0], [-1.0]]))
    financing = 13900 * 0.05 * 30 / 365
    assert got.ravel() == pytest.approx([financing, financing + 12, financing + 12], abs=1e-9)


def test_months_with_a_blank_fee_leave_that_row_blank():
    # hand: row 1 no fee: 13,900 × 0.05 × 2 / 12 = 115.83; row 2 a blank fee (NaN): blank, not an error
    got = carry.carry_cost(13900, 2, 0.05, np.array([[0.0], [np.nan]]), 0, "months/12")
    assert got[0, 0] == pytest.approx(115.833333, abs=1e-6) and np.isnan(got[1, 0])


# --------------------------------------------------------------------------- theoretical futures price (issue 20)


def test_theoretical_price_syllabus_simple_form():
    # 期货投资分析, 持有成本模型 in its simple form F = S + S × r × T + 仓储费 (hand): zinc spot 18,000,
    # 6 % a year for 3 months, rent 0.5 CNY/t/day for 90 days: 18,000 × 0.06 × 0.25 = 270; + 45 → 18,315
    got = carry.theoretical_futures_price(18000, 3, 0.06, 0, 0.5, 0, "simple", "months/12", 90)
    assert got == pytest.approx(18315.0, abs=1e-9)
    # the same period as 90 of 365 days: 18,000 × 0.06 × 90/365 = 266.30; + 45 → 18,311.30
    assert carry.theoretical_futures_price(18000, 90, 0.06, 0, 0.5) == pytest.approx(18311.30, abs=0.005)


def test_theoretical_price_hull_storage_paid_at_the_end():
    # Hull, Options, Futures and Other Derivatives, ch. 5: S 450, r 7 % continuous, 1 year, storage 2 paid
    # at year end: U = 2e^−0.07 = 1.865, F = (450 + 1.865) × e^0.07 = 484.63
    got = carry.theoretical_futures_price(450, 365, 0.07, 0, 2 / 365, 0, "continuous")
    assert got == pytest.approx(484.63, abs=0.005)


def test_theoretical_price_storage_rate_and_convenience_yield():
    # hand, continuous: F = S × e^((r + u − y)T): 14,000 × e^((0.04 + 0.01 − 0.03) × 0.5) = 14,000 × e^0.01
    # = 14,140.70; simple: 14,000 × (1 + 0.02 × 0.5) = 14,140.00
    args = (14000, 6, 0.04, 0.01, 0, 0.03)
    assert carry.theoretical_futures_price(*args, "continuous", "months/12") == pytest.approx(14140.70, abs=0.005)
    assert carry.theoretical_futures_price(*args, "simple", "months/12") == pytest.approx(14140.0, abs=1e-9)
    # a convenience yield above the carry gives backwardation: y 8 % → 14,000 × (1 − 0.03 × 0.5) = 13,790
    assert carry.theoretical_futures_price(14000, 6, 0.04, 0.01, 0, 0.08, "simple", "months/12") == \
        pytest.approx(13790.0, abs=1e-9)


def test_theoretical_price_is_spot_plus_carry_cost_without_fees():
    # docs/methods.md §5: simple, actual/365: F − S = carry_cost(S, …, fixed_fees 0) = 57.12 + 12 = 69.12
    fair = carry.theoretical_futures_price(13900, 30, 0.05, 0, 0.4)
    assert fair - 13900 == pytest.approx(float(carry.carry_cost(13900, 30, 0.05, 0.4, 0)), rel=1e-12)
    assert fair == pytest.approx(13969.12, abs=0.005)
    # actual/360: 13,900 × 0.05 × 30/360 = 57.92 → 13,969.92
    assert carry.theoretical_futures_price(13900, 30, 0.05, 0, 0.4, 0, "simple", "actual/360") == \
        pytest.approx(13969.92, abs=0.005)


def test_theoretical_price_refuses_unknown_compounding_by_name():
    with pytest.raises(ValueError, match="compounding: 'annual'"):
        carry.theoretical_futures_price(14000, 30, 0.05, compounding="annual")
    with pytest.raises(ValueError, match="storage_days"):  # months/12 with a storage fee needs storage days
        carry.theoretical_futures_price(14000, 3, 0.05, 0, 0.4, 0, "simple", "months/12")


def test_theoretical_price_shape_in_shape_out():
    spot = np.array([[13900.0], [14000.0], [np.nan]])
    got = carry.theoretical_futures_price(spot, 30, 0.05, 0, 0.4, 0, "continuous")
    assert got.shape == (3, 1) and np.isnan(got[2, 0])

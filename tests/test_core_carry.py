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

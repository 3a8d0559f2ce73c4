"""udfs.core.nickel: RKEF NPI cost per nickel point and the point/tonne conversions."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import nickel


def test_wet_ore_per_point():
    # docs/methods.md §3.2: 0.01 / (0.015 × 0.65 × 0.92) ≈ 1.115 wmt per point
    assert nickel.ni_wet_ore_per_point(0.015, 0.35, 0.92) == pytest.approx(1.115, abs=5e-4)


def test_power_per_point_is_254():
    # docs/methods.md §3.2: power ≈ 1.115 × 0.65 × 700 × 0.5 ≈ 254 per point; ore at 0 USD isolates it
    # hand: cost(0) = power + reductant 120 + other 150
    power = nickel.ni_npi_cost(0.0, 7.0) - 120 - 150
    assert power == pytest.approx(254, abs=0.5)


def test_calibration_to_smm_1300():
    # docs/methods.md §3.2 / report Table 3: cost > 1,300 CNY/point needs 1.5 % ore at ≈ 87–89 USD/wmt at FX 7.0.
    # cost is linear in the ore price: cost(c) = a × c + b; solve a × c + b = 1,300.
    b = nickel.ni_npi_cost(0.0, 7.0)
    a = nickel.ni_npi_cost(1.0, 7.0) - b
    assert nickel.ni_npi_cost(50.0, 7.0) == pytest.approx(a * 50 + b, rel=1e-12)  # it is linear
    cif = (1300 - b) / a
    assert 87 < cif < 89, cif
    assert nickel.ni_npi_cost(cif, 7.0) == pytest.approx(1300, rel=1e-12)


def test_ore_cost_includes_import_vat():
    # hand: ore/point = W × CIF × FX × 1.13, so VAT 0 removes 13/113 of the ore cost
    with_vat = nickel.ni_npi_cost(88.0, 7.0) - nickel.ni_npi_cost(0.0, 7.0)
    without = nickel.ni_npi_cost(88.0, 7.0, import_vat=0.0) - nickel.ni_npi_cost(0.0, 7.0, import_vat=0.0)
    assert with_vat / without == pytest.approx(1.13, rel=1e-12)


def test_point_and_tonne():
    # report Table 3 / docs/methods.md §3.1: 1,300 CNY/point = 130,000 CNY per tonne of contained Ni
    assert nickel.ni_point_to_tonne(1300) == pytest.approx(130000, rel=1e-12)
    assert nickel.ni_tonne_to_point(130000) == pytest.approx(1300, rel=1e-12)


def test_shape_in_shape_out():
    cif = np.array([[80.0], [88.0], [95.0]])
    assert nickel.ni_npi_cost(cif, 7.0).shape == (3, 1)
    assert nickel.ni_npi_cost(88.0, np.array([[6.9, 7.0]])).shape == (1, 2)
    assert nickel.ni_point_to_tonne(np.array([[1300.0], [1400.0]])).shape == (2, 1)

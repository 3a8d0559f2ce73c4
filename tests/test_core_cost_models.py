"""Cost models of issue 13: alumina refinery, zinc mine per metal tonne, imported TC, stainless 304 by route.

Defaults and sources: docs/cost-models.md.
"""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import aluminium, stainless, zinc


def test_alumina_cost_from_unit_consumptions():
    # hand: 2.4 × 250 = 600; 0.12 × 3,400 = 408; 0.2 × 450 = 90; 0.5 × 600 = 300; 300 × 0.5 = 150;
    # labour 40 + depreciation 450 + other 300 → 2,338
    assert aluminium.alumina_cost(250, 3400, 450, 600, 0.5, 40, 450, 300) == pytest.approx(2338, abs=1e-9)


def test_alumina_cost_with_imported_bauxite_and_gas():
    # hand: 2.7 t gibbsite at 380 = 1,026; caustic 0.10 × 3,000 = 300; lime 0.1 × 450 = 45; gas 280 m³ × 2.5 = 700;
    # 250 kWh × 0.6 = 150; + 30 + 500 + 200 → 2,951
    got = aluminium.alumina_cost(380, 3000, 450, 2.5, 0.6, 30, 500, 200, 2.7, 0.10, 0.1, 280, 250)
    assert got == pytest.approx(2951, abs=1e-9)


def test_alumina_cost_in_the_published_plant_range():
    # The 2018 plant cost table (docs/cost-models.md) spans 2,127–2,750 CNY/t; the defaults must land inside it.
    assert 2127 <= aluminium.alumina_cost(250, 3400, 450, 600, 0.5, 40, 450, 300) <= 2750


def test_modelled_alumina_feeds_the_aluminium_cost():
    # hand: al_full_cost with alumina 2,338 instead of 2,474: 1.93 × (2,474 − 2,338) = 262.48 lower
    quoted = aluminium.al_full_cost(2474, 0.3092, 3000, 2585.98)
    modelled = aluminium.al_full_cost(2338, 0.3092, 3000, 2585.98)
    assert quoted - modelled == pytest.approx(262.48, abs=1e-9)


def test_zinc_mine_cost_per_metal_tonne():
    # hand: 400 / (0.045 × 0.9) = 9,876.54; the report implies 18,000 − 6,100 − 2,000 = 9,900
    assert zinc.zn_mine_cost(400, 0.045, 0.9) == pytest.approx(9876.5432, abs=1e-4)
    assert zinc.zn_mine_cost(400, 0.045, 0.9) == pytest.approx(18000 - 6100 - 2000, rel=0.01)
    # hand: a richer ore halves the cost per metal tonne: 400 / (0.09 × 0.9) = 4,938.27
    assert zinc.zn_mine_cost(400, 0.09, 0.9) == pytest.approx(4938.2716, abs=1e-4)


def test_imported_tc_in_cny_per_metal_tonne():
    # hand: Reuters 2019-12-24 spot TC 310 USD/dmt: 310 × 7.0 / (0.5 × 0.85) = 5,105.88
    assert zinc.zn_import_tc(310, 7.0) == pytest.approx(5105.882353, abs=1e-6)
    # hand: a 55 % concentrate at 6.9: 310 × 6.9 / (0.55 × 0.85) = 4,575.40
    assert zinc.zn_import_tc(310, 6.9, 0.55, 0.85) == pytest.approx(4575.401070, abs=1e-6)


def test_304_purchased_npi_route_near_mysteel():
    # hand: 0.08 / 0.97 × 100 × 1,380 = 11,381.44; 0.18 / (0.95 × 0.5) × 8,900 = 3,372.63; + 2,600 = 17,354.07
    got = stainless.ss304_cost("purchased_npi", 1380, 8900, 2530, 2600)
    assert got == pytest.approx(17354.0749, abs=1e-4)
    # Mysteel 2023-01-28, purchased-NPI route at NPI 1,380 and FeCr 8,900: 17,199 (within 1 %)
    assert got == pytest.approx(17199, rel=0.01)


def test_304_routes():
    # hand, integrated: own NPI cost 1,300: 0.082474 × 100 × 1,300 = 10,721.65; + 3,372.63 + 2,100 = 16,194.28 (16,194.2811)
    assert stainless.ss304_cost("integrated_npi", 1300, 8900, 2530, 2100) == pytest.approx(16194.2811, abs=1e-4)
    # hand, pure nickel 110,000: 9,072.16; FeCr 0.378947 × 6,300 = 2,387.37; iron (1 − 0.26 − 0.189474)
    # = 0.550526 t × 2,530 = 1,392.83; + 2,600 = 15,452.36
    assert stainless.ss304_cost("pure_nickel", 110000, 6300, 2530, 2600) == pytest.approx(15452.3649, abs=1e-4)
    # hand, scrap: 10,000 / 0.97 + 2,300 = 12,609.28; the alloy prices are not used
    assert stainless.ss304_cost("scrap", 10000, 6300, 2530, 2300) == pytest.approx(12609.2784, abs=1e-4)
    assert stainless.ss304_cost("scrap", 10000, 0, 0, 2300) == stainless.ss304_cost("scrap", 10000, 1e5, 1e5, 2300)


def test_304_alloy_contents_move_the_cost():
    # hand: 10 % Ni instead of 8 % raises the NPI route by 0.02 / 0.97 × 100 × 1,380 = 2,845.36
    base = stainless.ss304_cost("purchased_npi", 1380, 8900, 2530, 2600)
    richer = stainless.ss304_cost("purchased_npi", 1380, 8900, 2530, 2600, 0.10)
    assert richer - base == pytest.approx(2845.3608, abs=1e-4)


def test_304_broadcasts_and_names_a_bad_route():
    got = stainless.ss304_cost("purchased_npi", np.array([[1000.0], [1380.0]]), 8900, 2530, 2600)
    assert got.shape == (2, 1)
    # hand: 380 points more cost 0.082474 × 100 × 380 = 3,134.02
    assert got[1, 0] - got[0, 0] == pytest.approx(3134.0206, abs=1e-4)
    with pytest.raises(ValueError, match="route: 'eaf' is not one of purchased_npi/integrated_npi/pure_nickel/scrap"):
        stainless.ss304_cost("eaf", 1, 1, 1, 1)

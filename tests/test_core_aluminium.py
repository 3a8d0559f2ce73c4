"""udfs.core.aluminium: the component cost model and the back-solve of the report's 13,085."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import aluminium as al

# report Table 4: weighted alumina full cost 2,474 CNY/t, power 0.3092 CNY/kWh, Al full cost 13,085 CNY/t
ALUMINA, POWER, FULL = 2474.0, 0.3092, 13085.0
ANODE = 3000.0  # docs/methods.md §1.1: anode price assumed 2,900–3,100 CNY/t; the catalogue uses 3,000


def test_material_cost_components():
    # docs/methods.md §1.1: alumina 1.93 × 2,474 = 4,774.82; power 0.3092 × 13,500 = 4,174.2;
    # hand: anode 0.45 × 3,000 = 1,350; fluoride 200 → 10,499.02
    assert al.al_material_cost(ALUMINA, POWER, ANODE) == pytest.approx(4774.82 + 4174.2 + 1350 + 200, rel=1e-12)


def test_full_cost_adds_other():
    # hand: 10,499.02 + 2,400 = 12,899.02
    assert al.al_full_cost(ALUMINA, POWER, ANODE, 2400) == pytest.approx(12899.02, rel=1e-12)


def test_backsolve_reproduces_13085_exactly():
    # report Table 4: 13,085 − 10,499.02 = 2,585.98 "other + taxes"; fed back in it gives 13,085
    other = al.al_backsolve_other(FULL, ALUMINA, POWER, ANODE)
    assert other == pytest.approx(2585.98, rel=1e-12)
    assert al.al_full_cost(ALUMINA, POWER, ANODE, other) == FULL


def test_backsolved_other_within_domain_notes_range():
    # docs/methods.md §1.1: with anode 0.45–0.50 t × 2,900–3,100 CNY/t the implied other is 2,340–2,630
    # (the notes take fluoride ≈ 198, we take 200, hence ± 5). hand: 13,085 − (4,774.82 + 4,174.2 + 1,305
    # + 200) = 2,630.98 at the cheap end; 13,085 − (4,774.82 + 4,174.2 + 1,550 + 200) = 2,385.98 at the dear end
    others = [al.al_backsolve_other(FULL, ALUMINA, POWER, anode_price, anode_per_t=anode_per_t)
              for anode_per_t in (0.45, 0.50) for anode_price in (2900.0, 3100.0)]
    assert min(others) == pytest.approx(2385.98, rel=1e-12)
    assert max(others) == pytest.approx(2630.98, rel=1e-12)
    assert 2340 - 5 <= min(others) and max(others) <= 2630 + 5


def test_unit_consumptions_change_the_cost():
    # hand: power at 13,650 kWh instead of 13,500 adds 150 × 0.3092 = 46.38 (docs/methods.md §1.1: 4,220.6 − 4,174.2)
    base = al.al_full_cost(ALUMINA, POWER, ANODE, 2400)
    more = al.al_full_cost(ALUMINA, POWER, ANODE, 2400, kwh_per_t=13650)
    assert more - base == pytest.approx(46.38, rel=1e-9)


def test_shape_in_shape_out():
    alumina = np.array([[2400.0], [2474.0], [2600.0]])
    got = al.al_full_cost(alumina, POWER, ANODE, 2400)
    assert got.shape == (3, 1)
    # hand: each 1 CNY/t of alumina adds 1.93 CNY/t of aluminium
    assert got[1, 0] - got[0, 0] == pytest.approx(74 * 1.93, rel=1e-9)
    assert al.al_backsolve_other(np.array([[FULL, FULL]]), ALUMINA, POWER, ANODE).shape == (1, 2)

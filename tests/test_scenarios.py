"""Scenario grids: hand-computed tables, agreement with the one-cell functions, no per-cell loop."""

from __future__ import annotations

import re
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs
from udfs.catalogue import BY_NAME
from udfs.core import aluminium, nickel, scenarios, zinc

GRIDS = ("al_profit_grid", "zn_profit_grid", "ni_npi_cost_grid")

drivers = st.lists(st.floats(min_value=1.0, max_value=1e5, allow_nan=False, allow_infinity=False),
                   min_size=1, max_size=6)
small = st.floats(min_value=0.01, max_value=10.0, allow_nan=False, allow_infinity=False)


def body(table):
    return np.array(table[1:, 1:], dtype=float)


# ---------------------------------------------------------------- hand-computed grids


def test_al_profit_grid_by_hand():
    table = scenarios.al_profit_grid(14000, [2400, 2500], [0.30, 0.32], 3000, 2400)
    assert table.shape == (3, 3)
    assert table[0, 0] == scenarios.AL_GRID_LABEL and isinstance(table[0, 0], str)
    assert table[0, 1:].tolist() == [0.30, 0.32]  # power prices across the top
    assert table[1:, 0].tolist() == [2400, 2500]  # alumina prices down the side
    # fixed part: anode 0.45 × 3,000 = 1,350 + fluoride 200 + other 2,400 = 3,950
    # alumina 1.93 × 2,400 = 4,632; 1.93 × 2,500 = 4,825; power 13,500 × 0.30 = 4,050; × 0.32 = 4,320
    assert body(table)[0, 0] == pytest.approx(1368)  # 14,000 − (4,632 + 4,050 + 3,950) = 1,368
    assert body(table)[0, 1] == pytest.approx(1098)  # 14,000 − (4,632 + 4,320 + 3,950) = 1,098
    assert body(table)[1, 0] == pytest.approx(1175)  # 14,000 − (4,825 + 4,050 + 3,950) = 1,175
    assert body(table)[1, 1] == pytest.approx(905)  # 14,000 − (4,825 + 4,320 + 3,950) = 905


def test_al_profit_grid_reproduces_the_report():
    # report Table 4: full cost 13,085 (other back-solved: 13,085 − 4,774.82 − 4,174.20 − 1,350 − 200
    # = 2,585.98), spot 13,800 → 715 profit, the report's "> 600"
    table = scenarios.al_profit_grid(13800, [2474], [0.3092], 3000, 2585.98)
    assert body(table)[0, 0] == pytest.approx(715)


def test_zn_profit_grid_mine_by_hand():
    table = scenarios.zn_profit_grid([17000, 18000], [5000, 6100], 9900, 4000, 0, "mine")
    assert table[0, 0] == scenarios.ZN_GRID_LABEL
    # price − TC − mine cost 9,900
    assert body(table).tolist() == [[2100, 1000],  # 17,000 − 5,000 − 9,900; 17,000 − 6,100 − 9,900
                                    [3100, 2000]]  # 18,000 − 5,000 − 9,900; 18,000 − 6,100 − 9,900 (§2.4)


def test_zn_profit_grid_smelter_uses_the_tc_as_the_effective_tc():
    table = scenarios.zn_profit_grid([17000, 18000], [5000, 6100], 9900, 4000, 300)
    # TC − 4,000 + 300, independent of the zinc price while share is 0
    assert body(table).tolist() == [[1300, 2400], [1300, 2400]]


def test_zn_profit_grid_smelter_with_price_sharing():
    table = scenarios.zn_profit_grid([17000, 18000], [5000, 6100], 9900, 4000, 300, "smelter", 0.2)
    # effective TC = TC + 0.2 × (price − 15,000): +400 at 17,000, +600 at 18,000; then − 4,000 + 300
    assert body(table).tolist() == [[1700, 2800],  # 5,400 − 3,700; 6,500 − 3,700
                                    [1900, 3000]]  # 5,600 − 3,700; 6,700 − 3,700


def test_ni_npi_cost_grid_by_hand():
    table = scenarios.ni_npi_cost_grid([60, 88], [7.0, 7.1])
    assert table[0, 0] == scenarios.NI_GRID_LABEL
    # W = 0.01 / (0.015 × 0.65 × 0.92) = 1.114827 wmt per point; power W × 0.65 × 700 × 0.5 = 253.62;
    # reductant 120 + other 150 = 270; ore W × CIF × FX × 1.13
    assert body(table)[0, 0] == pytest.approx(1052.72, abs=0.01)  # 1.114827 × 60 × 7.0 × 1.13 = 529.10
    assert body(table)[0, 1] == pytest.approx(1060.28, abs=0.01)  # × 7.1 → 536.66
    assert body(table)[1, 0] == pytest.approx(1299.63, abs=0.01)  # 88 × 7.0 → 776.01, SMM's "> 1,300"
    assert body(table)[1, 1] == pytest.approx(1310.72, abs=0.01)  # 88 × 7.1 → 787.10


def test_ni_npi_cost_grid_passes_options_by_position_and_name():
    by_position = scenarios.ni_npi_cost_grid([88], [7.0], 0.018)
    by_name = scenarios.ni_npi_cost_grid([88], [7.0], ore_grade=0.018)
    assert body(by_position)[0, 0] == body(by_name)[0, 0] == pytest.approx(nickel.ni_npi_cost(88, 7.0, 0.018))


# ---------------------------------------------------------------- blanks and single cells


def test_trailing_blank_drivers_are_dropped():
    table = scenarios.al_profit_grid(14000, [2400, 2500, np.nan, np.nan], [0.30, np.nan], 3000, 2400)
    assert table.shape == (3, 2)


def test_blank_inside_drivers_is_refused():
    with pytest.raises(ValueError, match=r"alumina_prices: blank at position 2"):
        scenarios.al_profit_grid(14000, [2400, np.nan, 2500], [0.30], 3000, 2400)


def test_scalar_arguments_must_be_single_cells():
    with pytest.raises(ValueError, match=r"price: needs a single cell, got 2 cells"):
        scenarios.al_profit_grid([14000, 15000], [2400], [0.30], 3000, 2400)
    with pytest.raises(ValueError, match="side"):
        scenarios.zn_profit_grid([17000], [5000], 9900, 4000, 0, "refiner")


# ---------------------------------------------------------------- properties


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(price=st.floats(min_value=1000, max_value=30000), alumina=drivers, power=st.lists(small, min_size=1,
       max_size=6), anode=st.floats(min_value=0, max_value=5000), other=st.floats(min_value=0, max_value=5000))
def test_al_grid_cells_equal_the_scalar_function(price, alumina, power, anode, other):
    table = scenarios.al_profit_grid(price, alumina, power, anode, other)
    assert table.shape == (len(alumina) + 1, len(power) + 1)
    for i, a in enumerate(alumina):
        for j, p in enumerate(power):
            expected = price - aluminium.al_full_cost(a, p, anode, other)
            assert table[i + 1, j + 1] == pytest.approx(expected, rel=1e-12, abs=1e-9)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(prices=drivers, tcs=drivers, mine_cost=st.floats(min_value=0, max_value=20000),
       processing=st.floats(min_value=0, max_value=10000), credit=st.floats(min_value=0, max_value=2000),
       side=st.sampled_from(scenarios.ZN_SIDES), share=st.sampled_from([0.0, 0.2, 0.5]))
def test_zn_grid_cells_equal_the_scalar_functions(prices, tcs, mine_cost, processing, credit, side, share):
    table = scenarios.zn_profit_grid(prices, tcs, mine_cost, processing, credit, side, share)
    for i, price in enumerate(prices):
        for j, tc in enumerate(tcs):
            effective = zinc.zn_effective_tc(tc, price, zinc.SHARING_BASE, share)
            if side == "smelter":
                expected = zinc.zn_smelter_profit(effective, processing, credit)
            else:
                expected = zinc.zn_mine_profit(price, effective, mine_cost)
            assert table[i + 1, j + 1] == pytest.approx(expected, rel=1e-12, abs=1e-9)
            if share == 0.0:
                assert effective == tc  # the TC is the effective TC


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(cifs=st.lists(st.floats(min_value=10, max_value=200), min_size=1, max_size=6),
       fxs=st.lists(st.floats(min_value=5, max_value=8), min_size=1, max_size=6),
       grade=st.floats(min_value=0.008, max_value=0.025))
def test_ni_grid_cells_equal_the_scalar_function(cifs, fxs, grade):
    table = scenarios.ni_npi_cost_grid(cifs, fxs, grade)
    for i, cif in enumerate(cifs):
        for j, fx in enumerate(fxs):
            assert table[i + 1, j + 1] == pytest.approx(nickel.ni_npi_cost(cif, fx, grade), rel=1e-12)


def _counting(module, name):
    real = getattr(module, name)
    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    return mock.patch.object(module, name, counted), calls


@pytest.mark.parametrize("side", scenarios.ZN_SIDES)
def test_each_grid_is_one_vectorised_call(side):
    zn_prices, tcs = [17000.0 + r for r in range(5)], [5000.0 + c for c in range(7)]  # 5 × 7 = 35 cells
    alumina, power = [2400.0 + r for r in range(5)], [0.30 + c / 100 for c in range(7)]
    cifs, fxs = [60.0 + r for r in range(5)], [6.5 + c / 10 for c in range(7)]
    profit = "zn_smelter_profit" if side == "smelter" else "zn_mine_profit"
    cases = [
        (aluminium, "al_full_cost", lambda: scenarios.al_profit_grid(14000, alumina, power, 3000, 2400)),
        (nickel, "ni_npi_cost", lambda: scenarios.ni_npi_cost_grid(cifs, fxs)),
        (zinc, "zn_effective_tc", lambda: scenarios.zn_profit_grid(zn_prices, tcs, 9900, 4000, 0, side, 0.2)),
        (zinc, profit, lambda: scenarios.zn_profit_grid(zn_prices, tcs, 9900, 4000, 0, side)),
    ]
    for module, name, run in cases:
        patcher, calls = _counting(module, name)
        with patcher:
            table = run()
        assert table.shape == (6, 8)
        assert len(calls) == 1, f"{name} called {len(calls)} times for one grid"
        # the call got whole arrays (a column vector, a row vector or the broadcast grid), never one cell
        assert np.shape(calls[0][0]) in {(5, 1), (1, 7), (5, 7)}


# ---------------------------------------------------------------- the Excel wrappers


def test_al_profit_grid_wrapper_on_excel_shapes():
    # alumina as a column with a trailing blank, power as a row (lists of rows, as xlwings delivers)
    out = udfs.al_profit_grid([[14000]], [[2400], [2500], [None]], [[0.30, 0.32]], [[3000]], [[2400]])
    assert out[0] == [scenarios.AL_GRID_LABEL, 0.30, 0.32]
    assert [row[0] for row in out[1:]] == [2400, 2500]
    # hand: full cost = 1.93 × alumina + 13,500 × power + 0.45 × 3,000 + 200 + 2,400 (other);
    # 2,400/0.30: 4,632 + 4,050 + 3,950 = 12,632 → 14,000 − 12,632 = 1,368; at 0.32 power adds 270 → 1,098;
    # 2,500 adds 1.93 × 100 = 193 → 1,175 and 905
    assert out[1][1:] == pytest.approx([1368, 1098]) and out[2][1:] == pytest.approx([1175, 905])


def test_drivers_may_be_rows_or_columns():
    as_columns = udfs.zn_profit_grid([[17000], [18000]], [[5000], [6100]], 9900, 4000, 0, "mine")
    as_rows = udfs.zn_profit_grid([[17000, 18000]], [[5000, 6100]], 9900, 4000, 0, "MINE")
    # hand, mine profit = price − TC − 9,900: 17,000 − 5,000 − 9,900 = 2,100; − 6,100 → 1,000; 18,000: 3,100, 2,000
    assert as_columns == as_rows == [[scenarios.ZN_GRID_LABEL, 5000, 6100], [17000, 2100, 1000],
                                     [18000, 3100, 2000]]


def test_ni_npi_cost_grid_wrapper_uses_ni_npi_cost_defaults():
    out = udfs.ni_npi_cost_grid([[88]], [[7.0]])
    assert out[1][1] == pytest.approx(udfs.ni_npi_cost(88, 7.0))


@pytest.mark.parametrize("name, args, arg_name", [
    ("al_profit_grid", (14000, [[2400], ["abc"]], [[0.3]], 3000, 2400), "alumina_prices"),
    ("al_profit_grid", (14000, [[2400], [None], [2500]], [[0.3]], 3000, 2400), "alumina_prices"),
    ("al_profit_grid", (14000, [[2400, 2500], [1, 2]], [[0.3]], 3000, 2400), "alumina_prices"),
    ("al_profit_grid", ([[14000], [15000]], [[2400]], [[0.3]], 3000, 2400), "price"),
    ("al_profit_grid", (14000, [[2400]], [[-0.3]], 3000, 2400), "power_prices"),
    ("zn_profit_grid", ([[17000]], [[5000]], 9900, 4000, 0, "refiner"), "side"),
    ("zn_profit_grid", ([[17000]], [[5000]], "#N/A", 4000), "mine_cost"),
    ("ni_npi_cost_grid", ([[88]], [[None]]), "fxs"),
    ("ni_npi_cost_grid", ([[88]], [[7.0]], 1.5), "ore_grade"),
])
def test_bad_input_gives_a_value_text_naming_the_argument(name, args, arg_name):
    out = getattr(udfs, name)(*args)
    assert isinstance(out, str) and out.startswith("#VALUE! ")
    assert re.search(rf"\b{arg_name}\b", out), out


# ---------------------------------------------------------------- catalogue records


@pytest.mark.parametrize("name", GRIDS)
def test_catalogue_examples_and_help(name):
    spec = BY_NAME[name]
    assert spec.group == "scenarios" and spec.returns == "table"
    assert len(spec.description) <= 255
    assert re.fullmatch(r"[a-z][a-z0-9_]*", spec.name) and not re.fullmatch(r"[a-z]{1,3}\d+", spec.name)
    assert spec.examples
    assert all(example.source for example in spec.examples)
    # each example's result is checked with every other function's in tests/test_catalogue.py
    for arg in spec.args:
        assert len(arg.help) <= 255 and arg.help

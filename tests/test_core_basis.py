"""udfs.core.basis: basis, effective hedge prices, hedge results and the basis reading (docs/basis.md).

The textbook cases (hand):
* sell hedge: March spot 20,000, futures 20,500 (basis −500); June spot 19,000, futures 19,200 (basis −200);
* buy hedge: March spot 20,000, futures 20,300 (basis −300); June spot 21,000, futures 21,100 (basis −100).
"""

from __future__ import annotations

import numpy as np
import pytest

import udfs

from udfs.core import basis


def test_basis_is_spot_minus_futures():
    assert basis.basis(20000, 20500) == -500  # hand
    assert basis.basis(19000, 19200) == -200  # hand
    assert basis.basis(13900, 13850) == 50  # hand: spot premium


def test_sell_hedge_locks_open_futures_plus_closing_basis():
    # hand: 19,000 + (20,500 − 19,200) = 20,300 = 20,500 + (−200)
    assert basis.sell_hedge_price(19000, 20500, 19200) == 20300
    # hand: unhedged the producer would get 19,000; the hedge adds the futures gain 1,300


def test_buy_hedge_locks_open_futures_plus_closing_basis():
    # hand: 21,000 − (21,100 − 20,300) = 20,200 = 20,300 + (−100)
    assert basis.buy_hedge_price(21000, 20300, 21100) == 20200
    # hand: prices fall instead: spot 18,500, futures 18,700 → 18,500 + 1,600 = 20,100 = 20,300 + (−200)
    assert basis.buy_hedge_price(18500, 20300, 18700) == 20100


def test_sell_hedge_result_is_tonnes_times_basis_change():
    # hand: physical 100 × (19,000 − 20,000) = −100,000; futures 20 lots × 5 t × (20,500 − 19,200) = 130,000;
    # net 30,000 = 100 t × (−200 − (−500)); per tonne 300
    got = basis.hedge_result("sell", 20000, 19000, 20500, 19200, 100, 20, "AL")
    assert got.tolist() == [[-100000, 130000, 30000, 300]]
    assert got[0, 3] == basis.basis_change(-500, -200)


def test_buy_hedge_result_loses_when_the_basis_strengthens():
    # hand: physical 100 × (20,000 − 21,000) = −100,000; futures 20 × 5 × (21,100 − 20,300) = 80,000;
    # net −20,000 = −100 t × basis change (+200)
    got = basis.hedge_result("BUY ", 20000, 21000, 20300, 21100, 100, 20, "ZN")
    assert got.tolist() == [[-100000, 80000, -20000, -200]]


def test_lot_size_comes_from_the_contract():
    # hand: the same 10 lots are 10 t of SHFE nickel (1 t lots) but 60 t of LME nickel (6 t lots):
    # futures 10 × 1 × (101,000 − 98,500) = 25,000 vs 10 × 6 × 2,500 = 150,000
    shfe = basis.hedge_result("sell", 100000, 98000, 101000, 98500, 10, 10, "NI")
    lme = basis.hedge_result("sell", 100000, 98000, 101000, 98500, 10, 10, "LME_NI")
    assert shfe[0, 1] == 25000 and lme[0, 1] == 150000
    assert shfe[0, 2] == -20000 + 25000  # hand: 10 × (98,000 − 100,000) + 25,000
    # hand: 20 lots of SHFE alumina are 20 × 20 t = 400 t: 400 × (3,000 − 2,900) = 40,000
    assert basis.hedge_result("sell", 3000, 2950, 3000, 2900, 400, 20, "AO")[0, 1] == 40000


def test_under_hedged_result_keeps_the_price_risk():
    # hand: 100 t physical but only 10 lots × 5 t = 50 t sold: −100,000 + 50 × 1,300 = −35,000
    got = basis.hedge_result("sell", 20000, 19000, 20500, 19200, 100, 10, "AL")
    assert got.tolist() == [[-100000, 65000, -35000, -350]]


def test_hedge_result_broadcasts_one_row_per_case():
    spot_close = np.array([[19000.0], [21000.0], [np.nan]])
    futures_close = np.array([[19200.0], [21300.0], [20000.0]])
    got = basis.hedge_result("sell", 20000, spot_close, 20500, futures_close, 100, 20, "AL")
    assert got.shape == (3, 4)
    # hand, row 2: 100 × 1,000 = 100,000; 100 t × (20,500 − 21,300) = −80,000; net 20,000
    assert got[1].tolist() == [100000, -80000, 20000, 200]
    assert np.isnan(got[2, 0]) and np.isnan(got[2, 2])  # a blank spot leaves its row blank


def test_bad_side_or_symbol_is_named():
    with pytest.raises(ValueError, match="side: 'long' is not one of sell/buy"):
        basis.hedge_result("long", 1, 1, 1, 1, 1, 1, "AL")
    with pytest.raises(ValueError, match="symbol: 'AU'"):
        basis.hedge_result("sell", 1, 1, 1, 1, 1, 1, "AU")


def test_basis_change_and_reading():
    assert basis.basis_change(-500, -200) == 300  # hand: strengthening by 300
    assert basis.basis_reading(-500, -200) == basis.STRENGTHENING
    assert basis.basis_reading(-300, -400) == basis.WEAKENING  # hand: −100
    assert basis.basis_reading(100, 100) == basis.UNCHANGED
    assert basis.basis_reading(-300, -295, 10) == basis.UNCHANGED  # hand: +5 within 10
    assert basis.basis_reading(-300, -285, 10) == basis.STRENGTHENING  # hand: +15 beyond 10
    got = basis.basis_reading(np.array([[-500.0], [np.nan]]), -200)
    assert got.ravel().tolist() == [basis.STRENGTHENING, None]


def test_reading_says_which_side_it_hurts():
    # The label is what a user reads: strengthening must name the buy hedge as the loser, weakening the sell hedge.
    assert basis.STRENGTHENING.endswith("hurts buy hedge") and basis.WEAKENING.endswith("hurts sell hedge")
    assert "基差走强" in basis.STRENGTHENING and "基差走弱" in basis.WEAKENING
    assert max(map(len, (basis.STRENGTHENING, basis.WEAKENING, basis.UNCHANGED))) <= 40  # fits the value cell


def test_hedge_result_takes_a_lot_size_in_tonnes_for_any_contract():
    # issue 20: a lot size in t stands for the symbol: 5 gives the AL result, 1 the NI one (hand, as above)
    assert basis.hedge_result("sell", 20000, 19000, 20500, 19200, 100, 20, 5.0).tolist() == \
        basis.hedge_result("sell", 20000, 19000, 20500, 19200, 100, 20, "AL").tolist()
    # SHFE tin, 1 t lots, typed as 1: 2 t × (150,000 − 152,000) = −4,000; 2 × 1 t × (153,000 − 150,500)
    # = 5,000; net 1,000 = 2 t × basis change (−500 − (−1,000)) = +500/t
    got = basis.hedge_result("sell", 152000, 150000, 153000, 150500, 2, 2, 1.0)
    assert got.tolist() == [[-4000.0, 5000.0, 1000.0, 500.0]]
    assert got.tolist() == basis.hedge_result("sell", 152000, 150000, 153000, 150500, 2, 2, "SN").tolist()
    # an LME Mini-style 5 t lot against 25 t of physical: 5 lots × 5 t × 100 = 2,500 (hand)
    assert basis.hedge_result("sell", 2000, 1900, 2050, 1950, 25, 5, 5)[0, 1] == 2500.0


def test_hedge_result_lot_size_through_the_wrapper():
    # the cell holds a number: refused before issue 20, now the lot size in t
    assert udfs.hedge_result("sell", 20000, 19000, 20500, 19200, 100, 20, 5)[1] == [-100000, 130000, 30000, 300]
    got = udfs.hedge_result("sell", 20000, 19000, 20500, 19200, 100, 20, -5)
    assert got.startswith("#VALUE! symbol: -5 is not one of AL/")

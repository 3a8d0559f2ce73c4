"""udfs.core.hedge: zones from cost, the producer action and ratio ramp, range reading, lots."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from udfs.core import hedge

# report Table 5: aluminium sell hedge 14,500–14,700, reduce below 13,500
SELL_LOW, SELL_HIGH, COVER = 14500.0, 14700.0, 13500.0


def test_hedge_zones_reproduce_the_report():
    # docs/methods.md §4.2: cost 13,085 + 1,415 / 1,615 / 415 → 14,500 / 14,700 / 13,500
    got = hedge.hedge_zones(13085, 1415, 1615, 415)
    assert got.tolist() == [[SELL_LOW, SELL_HIGH, COVER]]


def test_hedge_zones_round_to_tick():
    # hand: 13,087 + 1,415 = 14,502 → 14,500 on a 5 tick; 14,503 → 14,505 (halves up: 14,502.5 → 14,505)
    assert hedge.hedge_zones(13087, 1415, 1615, 415)[0, 0] == 14500
    assert hedge.hedge_zones(13088, 1415, 1615, 415)[0, 0] == 14505
    assert hedge.round_to_tick(14502.5, 5) == 14505
    # hand, Ni tick 10: 98,765 + 1,000 = 99,765 → 99,770; + 2,000 = 100,765 → 100,770; + 500 = 99,265 → 99,270
    assert hedge.hedge_zones(98765, 1000, 2000, 500, 10)[0].tolist() == [99770, 100770, 99270]


def test_hedge_zones_one_row_per_cost():
    got = hedge.hedge_zones(np.array([[13085.0], [14000.0]]), 1415, 1615, 415)
    assert got.shape == (2, 3)
    assert got[1].tolist() == [15415, 15615, 14415]  # hand: 14,000 + margins


def test_hedge_zones_reject_inconsistent_margins():
    with pytest.raises(ValueError, match="sell_margin_low must not exceed sell_margin_high"):
        hedge.hedge_zones(13085, 1615, 1415, 415)
    with pytest.raises(ValueError, match="cover_margin must be below sell_margin_low"):
        hedge.hedge_zones(13085, 1415, 1615, 1415)


@pytest.mark.parametrize(("price", "code", "ratio"), [
    (SELL_LOW, hedge.SELL_CODE, 0.2),  # at sell_low: ratio_min
    (14600.0, hedge.SELL_CODE, 0.5),  # midpoint: hand (0.2 + 0.8) / 2
    (14550.0, hedge.SELL_CODE, 0.35),  # quarter: hand 0.2 + 0.6 × 0.25
    (SELL_HIGH, hedge.SELL_CODE, 0.8),  # at sell_high: ratio_max
    (16000.0, hedge.SELL_CODE, 0.8),  # above: capped at ratio_max
    (14000.0, hedge.HOLD_CODE, 0.0),  # between cover and sell_low: hold, no new hedge
    (COVER, hedge.REDUCE_CODE, 0.0),  # at cover_below: reduce
    (13000.0, hedge.REDUCE_CODE, 0.0),  # below: reduce
])
def test_hedge_action_ratio_ramp(price, code, ratio):
    codes, ratios = hedge.hedge_action_codes(price, SELL_LOW, SELL_HIGH, COVER)
    assert int(codes) == code
    assert float(ratios) == pytest.approx(ratio, abs=1e-12)


def test_hedge_action_table_and_blank():
    price = np.array([[14600.0], [np.nan], [13000.0]])
    table = hedge.hedge_action(price, SELL_LOW, SELL_HIGH, COVER)
    assert table.shape == (3, 2)
    assert table[0].tolist() == [hedge.SELL_HEDGE, pytest.approx(0.5)]
    assert table[1, 0] is None and np.isnan(table[1, 1])
    assert table[2].tolist() == [hedge.REDUCE, 0.0]


def test_hedge_action_flat_band():
    # hand: sell_low = sell_high → at or above it the ratio is ratio_max at once
    _, ratio = hedge.hedge_action_codes(14500, 14500, 14500, 13500)
    assert float(ratio) == 0.8


def test_hedge_action_rejects_bad_plans():
    with pytest.raises(ValueError, match="sell_low must not exceed sell_high"):
        hedge.hedge_action_codes(14000, SELL_HIGH, SELL_LOW, COVER)
    with pytest.raises(ValueError, match="cover_below must be below sell_low"):
        hedge.hedge_action_codes(14000, SELL_LOW, SELL_HIGH, SELL_LOW)
    with pytest.raises(ValueError, match="ratio_min must not exceed ratio_max"):
        hedge.hedge_action_codes(14000, SELL_LOW, SELL_HIGH, COVER, 0.9, 0.1)


@pytest.mark.parametrize(("price", "label"), [
    (16800.0, hedge.BUY_ZONE),  # report Table 5: zinc "17,000 don't chase shorts" over 16,000 support
    (17000.0, hedge.BUY_ZONE),  # hand: support 16,000 + band 1,000 = 17,000, inclusive
    (18500.0, hedge.RANGE_HOLD),  # report Table 5: inside the 17,500–20,000 range
    (20000.0, hedge.RESISTANCE),  # report Table 5: 20,000 sell-hedge resistance, inclusive
])
def test_range_action_zinc(price, label):
    assert hedge.range_action(price, 16000, 1000, 20000) == label


def test_range_action_shape_blank_and_check():
    price = np.array([[16800.0], [np.nan], [20100.0]])
    got = hedge.range_action(price, 16000, 1000, 20000)
    assert got.shape == (3, 1)
    assert got.ravel().tolist() == [hedge.BUY_ZONE, None, hedge.RESISTANCE]
    with pytest.raises(ValueError, match="support \\+ band must be below resistance"):
        hedge.range_action(18000, 16000, 4000, 20000)


def test_hedge_lots_examples():
    assert hedge.hedge_lots(1000, 0.5, 5) == 100  # hand: 1,000 × 0.5 / 5
    assert hedge.hedge_lots(33, 0.5, 5) == 3  # hand: 16.5 t → 3 whole lots of 5 t
    assert hedge.hedge_lots(100, 0.3, 5) == 6  # hand: 30 / 5 = 6, not 5.999… → 5
    assert hedge.hedge_lots(np.array([[100.0], [200.0]]), 0.5, 5).shape == (2, 1)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(tonnes=st.floats(0, 1e6, allow_nan=False), ratio=st.floats(0, 1),
       lot_size=st.sampled_from([1.0, 5.0, 6.0, 25.0]) | st.floats(0.1, 100))
def test_hedge_lots_never_exceed_the_exposure(tonnes, ratio, lot_size):
    lots = float(hedge.hedge_lots(tonnes, ratio, lot_size))
    assert lots == int(lots) and lots >= 0
    # hedged tonnage never above tonnes × ratio (up to the documented 1e-9-lot rounding guard) …
    assert lots * lot_size <= tonnes * ratio + 1e-9 * lot_size * (1 + lots)
    assert lots * lot_size <= tonnes + 1e-9 * lot_size * (1 + lots)
    # … and it is the largest such whole number of lots
    assert (lots + 1) * lot_size > tonnes * ratio * (1 - 1e-12)

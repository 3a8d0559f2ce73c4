"""Hedge back-tests: hand-worked periods, the summary row, properties and the Excel wrappers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import udfs
from udfs.catalogue import BY_NAME
from udfs.core import backtest, hedge

NAN = float("nan")
S = backtest.SUMMARY_COLUMNS

# Column indices of a period row.
PERIOD, PRICE, ACTION, RATIO, HEDGED, PNL, CUMULATIVE = range(7)


def column(table, index):
    return [row[index] for row in table[:-1]]


def summary(table):
    return list(table[-1])


# ---------------------------------------------------------------- producer, by hand

AL_PLAN = dict(sell_low=14500, sell_high=14700, cover_below=13500)  # report Table 5, aluminium


def test_hedge_backtest_four_periods_by_hand():
    table = backtest.hedge_backtest([14600, 14700, 14000, 13400], exposure_t=1000, **AL_PLAN)
    assert table.shape == (5, 7)  # 4 periods + the summary row
    assert column(table, PERIOD) == [1, 2, 3, 4]
    assert column(table, ACTION) == [hedge.SELL_HEDGE, hedge.SELL_HEDGE, hedge.HOLD, hedge.REDUCE]
    # 14,600 is halfway up 14,500–14,700 → 0.2 + 0.6 × 0.5 = 0.5; 14,700 is the top → 0.8;
    # 14,000 is in the hold band and 13,400 ≤ 13,500 is REDUCE: no new hedge → 0
    assert column(table, RATIO) == pytest.approx([0.5, 0.8, 0.0, 0.0])
    assert column(table, HEDGED) == pytest.approx([500, 800, 0, 0])  # 1,000 t × ratio
    assert column(table, PNL) == pytest.approx([
        -50000,  # 500 t × (14,600 − 14,700): sold at 14,600, settled at the next price 14,700
        560000,  # 800 t × (14,700 − 14,000)
        0,  # no hedge
        0,  # last period: no next price, P&L 0 by convention
    ])
    assert column(table, CUMULATIVE) == pytest.approx([-50000, 510000, 510000, 510000])
    row = summary(table)
    assert row[S["label"]] == backtest.SUMMARY_LABEL == row[0]
    # realised (hedged) = next price + P&L / exposure: 14,700 − 50 = 14,650; 14,000 + 560 = 14,560;
    # 13,400 + 0 = 13,400 → (14,650 + 14,560 + 13,400) / 3 = 42,610 / 3 = 14,203.33
    assert row[S["avg_realised_hedged"]] == pytest.approx(42610 / 3)
    # unhedged = next price: (14,700 + 14,000 + 13,400) / 3 = 42,100 / 3 = 14,033.33
    assert row[S["avg_realised_unhedged"]] == pytest.approx(42100 / 3)
    assert row[S["worst_pnl"]] == pytest.approx(-50000)  # period 1
    assert row[S["worst_period"]] == 1
    assert row[S["total_pnl"]] == pytest.approx(510000)  # −50,000 + 560,000
    assert row[6] is None  # under "cumulative P&L": left blank
    assert [S[k] for k in ("label", "avg_realised_hedged", "avg_realised_unhedged", "worst_pnl",
                           "worst_period", "total_pnl")] == [0, 1, 2, 3, 4, 5]


def test_hedge_backtest_rounds_down_to_whole_lots():
    table = backtest.hedge_backtest([14600, 14700, 14000], exposure_t=333, lot_size=5, **AL_PLAN)
    # 333 × 0.5 = 166.5 t → 33 lots of 5 t = 165 t; 333 × 0.8 = 266.4 t → 53 lots = 265 t
    assert column(table, HEDGED) == pytest.approx([165, 265, 0])
    # 165 × (14,600 − 14,700) = −16,500; 265 × (14,700 − 14,000) = 185,500; last 0
    assert column(table, PNL) == pytest.approx([-16500, 185500, 0])
    row = summary(table)
    # realised: 14,700 − 16,500 / 333 = 14,650.45; 14,000 + 185,500 / 333 = 14,557.06 → mean 14,603.75
    assert row[S["avg_realised_hedged"]] == pytest.approx((14700 - 16500 / 333 + 14000 + 185500 / 333) / 2)
    assert row[S["avg_realised_unhedged"]] == pytest.approx(14350)  # (14,700 + 14,000) / 2
    assert row[S["total_pnl"]] == pytest.approx(169000)  # −16,500 + 185,500


def test_hedge_backtest_worst_period_is_the_earliest_of_ties():
    table = backtest.hedge_backtest([14700, 14800, 14700, 14800], exposure_t=100, **AL_PLAN)
    # all SELL at 0.8 (≥ 14,700) → 80 t: 80 × (14,700 − 14,800) = −8,000; 80 × (14,800 − 14,700) = 8,000;
    # 80 × (14,700 − 14,800) = −8,000; last 0
    assert column(table, PNL) == pytest.approx([-8000, 8000, -8000, 0])
    assert summary(table)[S["worst_pnl"]] == pytest.approx(-8000)
    assert summary(table)[S["worst_period"]] == 1


# ---------------------------------------------------------------- consumer, by hand

ZN_RANGE = dict(support=16000, band=1000, resistance=20000)  # report Table 5, zinc


def test_range_backtest_four_periods_by_hand():
    table = backtest.range_backtest([16800, 17500, 16500, 20100], exposure_t=1000, **ZN_RANGE)
    assert column(table, ACTION) == [hedge.BUY_ZONE, hedge.RANGE_HOLD, hedge.BUY_ZONE, hedge.RESISTANCE]
    assert column(table, RATIO) == pytest.approx([0.5, 0, 0.5, 0])  # buy_ratio 0.5 in the buy zone (≤ 17,000)
    assert column(table, HEDGED) == pytest.approx([500, 0, 500, 0])
    assert column(table, PNL) == pytest.approx([
        350000,  # long 500 t: 500 × (17,500 − 16,800)
        0,
        1800000,  # 500 × (20,100 − 16,500)
        0,  # last period
    ])
    assert column(table, CUMULATIVE) == pytest.approx([350000, 350000, 2150000, 2150000])
    row = summary(table)
    # realised purchase cost = next price − P&L / exposure: 17,500 − 350 = 17,150; 16,500; 20,100 − 1,800
    # = 18,300 → 51,950 / 3 = 17,316.67; unhedged (17,500 + 16,500 + 20,100) / 3 = 54,100 / 3 = 18,033.33
    assert row[S["avg_realised_hedged"]] == pytest.approx(51950 / 3)
    assert row[S["avg_realised_unhedged"]] == pytest.approx(54100 / 3)
    assert row[S["worst_pnl"]] == 0 and row[S["worst_period"]] == 2  # the smallest settled P&L
    assert row[S["total_pnl"]] == pytest.approx(2150000)


def test_range_backtest_loss_when_prices_fall_after_buying():
    table = backtest.range_backtest([16900, 16200, 16100], exposure_t=200, buy_ratio=0.8, lot_size=5, **ZN_RANGE)
    # 200 × 0.8 = 160 t = 32 lots; 160 × (16,200 − 16,900) = −112,000; 160 × (16,100 − 16,200) = −16,000
    assert column(table, PNL) == pytest.approx([-112000, -16000, 0])
    assert summary(table)[S["worst_period"]] == 1
    # cost: 16,200 + 112,000 / 200 = 16,760; 16,100 + 16,000 / 200 = 16,180 → mean 16,470
    assert summary(table)[S["avg_realised_hedged"]] == pytest.approx(16470)
    assert summary(table)[S["avg_realised_unhedged"]] == pytest.approx(16150)


# ---------------------------------------------------------------- blanks and bad input


def test_trailing_blanks_are_omitted():
    full = backtest.hedge_backtest([14600, 14700, 14000], exposure_t=1000, **AL_PLAN)
    padded = backtest.hedge_backtest([14600, 14700, 14000, NAN, NAN], exposure_t=1000, **AL_PLAN)
    assert padded.shape == full.shape == (4, 7)
    assert padded.tolist() == full.tolist()


@pytest.mark.parametrize("prices, message", [
    ([14600, NAN, 14000], r"prices: blank at position 2"),
    ([NAN, 14600, 14000], r"prices: blank at position 1"),
    ([14600, NAN], r"prices: needs at least 2 prices"),
    ([NAN, NAN], r"prices: no numbers"),
])
def test_bad_price_columns(prices, message):
    with pytest.raises(ValueError, match=message):
        backtest.hedge_backtest(prices, exposure_t=1000, **AL_PLAN)
    with pytest.raises(ValueError, match=message):
        backtest.range_backtest(prices, exposure_t=1000, **ZN_RANGE)


def test_plan_errors_are_named():
    with pytest.raises(ValueError, match="sell_low must not exceed sell_high"):
        backtest.hedge_backtest([14600, 14700], 14800, 14700, 13500, 1000)
    with pytest.raises(ValueError, match="exposure_t: needs a single cell"):
        backtest.hedge_backtest([14600, 14700], 14500, 14700, 13500, [1000, 2000])
    with pytest.raises(ValueError, match="buy_ratio"):
        backtest.range_backtest([16800, 17500], 16000, 1000, 20000, 1000, buy_ratio=1.5)


# ---------------------------------------------------------------- properties

price = st.floats(min_value=1000, max_value=200000, allow_nan=False, allow_infinity=False)
paths = st.lists(price, min_size=2, max_size=30)


@st.composite
def plans(draw):
    cover = draw(st.floats(min_value=1000, max_value=100000))
    low = cover + draw(st.floats(min_value=1, max_value=20000))
    high = low + draw(st.floats(min_value=0, max_value=20000))
    r_min = draw(st.floats(min_value=0, max_value=1))
    r_max = draw(st.floats(min_value=r_min, max_value=1))
    return dict(sell_low=low, sell_high=high, cover_below=cover, ratio_min=r_min, ratio_max=r_max)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(prices=paths, plan=plans(), lot=st.sampled_from([0, 1, 5]))
def test_zero_exposure_gives_zero_pnl(prices, plan, lot):
    table = backtest.hedge_backtest(prices, exposure_t=0, lot_size=lot, **plan)
    assert column(table, HEDGED) == [0] * len(prices)
    assert column(table, PNL) == [0] * len(prices) and column(table, CUMULATIVE) == [0] * len(prices)
    row = summary(table)
    assert row[S["total_pnl"]] == 0 and row[S["worst_pnl"]] == 0
    assert row[S["avg_realised_hedged"]] == pytest.approx(row[S["avg_realised_unhedged"]])


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(prices=paths, support=st.floats(min_value=1000, max_value=100000), band=st.floats(min_value=0, max_value=5000),
       lot=st.sampled_from([0, 1, 5]), ratio=st.floats(min_value=0, max_value=1))
def test_zero_exposure_gives_zero_pnl_for_the_consumer(prices, support, band, lot, ratio):
    table = backtest.range_backtest(prices, support, band, support + band + 1000, 0, ratio, lot)
    assert column(table, PNL) == [0] * len(prices)
    assert summary(table)[S["total_pnl"]] == 0


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(plan=plans(), fractions=st.lists(st.floats(min_value=0.001, max_value=0.999), min_size=2, max_size=30),
       exposure=st.floats(min_value=0, max_value=1e6), lot=st.sampled_from([0, 1, 5]))
def test_a_path_inside_the_hold_band_never_hedges(plan, fractions, exposure, lot):
    cover, low = plan["cover_below"], plan["sell_low"]
    prices = [cover + f * (low - cover) for f in fractions]
    assume(all(cover < p < low for p in prices))  # strictly inside (guards against rounding at the edges)
    table = backtest.hedge_backtest(prices, exposure_t=exposure, lot_size=lot, **plan)
    assert column(table, ACTION) == [hedge.HOLD] * len(prices)
    assert column(table, RATIO) == [0] * len(prices) and column(table, HEDGED) == [0] * len(prices)
    assert column(table, PNL) == [0] * len(prices)
    assert summary(table)[S["total_pnl"]] == 0


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(prices=paths, plan=plans(), exposure=st.floats(min_value=1, max_value=1e5), lot=st.sampled_from([0, 1, 5]))
def test_producer_accounting_identities(prices, plan, exposure, lot):
    table = backtest.hedge_backtest(prices, exposure_t=exposure, lot_size=lot, **plan)
    n = len(prices)
    hedged, ratio, pnl = column(table, HEDGED), column(table, RATIO), column(table, PNL)
    for i in range(n):
        assert 0 <= hedged[i] <= exposure * ratio[i] + 1e-6  # never over-hedged
        if lot:
            assert hedged[i] / lot == pytest.approx(round(hedged[i] / lot))  # whole lots
        nxt = prices[i + 1] if i + 1 < n else prices[i]
        assert pnl[i] == pytest.approx(hedged[i] * (prices[i] - nxt), rel=1e-9, abs=1e-6)
    assert pnl[-1] == 0
    assert column(table, CUMULATIVE) == pytest.approx(np.cumsum(pnl).tolist(), rel=1e-9, abs=1e-6)
    row = summary(table)
    assert row[S["total_pnl"]] == pytest.approx(sum(pnl), rel=1e-9, abs=1e-6)
    assert row[S["worst_pnl"]] == min(pnl[:-1]) == pnl[row[S["worst_period"]] - 1]
    # the averages differ by the total P&L spread over the settled tonnes
    gain = row[S["avg_realised_hedged"]] - row[S["avg_realised_unhedged"]]
    assert gain == pytest.approx(sum(pnl) / (exposure * (n - 1)), rel=1e-9, abs=1e-6)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(support=st.floats(min_value=1000, max_value=100000), band=st.floats(min_value=0, max_value=5000),
       fractions=st.lists(st.floats(min_value=0.001, max_value=0.999), min_size=2, max_size=30),
       exposure=st.floats(min_value=0, max_value=1e6))
def test_consumer_never_buys_between_the_buy_zone_and_resistance(support, band, fractions, exposure):
    resistance = support + band + 2000
    prices = [support + band + f * (resistance - support - band) for f in fractions]
    assume(all(support + band < p < resistance for p in prices))
    table = backtest.range_backtest(prices, support, band, resistance, exposure)
    assert column(table, ACTION) == [hedge.RANGE_HOLD] * len(prices)
    assert column(table, PNL) == [0] * len(prices)


def test_no_per_period_python_loop_in_the_hedge_decision(monkeypatch):
    calls = []
    real = hedge.hedge_action_codes

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(hedge, "hedge_action_codes", counted)
    backtest.hedge_backtest(np.linspace(13000, 15000, 50), exposure_t=1000, **AL_PLAN)
    assert len(calls) == 1 and np.shape(calls[0][0]) == (50,)


# ---------------------------------------------------------------- the Excel wrappers


def test_hedge_backtest_wrapper_on_an_excel_column():
    column_in = [[14600], [14700], [14000], [13400], [None], [None]]  # two blank rows selected below the data
    out = udfs.hedge_backtest(column_in, [[14500]], [[14700]], [[13500]], [[1000]])
    assert out[0] == list(backtest.HEADER)
    assert len(out) == 1 + 4 + 1  # header, 4 periods, summary (the blank rows are omitted)
    assert out[1] == [1, 14600, hedge.SELL_HEDGE, 0.5, 500, -50000, -50000]
    assert out[-1][0] == backtest.SUMMARY_LABEL
    assert out[-1][1:6] == pytest.approx([42610 / 3, 42100 / 3, -50000, 1, 510000])
    assert out[-1][6] is None


def test_range_backtest_wrapper_on_a_row_of_prices():
    out = udfs.range_backtest([[16800, 17500, 16500, 20100]], 16000, 1000, 20000, 1000, None, 5)
    assert [row[PNL] for row in out[1:5]] == pytest.approx([350000, 0, 1800000, 0])  # buy_ratio default 0.5


@pytest.mark.parametrize("name, args, arg_name", [
    ("hedge_backtest", ([[14600], ["abc"], [14000]], 14500, 14700, 13500, 1000), "prices"),
    ("hedge_backtest", ([[14600], [None], [14000]], 14500, 14700, 13500, 1000), "prices"),
    ("hedge_backtest", ([[14600], [-1], [14000]], 14500, 14700, 13500, 1000), "prices"),
    ("hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, -5), "exposure_t"),
    ("hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, 1000, 1.2), "ratio_min"),
    ("hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, [[1000], [2000]]), "exposure_t"),
    ("hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, 1000, 0.2, 0.8, "five"), "lot_size"),
    ("range_backtest", ([[16800], [17500]], 16000, 1000, 20000, 1000, 2), "buy_ratio"),
    ("range_backtest", ([[16800], [17500]], "#N/A", 1000, 20000, 1000), "support"),
    ("range_backtest", ([[16800, 1], [17500, 2]], 16000, 1000, 20000, 1000), "prices"),
])
def test_bad_input_gives_a_value_text_naming_the_argument(name, args, arg_name):
    out = getattr(udfs, name)(*args)
    assert isinstance(out, str) and out.startswith("#VALUE! ")
    assert re.search(rf"\b{arg_name}\b", out), out


# ---------------------------------------------------------------- catalogue records


@pytest.mark.parametrize("name", ["hedge_backtest", "range_backtest"])
def test_catalogue_examples_and_help(name):
    spec = BY_NAME[name]
    assert spec.group == "backtest" and spec.header == backtest.HEADER
    assert len(spec.description) <= 255
    for word in ("basis", "margin", "financing", "roll", "next period"):
        assert word in spec.notes
    # each example's result is checked with every other function's in tests/test_catalogue.py
    assert all(arg.help and len(arg.help) <= 255 for arg in spec.args)

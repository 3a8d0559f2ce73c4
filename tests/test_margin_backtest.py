"""Back-tests with the physical leg and the margin account: hand-worked paths, identities and the wrappers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import udfs
from udfs.catalogue import BY_NAME
from udfs.core import backtest, hedge
from udfs.core import margin_backtest as mb
from udfs.core.margin_backtest import (ACTION, CASH_PAID_IN, CUMULATIVE, EFFECTIVE, FEES, FINANCING, FUTURES_LEG,
                                       HEDGED, INITIAL_MARGIN, MARGIN_CASH, NET, PHYSICAL, RATIO, SPOT,
                                       VARIATION_MARGIN)

S = mb.SUMMARY_COLUMNS
AL_PLAN = dict(sell_low=14500, sell_high=14700, cover_below=13500)  # report Table 5, aluminium
ZN_RANGE = dict(support=16000, band=1000, resistance=20000)  # report Table 5, zinc


def column(table, index):
    return [row[index] for row in table[:-1]]


def summary(table):
    return list(table[-1])


# ---------------------------------------------------------------- producer, 3 periods by hand


def test_sell_hedge_three_periods_with_basis_margin_interest_and_fees():
    table = mb.sell_hedge_backtest([14600, 14700, 14000], exposure_t=1000, lot_size=5, spot=[14500, 14650, 13900],
                                   margin_ratio=0.1, interest_rate=0.05, fee_per_lot=2, **AL_PLAN)
    assert table.shape == (4, 17)
    assert column(table, ACTION) == [hedge.SELL_HEDGE, hedge.SELL_HEDGE, hedge.HOLD]
    # 14,600 is halfway up 14,500–14,700 → ratio 0.5 → 500 t = 100 lots; 14,700 → 0.8 → 800 t = 160 lots;
    # the last period has no later price: no hedge is placed
    assert column(table, HEDGED) == pytest.approx([500, 800, 0])
    # physical: 1,000 t sold at the next period's spot: 1,000 × 14,650; 1,000 × 13,900; none
    assert column(table, PHYSICAL) == pytest.approx([14_650_000, 13_900_000, 0])
    # futures (short): 500 × (14,600 − 14,700) = −50,000; 800 × (14,700 − 14,000) = 560,000
    assert column(table, FUTURES_LEG) == pytest.approx([-50_000, 560_000, 0])
    # fees: 2 CNY × lots × 2 sides: 2 × 100 × 2 = 400; 2 × 160 × 2 = 640
    assert column(table, FEES) == pytest.approx([-400, -640, 0])
    # effective sale price: 14,650 − 50,000 / 1,000 = 14,600; 13,900 + 560 = 14,460; none
    assert column(table, EFFECTIVE) == [pytest.approx(14600), pytest.approx(14460), None]
    # margin account. t1: 0.1 × 14,600 × 500 = 730,000 initial margin + 200 opening fees = 730,200 cash.
    # t2: 0.1 × 14,700 × 800 = 1,176,000; variation −500 × (14,700 − 14,600) = −50,000 paid;
    #     fees so far 200 + 2 × (160 opened + 100 closed) = 720 → 1,176,000 + 50,000 + 720 = 1,226,720.
    # t3: no position; variation −800 × (14,000 − 14,700) = +560,000 received; fees 720 + 2 × 160 = 1,040
    #     → 0 − (−50,000 + 560,000) + 1,040 = −508,960 (the gain is back in the hedger's hands)
    assert column(table, INITIAL_MARGIN) == pytest.approx([730_000, 1_176_000, 0])
    assert column(table, VARIATION_MARGIN) == pytest.approx([0, -50_000, 560_000])
    assert column(table, MARGIN_CASH) == pytest.approx([730_200, 1_226_720, -508_960])
    assert column(table, CASH_PAID_IN) == pytest.approx([730_200, 496_520, -1_735_680])  # the changes of the above
    # financing: 5 % / 12 on the cash held over each period: 730,200 × 0.05 / 12 = 3,042.50;
    # 1,226,720 × 0.05 / 12 = 5,111.33; nothing after the last price
    assert column(table, FINANCING) == pytest.approx([-3042.5, -5111.333333, 0])
    # net: 14,650,000 − 50,000 − 400 − 3,042.50 = 14,596,557.50; 13,900,000 + 560,000 − 640 − 5,111.33
    assert column(table, NET) == pytest.approx([14_596_557.5, 14_454_248.666667, 0])
    # hedge result: −50,000 − 400 − 3,042.50 = −53,442.50; + 560,000 − 640 − 5,111.33 = 500,806.17
    assert column(table, CUMULATIVE) == pytest.approx([-53_442.5, 500_806.166667, 500_806.166667])
    row = summary(table)
    assert row[0] == mb.SUMMARY_LABEL
    assert row[S["avg_unhedged_price"]] == pytest.approx(14275)  # (14,650 + 13,900) / 2
    assert row[S["total_physical"]] == pytest.approx(28_550_000)
    assert row[S["total_futures"]] == pytest.approx(510_000) == row[S["total_variation_margin"]]
    assert row[S["total_fees"]] == pytest.approx(-1040)
    assert row[S["total_financing"]] == pytest.approx(-8153.833333)  # 3,042.50 + 5,111.33
    assert row[S["total_net"]] == pytest.approx(29_050_806.166667)
    assert row[S["avg_effective_price"]] == pytest.approx(14530)  # (14,600 + 14,460) / 2
    assert row[S["peak_initial_margin"]] == pytest.approx(1_176_000)
    assert row[S["peak_margin_cash"]] == pytest.approx(1_226_720)
    assert row[S["total_hedge_result"]] == pytest.approx(500_806.166667)
    blanks = set(range(17)) - set(S.values())
    assert all(row[i] is None for i in blanks)


def test_a_full_hedge_locks_in_the_opening_futures_price_plus_the_closing_basis():
    # ratio 1 everywhere; 1,000 t = 200 lots. Effective = S_next + (F_i − F_next):
    # 14,650 + (14,600 − 14,700) = 14,550 = F_1 + basis at close (14,650 − 14,700 = −50);
    # 13,900 + (14,700 − 14,000) = 14,600 = 14,700 + (13,900 − 14,000)
    table = mb.sell_hedge_backtest([14600, 14700, 14000], 14500, 14700, 13500, 1000, 5, ratio_min=1, ratio_max=1,
                                   spot=[14500, 14650, 13900])
    assert column(table, EFFECTIVE)[:2] == pytest.approx([14550, 14600])
    # without a spot series there is no basis: the effective price is the opening futures price
    no_spot = mb.sell_hedge_backtest([14600, 14700, 14000], 14500, 14700, 13500, 1000, 5, 1, 1)
    assert column(no_spot, EFFECTIVE)[:2] == pytest.approx([14600, 14700])
    assert column(no_spot, SPOT) == [14600, 14700, 14000]


def test_without_margin_terms_the_futures_leg_is_the_simple_back_test():
    prices = [14600, 14700, 14000, 13400, 14650]
    simple = backtest.hedge_backtest(prices, exposure_t=333, lot_size=5, **AL_PLAN)
    full = mb.sell_hedge_backtest(prices, exposure_t=333, lot_size=5, **AL_PLAN)
    # the same hedges (the last period places none here) and the same P&L: 165 × (14,600 − 14,700) = −16,500 ...
    assert column(full, HEDGED)[:-1] == [row[4] for row in simple[:-2]]
    assert column(full, FUTURES_LEG) == pytest.approx([row[5] for row in simple[:-1]])
    assert summary(full)[S["total_fees"]] == 0 and summary(full)[S["total_financing"]] == 0
    # no margin and no fees: the account only needs cash to pay losses; the first hedge's 16,500 loss is the peak
    assert summary(full)[S["peak_margin_cash"]] == pytest.approx(16500)
    # average effective price = the simple table's average realised price, hedged
    assert summary(full)[S["avg_effective_price"]] == pytest.approx(summary(simple)[1])


# ---------------------------------------------------------------- consumer, hedges held 2 periods


def test_buy_hedge_held_two_periods_by_hand():
    table = mb.buy_hedge_backtest([16800, 17500, 16500], exposure_t=1000, lot_size=5, margin_ratio=0.1,
                                  holding_periods=2, **ZN_RANGE)
    # period 1 is in the buy zone (≤ 17,000): 500 t long at 16,800, closed 2 periods later at 16,500;
    # periods 2 and 3 would close after the data: no hedge
    assert column(table, HEDGED) == pytest.approx([500, 0, 0])
    assert column(table, RATIO) == pytest.approx([0.5, 0, 0.5])  # the plan's ratio is still shown
    assert column(table, FUTURES_LEG) == pytest.approx([-150_000, 0, 0])  # 500 × (16,500 − 16,800)
    assert column(table, PHYSICAL) == pytest.approx([-16_500_000, 0, 0])  # 1,000 t bought at 16,500
    assert column(table, EFFECTIVE)[0] == pytest.approx(16650)  # 16,500 + 150,000 / 1,000
    # account: 0.1 × 16,800 × 500 = 840,000; then 0.1 × 17,500 × 500 = 875,000 less the 500 × 700 = 350,000
    # gain = 525,000; then flat, having lost 150,000 net: 150,000
    assert column(table, INITIAL_MARGIN) == pytest.approx([840_000, 875_000, 0])
    assert column(table, VARIATION_MARGIN) == pytest.approx([0, 350_000, -500_000])
    assert column(table, MARGIN_CASH) == pytest.approx([840_000, 525_000, 150_000])
    row = summary(table)
    assert row[S["peak_margin_cash"]] == pytest.approx(840_000)  # not 875,000: the gain covered part of it
    assert row[S["peak_initial_margin"]] == pytest.approx(875_000)
    assert row[S["total_net"]] == pytest.approx(-16_650_000)


def test_holding_periods_stack_positions_in_the_account():
    # hold 2, ratio 1 at ≥ 14,700: 100 t each period (20 lots); four prices → hedges 1 and 2 are placed.
    # open tonnes: t1 100, t2 200 (both), t3 100 (hedge 2), t4 0
    table = mb.sell_hedge_backtest([14700, 14800, 14900, 15000], exposure_t=100, lot_size=5, ratio_min=1,
                                   ratio_max=1, margin_ratio=0.1, fee_per_lot=1, holding_periods=2, **AL_PLAN)
    assert column(table, HEDGED) == pytest.approx([100, 100, 0, 0])
    # initial margin 0.1 × F × open t: 147,000; 296,000; 149,000; 0
    assert column(table, INITIAL_MARGIN) == pytest.approx([147_000, 296_000, 149_000, 0])
    # short 100 t loses 100 × 100 per step: t2 −10,000 (100 t); t3 −20,000 (200 t); t4 −10,000 (100 t)
    assert column(table, VARIATION_MARGIN) == pytest.approx([0, -10_000, -20_000, -10_000])
    # fees at t: 1 CNY × (lots opened + lots closed): 20; 20; 20 (hedge 1 closes); 20 (hedge 2 closes)
    # cash = margin + fees so far − variation so far: 147,020; 306,040; 179,060; 40,080
    assert column(table, MARGIN_CASH) == pytest.approx([147_020, 306_040, 179_060, 40_080])
    # each hedge: 100 × (F_i − F_(i+2)) = −20,000; fees 2 sides × 20 lots = 40
    assert column(table, FUTURES_LEG) == pytest.approx([-20_000, -20_000, 0, 0])
    assert summary(table)[S["peak_margin_cash"]] == pytest.approx(306_040)


# ---------------------------------------------------------------- identities on random paths

price = st.floats(min_value=1000, max_value=200000, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=st.integers(2, 30), holding=st.integers(1, 5), exposure=st.floats(0, 1e5),
       margin=st.floats(0, 1), rate=st.floats(0, 0.2), fee=st.floats(0, 20), lot=st.sampled_from([1, 5]))
def test_the_account_and_the_legs_agree(data, n, holding, exposure, margin, rate, fee, lot):
    if holding >= n:
        holding = n - 1
    futures = data.draw(st.lists(price, min_size=n, max_size=n))
    spot = data.draw(st.lists(price, min_size=n, max_size=n))
    table = mb.buy_hedge_backtest(futures, 50000, 30000, 150000, exposure, lot, 0.7, spot, margin, rate, fee,
                                  holding)
    row = summary(table)
    tol = dict(rel=1e-9, abs=1e-3)
    # every hedge's futures P&L reaches the account as variation margin, and nothing else does
    assert row[S["total_variation_margin"]] == pytest.approx(row[S["total_futures"]], **tol)
    # at the end the account holds no position: its cash is the fees paid less the futures result
    assert column(table, MARGIN_CASH)[-1] == pytest.approx(-row[S["total_futures"]] - row[S["total_fees"]], **tol)
    assert sum(column(table, CASH_PAID_IN)) == pytest.approx(column(table, MARGIN_CASH)[-1], **tol)
    assert row[S["total_net"]] == pytest.approx(row[S["total_physical"]] + row[S["total_hedge_result"]], **tol)
    assert row[S["peak_margin_cash"]] >= 0 and row[S["total_financing"]] <= 0
    # before any settlement the account needs the first initial margin in full
    assert row[S["peak_margin_cash"]] + 1e-6 >= column(table, INITIAL_MARGIN)[0]


def test_one_vectorised_decision_per_call(monkeypatch):
    calls = []
    real = hedge.hedge_action_codes
    monkeypatch.setattr(hedge, "hedge_action_codes", lambda *a, **k: calls.append(a) or real(*a, **k))
    mb.sell_hedge_backtest(np.linspace(13000, 15000, 250), exposure_t=50, lot_size=5, margin_ratio=0.1,
                           holding_periods=21, periods_per_year=243, **AL_PLAN)
    assert len(calls) == 1 and np.shape(calls[0][0]) == (250,)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, message", [
    (dict(spot=[14500, 14650]), r"spot: has 2 values but futures has 3"),
    (dict(spot=[14500, 14650, 13900, 14000]), r"spot: has 4 values but futures has 3"),
    (dict(holding_periods=3), r"holding_periods: 3 must be below the number of prices \(3\)"),
    (dict(lot_size=0), r"lot_size: 0 is out of range"),
    (dict(margin_ratio=1.5), r"margin_ratio: 1.5 is out of range"),
])
def test_bad_terms_are_named(kwargs, message):
    args = dict(exposure_t=1000, lot_size=5, **AL_PLAN)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        mb.sell_hedge_backtest([14600, 14700, 14000], **args)


def test_wrapper_reads_a_blank_spot_range_as_no_spot():
    futures = [[14600], [14700], [14000]]
    blank_spot = udfs.sell_hedge_backtest(futures, 14500, 14700, 13500, 1000, 5, None, None, [[None], [None], [None]])
    omitted = udfs.sell_hedge_backtest(futures, 14500, 14700, 13500, 1000, 5)
    assert blank_spot == omitted
    assert [r[2] for r in omitted[1:4]] == [14600, 14700, 14000]  # spot column = futures
    assert omitted[0] == list(mb.HEADER)


@pytest.mark.parametrize("name, args, arg_name", [
    ("sell_hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, 1000, 5, 0.2, 0.8, [[1], [2], [3]]), "spot"),
    ("sell_hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, 1000, 0), "lot_size"),
    ("sell_hedge_backtest", ([[14600], [14700]], 14500, 14700, 13500, 1000, 5, 0.2, 0.8, 0, 2), "margin_ratio"),
    ("buy_hedge_backtest", ([[16800], [17500]], 16000, 1000, 20000, 1000, 5, 0.5, 0, 0.1, 0, 0, 2.5),
     "holding_periods"),
    ("buy_hedge_backtest", ([[16800], [17500]], 16000, 1000, 20000, 1000, 5, 0.5, 0, 0.1, 0, -3), "fee_per_lot"),
])
def test_bad_input_gives_a_value_text_naming_the_argument(name, args, arg_name):
    out = getattr(udfs, name)(*args)
    assert isinstance(out, str) and out.startswith("#VALUE! ")
    assert re.search(rf"\b{arg_name}\b", out), out


@pytest.mark.parametrize("name", ["sell_hedge_backtest", "buy_hedge_backtest"])
def test_catalogue_records(name):
    spec = BY_NAME[name]
    assert spec.group == "backtest" and spec.header == mb.HEADER
    for word in ("margin", "financing", "variation margin", "spot", "delivery", "rolls", "VAT"):
        assert word in spec.notes, word


# ---------------------------------------------------------------- 2020 daily aluminium, against a plain loop


def _loop_reference(futures, ratio, exposure, lot, margin, rate, fee, holding, per_year):
    """The model of docs/backtest.md written out day by day: a second, independent implementation."""
    n = len(futures)
    hedged = [hedge.hedge_lots(exposure, r, lot) * lot if i + holding < n else 0.0 for i, r in enumerate(ratio)]
    futures_total = sum(-h * (futures[i + holding] - futures[i]) for i, h in enumerate(hedged) if h)
    received = paid_fees = financing = peak = 0.0
    for t in range(n):
        open_t = sum(hedged[k] for k in range(max(0, t - holding + 1), t + 1))
        if t > 0:
            was_open = sum(hedged[k] for k in range(max(0, t - holding), t))
            received += -was_open * (futures[t] - futures[t - 1])  # a short gains when the price falls
        paid_fees += fee * (hedged[t] / lot + (hedged[t - holding] / lot if t >= holding else 0.0))
        cash = margin * futures[t] * open_t + paid_fees - received
        peak = max(peak, cash)
        if t < n - 1:
            financing += max(cash, 0.0) * rate / per_year
    return futures_total, peak, financing, paid_fees


def test_daily_2020_aluminium_run_agrees_with_the_day_by_day_loop():
    from workbooks.daily import read_daily_closes

    dates, closes = read_daily_closes("al", "2020")
    assert len(dates) == 243  # SHFE trading days in 2020 (shared/data/README.md: rows match the calendar)
    plan = dict(AL_PLAN, exposure_t=50, lot_size=5, margin_ratio=0.1, interest_rate=0.05, fee_per_lot=3,
                holding_periods=21, periods_per_year=243)
    table = mb.sell_hedge_backtest(closes, **plan)
    _, ratio = hedge.hedge_action_codes(np.array(closes), 14500, 14700, 13500)
    futures_total, peak, financing, fees = _loop_reference(closes, ratio, 50, 5, 0.1, 0.05, 3, 21, 243)
    row = summary(table)
    assert row[S["total_futures"]] == pytest.approx(futures_total, rel=1e-12)
    assert row[S["peak_margin_cash"]] == pytest.approx(peak, rel=1e-12)
    assert row[S["total_financing"]] == pytest.approx(-financing, rel=1e-12)
    assert row[S["total_fees"]] == pytest.approx(-fees, rel=1e-12)
    # the figures docs/backtest.md quotes for this run
    assert round(row[S["total_futures"]]) == -797_700
    assert round(row[S["peak_margin_cash"]]) == 2_874_960
    assert round(row[S["total_financing"]]) == -18_060


def test_the_daily_sheet_runs_the_same_plan_and_terms():
    from tests.excel_eval import bundled_plan

    values = {c.name: c.value for s in bundled_plan().sheets for c in s.cells if c.name}
    # 日线回测 reads 表5's zones (14,500 / 14,700 / 13,500, report Table 5) and 回测's margin terms, and shows
    # the run checked day by day above
    assert (values["out_al_sell_low"], values["out_al_sell_high"], values["out_al_cover_below"]) == (14500, 14700, 13500)
    assert (values["in_bt_margin_ratio"], values["in_bt_interest_rate"], values["in_bt_fee_per_lot"]) == (0.1, 0.05, 3)
    assert (values["in_dl_exposure"], values["in_dl_holding"], values["out_dl_periods_per_year"]) == (50, 21, 243)
    assert round(values["out_dl_futures"]) == -797_700
    assert round(values["out_dl_peak_cash"]) == 2_874_960
    assert round(values["out_dl_financing"]) == -18_060


def test_a_blank_spot_period_takes_that_periods_futures_price():
    # docs/backtest.md: a spot row as long as the futures may leave months blank (spot not loaded):
    # hand, those periods trade at the futures price, as if that price had been typed
    futures = [14600, 14700, 14000]
    blank = mb.sell_hedge_backtest(futures, exposure_t=1000, lot_size=5, spot=[14500, float("nan"), 13900],
                                   **AL_PLAN)
    typed = mb.sell_hedge_backtest(futures, exposure_t=1000, lot_size=5, spot=[14500, 14700, 13900], **AL_PLAN)
    assert np.asarray(blank).tolist() == np.asarray(typed).tolist()
    assert blank[1][mb.SPOT] == 14700
    # all blank is futures only, as one blank cell
    all_blank = mb.sell_hedge_backtest(futures, exposure_t=1000, lot_size=5, spot=[float("nan")] * 3, **AL_PLAN)
    assert np.asarray(all_blank).tolist() == np.asarray(
        mb.sell_hedge_backtest(futures, exposure_t=1000, lot_size=5, **AL_PLAN)).tolist()

"""udfs.core.account: the day-by-day settlement of a futures account (docs/methods.md §7), by hand."""

from __future__ import annotations

import datetime as dt

import pytest

import udfs
from udfs.core import account

# 期货基础知识 textbook case, extended by hand: soybeans in 10 t lots, margin 5 %, 100,000 deposited.
DAYS = [1, 2, 3, 4, 5]
SETTLEMENT = [4040, 4060, 3800, 3700, 3720]
TRADE_DAYS = [1, 1, 2, 3, 5]
TRADE_LOTS = [40, -20, 8, -10, -18]
TRADE_PRICES = [4000, 4030, 4030, 3900, 3720]
CASH = [0, 0, -20000, 0, 15000]


def _run(**changes):
    args = dict(days=DAYS, settlement=SETTLEMENT, trade_days=TRADE_DAYS, trade_lots=TRADE_LOTS,
                trade_prices=TRADE_PRICES, symbol=10, margin_rate=0.05, fee_per_lot=0.0, opening_balance=100000,
                cash_flows=CASH) | changes
    return account.futures_account(**args)


def test_textbook_days_one_and_two():
    rows = _run()
    # day 1: 平仓 (4,030 − 4,000) × 20 × 10 = 6,000; 持仓 (4,040 − 4,000) × 20 × 10 = 8,000;
    # margin 4,040 × 20 × 10 × 5 % = 40,400; 结算准备金余额 100,000 − 40,400 + 14,000 = 73,600
    day1 = rows[0]
    assert [day1[c] for c in (account.POSITION, account.CLOSED, account.MARKED, account.DAY_PNL, account.MARGIN,
                              account.EQUITY, account.RESERVE)] == [20, 6000, 8000, 14000, 40400, 114000, 73600]
    # day 2: 持仓 (4,060 − 4,040) × 20 × 10 + (4,060 − 4,030) × 8 × 10 = 4,000 + 2,400 = 6,400;
    # margin 4,060 × 28 × 10 × 5 % = 56,840; balance 73,600 + 40,400 − 56,840 + 6,400 = 63,560
    day2 = rows[1]
    assert [day2[c] for c in (account.POSITION, account.CLOSED, account.MARKED, account.MARGIN,
                              account.RESERVE)] == [28, 0, 6400, 56840, 63560]
    assert day2[account.RISK] == pytest.approx(56840 / 120400)


def test_the_exchange_balance_formula_agrees_with_equity_minus_margin():
    # 当日结算准备金余额 = 上日余额 + 上日保证金 − 当日保证金 + 当日盈亏 + 出入金 − 手续费, day by day
    rows = _run(fee_per_lot=3.0)
    for before, today in zip(rows, rows[1:]):
        balance = (before[account.RESERVE] + before[account.MARGIN] - today[account.MARGIN] + today[account.DAY_PNL]
                   + today[account.CASH] + today[account.FEES])
        assert balance == pytest.approx(today[account.RESERVE], abs=1e-6)


def test_a_fall_brings_a_margin_call_and_a_deposit_and_close_clear_it():
    rows = _run()
    # day 3: sell 10 at 3,900 closes yesterday's lots: (3,900 − 4,060) × 10 × 10 = −16,000; the 18 held:
    # (3,800 − 4,060) × 18 × 10 = −46,800; 20,000 out: equity 120,400 − 62,800 − 20,000 = 37,600;
    # margin 3,800 × 18 × 10 × 5 % = 34,200; balance 3,400; 风险度 34,200 / 37,600 = 91 %
    assert [rows[2][c] for c in (account.CLOSED, account.MARKED, account.EQUITY, account.MARGIN, account.RESERVE,
                                 account.MARGIN_CALL)] == [-16000, -46800, 37600, 34200, 3400, 0]
    # day 4: (3,700 − 3,800) × 18 × 10 = −18,000: equity 19,600, margin 33,300, balance −13,700 → call 13,700
    assert [rows[3][c] for c in (account.MARKED, account.EQUITY, account.MARGIN, account.RESERVE,
                                 account.MARGIN_CALL)] == [-18000, 19600, 33300, -13700, 13700]
    assert rows[3][account.RISK] == pytest.approx(33300 / 19600)  # 170 %: above 100 %
    # day 5: 15,000 in, 18 sold at 3,720: (3,720 − 3,700) × 18 × 10 = 3,600: equity 38,200, flat
    assert [rows[4][c] for c in (account.POSITION, account.CLOSED, account.MARGIN, account.EQUITY,
                                 account.RESERVE, account.MARGIN_CALL)] == [0, 3600, 0, 38200, 38200, 0]


def test_a_sell_beyond_the_long_opens_a_short():
    # hand: long 20 carried (settlement 4,040); day 2 sell 30 at 4,050 closes the 20 ((4,050 − 4,040) × 20 × 10
    # = 2,000) and opens 10 short at 4,050; settlement 4,060: 持仓 (4,050 − 4,060) × 10 × 10 = −1,000
    rows = account.futures_account([1, 2], [4040, 4060], [1, 1, 2], [40, -20, -30], [4000, 4030, 4050], 10, 0.05,
                                   0, 100000)
    assert [rows[1][c] for c in (account.POSITION, account.CLOSED, account.MARKED)] == [-10, 2000, -1000]
    assert rows[1][account.MARGIN] == 4060 * 10 * 10 * 0.05  # a short takes margin too


def test_a_trade_closing_today_and_yesterday_lots_closes_yesterday_first():
    # hand, 先开先平: carried long 20 at settlement 4,040; day 2 buy 5 at 4,050, then sell 22 at 4,070:
    # 20 of yesterday's (4,070 − 4,040) × 20 = 600 and 2 of today's (4,070 − 4,050) × 2 = 40 → × 10 t = 6,400;
    # 3 held at 4,050, settlement 4,060: (4,060 − 4,050) × 3 × 10 = 300
    rows = account.futures_account([1, 2], [4040, 4060], [1, 1, 2, 2], [40, -20, 5, -22], [4000, 4030, 4050, 4070],
                                   10, 0.05)
    assert [rows[1][c] for c in (account.POSITION, account.CLOSED, account.MARKED)] == [3, 6400, 300]


def test_fees_per_lot_traded():
    # hand: 60 lots traded on day 1 at 2 CNY each = −120; 8 on day 2 = −16 (the second example's figures)
    rows = _run(fee_per_lot=2.0, symbol="AL")
    assert [rows[0][account.FEES], rows[1][account.FEES]] == [-120, -16]


def test_a_symbol_and_its_lot_size_agree():
    assert _run(symbol="AL").tolist() == _run(symbol=5).tolist()


@pytest.mark.parametrize(("changes", "message"), [
    ({"trade_days": [1, 1, 2, 3, 9]}, "trade_days: row 5 (9) is not one of the days"),
    ({"trade_lots": [40, -20, 8, -10, 0.5]}, "trade_lots: row 5 (0.5) must be a whole number"),
    ({"days": [1, 2, 2, 4, 5]}, "days: must be in order"),
    ({"settlement": [4040, 4060, 3800]}, "settlement: has 3 values but days has 5"),
    ({"symbol": "AU"}, "symbol: 'AU' is not one of"),
])
def test_bad_input_is_named(changes, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _run(**changes)


def test_through_the_wrapper_with_dates():
    got = udfs.futures_account([[dt.date(2020, 1, 2)], [dt.date(2020, 1, 3)]], [[14000], [14100]],
                               dt.date(2020, 1, 2), 2, 14050, "AL", 0.1, 0, 50000, [[0], [5000]])
    assert got[0] == list(account.HEADER)
    # hand: long 2 × 5 t at 14,050: day 1 (14,000 − 14,050) × 10 = −500, equity 49,500, margin 14,000 × 10 × 10 %
    # = 14,000; day 2 (14,100 − 14,000) × 10 = +1,000 and 5,000 in: equity 55,500, margin 14,100
    assert [row[account.EQUITY] for row in got[1:]] == [49500, 55500]
    assert [row[account.MARGIN] for row in got[1:]] == [14000, 14100]
    assert got[1][account.DAY] == 43832  # Excel serial of 2020-01-02
    assert udfs.futures_account([[1], [2]], [[14000], [14100]], 3, 2, 14050, "AL", 0.1) == \
        "#VALUE! trade_days: row 1 (3) is not one of the days"

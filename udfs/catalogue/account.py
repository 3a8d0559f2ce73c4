"""Worksheet function for a futures account settled day by day (逐日盯市, docs/methods.md §7)."""

from __future__ import annotations

from ..core import account, contracts
from ..registry import (ANY, CONTRACT, DATE_OR_NUMBER, FRACTION, NONNEG, POSITIVE, SERIES, Arg, Example,
                        Function)

GROUP = "account"

# The 期货基础知识 textbook's day-by-day settlement case (docs/methods.md §7), soybean lots of 10 t, margin 5 %:
# day 1 opening 100,000, buy 40 at 4,000, sell 20 at 4,030, settlement 4,040; day 2 buy 8 at 4,030, settlement 4,060.
_DAY1 = [1, 4040, 20, 6000, 8000, 14000, 0, 0, 40400, 114000, 73600, 40400 / 114000, 0]
_DAY2 = [2, 4060, 28, 0, 6400, 6400, 0, 0, 56840, 120400, 63560, 56840 / 120400, 0]

SPECS = (
    Function(
        "futures_account", account.futures_account,
        "Futures account settled day by day (逐日盯市) for one contract: spills 平仓盈亏, 持仓盈亏, 当日盈亏, fees, "
        "保证金占用, 客户权益, 结算准备金余额, 风险度 and the margin call per day, CNY.",
        (Arg("days", "Settlement days, each a date (or serial number), oldest first, in a column or row", kind=SERIES, check=DATE_OR_NUMBER),
         Arg("settlement", "Each day's settlement price 结算价, CNY/t, one per day", kind=SERIES, check=POSITIVE),
         Arg("trade_days", "Day of each trade, date (one of the days), in the order traded", kind=SERIES,
             check=DATE_OR_NUMBER),
         Arg("trade_lots", "Lots traded, whole number: + buy, − sell; a buy first closes short lots, a sell long "
                           "lots (yesterday's first), the rest opens", kind=SERIES, check=ANY),
         Arg("trade_prices", "Price of each trade, CNY/t", kind=SERIES, check=POSITIVE),
         Arg("symbol", "Contract, for its lot size in t: " + ", ".join(contracts.SYMBOLS) + " (text), or the lot "
                       "size itself, t per lot", kind=CONTRACT, choices=contracts.SYMBOLS),
         Arg("margin_rate", "Margin rate 保证金比例, fraction of the position's value at settlement: one cell, or "
                            "one per day", kind=SERIES, check=FRACTION),
         Arg("fee_per_lot", "Fee 手续费, CNY per lot traded (opening or closing); default 0", check=NONNEG,
             default=0.0),
         Arg("opening_balance", "Equity before the first day, CNY (default 0)", check=NONNEG, default=0.0),
         Arg("cash_flows", "Deposits (+) and withdrawals (−) 出入金, CNY: one per day, or one cell (default 0)",
             kind=SERIES, check=ANY, default=0.0)),
        GROUP,
        (Example(([[1], [2]], [[4040], [4060]], [[1], [1], [2]], [[40], [-20], [8]], [[4000], [4030], [4030]],
                  10, 0.05, 0, 100000),
                 [list(account.HEADER), _DAY1, _DAY2],
                 "期货基础知识 textbook settlement case, hand: day 1 平仓 (4,030 − 4,000) × 20 × 10 = 6,000, 持仓 "
                 "(4,040 − 4,000) × 20 × 10 = 8,000, margin 4,040 × 20 × 10 × 5 % = 40,400, balance 100,000 − "
                 "40,400 + 14,000 = 73,600; day 2 持仓 20 × 20 × 10 + 30 × 8 × 10 = 6,400, margin 56,840, balance "
                 "73,600 + 40,400 − 56,840 + 6,400 = 63,560"),
         Example(([[1], [2]], [[4040], [4060]], [[1], [1], [2]], [[40], [-20], [8]], [[4000], [4030], [4030]],
                  "AL", 0.05, 2, 100000, [[0], [-10000]]),
                 [list(account.HEADER),
                  [1, 4040, 20, 3000, 4000, 7000, -120, 0, 20200, 106880, 86680, 20200 / 106880, 0],
                  [2, 4060, 28, 0, 3200, 3200, -16, -10000, 28420, 100064, 71644, 28420 / 100064, 0]],
                 "hand: the same trades in 5 t lots (AL), fee 2 per lot, 10,000 withdrawn on day 2: day 1 fees 60 × 2 "
                 "= 120, equity 100,000 + 7,000 − 120 = 106,880; day 2 equity 106,880 + 3,200 − 16 − 10,000 = "
                 "100,064, margin 4,060 × 28 × 5 × 5 % = 28,420, balance 71,644")),
        returns="table",
        header=account.HEADER,
        notes="Per day, lot size L, yesterday's settlement P', today's P: 平仓盈亏 = Σ (close − P') × lots × L for "
              "lots carried from yesterday, Σ (close − open) × lots × L for lots opened today (a short the other "
              "way round; yesterday's lots close first); 持仓盈亏 = (P − P') × carried lots × L + Σ (P − open) × lots "
              "× L for today's lots still held; 当日盈亏 = 平仓盈亏 + 持仓盈亏; 保证金占用 = P × |position| × L × "
              "margin rate; 客户权益 = yesterday's + 当日盈亏 + fees (negative) + deposits − withdrawals; 结算准备金余额"
              " = 客户权益 − 保证金占用 (= yesterday's balance + yesterday's margin − today's margin + 当日盈亏 − fees "
              "± cash); 风险度 = 保证金占用 / 客户权益 (blank when 客户权益 ≤ 0); margin call = −结算准备金余额 when "
              "negative. Trades are net: a locked position (long and short at once) is not modelled; 平今 fee "
              "rates are not distinguished. See docs/methods.md §7.",
    ),
)

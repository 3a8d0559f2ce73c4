"""Hedging worksheet functions: the report's hedge zones, the action and ratio at a price, range actions, lots, and
contract specifications (udfs/core/hedge.py, contracts.py).
"""

from __future__ import annotations

from ..core import contracts, hedge
from ..registry import FRACTION, NONNEG, POSITIVE, TEXT, Arg, Example, Function

GROUP = "hedge"

# Shared with the back-tests (udfs/catalogue/backtest.py), which run the same plans over a price column.
PLAN_LEVELS = (
    Arg("sell_low", "Bottom of the sell-hedge band, CNY/t", check=POSITIVE),
    Arg("sell_high", "Top of the sell-hedge band, CNY/t", check=POSITIVE),
    Arg("cover_below", "Price at or below which sell hedges are reduced, CNY/t", check=POSITIVE),
)
PLAN_RATIOS = (
    Arg("ratio_min", f"Hedge ratio at sell_low, fraction of exposure (default {hedge.RATIO_MIN:g})", check=FRACTION,
        default=hedge.RATIO_MIN),
    Arg("ratio_max", f"Hedge ratio at and above sell_high, fraction of exposure (default {hedge.RATIO_MAX:g})",
        check=FRACTION, default=hedge.RATIO_MAX),
)
RANGE_LEVELS = (
    Arg("support", "Support (cost floor or range bottom), CNY/t", check=POSITIVE),
    Arg("band", "Distance above support still in the buy zone, CNY/t", check=NONNEG),
    Arg("resistance", "Resistance (range top), CNY/t", check=POSITIVE),
)

SPECS = (
    Function(
        "hedge_zones", hedge.hedge_zones,
        "Producer hedge zones from cost: sell-hedge low, sell-hedge high and cover-below = cost + margin, "
        "rounded to the tick; spills with a header row.",
        (Arg("cost", "Full cost, CNY/t", check=POSITIVE),
         Arg("sell_margin_low", "Margin over cost where sell hedging starts, CNY/t"),
         Arg("sell_margin_high", "Margin over cost at the top of the band, CNY/t"),
         Arg("cover_margin", "Margin over cost below which hedges are reduced, CNY/t"),
         Arg("tick", f"Price tick, CNY/t (SHFE Al/Zn 5, Ni 10; default {hedge.TICK:g})", check=POSITIVE,
             default=hedge.TICK)),
        GROUP,
        (Example((13085, 1415, 1615, 415),
                 [["sell-hedge low 卖保下沿", "sell-hedge high 卖保上沿", "cover below 减平线"],
                  [14500, 14700, 13500]],
                 "report Table 5: aluminium sell hedge 14,500–14,700, reduce below 13,500"),),
        returns="table",
        header=("sell-hedge low 卖保下沿", "sell-hedge high 卖保上沿", "cover below 减平线"),
    ),
    Function(
        "hedge_action", hedge.hedge_action,
        "Producer action and sell-hedge ratio at a price: SELL HEDGE from sell_low (ratio ramps to ratio_max "
        "at sell_high), HOLD in between, REDUCE at or below cover_below. One row per price.",
        (Arg("price", "Price now, CNY/t (a cell or a column)", check=POSITIVE),) + PLAN_LEVELS + PLAN_RATIOS,
        GROUP,
        (Example((14600, 14500, 14700, 13500), [[hedge.SELL_HEDGE, 0.5]],
                 "report Table 5 zones; hand: 14,600 is halfway up 14,500–14,700 → 0.2 + 0.6 × 0.5 = 0.5"),
         Example((13400, 14500, 14700, 13500), [[hedge.REDUCE, 0.0]],
                 "report Table 5: below 13,500 reduce sell hedges")),
        returns="table",
    ),
    Function(
        "range_action", hedge.range_action,
        "The report's range reading of a price: at or below support + band BUY HEDGE / don't chase shorts; "
        "at or above resistance SELL-HEDGE; else HOLD. Bilingual labels.",
        (Arg("price", "Price now, CNY/t (a cell or a range)", check=POSITIVE),) + RANGE_LEVELS,
        GROUP,
        (Example((16800, 16000, 1000, 20000), hedge.BUY_ZONE,
                 "report Table 5: zinc '17,000 don't chase shorts' over 16,000 support"),
         Example((20100, 16000, 1000, 20000), hedge.RESISTANCE, "report Table 5: zinc 20,000 resistance")),
        returns="text",
    ),
    Function(
        "hedge_lots", hedge.hedge_lots,
        "Whole futures lots for an exposure: floor(tonnes × ratio / lot size), never above the exposure.",
        (Arg("tonnes", "Physical exposure, t", check=NONNEG),
         Arg("ratio", "Hedge ratio, fraction", check=FRACTION),
         Arg("lot_size", "Contract size, t per lot (SHFE Al/Zn 5, Ni 1)", check=POSITIVE)),
        GROUP,
        (Example((1000, 0.5, 5), 100, "hand: 1,000 × 0.5 / 5 = 100 lots"),
         Example((33, 0.5, 5), 3, "hand: 16.5 t covers 3 whole lots of 5 t")),
    ),
    Function(
        "contract_spec", contracts.contract_spec,
        "Contract data, SHFE AL ZN NI AO SS CU PB SN and LME: lot_size t, tick CNY/t (LME USD/t), delivery_unit "
        "t; min_margin, daily_limit (SHFE's standing limit) and contract_limit fractions; limit_from date; "
        "last_trading_day; storage_per_day CNY/t/day.",
        (Arg("symbol", "AL, ZN, NI, AO (alumina), SS (stainless), CU, PB, SN, LME_AL, LME_ZN or LME_NI; text",
             kind=TEXT, choices=contracts.SYMBOLS),
         Arg("field", "lot_size, tick, delivery_unit, min_margin, daily_limit, last_trading_day, "
                      "storage_per_day, contract_limit or limit_from; text", kind=TEXT, choices=contracts.FIELDS)),
        GROUP,
        (Example(("NI", "lot_size"), 1.0, "SHFE nickel contract text: 1 t per lot"),
         Example(("zn", "delivery_unit"), 25.0, "SHFE zinc contract text: 25 t delivery unit"),
         Example(("AO", "lot_size"), 20.0, "SHFE alumina contract: 20 t per lot"),
         Example(("SS", "delivery_unit"), 60.0, "SHFE stainless steel contract: 60 t delivery unit"),
         Example(("LME_NI", "lot_size"), 6.0, "LME nickel contract specification: 6 t per lot"),
         Example(("CU", "tick"), 10.0, "SHFE copper contract text: 10 CNY/t"),
         Example(("SN", "delivery_unit"), 2.0, "SHFE tin contract text: 2 t delivery unit"),
         Example(("PB", "contract_limit"), 0.04, "SHFE lead contract text (notice [2020] No. 134): ±4 %"),
         Example(("AL", "daily_limit"), 0.10, "SHFE notice 上期发〔2026〕56号: aluminium ±10 % from the 2026-02-09 close"),
         Example(("AL", "contract_limit"), 0.03, "SHFE aluminium contract text: ±3 %"),
         Example(("NI", "limit_from"), 46062.0, "2026-02-09, the close of 上期发〔2026〕56号, as an Excel date serial "
                                                "(2026-01-01 is 46023, + 39 days)"),
         Example(("LME_NI", "tick"), 5.0, "lme.com LME Nickel contract specifications: 5.00 USD/t outright"),
         Example(("LME_AL", "min_margin"), None, "blank: LME margins are set by LME Clear")),
        notes="A blank result means no public figure is entered (see the sources below); an unknown symbol or "
              "field is refused by name. LME ticks are USD/t, SHFE ticks CNY/t. daily_limit is the standing "
              "limit SHFE set by notice, applying from limit_from (an Excel date: format the cell as a date); "
              "contract_limit and min_margin are the contract text's floors. The newest notice found dates "
              "from February 2026 and holiday raises are not applied, so check SHFE's notices and type the "
              "day's limit where it matters.",
        sources=contracts.SOURCES,
    ),
)

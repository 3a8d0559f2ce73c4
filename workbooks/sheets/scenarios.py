"""表6 情景 Scenarios and 回测 Back-test: the next two questions after the report's single numbers."""

from __future__ import annotations

from udfs.core import backtest as backtest_core, hedge as hedge_core, margin_backtest

from ..formula import Call, Ref, Sign, SpillCell
from ..spec import BasisChart, Calc, Drivers, Param, Section, SheetSpec, Spill, Text, Title

NOTES = "docs/methods.md"  # how each figure is computed: sheet notes cite its sections


def _steps(start, step, count, digits=4):
    return tuple(round(start + step * i, digits) for i in range(count))


SCENARIOS = (
    Title("表6 情景", "Table 6 — Scenario grids"),
    Text("每个表格是一个溢出公式：改动驱动值即可。红色亏损（或高成本），绿色盈利（或低成本）。",
         "Each grid is one spilled formula: change the driver values and it follows. Red is a loss "
         "(or a high cost), green a profit (or a low cost)."),
    Section("电解铝利润：氧化铝 × 电价", "Aluminium smelter profit: alumina × power price", columns=False),
    Drivers("sc.alumina", "氧化铝价格（行）", "alumina prices (rows)", "CNY/t", _steps(2200, 100, 7),
            "report: 2,474 at end-Nov 2019"),
    Drivers("sc.power", "电价（列）", "power prices (columns)", "CNY/kWh", _steps(0.28, 0.01, 7),
            "report: 0.3092"),
    Spill("sc.al_grid", "吨铝利润", "profit per tonne, CNY/t",
          Call("al_profit_grid", Ref("al.spot_price"), Ref("sc.alumina"), Ref("sc.power"), Ref("al.anode_price"),
               Ref("al.other_backsolved"), Ref("al.alumina_per_t"), Ref("al.kwh_per_t"), Ref("al.anode_per_t"),
               Ref("al.fluoride_cost")),
          "CNY/t", "price, anode, other and unit consumptions from 表4", colour_scale="profit"),
    Section("锌：冶炼厂与矿山利润：锌价 × 加工费", "Zinc smelter and mine profit: zinc price × TC", columns=False),
    Drivers("sc.zinc", "锌价（行）", "zinc prices (rows)", "CNY/t", _steps(15000, 1000, 7), "report range 17,500–20,000"),
    Drivers("sc.tc", "加工费（列）", "treatment charges (columns)", "CNY/t", _steps(4000, 500, 7),
            "report: domestic TC 6,100"),
    Param("sc.zn_processing_cost", "冶炼加工成本", "smelter processing cost", 4000, "CNY/t",
          f"assumption, 3,500–4,500 ({NOTES} §2.2)"),
    Param("sc.zn_mine_cost", "矿山完全成本", "mine full cost per metal tonne", 9900, "CNY/t",
          f"18,000 − 6,100 − 2,000 ({NOTES} §2.4)"),
    Spill("sc.zn_smelter_grid", "冶炼厂利润", "smelter profit, CNY/t",
          Call("zn_profit_grid", Ref("sc.zinc"), Ref("sc.tc"), Ref("sc.zn_mine_cost"), Ref("sc.zn_processing_cost"),
               0, "smelter"),
          "CNY/t", "TC as quoted (no price sharing)", colour_scale="profit"),
    Spill("sc.zn_mine_grid", "矿山利润", "mine profit, CNY/t",
          Call("zn_profit_grid", Ref("sc.zinc"), Ref("sc.tc"), Ref("sc.zn_mine_cost"), Ref("sc.zn_processing_cost"),
               0, "mine"),
          "CNY/t", "price − TC − mine cost", colour_scale="profit"),
    Section("镍生铁成本：矿价 × 汇率", "NPI cost per nickel point: ore CIF × CNY/USD", columns=False),
    Drivers("sc.ore", "红土镍矿到岸价（行）", "ore CIF prices (rows)", "USD/wmt", _steps(60, 5, 9),
            f"1.5 % ore; ≈ 88 reaches SMM's 1,300 ({NOTES} §3.2)"),
    Drivers("sc.fx", "汇率（列）", "CNY per USD (columns)", "CNY/USD", _steps(6.8, 0.1, 5), "late 2019 ≈ 7.0"),
    Spill("sc.npi_grid", "镍生铁成本", "NPI cost, CNY per nickel point",
          Call("ni_npi_cost_grid", Ref("sc.ore"), Ref("sc.fx")), "CNY/point",
          "defaults of ni_npi_cost; SMM: > 1,300", colour_scale="cost"),
)

MONTHS_2020 = tuple(f"2020-{m:02d}" for m in range(1, 13))
_PERIODS = len(MONTHS_2020)
_SUMMARY_ROW = _PERIODS + 2  # header, one row per period, then the summary row
# Units of the columns of sell_hedge_backtest / buy_hedge_backtest (udfs/core/margin_backtest.py HEADER).
# The unit of each column of a back-test table (margin_backtest.HEADER): 回测 and 日线回测 both read this one.
BACKTEST_COLUMN_UNITS = ("General", "CNY/t", "CNY/t", "text", "fraction", "t", "CNY", "CNY", "CNY", "CNY", "CNY",
                         "CNY/t", "CNY", "CNY", "CNY", "CNY", "CNY")
if len(BACKTEST_COLUMN_UNITS) != len(margin_backtest.HEADER):
    raise ValueError(f"BACKTEST_COLUMN_UNITS has {len(BACKTEST_COLUMN_UNITS)} units for "
                     f"{len(margin_backtest.HEADER)} columns of margin_backtest.HEADER")
_TERMS = (Ref("bt.margin_ratio"), Ref("bt.interest_rate"), Ref("bt.fee_per_lot"), 1, 12)


def _summary(key: str, name: str) -> SpillCell:
    """One cell of a back-test's summary row (udfs/core/margin_backtest.py SUMMARY_COLUMNS, 0-based)."""
    return SpillCell(key, _SUMMARY_ROW, margin_backtest.SUMMARY_COLUMNS[name] + 1)


def _verdict_rows(metal: str, key: str, zh: str, en: str, price: str) -> tuple:
    result = _summary(key, "total_hedge_result")
    return (
        Calc(f"bt.{metal}_hedged_price", f"{zh}保值后平均{price[0]}", f"{en}: average effective {price[1]}, hedged",
             _summary(key, "avg_effective_price"), "CNY/t", "spot ± futures leg per tonne, before fees and interest"),
        Calc(f"bt.{metal}_unhedged_price", f"{zh}未保值平均{price[0]}", f"{en}: average {price[1]}, unhedged",
             _summary(key, "avg_unhedged_price"), "CNY/t"),
        Calc(f"bt.{metal}_futures", f"{zh}期货腿合计", f"{en}: futures leg, total", _summary(key, "total_futures"),
             "CNY"),
        Calc(f"bt.{metal}_peak_cash", f"{zh}保证金最高占用", f"{en}: peak cash in the margin account",
             _summary(key, "peak_margin_cash"), "CNY", "initial margin + fees + losses paid, less gains received"),
        Calc(f"bt.{metal}_financing", f"{zh}保证金资金成本", f"{en}: financing cost of the margin cash",
             _summary(key, "total_financing"), "CNY"),
        Calc(f"bt.{metal}_fees", f"{zh}手续费", f"{en}: fees", _summary(key, "total_fees"), "CNY"),
        Calc(f"bt.{metal}_total", f"{zh}保值净损益", f"{en}: hedge result (futures + fees + financing)", result,
             "CNY"),
        Calc(f"bt.{metal}_verdict", f"{zh}结论", f"{en}: verdict",
             Sign(result, "✓ 方案增益 the plan added value", "⚠ 方案亏损 the plan lost money",
                  "— 未触发或无价格 the plan never traded, or no prices"), "text"),
    )


# What the price rows read (the Data sheet's own source column says who published each figure; the archive it
# was taken from is in workbooks/data/README.md).
PRICE_SOURCE = "Data sheet: SHFE main continuous contract, monthly mean of daily closes"


def _price_rows(metal: str, zh: str, en: str) -> tuple:
    return (
        Drivers(f"bt.{metal}_prices", f"沪{zh}月均价", f"SHFE {en} monthly average", "CNY/t", (), PRICE_SOURCE,
                data=(metal, "shfe_avg"), months=MONTHS_2020),
        Drivers(f"bt.{metal}_spot", f"{zh}现货月均价（可粘贴）", f"{en} spot monthly average — paste yours", "CNY/t",
                (None,) * _PERIODS, f"typed wins; a blank month takes the Data sheet's {metal}.spot (the month's "
                "row, else the mean of its daily quotes), else spot = futures (basis 0); none bundled", months=MONTHS_2020, fill=(metal, "spot")),
    )


def _chart_lines(key: str, lines, chart_title: str, market: tuple[str, str]) -> dict:
    """The chart of a back-test (price, levels, cumulative result) and, beside it, its basis chart: the
    month's spot (typed, or the Data sheet's) − the futures monthly average, and its change on the month."""
    basis = BasisChart(f"{key}_spot", f"{key}_prices",
                       f"{market[0]} 2020 基差与基差变化 {market[1]} 2020: basis and its change (spot − futures "
                       "monthly average; gaps: no spot)")
    return dict(column_units=BACKTEST_COLUMN_UNITS, categories="bt.months", lines=lines,
                chart=(chart_title, "CNY/t 元/吨"), periods=_PERIODS,
                price_column=margin_backtest.FUTURES, cumulative_column=margin_backtest.CUMULATIVE, basis=basis)


def _consumer_block(metal, zh, en, chart_zh, chart_en, lot, title, support, band, resistance, exposure) -> tuple:
    """A consumer buy-hedge back-test over the 2020 prices: its levels, the spilled table with a chart, verdicts."""
    key = f"bt.{metal}"
    return (
        Section(*title),
        *_price_rows(metal, zh, en),
        Param(f"{key}_support", support[0], support[1], support[2], "CNY/t", support[3]),
        Param(f"{key}_band", band[0], band[1], band[2], "CNY/t", band[3]),
        Param(f"{key}_resistance", "反压位", "resistance", resistance, "CNY/t", "report Table 5"),
        Param(f"{key}_exposure", "每月用量", "monthly exposure", exposure, "t", "type your own"),
        Spill(key, f"{zh}回测", f"{en} back-test",
              Call("buy_hedge_backtest", Ref(f"{key}_prices"), Ref(f"{key}_support"), Ref(f"{key}_band"),
                   Ref(f"{key}_resistance"), Ref(f"{key}_exposure"), lot, backtest_core.BUY_RATIO,
                   Ref(f"{key}_spot"), *_TERMS),
              "CNY/t", f"buy {backtest_core.BUY_RATIO * 100:g} % of the month's need in the buy zone, whole {lot} t lots",
              **_chart_lines(key, (("买保线", "buy zone top", Ref(f"{key}_support") + Ref(f"{key}_band")),
                                   ("反压", "resistance", Ref(f"{key}_resistance"))),
                             f"{chart_zh} 2020：价格、区间与累计保值损益 {chart_en} 2020: price, zone, cumulative "
                             "hedge result", (chart_zh, chart_en))),
        *_verdict_rows(metal, key, zh, en, ("采购成本", "purchase cost")),
    )


BACKTEST = (
    Title("回测", "Back-test of the report's 2020 plan"),
    Text("按月均价开仓、次月均价平仓并按次月现货买卖实物；逐月盯市，计保证金占用、利息与手续费；不含交割、换月、"
         "交割品级基差与税（见 docs/backtest.md）。",
         "Hedges open at a month's average and close at the next month's, when the month's metal is sold or "
         "bought at spot; marked to market monthly, with margin cash, its interest and fees. No delivery, rolls, "
         "delivery-grade basis or tax (docs/backtest.md)."),
    Drivers("bt.months", "月份", "month", "text", MONTHS_2020, "2020"),
    Section("保证金与费用（三个回测共用）", "Margin account and fees (all three back-tests)"),
    Param("bt.margin_ratio", "保证金比例", "initial margin ratio", 0.1, "fraction",
          "assumption: broker margin; SHFE contract floor 5 % (价差 sheet)"),
    Param("bt.interest_rate", "资金年利率", "interest on margin cash, per year", 0.05, "fraction",
          "assumption: cost of the company's cash; type yours"),
    Param("bt.fee_per_lot", "手续费（每手每边）", "fee per lot, each side", 3, "CNY", "assumption: type your broker's"),
    *_consumer_block("zn", "锌", "zinc", "沪锌", "SHFE zinc", lot=5,
                     title=("锌：消费商买保（17000 不追空，20000 反压）", "Zinc: consumer buy hedge (17,000 / 20,000)"),
                     support=("成本支撑", "cost support", 16000, "report Table 2"),
                     band=("不追空区间", "don't-chase band", 1000, "report: 17,000 = 16,000 + 1,000"),
                     resistance=20000, exposure=1000),
    *_consumer_block("ni", "镍", "nickel", "沪镍", "SHFE nickel", lot=1,
                     title=("镍：消费商买保（10万买保，12万反压）", "Nickel: consumer buy hedge (100,000 / 120,000)"),
                     support=("买保位", "buy-hedge level", 100000, "report Table 5"),
                     band=("买保区间", "buy band", 3000, "assumption, as 表5"),
                     resistance=120000, exposure=100),
    Section("铝：生产商卖保（14500–14700，13500 之下减平）", "Aluminium: producer sell hedge (14,500–14,700 / 13,500)"),
    *_price_rows("al", "铝", "aluminium"),
    Param("bt.al_sell_low", "卖保下沿", "sell hedge from", 14500, "CNY/t", "report Table 5"),
    Param("bt.al_sell_high", "卖保上沿", "sell hedge up to", 14700, "CNY/t", "report Table 5"),
    Param("bt.al_cover_below", "减平线", "reduce below", 13500, "CNY/t", "report Table 5"),
    Param("bt.al_exposure", "每月产量", "monthly output", 1000, "t", "type your own"),
    Spill("bt.al", "铝回测", "aluminium back-test",
          Call("sell_hedge_backtest", Ref("bt.al_prices"), Ref("bt.al_sell_low"), Ref("bt.al_sell_high"),
               Ref("bt.al_cover_below"), Ref("bt.al_exposure"), 5, hedge_core.RATIO_MIN, hedge_core.RATIO_MAX,
               Ref("bt.al_spot"), *_TERMS),
          "CNY/t", "hedge_action ratios, whole 5 t lots",
          **_chart_lines("bt.al", (("卖保下沿", "sell from", Ref("bt.al_sell_low")),
                                   ("减平线", "reduce below", Ref("bt.al_cover_below"))),
                         "沪铝 2020：价格、卖保区间与累计保值损益 SHFE aluminium 2020: price, zones, cumulative hedge "
                         "result", ("沪铝", "SHFE aluminium"))),
    *_verdict_rows("al", "bt.al", "铝", "aluminium", ("销售价", "sale price")),
)

_NARROW = {3: 12, 4: 12, 5: 12, 6: 12, 7: 12, 8: 12, 9: 12, 10: 12, 11: 12, 12: 12, 13: 12}
# The back-test tables are 17 columns wide: printed one page wide, as many pages tall as they take.
# the 17 table columns from D, the two level lines, the two drawn columns, the basis and its change
_BACKTEST_WIDTHS = {col: 13 for col in range(3, 25)}
SHEETS = (SheetSpec("表6 情景", SCENARIOS, _NARROW, picture="table6-scenarios"),
          SheetSpec("回测", BACKTEST, _BACKTEST_WIDTHS, pages_tall=0, picture="backtest"))

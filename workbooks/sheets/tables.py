"""表1–表5 and 价差: the report's tables, as sheet specs."""

from __future__ import annotations

from udfs.core import aluminium as al_core, hedge as hedge_core, nickel as ni_core, zinc as zn_core

from ..formula import AtLeast, Call, Fallback, Flag, Pick, Ref
from ..spec import Calc, Figure, Matrix, Param, Section, SheetSpec, Text, Title

NOTES = "docs/methods.md"  # how each figure is computed: sheet notes cite its sections


def _mom(key: str) -> Calc:
    return Calc(f"{key}_mom", "环比", "month on month", Call("pct_change", Ref(key), Ref(f"{key}@prev")), "fraction")


PRODUCTION = (
    Title("表1 产量调研", "Table 1 — Domestic production survey (SMM)"),
    Matrix(
        headers=(("累计同比", "YTD YoY"), ("上月产量 {prev}", "output, 10kt"), ("本月产量 {month}", "output, 10kt"),
                 ("环比", "MoM"), ("全年预估", "year est., 10kt")),
        rows=(
            ("冶金级氧化铝", "metallurgical alumina", (Figure("al.alumina_output_ytd_yoy"), Figure("al.alumina_output@prev"),
                                                   Figure("al.alumina_output"), _mom("al.alumina_output"), None)),
            ("电解铝", "primary aluminium", (Figure("al.primary_output_ytd_yoy"), Figure("al.primary_output@prev"),
                                         Figure("al.primary_output"), _mom("al.primary_output"),
                                         Figure("al.primary_output_year_est"))),
            ("精炼锌", "refined zinc", (Figure("zn.refined_output_ytd_yoy"), Figure("zn.refined_output@prev"),
                                     Figure("zn.refined_output"), _mom("zn.refined_output"),
                                     Figure("zn.refined_output_year_est"))),
            ("电解镍", "electrolytic nickel", (Figure("ni.cathode_output_ytd_yoy"), Figure("ni.cathode_output@prev"),
                                           Figure("ni.cathode_output"), _mom("ni.cathode_output"), None)),
            ("硫酸镍", "nickel sulphate", (Figure("ni.sulphate_output_ytd_yoy"), "flat 持平", "flat 持平", None, None)),
            ("镍生铁", "nickel pig iron", (Figure("ni.npi_output_ytd_yoy"), "flat 持平", "flat 持平", None, None)),
        ),
        note="本月产量为 SMM 预估时见来源列 · The month's output is an SMM estimate where the Data sheet says so.",
    ),
)

ZINC = (
    Title("表2 锌产业链", "Table 2 — Zinc chain"),
    Section("加工费与利润", "Treatment charge and margins"),
    Figure("zn.tc_domestic"),
    Figure("zn.smelter_profit_high"),
    Figure("zn.smelter_profit"),
    Calc("zn.smelter_profit_change", "冶炼利润降幅", "smelter profit, change from the high",
         Call("pct_change", Ref("zn.smelter_profit"), Ref("zn.smelter_profit_high")), "fraction"),
    Figure("zn.mine_profit_low"),
    Figure("zn.mine_profit_high"),
    Figure("zn.mine_profit_peak_2018"),
    Calc("zn.mine_profit_vs_peak", "矿企利润较2018峰值", "mine profit against the 2018 peak",
         Call("pct_change", Ref("zn.mine_profit_high"), Ref("zn.mine_profit_peak_2018")), "fraction"),
    Section("成本支撑", "Cost support"),
    Figure("zn.shfe_close", "沪锌月末收盘价", "SHFE zinc close, month end"),
    Calc("zn.support_fixed_tc", "矿山成本支撑（加工费不变）", "mine cost support, TC fixed (report's method)",
         Call("zn_cost_support", Ref("zn.shfe_close"), Ref("zn.mine_profit_high")), "CNY/t",
         "price − mine profit 2,000 (以2000元倒扣)"),
    Figure("zn.cost_support_quoted"),
    Calc("zn.support_check", "与报告对比", "against the report's figure",
         Flag(Ref("zn.support_fixed_tc"), Ref("zn.cost_support_quoted"), 500), "text", "tolerance ±500 CNY/t"),
    Calc("zn.support_sharing", "矿山成本支撑（价格分成）", "mine cost support, 80/20 price sharing",
         Call("zn_cost_support", Ref("zn.shfe_close"), Ref("zn.mine_profit_high"), "sharing"), "CNY/t",
         f"price − mine profit / {1 - zn_core.SHARING_SHARE:g} ({NOTES} §2.4 B)"),
    Calc("zn.support_chain", "全产业链盈亏平衡", "whole-chain breakeven (mine and smelter at zero)",
         Call("zn_cost_support", Ref("zn.shfe_close"), Ref("zn.mine_profit_low"), "chain", Ref("zn.smelter_profit")),
         "CNY/t", f"price − mine profit 1,500 − smelter profit ({NOTES} §2.4 C)"),
    Figure("zn.chain_cost_pre2015"),
    Calc("zn.chain_check", "与2015年前产业链成本对比", "against the pre-2015 chain cost",
         Flag(Ref("zn.support_chain"), Ref("zn.chain_cost_pre2015"), 500), "text", "tolerance ±500 CNY/t"),
    Section("供应", "Supply"),
    Figure("zn.domestic_mine_new_capacity"),
    Figure("zn.domestic_mine_new_capacity_next"),
    Figure("zn.concentrate_output_ytd_yoy"),
    Figure("zn.overseas_mine_new_supply"),
    Figure("zn.overseas_mine_new_capacity_next"),
    Figure("zn.overseas_new_supply_next_low"),
    Figure("zn.overseas_new_supply_next_high"),
    Figure("zn.overseas_smelting_restart_low"),
    Figure("zn.overseas_smelting_restart_high"),
    Figure("zn.lme_cash_avg"),
)

NICKEL = (
    Title("表3 镍产业链", "Table 3 — Nickel chain"),
    Section("全球平衡", "Global balance"),
    Figure("ni.global_primary_output"),
    Figure("ni.supply_increment"),
    Figure("ni.demand_increment_max"),
    Calc("ni.increment_gap", "供应增量超出需求增量", "supply increment over demand increment",
         Call("balance", Ref("ni.supply_increment"), Ref("ni.demand_increment_max")), "10kt"),
    Figure("ni.deficit_low"),
    Figure("ni.deficit_high"),
    Figure("ni.supply_increment_next"),
    Figure("ni.demand_increment_next_low"),
    Figure("ni.demand_increment_next_high"),
    Calc("ni.balance_next_low", "2020增量平衡（需求+12）", "2020 increment balance, demand +12",
         Call("balance", Ref("ni.supply_increment_next"), Ref("ni.demand_increment_next_high")), "10kt",
         "supply +13 − demand +12"),
    Calc("ni.balance_next_high", "2020增量平衡（需求+10）", "2020 increment balance, demand +10",
         Call("balance", Ref("ni.supply_increment_next"), Ref("ni.demand_increment_next_low")), "10kt",
         "supply +13 − demand +10"),
    Figure("ni.insg_deficit_next"),
    Figure("ni.china_indonesia_share_next"),
    Section("镍生铁成本", "NPI cost"),
    Figure("ni.npi_cost_quoted"),
    Calc("ni.npi_cost_quoted_tonne", "折合每吨镍", "per tonne of contained nickel",
         Call("ni_point_to_tonne", Ref("ni.npi_cost_quoted")), "CNY/t"),
    Param("ni.ore_cif", "红土镍矿到岸价（1.5%）", "laterite ore CIF China, 1.5 % Ni", 88, "USD/wmt",
          f"calibration: the ore price at which the model reaches SMM's 1,300 ({NOTES} §3.2)"),
    Param("ni.fx", "美元兑人民币", "CNY per USD", 7.0, "CNY/USD", "assumption, late 2019 ≈ 7.0"),
    Calc("ni.npi_cost_model", "RKEF 成本模型", "RKEF cost model",
         Call("ni_npi_cost", Ref("ni.ore_cif"), Ref("ni.fx")), "CNY/point",
         f"grade {ni_core.ORE_GRADE:.1%}, moisture {ni_core.MOISTURE:.0%}, recovery {ni_core.RECOVERY:.0%}, "
         f"{ni_core.KWH_PER_DRY_T:g} kWh × {ni_core.POWER_PRICE:g}, reductant {ni_core.REDUCTANT_PER_POINT:g}, "
         f"other {ni_core.OTHER_PER_POINT:g}".replace("%", " %")),
    Calc("ni.npi_check", "模型与SMM对比", "model against SMM's figure",
         Flag(Ref("ni.npi_cost_model"), Ref("ni.npi_cost_quoted"), 50), "text", "tolerance ±50 CNY/point"),
    Figure("ni.china_npi_output"),
    Figure("ni.china_npi_output_next"),
    Calc("ni.china_npi_change", "中国镍生铁变化", "China NPI change",
         Call("pct_change", Ref("ni.china_npi_output_next"), Ref("ni.china_npi_output")), "fraction"),
    Figure("ni.indonesia_npi_output"),
    Figure("ni.indonesia_npi_output_next"),
    Calc("ni.indonesia_npi_change", "印尼镍生铁变化", "Indonesia NPI change",
         Call("pct_change", Ref("ni.indonesia_npi_output_next"), Ref("ni.indonesia_npi_output")), "fraction",
         "report: +51 %"),
    Calc("ni.combined_npi_change", "中印尼合计变化", "China + Indonesia NPI change",
         Call("pct_change", Ref("ni.china_npi_output_next") + Ref("ni.indonesia_npi_output_next"),
              Ref("ni.china_npi_output") + Ref("ni.indonesia_npi_output")), "fraction", "两国合计仍增长"),
    Section("不锈钢", "Stainless steel"),
    Figure("ni.stainless_output_growth"),
    Figure("ni.stainless_output_growth_next"),
    Figure("ni.stainless_demand_growth_next"),
    Figure("ni.stainless_inventory_china"),
    Section("价格", "Prices"),
    Figure("ni.shfe_close", "沪镍月末收盘价", "SHFE nickel close, month end"),
    Figure("ni.lme_cash_avg"),
)

_AL_COST_ARGS = (Ref("al.alumina_cost"), Ref("al.power_price"), Ref("al.anode_price"))
_AL_CONSUMPTION = (Ref("al.alumina_per_t"), Ref("al.kwh_per_t"), Ref("al.anode_per_t"), Ref("al.fluoride_cost"))


def _component(key, zh, en, col):
    expr = Call("al_cost_breakdown", *_AL_COST_ARGS, Ref("al.other_backsolved"), *_AL_CONSUMPTION)
    return Calc(key, zh, en, Pick(expr, 1, col), "CNY/t")


ALUMINIUM = (
    Title("表4 铝产业链", "Table 4 — Aluminium chain"),
    Section("成本（完税完全成本）", "Cost, tax-inclusive full cost"),
    Figure("al.full_cost"),
    Figure("al.alumina_cost"),
    Figure("al.power_price"),
    Param("al.anode_price", "预焙阳极价格", "prebaked anode price", 3000, "CNY/t",
          f"assumed, 2,900–3,100 ({NOTES} §1.1)"),
    Param("al.alumina_per_t", "氧化铝单耗", "alumina per tonne", al_core.ALUMINA_PER_T, "t/t", f"{NOTES} §1.1"),
    Param("al.kwh_per_t", "电耗", "power per tonne", al_core.KWH_PER_T, "kWh/t", f"{NOTES} §1.1"),
    Param("al.anode_per_t", "阳极净耗", "net anode per tonne", al_core.ANODE_PER_T, "t/t", f"{NOTES} §1.1"),
    Param("al.fluoride_cost", "氟化盐", "fluoride salts", al_core.FLUORIDE_COST, "CNY/t", f"{NOTES} §1.1"),
    Calc("al.other_backsolved", "其他及税费（倒推）", "other costs and taxes, back-solved",
         Call("al_backsolve_other", Ref("al.full_cost"), *_AL_COST_ARGS, *_AL_CONSUMPTION), "CNY/t",
         "full cost − alumina − power − anode − fluoride"),
    _component("al.cost_alumina", "其中：氧化铝", "of which alumina", 1),
    _component("al.cost_power", "其中：电力", "of which power", 2),
    _component("al.cost_anode", "其中：阳极", "of which anode", 3),
    _component("al.cost_fluoride", "其中：氟化盐", "of which fluoride", 4),
    _component("al.cost_other", "其中：其他及税费", "of which other and taxes", 5),
    Calc("al.full_cost_rebuilt", "各项合计", "components added up",
         Call("al_full_cost", *_AL_COST_ARGS, Ref("al.other_backsolved"), *_AL_CONSUMPTION), "CNY/t"),
    Calc("al.full_cost_check", "与公布成本对比", "against the published full cost",
         Flag(Ref("al.full_cost_rebuilt"), Ref("al.full_cost"), 0.5), "text", "tolerance ±0.5 CNY/t"),
    Section("冶炼利润", "Smelter margin"),
    Figure("al.spot_price"),
    Calc("al.profit_at_spot", "吨铝利润", "profit per tonne at spot",
         Call("profit", Ref("al.spot_price"), Ref("al.full_cost")), "CNY/t"),
    Figure("al.profit_quoted"),
    Calc("al.profit_check", "是否高于报告利润", "clears the report's 'over 600'",
         AtLeast(Ref("al.profit_at_spot"), Ref("al.profit_quoted")), "text"),
    Calc("al.margin_at_spot", "成本利润率", "margin on cost",
         Call("margin_on_cost", Ref("al.spot_price"), Ref("al.full_cost")), "fraction"),
    Section("产能（2019年10月末）", "Capacity, end October 2019"),
    Figure("al.capacity_built"),
    Figure("al.capacity_running"),
    Figure("al.capacity_idle"),
    Calc("al.idle_check", "建成−运行 与闲置对比", "built − running against idle",
         Flag(Ref("al.capacity_built") - Ref("al.capacity_running"), Ref("al.capacity_idle"), 0.5), "text"),
    Calc("al.utilisation", "开工率（运行/建成）", "operating rate, running / built",
         Call("utilisation", Ref("al.capacity_running"), Ref("al.capacity_built")), "fraction"),
    Figure("al.operating_rate_quoted"),
    Calc("al.utilisation_check", "与报告开工率对比", "against the quoted rate",
         Flag(Ref("al.utilisation"), Ref("al.operating_rate_quoted"), 0.003), "text",
         f"flag when the gap exceeds 0.3 pp ({NOTES} §1.4)"),
    Section("供需", "Supply and demand"),
    Figure("al.consumption_ytd_yoy"),
    Figure("al.production_ytd_yoy"),
    Figure("al.new_capacity_ytd"),
    Figure("al.new_capacity_year_max"),
    Figure("al.alumina_new_capacity"),
    Figure("al.alumina_new_capacity_pending"),
    Figure("al.alumina_new_capacity_planned"),
    Figure("al.outlook_production_growth"),
    Figure("al.outlook_consumption_growth"),
    Calc("al.outlook_gap", "2020产量增速−消费增速", "2020 production growth − consumption growth",
         Call("balance", Ref("al.outlook_production_growth"), Ref("al.outlook_consumption_growth")), "fraction",
         "positive: surplus widens"),
    Figure("al.exports"),
    Figure("al.exports_yoy"),
    Figure("al.lme_cash_avg"),
)

_AL_ZONES = Call("hedge_zones", Ref("al.full_cost"), Ref("al.sell_margin_low"), Ref("al.sell_margin_high"),
                 Ref("al.cover_margin"), Ref("al.tick"))
_AL_ACTION = Call("hedge_action", Ref("al.spot_price"), Ref("al.sell_low"), Ref("al.sell_high"),
                  Ref("al.cover_below"), Ref("al.ratio_min"), Ref("al.ratio_max"))
_ZONES_SOURCE = f"report Table 5 zone − full cost 13,085 ({NOTES} §4.2)"

HEDGE = (
    Title("表5 保值方案", "Table 5 — Hedge plan"),
    Section("铝：卖保区间（生产商）", "Aluminium: producer sell-hedge zones"),
    Figure("al.shfe_close", "沪铝月末收盘价", "SHFE aluminium close, month end"),
    Calc("al.price_now", "当前价格", "price now", Fallback(Ref("al.shfe_close"), Ref("al.spot_price")), "CNY/t",
         "SHFE aluminium month-end close (row above); with no close, the report's year-end spot 13,800 (表4)"),
    Param("al.sell_margin_low", "卖保起点利润", "margin where sell hedging starts", 1415, "CNY/t", _ZONES_SOURCE),
    Param("al.sell_margin_high", "卖保上沿利润", "margin at the top of the band", 1615, "CNY/t", _ZONES_SOURCE),
    Param("al.cover_margin", "减平线利润", "margin below which hedges are reduced", 415, "CNY/t", _ZONES_SOURCE),
    Calc("al.tick", "最小变动价位", "tick", Call("contract_spec", "AL", "tick"), "CNY/t", "SHFE contract"),
    Calc("al.sell_low", "卖保下沿", "sell hedge from", Pick(_AL_ZONES, 2, 1), "CNY/t", "report: 14,500"),
    Calc("al.sell_high", "卖保上沿", "sell hedge up to", Pick(_AL_ZONES, 2, 2), "CNY/t", "report: 14,700"),
    Calc("al.cover_below", "减平线", "reduce sell hedges below", Pick(_AL_ZONES, 2, 3), "CNY/t", "report: 13,500"),
    Param("al.ratio_min", "起始保值比例", "hedge ratio at the band's bottom", hedge_core.RATIO_MIN, "fraction",
          f"{NOTES} §4.4"),
    Param("al.ratio_max", "最高保值比例", "hedge ratio at the band's top", hedge_core.RATIO_MAX, "fraction",
          f"{NOTES} §4.4"),
    Calc("al.action", "当前操作", "action at today's price", Pick(_AL_ACTION, 1, 1), "text",
         "price: the report's year-end spot (no SHFE aluminium series is bundled)"),
    Calc("al.hedge_ratio", "保值比例", "hedge ratio", Pick(_AL_ACTION, 1, 2), "fraction"),
    Param("al.exposure_t", "待保值产量", "exposure to hedge", 10000, "t", "type your own"),
    Calc("al.lot_size", "每手吨数", "tonnes per lot", Call("contract_spec", "AL", "lot_size"), "t", "SHFE contract"),
    Calc("al.lots", "卖出手数", "lots to sell", Call("hedge_lots", Ref("al.exposure_t"), Ref("al.hedge_ratio"),
                                                    Ref("al.lot_size")), "lots"),
    Text("报告：14500-14700 卖保继续，13500 之下卖保减平。",
         "Report: keep sell-hedging at 14,500–14,700; reduce sell hedges below 13,500."),
    Section("锌：区间（消费商与生产商）", "Zinc: range reading"),
    Calc("zn.price_now", "当前价格", "price now", Ref("zn.shfe_close"), "CNY/t", "SHFE zinc month-end close (表2)"),
    Calc("zn.support_now", "成本支撑", "cost support", Ref("zn.support_fixed_tc"), "CNY/t", "表2, TC fixed"),
    Param("zn.buy_band", "支撑上方不追空区间", "band above support: don't chase shorts", 1000, "CNY/t",
          f"report: 17,000 = support 16,000 + 1,000 ({NOTES} §4.2)"),
    Param("zn.resistance", "反压卖保位", "sell-hedge resistance", 20000, "CNY/t", "report Table 5"),
    Calc("zn.buy_zone_top", "不追空线", "don't-chase-shorts line", Ref("zn.support_fixed_tc") + Ref("zn.buy_band"),
         "CNY/t", "support (表2) + band; report: 17,000"),
    Calc("zn.action", "当前操作", "reading at today's price",
         Call("range_action", Ref("zn.shfe_close"), Ref("zn.support_fixed_tc"), Ref("zn.buy_band"),
              Ref("zn.resistance")), "text", "price: SHFE zinc month-end close"),
    Param("zn.exposure_t", "敞口", "exposure", 5000, "t", "type your own"),
    Param("zn.hedge_ratio", "保值比例", "hedge ratio", 0.5, "fraction", "type your own"),
    Calc("zn.lots", "按比例手数", "lots at this ratio", Call("hedge_lots", Ref("zn.exposure_t"), Ref("zn.hedge_ratio"),
                                        Call("contract_spec", "ZN", "lot_size")), "lots"),
    Param("zn.lme_support", "伦锌下倾低点连线支撑", "LME zinc support, lower trendline", 2140, "USD/t",
          "report Table 5 / figure 14"),
    Calc("zn.lme_cushion", "伦锌高于支撑", "LME zinc above support",
         Call("profit", Ref("zn.lme_cash_avg"), Ref("zn.lme_support")), "USD/t", "LME cash monthly average − 2,140"),
    Text("报告：17000 一线不跟空，2 万反压卖保；现货淡季买保建虚拟库存。",
         "Report: don't chase shorts near 17,000; sell-hedge into 20,000; buy hedges as virtual inventory in the "
         "off-season."),
    Section("镍：区间", "Nickel: range reading"),
    Calc("ni.price_now", "当前价格", "price now", Ref("ni.shfe_close"), "CNY/t", "SHFE nickel month-end close (表3)"),
    Param("ni.support", "买保位", "buy-hedge level", 100000, "CNY/t", "report Table 5"),
    Param("ni.buy_band", "买保区间宽度", "buy zone above the level", 3000, "CNY/t", "assumption: '一线' read as ±3 %"),
    Param("ni.resistance", "反压位", "resistance", 120000, "CNY/t", "report Table 5"),
    Calc("ni.action", "当前操作", "reading at today's price",
         Call("range_action", Ref("ni.shfe_close"), Ref("ni.support"), Ref("ni.buy_band"), Ref("ni.resistance")),
         "text", "price: SHFE nickel month-end close"),
    Param("ni.exposure_t", "敞口", "exposure", 1000, "t", "type your own"),
    Param("ni.hedge_ratio", "保值比例", "hedge ratio", 0.5, "fraction", "type your own"),
    Calc("ni.lots", "按比例手数", "lots at this ratio", Call("hedge_lots", Ref("ni.exposure_t"), Ref("ni.hedge_ratio"),
                                        Call("contract_spec", "NI", "lot_size")), "lots"),
    Param("ni.lme_floor", "伦镍安全边际", "LME nickel floor the report rules out", 12000, "USD/t", "report Table 5"),
    Calc("ni.lme_cushion", "伦镍高于12000", "LME nickel above 12,000",
         Call("profit", Ref("ni.lme_cash_avg"), Ref("ni.lme_floor")), "USD/t"),
    Text("报告：10 万一线做买保，12 万之上反压；下半年关注底部确认。",
         "Report: buy-hedge near 100,000; resistance above 120,000; bottom confirmation expected in H2 2020."),
    Section("一句话方案", "The plan in one line"),
    Text("春节前砂锌，春节后打铝，下半年捞镍。",
         "Short zinc before the Spring Festival, short aluminium after it, buy nickel in the second half."),
)

# contract_spec gives a blank for these: say so in words rather than show an empty formula result.
_UNPUBLISHED = {("AL", "storage_per_day"), ("ZN", "storage_per_day")}

SPREADS = (
    Title("价差与持仓成本", "Spreads and carry"),
    Section("正向套利（示例报价，请改为当日报价）", "Positive carry (example quotes: type today's)"),
    Param("sp.near", "近月价格", "near contract", 13900, "CNY/t", f"example, {NOTES} §5"),
    Param("sp.far", "远月价格", "far contract", 14000, "CNY/t", "example"),
    Param("sp.days", "间隔天数", "days between deliveries", 30, "days", "example"),
    Param("sp.rate", "资金成本", "financing rate", 0.05, "fraction", "example"),
    Param("sp.storage", "仓储费", "storage", 0.4, "CNY/t/day", f"Al/Zn storage not confirmed ({NOTES} §5)"),
    Param("sp.fees", "出入库及交割费", "load-in, delivery and trading fees", 10, "CNY/t", "example"),
    Param("sp.flat_band", "平水区间", "spread counted as flat", 5, "CNY/t", "one tick"),
    Calc("sp.structure", "结构", "structure", Call("spread_structure", Ref("sp.near"), Ref("sp.far"), Ref("sp.flat_band")),
         "text"),
    Calc("sp.annualised", "年化价差", "spread as an annual rate",
         Call("annualised_carry", Ref("sp.near"), Ref("sp.far"), Ref("sp.days")), "fraction"),
    Calc("sp.carry_cost", "持仓成本", "carry cost",
         Call("carry_cost", Ref("sp.near"), Ref("sp.days"), Ref("sp.rate"), Ref("sp.storage"), Ref("sp.fees")),
         "CNY/t", f"{NOTES} §5 example: 79.1"),
    Calc("sp.arbitrage", "正向套利空间", "positive-carry room",
         Call("carry_arbitrage", Ref("sp.near"), Ref("sp.far"), Ref("sp.days"), Ref("sp.rate"), Ref("sp.storage"),
              Ref("sp.fees")), "CNY/t", "after VAT on the spread (13/113)"),
    Section("虚拟库存（示例报价）", "Virtual inventory (example quotes)"),
    Param("vi.spot", "现货价格", "spot", 18000, "CNY/t", "example"),
    Param("vi.futures", "期货价格", "futures", 18050, "CNY/t", "example"),
    Param("vi.days", "持有天数", "days held", 90, "days", "example: an off-season quarter"),
    Param("vi.rate", "资金成本", "financing rate", 0.05, "fraction", "example"),
    Param("vi.storage", "仓储费", "storage", 0.5, "CNY/t/day", "example"),
    Param("vi.margin", "保证金比例", "margin ratio", 0.1, "fraction", "example: broker margin"),
    Calc("vi.benefit", "虚拟库存节省", "saving from holding futures",
         Call("virtual_inventory_benefit", Ref("vi.spot"), Ref("vi.futures"), Ref("vi.days"), Ref("vi.rate"),
              Ref("vi.storage"), Ref("vi.margin")), "CNY/t", "physical carry − (premium paid + margin financing)"),
    Matrix(
        headers=(("每手", "lot, t"), ("最小变动", "tick, CNY/t"), ("交割单位", "delivery unit, t"),
                 ("最低保证金", "min. margin"), ("涨跌停板", "daily limit"), ("仓储费", "storage, CNY/t/day")),
        rows=tuple(
            (zh, f"SHFE {symbol}", tuple(
                Calc(f"spec.{symbol}.{field}", "", "", Call("contract_spec", symbol, field), unit)
                if (symbol, field) not in _UNPUBLISHED else "— not found 未查到"
                for field, unit in (("lot_size", "t"), ("tick", "CNY/t"), ("delivery_unit", "t"),
                                    ("min_margin", "fraction"), ("daily_limit", "fraction"),
                                    ("storage_per_day", "CNY/t/day"))))
            for zh, symbol in (("沪铝", "AL"), ("沪锌", "ZN"), ("沪镍", "NI"))),
        note="合约文本下限，交易所会调整 · Contract-text floors; the exchange raises margins and limits at times. "
             "Blank storage: no public figure found.",
    ),
)

# Sheets with a matrix: its columns run through the note column, so notes overflow to the right instead.
MATRIX_WIDTHS = {5: 14, 6: 14, 7: 14, 8: 30}

TABLE_SHEETS = (
    SheetSpec("表1 产量", PRODUCTION, MATRIX_WIDTHS),
    SheetSpec("表2 锌", ZINC),
    SheetSpec("表3 镍", NICKEL),
    SheetSpec("表4 铝", ALUMINIUM),
    SheetSpec("表5 保值", HEDGE),
    SheetSpec("价差", SPREADS, MATRIX_WIDTHS),
)


def month_sheet(month: str) -> SheetSpec:
    """One month's own sheet: the report's five tables for that month, on one page."""
    rows = PRODUCTION + ZINC[1:] + NICKEL[1:] + ALUMINIUM[1:] + HEDGE[1:]
    return SheetSpec(month, (Title(f"{month} 月度表", f"{month} monthly sheet"),) + rows[1:], MATRIX_WIDTHS)

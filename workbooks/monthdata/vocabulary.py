"""Every item a month file may carry: its metal, stored unit, labels and plausible range.

This is the single list the reader validates against and the workbook builder
is written against. ``ITEMS`` is keyed by ``(metal, key)``; ``low..high`` is a
real-world plausible range in the stored unit (inclusive), meant to catch a
wrong unit or a slipped decimal point, not to judge a forecast.

Units are stored as canonical strings, the month-file units of the one units
table (``workbooks/units.py``). Files may use the Chinese or alternative
spellings listed there; `normalise_unit` maps them.
Percent rule: a value written with a ``%`` sign (``86.8%``) is divided by 100;
a value without one is divided by 100 only when the file's unit is ``%``
(``86.8`` with unit ``%``); with unit ``fraction`` it is taken as is (0.868).
Conversions between magnitudes (``kt``, ``吨`` -> ``10kt``) are never made:
such units are rejected with a message naming the expected unit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..units import UNITS

METALS = {"al": ("铝", "aluminium"), "zn": ("锌", "zinc"), "ni": ("镍", "nickel")}

# Spellings of a metal accepted in a file (matched after NFKC + casefold).
METAL_ALIASES = {
    "al": "al", "铝": "al", "aluminium": "al", "aluminum": "al", "沪铝": "al", "电解铝": "al",
    "zn": "zn", "锌": "zn", "zinc": "zn", "沪锌": "zn",
    "ni": "ni", "镍": "ni", "nickel": "ni", "沪镍": "ni",
}

PERCENT = "%"  # a file unit, not a stored one: values are divided by 100 -> fraction


def _unit_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


UNIT_ALIASES: dict[str, str] = {}
for _canon, _unit in UNITS.items():
    if _unit.in_month_files:
        for _a in [_canon, *_unit.file_spellings]:
            UNIT_ALIASES[_unit_key(_a)] = _canon
UNIT_ALIASES[PERCENT] = PERCENT


def normalise_unit(text) -> str | None:
    """The canonical unit for a unit as written in a file, ``"%"`` for percent, or None."""
    if text is None:
        return None
    return UNIT_ALIASES.get(_unit_key(str(text)))


def normalise_metal(text) -> str | None:
    """``"al" | "zn" | "ni"`` for a metal as written in a file (e.g. ``锌``, ``Zinc``), or None."""
    if text is None:
        return None
    return METAL_ALIASES.get(_unit_key(str(text)))


# "market": an exchange's monthly series (SHFE, LME). A month whose file carries only market series gets no
# monthly sheet and does not move the workbook's latest month (workbooks/dataset.py reads this kind).
MARKET = "market"
KINDS = ("survey", "rate", "price", "cost", "profit", "capacity", "balance", MARKET)
# The last field of a row that takes daily quotes too: a row of the month file whose month column holds a trading
# date (2020-01-02) is that day's quote (docs/data.md, "Daily quotes"). Only a market series may: a daily row
# never makes a month sheet or moves the latest month, which is what a market series already guarantees.
DAILY_TOO = "daily too"


@dataclass(frozen=True)
class Item:
    """One row of the vocabulary, checked when declared (ValueError naming the row and the field)."""

    key: str
    metal: str
    unit: str
    label_zh: str
    label_en: str
    low: float
    high: float
    kind: str
    daily: bool = False  # takes daily quotes as well as monthly figures (a row ending DAILY_TOO)

    def __post_init__(self):
        if self.metal not in METALS:
            raise ValueError(f"unknown metal {self.metal!r}")
        if self.unit not in UNITS or not UNITS[self.unit].in_month_files:
            raise ValueError(f"unknown unit {self.unit!r} for {self.key}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} for {self.key}")
        if not self.low < self.high:
            raise ValueError(f"empty range for {self.key}")
        if self.daily and self.kind != MARKET:
            raise ValueError(f"{self.metal}/{self.key} takes daily quotes but is of kind {self.kind!r}: only a "
                             f"{MARKET!r} series may (a daily row must never make a month sheet)")

    @property
    def name(self) -> str:
        return f"{self.metal}/{self.key}"

    @property
    def market(self) -> bool:
        """An exchange's monthly series (kind "market"), not a survey figure."""
        return self.kind == MARKET


# Shared ranges.
GROWTH = (-1.0, 5.0)  # a growth rate, as a fraction: -100 % .. +500 %
SHARE = (0.0, 1.0)  # a share or utilisation rate

_TABLE = [
    # --- aluminium --------------------------------------------------------------------
    ("al", "alumina_output", "10kt", "冶金级氧化铝月产量", "metallurgical alumina output, month", 200, 1000, "survey"),
    ("al", "alumina_output_ytd_yoy", "fraction", "氧化铝产量累计同比", "alumina output, year to date, YoY", *GROWTH, "rate"),
    ("al", "primary_output", "10kt", "电解铝月产量", "primary aluminium output, month", 100, 600, "survey"),
    ("al", "primary_output_ytd_yoy", "fraction", "电解铝产量累计同比", "primary aluminium output, year to date, YoY", *GROWTH, "rate"),
    ("al", "primary_output_year_est", "10kt", "电解铝全年产量预估", "primary aluminium output, full-year estimate", 1000, 6000, "survey"),
    ("al", "full_cost", "CNY/t", "电解铝完税完全成本加权平均", "primary aluminium weighted full cost, tax incl.", 8000, 30000, "cost"),
    ("al", "alumina_cost", "CNY/t", "氧化铝完税完全成本加权平均", "alumina weighted full cost, tax incl.", 1000, 8000, "cost"),
    ("al", "power_price", "CNY/kWh", "电解铝综合使用电价加权平均", "smelter weighted power price", 0.1, 1.5, "cost"),
    ("al", "spot_price", "CNY/t", "电解铝现货价格(参考)", "spot aluminium price (reference)", 8000, 40000, "price"),
    ("al", "profit_quoted", "CNY/t", "吨铝冶炼利润(引用)", "smelter profit per tonne (quoted)", -10000, 15000, "profit"),
    ("al", "capacity_built", "10kt/yr", "电解铝建成产能", "built smelting capacity", 1000, 6000, "capacity"),
    ("al", "capacity_running", "10kt/yr", "电解铝运行产能", "running smelting capacity", 1000, 6000, "capacity"),
    ("al", "capacity_idle", "10kt/yr", "电解铝闲置产能", "idle smelting capacity", 0, 3000, "capacity"),
    ("al", "operating_rate_quoted", "fraction", "电解铝平均开工率(引用)", "average operating rate (quoted)", *SHARE, "rate"),
    ("al", "consumption_ytd_yoy", "fraction", "电解铝消费累计同比", "aluminium consumption, year to date, YoY", *GROWTH, "rate"),
    ("al", "production_ytd_yoy", "fraction", "电解铝产量累计增速(消费对比口径)", "aluminium production, year to date, YoY (consumption comparison)", *GROWTH, "rate"),
    ("al", "new_capacity_ytd", "10kt/yr", "电解铝累计新增产能", "new smelting capacity, year to date", 0, 1000, "capacity"),
    ("al", "new_capacity_year_max", "10kt/yr", "电解铝全年新增产能上限", "new smelting capacity, full-year upper bound", 0, 1000, "capacity"),
    ("al", "alumina_new_capacity", "10kt/yr", "氧化铝新增产能", "new alumina capacity", 0, 3000, "capacity"),
    ("al", "alumina_new_capacity_pending", "10kt/yr", "氧化铝待释放新产能", "new alumina capacity pending", 0, 3000, "capacity"),
    ("al", "alumina_new_capacity_planned", "10kt/yr", "氧化铝在建待建产能", "alumina capacity under construction / planned", 0, 5000, "capacity"),
    ("al", "outlook_production_growth", "fraction", "电解铝产量增幅预期", "primary aluminium production growth, outlook", *GROWTH, "rate"),
    ("al", "outlook_consumption_growth", "fraction", "电解铝消费增幅预期", "primary aluminium consumption growth, outlook", *GROWTH, "rate"),
    ("al", "exports", "10kt", "未锻轧铝及铝材单月出口", "unwrought aluminium and products exports, month", 0, 300, "survey"),
    ("al", "exports_yoy", "fraction", "铝出口同比", "aluminium exports, YoY", *GROWTH, "rate"),
    ("al", "lme_cash_avg", "USD/t", "LME铝现货月均价", "LME aluminium cash, monthly average", 800, 6000, MARKET),
    ("al", "spot", "CNY/t", "铝现货价", "aluminium spot price: monthly mean of daily quotes (znnial fetch: 100ppi) or one's own series", 8000, 40000, MARKET, DAILY_TOO),
    ("al", "shfe_avg", "CNY/t", "沪铝主力收盘月均价", "SHFE aluminium main contract, mean of daily closes", 8000, 40000, MARKET),
    ("al", "shfe_close", "CNY/t", "沪铝主力月末收盘价", "SHFE aluminium main contract, month-end close", 8000, 40000, MARKET),
    ("al", "shfe_high", "CNY/t", "沪铝主力月内最高价", "SHFE aluminium main contract, month high", 8000, 40000, MARKET),
    ("al", "shfe_low", "CNY/t", "沪铝主力月内最低价", "SHFE aluminium main contract, month low", 8000, 40000, MARKET),
    ("al", "shfe_settle_avg", "CNY/t", "沪铝主力结算月均价", "SHFE aluminium main contract, mean of daily settlements", 8000, 40000, MARKET),
    ("al", "alumina_shfe_avg", "CNY/t", "氧化铝主力收盘月均价", "SHFE alumina (AO) main contract, mean of daily closes", 1500, 10000, MARKET),
    ("al", "alumina_shfe_close", "CNY/t", "氧化铝主力月末收盘价", "SHFE alumina (AO) main contract, month-end close", 1500, 10000, MARKET),
    ("al", "alumina_shfe_settle_avg", "CNY/t", "氧化铝主力结算月均价", "SHFE alumina (AO) main contract, mean of daily settlements", 1500, 10000, MARKET),
    ("al", "basis_avg", "CNY/t", "铝基差月均值(现货-主力结算)", "basis, spot minus main contract settlement, monthly mean", -5000, 5000, MARKET),
    ("al", "shfe_stocks", "10kt", "上期所铝库存(月末)", "SHFE aluminium stocks, last report of the month", 0, 300, MARKET),
    ("al", "lme_stocks", "10kt", "LME铝库存(月末)", "LME aluminium stocks, last report of the month", 0, 1000, MARKET),
    # --- zinc -------------------------------------------------------------------------
    ("zn", "refined_output", "10kt", "精炼锌月产量", "refined zinc output, month", 10, 150, "survey"),
    ("zn", "refined_output_ytd_yoy", "fraction", "精炼锌产量累计同比", "refined zinc output, year to date, YoY", *GROWTH, "rate"),
    ("zn", "refined_output_year_est", "10kt", "精炼锌全年产量预估", "refined zinc output, full-year estimate", 100, 1500, "survey"),
    ("zn", "tc_domestic", "CNY/t", "国产锌精矿加工费", "domestic concentrate treatment charge (per metal tonne)", 0, 15000, "price"),
    ("zn", "smelter_profit", "CNY/t", "锌冶炼厂利润", "smelter profit", -10000, 20000, "profit"),
    ("zn", "smelter_profit_high", "CNY/t", "锌冶炼利润年内高值", "smelter profit, high of the year", -10000, 20000, "profit"),
    ("zn", "mine_profit_low", "CNY/t", "锌矿企利润空间下沿", "mine profit, low end", -10000, 30000, "profit"),
    ("zn", "mine_profit_high", "CNY/t", "锌矿企利润空间上沿", "mine profit, high end", -10000, 30000, "profit"),
    ("zn", "mine_profit_peak_2018", "CNY/t", "锌矿企2018年利润峰值", "mine profit, 2018 peak", -10000, 30000, "profit"),
    ("zn", "cost_support_quoted", "CNY/t", "国内矿企成本支撑价位(引用)", "domestic mines' cost support (quoted)", 5000, 60000, "cost"),
    ("zn", "chain_cost_pre2015", "CNY/t", "2015年前锌产业链成本", "zinc chain cost before 2015", 5000, 60000, "cost"),
    ("zn", "domestic_mine_new_capacity", "10kt/yr", "国内锌矿山新增产能", "domestic mine new capacity", 0, 200, "capacity"),
    ("zn", "domestic_mine_new_capacity_next", "10kt/yr", "国内锌矿山新增产能(次年)", "domestic mine new capacity, next year", 0, 200, "capacity"),
    ("zn", "concentrate_output_ytd_yoy", "fraction", "国内锌精矿产量累计同比", "domestic concentrate output, year to date, YoY", *GROWTH, "rate"),
    ("zn", "overseas_mine_new_capacity_next", "10kt/yr", "海外矿山新增产能(次年,金属量)", "overseas mine new capacity, next year (metal)", 0, 300, "capacity"),
    ("zn", "overseas_new_supply_next_low", "10kt", "海外矿山实际新增供应(次年)下沿", "overseas mine actual new supply, next year, low", -100, 300, "balance"),
    ("zn", "overseas_new_supply_next_high", "10kt", "海外矿山实际新增供应(次年)上沿", "overseas mine actual new supply, next year, high", -100, 300, "balance"),
    ("zn", "overseas_mine_new_supply", "10kt", "海外矿山新增供应(当年)", "overseas mine new supply, this year", -100, 300, "balance"),
    ("zn", "overseas_smelting_restart_low", "10kt/yr", "海外冶炼复产及扩产(次年)下沿", "overseas smelting restarts and expansions, next year, low", 0, 300, "capacity"),
    ("zn", "overseas_smelting_restart_high", "10kt/yr", "海外冶炼复产及扩产(次年)上沿", "overseas smelting restarts and expansions, next year, high", 0, 300, "capacity"),
    ("zn", "shfe_avg", "CNY/t", "沪锌主力收盘月均价", "SHFE zinc main contract, mean of daily closes", 5000, 60000, MARKET),
    ("zn", "shfe_close", "CNY/t", "沪锌主力月末收盘价", "SHFE zinc main contract, month-end close", 5000, 60000, MARKET),
    ("zn", "shfe_high", "CNY/t", "沪锌主力月内最高价", "SHFE zinc main contract, month high", 5000, 60000, MARKET),
    ("zn", "shfe_low", "CNY/t", "沪锌主力月内最低价", "SHFE zinc main contract, month low", 5000, 60000, MARKET),
    ("zn", "shfe_settle_avg", "CNY/t", "沪锌主力结算月均价", "SHFE zinc main contract, mean of daily settlements", 5000, 60000, MARKET),
    ("zn", "basis_avg", "CNY/t", "锌基差月均值(现货-主力结算)", "basis, spot minus main contract settlement, monthly mean", -8000, 8000, MARKET),
    ("zn", "shfe_stocks", "10kt", "上期所锌库存(月末)", "SHFE zinc stocks, last report of the month", 0, 100, MARKET),
    ("zn", "lme_stocks", "10kt", "LME锌库存(月末)", "LME zinc stocks, last report of the month", 0, 200, MARKET),
    ("zn", "lme_cash_avg", "USD/t", "LME锌现货月均价", "LME zinc cash, monthly average", 500, 10000, MARKET),
    ("zn", "spot", "CNY/t", "锌现货价", "zinc spot price: monthly mean of daily quotes (znnial fetch: 100ppi) or one's own series", 5000, 60000, MARKET, DAILY_TOO),
    # --- nickel -----------------------------------------------------------------------
    ("ni", "cathode_output", "10kt", "电解镍月产量", "nickel cathode output, month", 0.1, 20, "survey"),
    ("ni", "cathode_output_ytd_yoy", "fraction", "电解镍产量累计同比", "nickel cathode output, year to date, YoY", *GROWTH, "rate"),
    ("ni", "sulphate_output_ytd_yoy", "fraction", "硫酸镍产量累计同比", "nickel sulphate output, year to date, YoY", *GROWTH, "rate"),
    ("ni", "npi_output_ytd_yoy", "fraction", "镍生铁产量累计同比", "nickel pig iron output, year to date, YoY", *GROWTH, "rate"),
    ("ni", "global_primary_output", "10kt", "全球原生镍产量", "global primary nickel output, year", 100, 1000, "survey"),
    ("ni", "supply_increment", "10kt", "全球镍供应增量", "global nickel supply increment", -100, 200, "balance"),
    ("ni", "demand_increment_max", "10kt", "全球镍消费增量上限", "global nickel demand increment, upper bound", -100, 200, "balance"),
    ("ni", "deficit_low", "10kt", "全球镍供需缺口下沿", "global nickel deficit, low", -100, 100, "balance"),
    ("ni", "deficit_high", "10kt", "全球镍供需缺口上沿", "global nickel deficit, high", -100, 100, "balance"),
    ("ni", "supply_increment_next", "10kt", "全球镍供应增量(次年)", "global nickel supply increment, next year", -100, 200, "balance"),
    ("ni", "demand_increment_next_low", "10kt", "镍需求增量(次年)下沿", "nickel demand increment, next year, low", -100, 200, "balance"),
    ("ni", "demand_increment_next_high", "10kt", "镍需求增量(次年)上沿", "nickel demand increment, next year, high", -100, 200, "balance"),
    ("ni", "china_indonesia_share_next", "fraction", "中印尼原生镍供应合计占比(次年)", "China + Indonesia share of primary nickel supply, next year", *SHARE, "rate"),
    ("ni", "npi_cost_quoted", "CNY/point", "国内NPI生产成本(引用)", "domestic NPI production cost (quoted)", 300, 3000, "cost"),
    ("ni", "china_npi_output", "10kt", "中国NPI产量(镍金属量)", "China NPI output (contained Ni)", 0, 300, "survey"),
    ("ni", "china_npi_output_next", "10kt", "中国NPI产量(次年,镍金属量)", "China NPI output, next year (contained Ni)", 0, 300, "survey"),
    ("ni", "indonesia_npi_output", "10kt", "印尼NPI产量(镍金属量)", "Indonesia NPI output (contained Ni)", 0, 300, "survey"),
    ("ni", "indonesia_npi_output_next", "10kt", "印尼NPI产量(次年,镍金属量)", "Indonesia NPI output, next year (contained Ni)", 0, 300, "survey"),
    ("ni", "indonesia_npi_output_growth_next", "fraction", "印尼NPI产量增幅(次年,引用)", "Indonesia NPI output growth, next year (quoted)", *GROWTH, "rate"),
    ("ni", "insg_deficit_next", "10kt", "INSG次年全球镍缺口", "INSG global nickel deficit, next year", -100, 100, "balance"),
    ("ni", "stainless_output_growth", "fraction", "不锈钢产量增幅", "stainless steel output growth", *GROWTH, "rate"),
    ("ni", "stainless_output_growth_next", "fraction", "不锈钢产量增幅(次年)", "stainless steel output growth, next year", *GROWTH, "rate"),
    ("ni", "stainless_demand_growth_next", "fraction", "不锈钢需求增幅(次年)", "stainless steel demand growth, next year", *GROWTH, "rate"),
    ("ni", "stainless_inventory_china", "10kt", "国内不锈钢库存", "China stainless steel inventory", 0, 500, "survey"),
    ("ni", "shfe_avg", "CNY/t", "沪镍主力收盘月均价", "SHFE nickel main contract, mean of daily closes", 30000, 400000, MARKET),
    ("ni", "shfe_close", "CNY/t", "沪镍主力月末收盘价", "SHFE nickel main contract, month-end close", 30000, 400000, MARKET),
    ("ni", "shfe_high", "CNY/t", "沪镍主力月内最高价", "SHFE nickel main contract, month high", 30000, 400000, MARKET),
    ("ni", "shfe_low", "CNY/t", "沪镍主力月内最低价", "SHFE nickel main contract, month low", 30000, 400000, MARKET),
    ("ni", "shfe_settle_avg", "CNY/t", "沪镍主力结算月均价", "SHFE nickel main contract, mean of daily settlements", 30000, 400000, MARKET),
    ("ni", "stainless_shfe_avg", "CNY/t", "不锈钢主力收盘月均价", "SHFE stainless steel (SS) main contract, mean of daily closes", 5000, 40000, MARKET),
    ("ni", "stainless_shfe_close", "CNY/t", "不锈钢主力月末收盘价", "SHFE stainless steel (SS) main contract, month-end close", 5000, 40000, MARKET),
    ("ni", "stainless_shfe_settle_avg", "CNY/t", "不锈钢主力结算月均价", "SHFE stainless steel (SS) main contract, mean of daily settlements", 5000, 40000, MARKET),
    ("ni", "basis_avg", "CNY/t", "镍基差月均值(现货-主力结算)", "basis, spot minus main contract settlement, monthly mean", -30000, 30000, MARKET),
    ("ni", "shfe_stocks", "10kt", "上期所镍库存(月末)", "SHFE nickel stocks, last report of the month", 0, 50, MARKET),
    ("ni", "lme_stocks", "10kt", "LME镍库存(月末)", "LME nickel stocks, last report of the month", 0, 100, MARKET),
    ("ni", "lme_cash_avg", "USD/t", "LME镍现货月均价", "LME nickel cash, monthly average", 2000, 100000, MARKET),
    ("ni", "spot", "CNY/t", "镍现货价", "nickel spot price: monthly mean of daily quotes (znnial fetch: 100ppi) or one's own series", 30000, 400000, MARKET, DAILY_TOO),
]

ROW_FIELDS = ("metal", "key", "unit", "label_zh", "label_en", "low", "high", "kind")  # the columns of _TABLE
# ... and, on the rows that take daily quotes, DAILY_TOO after the kind.


def item_from_row(row: tuple) -> Item:
    """The `Item` a row of _TABLE declares, its fields named by ROW_FIELDS (ValueError naming the row)."""
    daily = len(row) == len(ROW_FIELDS) + 1
    if daily and row[-1] != DAILY_TOO:
        raise ValueError(f"vocabulary row {row!r}: the field after the kind may only be {DAILY_TOO!r}")
    if len(row) != len(ROW_FIELDS) and not daily:
        raise ValueError(f"vocabulary row {row!r} has {len(row)} fields, not {len(ROW_FIELDS)}: {', '.join(ROW_FIELDS)}"
                         f" (and {DAILY_TOO!r} on a row that takes daily quotes)")
    fields = dict(zip(ROW_FIELDS, row))
    return Item(**{**fields, "low": float(fields["low"]), "high": float(fields["high"])}, daily=daily)


ITEMS: dict[tuple[str, str], Item] = {}
for _row in _TABLE:
    _new = item_from_row(_row)
    if (_new.metal, _new.key) in ITEMS:
        raise ValueError(f"duplicate item {_new.name}")
    ITEMS[(_new.metal, _new.key)] = _new

# Chinese labels are accepted in a file's item column too (unique per metal).
_BY_LABEL: dict[tuple[str, str], Item] = {}
for _item in ITEMS.values():
    _lk = (_item.metal, _unit_key(_item.label_zh))
    if _lk in _BY_LABEL:
        raise ValueError(f"duplicate Chinese label {_item.label_zh!r} for {_item.metal}")
    _BY_LABEL[_lk] = _item


def lookup(metal: str, key: str) -> Item:
    """The `Item` for ``(metal, key)``; KeyError naming both when it does not exist."""
    try:
        return ITEMS[(metal, key)]
    except KeyError:
        raise KeyError(f"unknown item {metal}/{key}") from None


def find_item(metal: str, text) -> Item | None:
    """The item a file's item cell means: a key (case-insensitive) or the Chinese label."""
    if text is None:
        return None
    key = _unit_key(str(text))
    return ITEMS.get((metal, key)) or _BY_LABEL.get((metal, key))


def _fmt(x: float) -> str:
    return f"{x:,.10g}"


def vocabulary_markdown() -> str:
    """The item vocabulary as a Markdown table (the one in docs/data.md is generated by this)."""
    lines = [
        "| metal | item | unit | plausible range | kind | 中文 | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for it in ITEMS.values():
        lines.append(
            f"| {it.metal} | `{it.key}` | {it.unit} | {_fmt(it.low)} … {_fmt(it.high)} | "
            f"{it.kind}{', daily too' if it.daily else ''} "
            f"| {it.label_zh} | {it.label_en} |"
        )
    return "\n".join(lines) + "\n"


def units_markdown() -> str:
    """The stored units and the spellings accepted for each, as a Markdown table."""
    lines = ["| stored unit | 中文 | meaning | also accepted in files |", "|---|---|---|---|"]
    for canon, unit in UNITS.items():
        if not unit.in_month_files:
            continue
        zh, en = unit.zh, unit.meaning
        extra = list(unit.file_spellings)
        if canon == "fraction":
            extra = ["`%` (value ÷ 100, see the percent rule)"]
        accepted = ", ".join(e if e.startswith("`") else f"`{e}`" for e in extra) or "–"
        lines.append(f"| `{canon}` | {zh} | {en} | {accepted} |")
    return "\n".join(lines) + "\n"


_BLOCKS = {"units": units_markdown, "items": vocabulary_markdown}


def fill_generated(doc: str) -> str:
    """``doc`` with the text between ``<!-- units:begin ... -->``/``<!-- units:end -->`` and the
    ``items`` markers replaced by the current tables (how docs/data.md is kept in step)."""
    import re

    for name, make in _BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:begin[^>]*-->\n)(.*?)(<!-- {name}:end -->)", re.S)
        if not pattern.search(doc):
            raise ValueError(f"no {name}:begin/{name}:end markers")
        doc = pattern.sub(lambda m: m.group(1) + make() + m.group(3), doc, count=1)
    return doc


"""The item vocabulary: required keys, units, ranges, aliases, and docs/data.md in step with it."""

from pathlib import Path

import pytest

from workbooks.monthdata import ITEMS, UNITS, Item, lookup, normalise_unit, vocabulary_markdown
from workbooks.monthdata.vocabulary import KINDS, find_item, fill_generated, normalise_metal

ROOT = Path(__file__).resolve().parent.parent

# The keys the workbook builder is written against (the brief's list, verbatim).
REQUIRED = {
    "al": """alumina_output alumina_output_ytd_yoy primary_output primary_output_ytd_yoy primary_output_year_est
        full_cost alumina_cost power_price spot_price profit_quoted capacity_built capacity_running capacity_idle
        operating_rate_quoted consumption_ytd_yoy production_ytd_yoy new_capacity_ytd new_capacity_year_max
        alumina_new_capacity alumina_new_capacity_pending alumina_new_capacity_planned outlook_production_growth
        outlook_consumption_growth exports exports_yoy lme_cash_avg""",
    "zn": """refined_output refined_output_ytd_yoy refined_output_year_est tc_domestic smelter_profit
        smelter_profit_high mine_profit_low mine_profit_high mine_profit_peak_2018 cost_support_quoted
        chain_cost_pre2015 domestic_mine_new_capacity domestic_mine_new_capacity_next concentrate_output_ytd_yoy
        overseas_mine_new_capacity_next overseas_new_supply_next_low overseas_new_supply_next_high
        overseas_mine_new_supply overseas_smelting_restart_low overseas_smelting_restart_high shfe_avg shfe_close
        shfe_high shfe_low shfe_settle_avg lme_cash_avg""",
    "ni": """cathode_output cathode_output_ytd_yoy sulphate_output_ytd_yoy npi_output_ytd_yoy global_primary_output
        supply_increment demand_increment_max deficit_low deficit_high supply_increment_next
        demand_increment_next_low demand_increment_next_high china_indonesia_share_next npi_cost_quoted
        china_npi_output china_npi_output_next indonesia_npi_output indonesia_npi_output_next insg_deficit_next
        stainless_output_growth stainless_output_growth_next stainless_demand_growth_next stainless_inventory_china
        shfe_avg shfe_close shfe_high shfe_low shfe_settle_avg lme_cash_avg""",
}
# Added beyond the brief: SHFE aluminium prices (a user's own data for Table 5's SHFE Al zones; none bundled)
# and the report's quoted Indonesia NPI growth (+51 %, FIGURES.md Table 3); one's own spot series for the
# back-tests' physical leg (issue 20: `2020-01,al,spot,14180,元/吨` was refused; none bundled).
ADDED = {("al", k) for k in ("shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg")} | {
    ("ni", "indonesia_npi_output_growth_next")} | {
    # issue 21: what `znnial fetch` brings (addin/fetch/series.py): AO and SS main contracts, spot, basis, stocks
    *{("al", f"alumina_shfe_{k}") for k in ("avg", "close", "settle_avg")},
    *{("ni", f"stainless_shfe_{k}") for k in ("avg", "close", "settle_avg")},
    *{(m, k) for m in ("al", "zn", "ni") for k in ("basis_avg", "shfe_stocks", "lme_stocks")}} | {
    (m, "spot") for m in ("al", "zn", "ni")}


def test_every_required_key_exists_and_nothing_unexplained_was_added():
    required = {(m, k) for m, keys in REQUIRED.items() for k in keys.split()}
    assert required <= set(ITEMS)
    assert set(ITEMS) - required == ADDED


@pytest.mark.parametrize("metal,key,unit", [
    ("al", "full_cost", "CNY/t"), ("al", "power_price", "CNY/kWh"), ("al", "capacity_built", "10kt/yr"),
    ("al", "alumina_output", "10kt"), ("al", "operating_rate_quoted", "fraction"), ("al", "lme_cash_avg", "USD/t"),
    ("zn", "tc_domestic", "CNY/t"), ("zn", "refined_output_year_est", "10kt"), ("ni", "npi_cost_quoted", "CNY/point"),
    ("ni", "china_npi_output", "10kt"), ("ni", "china_indonesia_share_next", "fraction"), ("ni", "shfe_avg", "CNY/t"),
])
def test_stored_units(metal, key, unit):
    assert lookup(metal, key).unit == unit


def test_items_are_well_formed():
    for (metal, key), it in ITEMS.items():
        assert isinstance(it, Item) and (it.metal, it.key) == (metal, key)
        assert it.unit in UNITS and it.kind in KINDS and it.low < it.high
        assert it.label_zh and it.label_en
        if key.endswith(("_yoy", "_growth", "_growth_next")) or "growth" in key:
            assert (it.low, it.high) == (-1.0, 5.0), key
        if key in ("operating_rate_quoted", "china_indonesia_share_next"):
            assert (it.low, it.high) == (0.0, 1.0)


@pytest.mark.parametrize("metal,key,inside,outside", [
    ("al", "full_cost", [8000, 13085, 30000], [7999, 130850]),  # FIGURES.md Table 4: 13,085
    ("al", "power_price", [0.1, 0.3092, 1.5], [3092, 0.05]),  # Table 4: 0.3092 CNY/kWh
    ("zn", "tc_domestic", [0, 6100, 15000], [61000]),  # Table 2: 6,100
    ("ni", "npi_cost_quoted", [300, 1300, 3000], [130000]),  # Table 3: 1,300 CNY/point
    ("zn", "shfe_avg", [5000, 18422.9, 60000], [4999, 184229]),  # shared data: 2019-11 zn shfe_avg
    ("ni", "shfe_avg", [30000, 121067.1, 400000], [12106.71]),  # shared data: 2019-11 ni shfe_avg
    ("al", "lme_cash_avg", [800, 1774.79, 6000], [17747.9]),  # shared data: 2019-11 al lme_cash_avg
])
def test_plausible_ranges(metal, key, inside, outside):
    it = lookup(metal, key)
    assert all(it.low <= v <= it.high for v in inside)
    assert not any(it.low <= v <= it.high for v in outside)


def test_lookup_unknown_names_metal_and_key():
    with pytest.raises(KeyError, match="zn/full_cost"):
        lookup("zn", "full_cost")


@pytest.mark.parametrize("text,canon", [
    ("元/吨", "CNY/t"), ("CNY/t", "CNY/t"), ("cny/T", "CNY/t"), ("美元/吨", "USD/t"), ("元/千瓦时", "CNY/kWh"),
    ("元/kWh", "CNY/kWh"), ("元/镍点", "CNY/point"), ("万吨", "10kt"), ("万t", "10kt"), ("万吨/年", "10kt/yr"),
    (" 万吨 / 年 ", "10kt/yr"), ("%", "%"), ("％", "%"), ("fraction", "fraction"), ("美元/湿吨", "USD/wmt"),
    ("元/美元", "CNY/USD"), ("元／吨", "CNY/t"),
])
def test_unit_aliases(text, canon):
    assert normalise_unit(text) == canon


@pytest.mark.parametrize("text", ["kt", "吨", "t", "千吨", "元/千克", "", None, "percent", "元/公斤"])
def test_units_that_would_need_rescaling_are_not_aliases(text):
    assert normalise_unit(text) is None


def test_metal_aliases_and_chinese_item_labels():
    assert [normalise_metal(t) for t in ("AL", "锌", "Nickel", "沪镍", "cu")] == ["al", "zn", "ni", "ni", None]
    assert find_item("al", "电解铝完税完全成本加权平均") is lookup("al", "full_cost")
    assert find_item("al", "FULL_COST") is lookup("al", "full_cost")
    assert find_item("zn", "full_cost") is None


def test_docs_tables_are_generated_from_items():
    doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert fill_generated(doc) == doc, "docs/data.md is stale: run `make regenerate`"
    assert vocabulary_markdown() in doc
    for (metal, key) in ITEMS:
        assert f"| {metal} | `{key}` |" in doc

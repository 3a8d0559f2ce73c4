"""Every figure of FIGURES.md Tables 1–5 appears, correctly computed, in the template.

Each entry names the defined name the figure lives in. The value is checked twice:
in the plan built from the bundled data (`plan_workbook(all_observations())`, what
`python -m addin.cli build` writes) and in the cached values of the committed
workbooks/znnial.xlsm read with openpyxl — both must equal the report's figure.
The latest survey month of the bundled data is 2019-12 (the report's December
estimates), so "this month" is December and "previous month" November.
"""

from __future__ import annotations

import math

import pytest

from tests.excel_eval import TEMPLATE, bundled_plan, cached_named_values, plan_value

ZN_CLOSE_DEC = 17950  # bundled prices, shfe_lme_monthly_2019_2020.csv: 2019-12 zn shfe_close (Sina mirror)

# (table, figure, expected, defined name, absolute tolerance — 0: exact to rel 1e-9; str: the text starts with it)
FIGURES = [
    # --- Table 1 — domestic production survey, Jan–Nov 2019 YoY (SMM)
    (1, "alumina Jan–Nov YoY −1.84 %", -0.0184, "in_al_alumina_output_ytd_yoy", 0),  # FIGURES.md Table 1
    (1, "primary aluminium YoY −2.14 %", -0.0214, "in_al_primary_output_ytd_yoy", 0),  # Table 1
    (1, "refined zinc YoY +8.71 %", 0.0871, "in_zn_refined_output_ytd_yoy", 0),  # Table 1
    (1, "electrolytic nickel YoY +5.13 %", 0.0513, "in_ni_cathode_output_ytd_yoy", 0),  # Table 1
    (1, "nickel sulphate YoY +24.29 %", 0.2429, "in_ni_sulphate_output_ytd_yoy", 0),  # Table 1
    (1, "nickel pig iron YoY +29.03 %", 0.2903, "in_ni_npi_output_ytd_yoy", 0),  # Table 1
    (1, "alumina Nov output 545.5", 545.5, "in_al_alumina_output_prev", 0),  # Table 1
    (1, "primary aluminium Nov output 293.5", 293.5, "in_al_primary_output_prev", 0),  # Table 1
    (1, "refined zinc Nov output 53.08", 53.08, "in_zn_refined_output_prev", 0),  # Table 1
    (1, "electrolytic nickel Nov output 1.41", 1.41, "in_ni_cathode_output_prev", 0),  # Table 1
    (1, "alumina Dec estimate 572", 572, "in_al_alumina_output", 0),  # Table 1
    (1, "primary aluminium Dec estimate 305", 305, "in_al_primary_output", 0),  # Table 1
    (1, "refined zinc Dec estimate 53.81", 53.81, "in_zn_refined_output", 0),  # Table 1
    (1, "electrolytic nickel Dec estimate 1.61", 1.61, "in_ni_cathode_output", 0),  # Table 1
    (1, "primary aluminium 2019 estimate 3,544", 3544, "in_al_primary_output_year_est", 0),  # Table 1
    (1, "refined zinc 2019 estimate 584.5", 584.5, "in_zn_refined_output_year_est", 0),  # Table 1
    (1, "alumina MoM", 572 / 545.5 - 1, "out_al_alumina_output_mom", 0),  # hand: 572 / 545.5 − 1
    (1, "alumina MoM +4.86 %", 0.0486, "out_al_alumina_output_mom", 5e-5),  # hand, rounded
    (1, "primary aluminium MoM", 305 / 293.5 - 1, "out_al_primary_output_mom", 0),  # hand: 305 / 293.5 − 1
    (1, "primary aluminium MoM +3.92 %", 0.0392, "out_al_primary_output_mom", 5e-5),  # hand, rounded
    (1, "refined zinc MoM", 53.81 / 53.08 - 1, "out_zn_refined_output_mom", 0),  # hand: 53.81 / 53.08 − 1
    (1, "refined zinc MoM +1.38 %", 0.0138, "out_zn_refined_output_mom", 5e-5),  # hand, rounded
    (1, "electrolytic nickel MoM", 1.61 / 1.41 - 1, "out_ni_cathode_output_mom", 0),  # hand: 1.61 / 1.41 − 1
    (1, "electrolytic nickel MoM +14.18 %", 0.1418, "out_ni_cathode_output_mom", 5e-5),  # hand, rounded
    # --- Table 2 — zinc chain
    (2, "domestic mine new capacity 2019 ≈ 20", 20, "in_zn_domestic_mine_new_capacity", 0),  # Table 2
    (2, "domestic mine new capacity 2020 ≈ 10", 10, "in_zn_domestic_mine_new_capacity_next", 0),  # Table 2
    (2, "domestic concentrate Jan–Nov −5.8 %", -0.058, "in_zn_concentrate_output_ytd_yoy", 0),  # Table 2
    (2, "overseas mine new capacity 2020 ≈ 64", 64, "in_zn_overseas_mine_new_capacity_next", 0),  # Table 2
    (2, "overseas actual new supply 2020 from 30", 30, "in_zn_overseas_new_supply_next_low", 0),  # Table 2
    (2, "overseas actual new supply 2020 to 40", 40, "in_zn_overseas_new_supply_next_high", 0),  # Table 2
    (2, "overseas mine new supply 2019 57.5", 57.5, "in_zn_overseas_mine_new_supply", 0),  # Table 2
    (2, "domestic TC 6,100", 6100, "in_zn_tc_domestic", 0),  # Table 2
    (2, "smelter profit 2019 high ≈ 3,000", 3000, "in_zn_smelter_profit_high", 0),  # Table 2
    (2, "smelter profit now ≈ 2,000", 2000, "in_zn_smelter_profit", 0),  # Table 2
    (2, "smelter profit change", 2000 / 3000 - 1, "out_zn_smelter_profit_change", 0),  # hand: 2,000 / 3,000 − 1
    (2, "mine profit from 1,500", 1500, "in_zn_mine_profit_low", 0),  # Table 2
    (2, "mine profit to 2,000", 2000, "in_zn_mine_profit_high", 0),  # Table 2
    (2, "mine profit 2018 peak 10,000", 10000, "in_zn_mine_profit_peak_2018", 0),  # Table 2
    (2, "mine profit against the peak", 2000 / 10000 - 1, "out_zn_mine_profit_vs_peak", 0),  # hand: −80 %
    (2, "cost support ≈ 16,000 (quoted)", 16000, "in_zn_cost_support_quoted", 0),  # Table 2
    (2, "SHFE zinc close, month end", ZN_CLOSE_DEC, "in_zn_shfe_close", 0),  # bundled prices, 2019-12
    (2, "cost support at the month's close", ZN_CLOSE_DEC - 2000, "out_zn_support_fixed_tc", 0),  # hand: "deducting 2,000"
    (2, "computed support agrees with 16,000 ± 500", "✓", "out_zn_support_check", None),  # hand: |15,950 − 16,000| ≤ 500
    (2, "support with 80/20 price sharing", ZN_CLOSE_DEC - 2000 / 0.8, "out_zn_support_sharing", 0),  # hand
    (2, "pre-2015 chain cost 14,500", 14500, "in_zn_chain_cost_pre2015", 0),  # Table 2
    (2, "chain breakeven at the close", ZN_CLOSE_DEC - 1500 - 2000, "out_zn_support_chain", 0),  # hand: − mine − smelter
    (2, "chain breakeven agrees with 14,500 ± 500", "✓", "out_zn_chain_check", None),  # hand: |14,450 − 14,500| ≤ 500
    (2, "overseas smelting restarts 2020 from 18", 18, "in_zn_overseas_smelting_restart_low", 0),  # Table 2
    (2, "overseas smelting restarts 2020 to 20", 20, "in_zn_overseas_smelting_restart_high", 0),  # Table 2
    # --- Table 3 — nickel chain
    (3, "global primary nickel 2019 249", 249, "in_ni_global_primary_output", 0),  # Table 3
    (3, "supply +19", 19, "in_ni_supply_increment", 0),  # Table 3
    (3, "demand increment ≤ 10", 10, "in_ni_demand_increment_max", 0),  # Table 3
    (3, "supply increment over demand", 19 - 10, "out_ni_increment_gap", 0),  # hand: 19 − 10
    (3, "deficit narrowed to 2", 2, "in_ni_deficit_low", 0),  # Table 3
    (3, "… to 3", 3, "in_ni_deficit_high", 0),  # Table 3
    (3, "2020 supply increment +13", 13, "in_ni_supply_increment_next", 0),  # Table 3
    (3, "2020 demand +10", 10, "in_ni_demand_increment_next_low", 0),  # Table 3 (domestic view)
    (3, "2020 demand +12", 12, "in_ni_demand_increment_next_high", 0),  # Table 3 (domestic view)
    (3, "balance, demand +12", 13 - 12, "out_ni_balance_next_low", 0),  # hand: +13 − 12
    (3, "balance, demand +10", 13 - 10, "out_ni_balance_next_high", 0),  # hand: +13 − 10
    (3, "INSG 2020 deficit 4", 4, "in_ni_insg_deficit_next", 0),  # Table 3
    (3, "China + Indonesia share > 50 %", 0.5, "in_ni_china_indonesia_share_next", 0),  # Table 3 (stored as 50 %)
    (3, "NPI cost > 1,300 per nickel point", 1300, "in_ni_npi_cost_quoted", 0),  # Table 3 (SMM)
    (3, "NPI cost per tonne of nickel", 130000, "out_ni_npi_cost_quoted_tonne", 0),  # hand: 1,300 × 100 points
    (3, "RKEF model agrees with 1,300 ± 50", "✓", "out_ni_npi_check", None),  # docs/methods.md §3.2 calibration
    (3, "China NPI 2019 58", 58, "in_ni_china_npi_output", 0),  # Table 3
    (3, "China NPI 2020 51", 51, "in_ni_china_npi_output_next", 0),  # Table 3
    (3, "China NPI change", 51 / 58 - 1, "out_ni_china_npi_change", 0),  # hand: 51 / 58 − 1
    (3, "China NPI change −12.07 %", -0.1207, "out_ni_china_npi_change", 5e-5),  # hand, rounded
    (3, "Indonesia NPI 2019 35", 35, "in_ni_indonesia_npi_output", 0),  # Table 3
    (3, "Indonesia NPI 2020 53", 53, "in_ni_indonesia_npi_output_next", 0),  # Table 3
    (3, "Indonesia NPI change", 53 / 35 - 1, "out_ni_indonesia_npi_change", 0),  # hand: 53 / 35 − 1
    (3, "Indonesia NPI change +51.43 % (report: +51 %)", 0.5143, "out_ni_indonesia_npi_change", 5e-5),  # hand
    (3, "combined NPI change", (51 + 53) / (58 + 35) - 1, "out_ni_combined_npi_change", 0),  # hand: 104 / 93 − 1
    (3, "combined NPI change +11.83 %", 0.1183, "out_ni_combined_npi_change", 5e-5),  # hand, rounded
    (3, "stainless output 2019 +9 %", 0.09, "in_ni_stainless_output_growth", 0),  # Table 3
    (3, "stainless output 2020 +5.7 %", 0.057, "in_ni_stainless_output_growth_next", 0),  # Table 3 (SMM neutral)
    (3, "stainless demand 2020 +6 %", 0.06, "in_ni_stainless_demand_growth_next", 0),  # Table 3 (SMM neutral)
    (3, "China stainless inventory ≈ 60", 60, "in_ni_stainless_inventory_china", 0),  # Table 3
    # --- Table 4 — aluminium chain
    (4, "alumina new capacity 2019 250", 250, "in_al_alumina_new_capacity", 0),  # Table 4
    (4, "alumina new capacity 2020 pending ≈ 620", 620, "in_al_alumina_new_capacity_pending", 0),  # Table 4
    (4, "alumina capacity under construction/planned 1,000", 1000, "in_al_alumina_new_capacity_planned", 0),  # Table 4
    (4, "weighted full cost 13,085", 13085, "in_al_full_cost", 0),  # Table 4
    (4, "alumina full cost 2,474", 2474, "in_al_alumina_cost", 0),  # Table 4
    (4, "power price 0.3092", 0.3092, "in_al_power_price", 0),  # Table 4
    (4, "components add back to 13,085", 13085, "out_al_full_cost_rebuilt", 1e-6),  # hand: back-solved "other"
    (4, "spot 13,800", 13800, "in_al_spot_price", 0),  # Table 4
    (4, "profit at 13,800", 13800 - 13085, "out_al_profit_at_spot", 0),  # hand: 13,800 − 13,085 = 715
    (4, "quoted profit 600", 600, "in_al_profit_quoted", 0),  # Table 4 "> 600"
    (4, "715 clears > 600", "✓", "out_al_profit_check", None),  # hand: 715 ≥ 600
    (4, "capacity built 4,069", 4069, "in_al_capacity_built", 0),  # Table 4
    (4, "capacity running 3,510", 3510, "in_al_capacity_running", 0),  # Table 4
    (4, "capacity idle 559", 559, "in_al_capacity_idle", 0),  # Table 4
    (4, "built − running = idle", "✓", "out_al_idle_check", None),  # hand: 4,069 − 3,510 = 559
    (4, "operating rate quoted 86.8 %", 0.868, "in_al_operating_rate_quoted", 0),  # Table 4
    (4, "operating rate computed", 3510 / 4069, "out_al_utilisation", 0),  # hand: 3,510 / 4,069 = 86.26 %
    (4, "computed rate differs from 86.8 % by > 0.3 pp", "⚠", "out_al_utilisation_check", None),  # hand: 0.54 pp
    (4, "consumption Jan–Oct −1.69 %", -0.0169, "in_al_consumption_ytd_yoy", 0),  # Table 4
    (4, "production Jan–Oct −2.27 %", -0.0227, "in_al_production_ytd_yoy", 0),  # Table 4
    (4, "new capacity by October 199", 199, "in_al_new_capacity_ytd", 0),  # Table 4
    (4, "new capacity 2019 < 230", 230, "in_al_new_capacity_year_max", 0),  # Table 4
    (4, "2020 production +2.5 %", 0.025, "in_al_outlook_production_growth", 0),  # Table 4 (SMM)
    (4, "2020 consumption +0.3 %", 0.003, "in_al_outlook_consumption_growth", 0),  # Table 4 (SMM)
    (4, "2020 production − consumption growth", 0.025 - 0.003, "out_al_outlook_gap", 0),  # hand: 2.2 pp
    (4, "exports Sept 43.5", 43.5, "in_al_exports", 0),  # Table 4
    (4, "exports −14.2 % YoY", -0.142, "in_al_exports_yoy", 0),  # Table 4
    # --- Table 5 — price zones and hedge plan
    (5, "aluminium sell hedge from 14,500", 14500, "out_al_sell_low", 0),  # Table 5 (13,085 + 1,415)
    (5, "aluminium sell hedge up to 14,700", 14700, "out_al_sell_high", 0),  # Table 5 (13,085 + 1,615)
    (5, "reduce sell hedges below 13,500", 13500, "out_al_cover_below", 0),  # Table 5 (13,085 + 415)
    (5, "aluminium at 14,110: hold", "HOLD", "out_al_action", None),  # hand: SHFE close 2019-12 14,110; 13,500 ≤ 14,110 < 14,500
    (5, "zinc: don't-chase band 1,000", 1000, "in_zn_buy_band", 0),  # Table 5: 17,000 = support 16,000 + 1,000
    (5, "zinc: sell-hedge resistance 20,000", 20000, "in_zn_resistance", 0),  # Table 5
    (5, "zinc: don't-chase line from the computed support", ZN_CLOSE_DEC - 2000 + 1000, "out_zn_buy_zone_top", 0),  # hand
    (5, "LME zinc support ≈ 2,140", 2140, "in_zn_lme_support", 0),  # Table 5
    (5, "nickel buy hedge near 100,000", 100000, "in_ni_support", 0),  # Table 5
    (5, "nickel resistance above 120,000", 120000, "in_ni_resistance", 0),  # Table 5
    (5, "LME nickel not back at 12,000", 12000, "in_ni_lme_floor", 0),  # Table 5
]


@pytest.fixture(scope="module")
def cached():
    return cached_named_values(TEMPLATE)


def _agrees(value, expected, tolerance) -> bool:
    if isinstance(expected, str):
        return isinstance(value, str) and value.startswith(expected)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    if tolerance:
        return abs(value - expected) <= tolerance
    return math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)


def test_the_template_is_as_of_the_reports_december():
    # The report (dated 2019-12-20) quotes December estimates: the bundled data's latest survey month.
    assert bundled_plan().latest_month == "2019-12"


@pytest.mark.parametrize(("table", "figure", "expected", "name", "tolerance"), FIGURES,
                         ids=[f"T{f[0]}-{f[3]}-{i}" for i, f in enumerate(FIGURES)])
def test_figure_in_the_plan_and_the_file(cached, table, figure, expected, name, tolerance):
    planned = plan_value(bundled_plan(), name)
    assert _agrees(planned, expected, tolerance), f"Table {table}, {figure}: plan {name} = {planned!r}"
    assert name in cached, f"{name} is not a defined name of {TEMPLATE.name}"
    assert _agrees(cached[name], expected, tolerance), f"Table {table}, {figure}: file {name} = {cached[name]!r}"


def test_every_table_is_covered():
    assert {f[0] for f in FIGURES} == {1, 2, 3, 4, 5}


def test_report_zinc_line_is_quoted_support_plus_band():
    # FIGURES.md Table 5: "17,000 don't chase shorts" = the quoted support 16,000 (Table 2) + the band 1,000.
    plan = bundled_plan()
    assert plan_value(plan, "in_zn_cost_support_quoted") + plan_value(plan, "in_zn_buy_band") == 17000

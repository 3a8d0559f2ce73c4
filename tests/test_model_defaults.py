"""Each model default is declared once, in the core, and read by the catalogue and the sheet parameters."""

from __future__ import annotations

import inspect

import pytest

from udfs.core import aluminium, backtest, hedge, market, nickel, zinc
from udfs.catalogue import BY_NAME
from workbooks.sheets import scenarios, tables
from workbooks.spec import Param


def _param(rows, key) -> Param:
    return next(r for r in rows if isinstance(r, Param) and r.key == key)


def _arg_default(function: str, arg: str):
    return next(a for a in BY_NAME[function].args if a.name == arg).default


@pytest.mark.parametrize(("sheet_key", "function", "arg", "constant", "value"), [
    # docs/methods.md "Aluminium smelter cost": 1.93 t alumina, 13,500 kWh, 0.45 t anode, 200 CNY/t fluoride
    ("al.alumina_per_t", "al_full_cost", "alumina_per_t", aluminium.ALUMINA_PER_T, 1.93),
    ("al.kwh_per_t", "al_full_cost", "kwh_per_t", aluminium.KWH_PER_T, 13500),
    ("al.anode_per_t", "al_full_cost", "anode_per_t", aluminium.ANODE_PER_T, 0.45),
    ("al.fluoride_cost", "al_full_cost", "fluoride_cost", aluminium.FLUORIDE_COST, 200),
    # docs/methods.md "Hedge zones": the ratio ramps from 20 % to 80 % across the sell band
    ("al.ratio_min", "hedge_action", "ratio_min", hedge.RATIO_MIN, 0.2),
    ("al.ratio_max", "hedge_action", "ratio_max", hedge.RATIO_MAX, 0.8),
    # docs/cost-models.md: 2.4 t bauxite, 0.12 t caustic, 0.2 t lime, 0.5 t coal, 300 kWh per t alumina
    ("al.bauxite_per_t", "alumina_cost", "bauxite_per_t", aluminium.BAUXITE_PER_T, 2.4),
    ("al.caustic_per_t", "alumina_cost", "caustic_per_t", aluminium.CAUSTIC_PER_T, 0.12),
    ("al.lime_per_t", "alumina_cost", "lime_per_t", aluminium.LIME_PER_T, 0.2),
    ("al.fuel_per_t", "alumina_cost", "fuel_per_t", aluminium.FUEL_PER_T, 0.5),
    ("al.alumina_kwh_per_t", "alumina_cost", "alumina_kwh_per_t", aluminium.ALUMINA_KWH_PER_T, 300),
    # docs/cost-models.md: the Zn50 basis, 85 % payable
    ("zn.concentrate_grade", "zn_import_tc", "concentrate_grade", zinc.CONCENTRATE_GRADE, 0.5),
    ("zn.payable", "zn_import_tc", "payable", zinc.PAYABLE, 0.85),
])
def test_sheet_parameter_catalogue_and_core_share_one_default(sheet_key, function, arg, constant, value):
    rows = tables.ALUMINIUM + tables.HEDGE + tables.ZINC
    assert _param(rows, sheet_key).value is constant
    assert _arg_default(function, arg) is constant
    assert inspect.signature(BY_NAME[function].core).parameters[arg].default is constant
    assert constant == value


def _sheet_arg(row, arg: str):
    """The argument a sheet's call passes for one of the function's declared arguments."""
    from udfs.catalogue import BY_NAME

    names = [a.name for a in BY_NAME[row.expr.name].args]
    return row.expr.args[names.index(arg)]


def test_the_back_tests_on_the_sheet_use_the_core_defaults():
    al = next(r for r in scenarios.BACKTEST if getattr(r, "key", None) == "bt.al")
    assert [_sheet_arg(al, a).value for a in ("ratio_min", "ratio_max")] == [hedge.RATIO_MIN, hedge.RATIO_MAX]
    zn = next(r for r in scenarios.BACKTEST if getattr(r, "key", None) == "bt.zn")
    assert _sheet_arg(zn, "buy_ratio").value is backtest.BUY_RATIO == 0.5  # "buy 50 % of the month's need"
    assert _arg_default("range_backtest", "buy_ratio") is backtest.BUY_RATIO
    assert _arg_default("buy_hedge_backtest", "buy_ratio") == backtest.BUY_RATIO
    assert (_arg_default("sell_hedge_backtest", "ratio_min"), _arg_default("sell_hedge_backtest", "ratio_max")) == \
        (hedge.RATIO_MIN, hedge.RATIO_MAX)


@pytest.mark.parametrize(("function", "arg"), [("import_cost", "vat"), ("carry_arbitrage", "vat"),
                                               ("ni_npi_cost", "import_vat")])
def test_one_vat_rate(function, arg):
    assert _arg_default(function, arg) is market.VAT == 0.13  # China's VAT on goods since April 2019


def test_npi_defaults_come_from_the_core():
    for arg, constant in (("ore_grade", nickel.ORE_GRADE), ("moisture", nickel.MOISTURE),
                          ("recovery", nickel.RECOVERY), ("kwh_per_dry_t", nickel.KWH_PER_DRY_T)):
        assert _arg_default("ni_npi_cost", arg) is constant

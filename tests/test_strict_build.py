"""The strict build: a misspelt key or an unknown unit fails the build naming sheet, row and key;
a reference to a row laid out further down builds and evaluates."""

from __future__ import annotations

import dataclasses

import pytest

from addin.bundled import all_observations
from addin.summary import PLAN_ROWS, hedge_plan_table
from workbooks import build
from workbooks.build import plan_workbook, template_name
from workbooks.formula import Call, Ref, SpillCell
from workbooks.sheets import tables
from workbooks.spec import Calc, Figure, Param, SheetSpec, Spill
from workbooks.spec_check import SpecError, check_specs


def _replace_row(rows: tuple, key: str, new) -> tuple:
    assert any(getattr(r, "key", None) == key for r in rows)
    return tuple(new if getattr(r, "key", None) == key else r for r in rows)


def _with_aluminium(monkeypatch, rows: tuple) -> None:
    sheets = tuple(SheetSpec(s.name, rows, s.widths) if s.name == "表4 铝" else s for s in tables.TABLE_SHEETS)
    monkeypatch.setattr(tables, "TABLE_SHEETS", sheets)
    monkeypatch.setattr(tables, "ALUMINIUM", rows)


def test_the_committed_specs_pass_the_check():
    build.check_all_specs()  # raises SpecError naming each problem otherwise


def test_a_misspelt_figure_key_fails_the_build_naming_sheet_row_and_key(monkeypatch):
    rows = _replace_row(tables.ALUMINIUM, "al.full_cost", Figure("al.full_cots"))
    _with_aluminium(monkeypatch, rows)
    with pytest.raises(SpecError) as failure:
        plan_workbook(all_observations())
    message = str(failure.value)
    assert ("sheet '表4 铝', row 'al.full_cots': unknown key 'al.full_cots': 'al.full_cots' is not an item of the "
            "month-file vocabulary (workbooks/monthdata/vocabulary.py)") in message
    # the rows that refer to al.full_cost now refer to nothing: each is named too (7 refs on 表4, 1 on 表5)
    assert "sheet '表4 铝', row 'al.profit_at_spot' (profit per tonne at spot): reference to unknown key " \
           "'al.full_cost'" in message
    assert "sheet '表5 保值', row 'al.sell_low' (sell hedge from): reference to unknown key 'al.full_cost'" in message


def test_an_unknown_unit_fails_the_build_naming_sheet_row_and_unit(monkeypatch):
    old = next(r for r in tables.ALUMINIUM if getattr(r, "key", None) == "al.kwh_per_t")
    rows = _replace_row(tables.ALUMINIUM, "al.kwh_per_t", dataclasses.replace(old, unit="kWh/tonne"))
    _with_aluminium(monkeypatch, rows)
    with pytest.raises(SpecError) as failure:
        plan_workbook(all_observations())
    assert failure.value.problems == [
        "sheet '表4 铝', row 'al.kwh_per_t' (power per tonne): unknown unit 'kWh/tonne' "
        "(the units table is workbooks/units.py)"]


def test_a_forward_reference_builds_and_evaluates(monkeypatch):
    # al.profit_at_spot moved above the spot price and the full cost it refers to.
    profit = next(r for r in tables.ALUMINIUM if getattr(r, "key", None) == "al.profit_at_spot")
    rows = tuple(r for r in tables.ALUMINIUM if r is not profit)
    rows = rows[:2] + (profit,) + rows[2:]  # right after the title and the first section
    assert rows.index(profit) < rows.index(Figure("al.full_cost")) < rows.index(Figure("al.spot_price"))
    _with_aluminium(monkeypatch, rows)
    plan = plan_workbook(all_observations())
    cell = next(c for c in plan.sheet("表4 铝").cells if c.name == "out_al_profit_at_spot")
    assert cell.formula == "=profit(in_al_spot_price,in_al_full_cost)"
    assert cell.value == pytest.approx(715)  # FIGURES.md Table 4: spot 13,800 − full cost 13,085 = 715
    # On the monthly sheet the same row refers to cells further down by address.
    month = next(s for s in plan.sheets if s.month_sheet and s.name == "2019-11")
    cell = next(c for c in month.cells if isinstance(c.formula, str) and c.formula.startswith("=profit(")
                and c.value == pytest.approx(715))  # al.profit_at_spot, not the stainless margins on 表3
    spot = next(c for c in month.cells if c.value == 13800 and (c.formula or "").startswith("='数据 Data'!"))
    assert cell.row < spot.row and f"${chr(65 + spot.col)}${spot.row + 1}" in cell.formula
    assert cell.value == pytest.approx(715)


def test_a_spilled_table_is_reachable_from_its_own_sheet_only():
    grid = Spill("x.grid", "表", "grid", Call("ni_npi_cost_grid", Ref("x.ore"), Ref("x.fx")), "CNY/point")
    ore = Param("x.ore", "矿", "ore", 88, "USD/wmt", "test")
    fx = Param("x.fx", "汇率", "fx", 7.0, "CNY/USD", "test")
    other = Calc("x.first", "首格", "first cell", SpillCell("x.grid", 1, 1), "CNY/point")
    with pytest.raises(SpecError) as failure:
        check_specs([SheetSpec("A", (ore, fx, grid)), SheetSpec("B", (other,))])
    assert failure.value.problems == [
        "sheet 'B', row 'x.first' (first cell): reference to 'x.grid' on sheet 'A': a spilled table is reachable "
        "from its own sheet only"]


def test_a_circle_of_references_fails_the_build():
    a = Calc("x.a", "甲", "a", Ref("x.b") + 1, "CNY/t")
    b = Calc("x.b", "乙", "b", Ref("x.a") - 1, "CNY/t")
    with pytest.raises(SpecError) as failure:
        check_specs([SheetSpec("A", (a, b))])
    assert "sheet 'A', row 'x.a' (a): circular reference x.a → x.b → x.a" in failure.value.problems


def test_defined_names_come_from_the_spec_rows():
    assert template_name("al.spot_price") == "in_al_spot_price"  # a Figure: data in
    assert template_name("al.sell_low") == "out_al_sell_low"  # a Calc: a result
    assert template_name("zn.resistance") == "in_zn_resistance"  # a Param: an assumption
    with pytest.raises(KeyError, match="al.spot_prise"):
        template_name("al.spot_prise")
    # every name the terminal summary reads is one the build defines
    plan = plan_workbook(all_observations())
    for _, price, levels, action, ratio, lots in PLAN_ROWS:
        for key in (price, *(k for _, k in levels), action, ratio, lots):
            assert template_name(key) in plan.names
    # report Table 5: aluminium sell hedge from 14,500 to 14,700, reduce below 13,500
    assert "sell from 14,500, sell to 14,700, cover below 13,500" in hedge_plan_table(plan)
    # units on the header: SHFE quotes aluminium, zinc and nickel in CNY per tonne; hedges are counted in lots
    assert hedge_plan_table(plan).splitlines()[0].split()[1:5] == ["price", "CNY/t", "levels", "CNY/t"]
    assert hedge_plan_table(plan).splitlines()[0].endswith("lots (contracts)")


def test_the_cli_build_and_the_refresh_refuse_a_misspelt_key(monkeypatch, tmp_path, capsys):
    from addin import bundled, cli
    from addin.refresh import refresh
    from workbooks.build import TEMPLATE

    _with_aluminium(monkeypatch, _replace_row(tables.ALUMINIUM, "al.spot_price", Figure("al.spot_prise")))
    target = tmp_path / "znnial.xlsm"
    assert cli.main(["build", "--out", str(target)]) == 2
    assert not target.exists()
    assert "sheet '表4 铝', row 'al.spot_prise': unknown key 'al.spot_prise'" in capsys.readouterr().err
    target.write_bytes(TEMPLATE.read_bytes())
    with pytest.raises(SpecError, match="unknown key 'al.spot_prise'"):
        refresh(target, [bundled.month_files()[1]], keep_backup=False)
    assert target.read_bytes() == TEMPLATE.read_bytes()  # nothing written


def test_an_unknown_history_or_driver_data_item_fails_the_build(monkeypatch):
    from workbooks.sheets import history

    columns = tuple(dataclasses.replace(c, data=("zn", "shfe_avgg")) if c.key == "zn_avg" else c
                    for c in history.COLUMNS)
    monkeypatch.setattr(history, "COLUMNS", columns)
    with pytest.raises(SpecError) as failure:
        plan_workbook(all_observations())
    assert failure.value.problems == [
        "sheet '历史 History', column 'zn_avg' (SHFE zinc avg): unknown data item 'zn.shfe_avgg': not an item of "
        "the month-file vocabulary (workbooks/monthdata/vocabulary.py)"]


def test_a_basis_chart_reads_two_drivers_rows_of_its_own_sheet_one_value_per_period():
    from workbooks.spec import BasisChart, Drivers

    months = ("2020-01", "2020-02", "2020-03")
    axis = Drivers("x.months", "月", "month", "text", months, "test")
    futures = Drivers("x.futures", "期货", "futures", "CNY/t", (1.0, 2.0, 3.0), "test", months=months)
    spot = Drivers("x.spot", "现货", "spot", "CNY/t", (1.0, 2.0), "test")  # two values for three periods
    ore = Param("x.ore", "矿", "ore", 88, "USD/wmt", "test")
    fx = Param("x.fx", "汇率", "fx", 7.0, "CNY/USD", "test")
    elsewhere = Drivers("x.elsewhere", "别处", "elsewhere", "CNY/t", (1.0, 2.0, 3.0), "test")

    def table(basis):
        return Spill("x.table", "表", "table", Call("ni_npi_cost_grid", Ref("x.ore"), Ref("x.fx")), "CNY/t",
                     chart=("t", "CNY/t"), categories="x.months", periods=3, lines=(("线", "line", Ref("x.ore")),),
                     basis=basis)

    check_specs([SheetSpec("A", (axis, futures, ore, fx, table(BasisChart("x.futures", "x.futures", "b"))))])
    with pytest.raises(SpecError) as failure:
        check_specs([SheetSpec("A", (axis, futures, spot, ore, fx, table(BasisChart("x.spot", "x.ore", "b")))),
                     SheetSpec("B", (elsewhere,))])
    assert failure.value.problems == [
        "sheet 'A', row 'x.table' (table): basis spot 'x.spot' has 2 values for 3 periods",
        "sheet 'A', row 'x.table' (table): basis futures 'x.ore' is not a Drivers row of this sheet"]
    with pytest.raises(SpecError) as failure:
        check_specs([SheetSpec("A", (axis, futures, ore, fx, table(BasisChart("x.elsewhere", "x.futures", "b")))),
                     SheetSpec("B", (elsewhere,))])
    assert failure.value.problems == [
        "sheet 'A', row 'x.table' (table): basis spot 'x.elsewhere' is not a Drivers row of this sheet"]

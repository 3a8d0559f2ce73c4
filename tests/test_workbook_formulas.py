"""Every formula of the template, evaluated headlessly (pycel) through the wrappers Excel calls.

The committed workbooks/znnial.xlsm carries a cached value in every formula cell
(what Excel shows before it recalculates). Here pycel recomputes every formula
from scratch, with our functions bound by `tests.pycel_udfs` to the same
`udfs.<name>` wrappers xlwings registers, and each result must equal the cached
value. The functions a formula calls must exist in the registry with an argument
count they accept, and changing an input must change the results that depend on it.
"""

from __future__ import annotations

import pytest

import udfs
from udfs.catalogue import BY_NAME

from tests import pycel_udfs
from tests.excel_eval import (TEMPLATE, FunctionCall, bundled_plan, cached_values, defined_name_cell, formula_cells,
                              function_calls, load_compiler, recalculate, same)

pytest.importorskip("pycel")


@pytest.fixture(scope="module")
def formulas():
    return formula_cells(TEMPLATE)


@pytest.fixture(scope="module")
def evaluated(formulas):
    """(sheet, cell) -> value pycel computed, with the call counts of that recalculation."""
    compiler = load_compiler(TEMPLATE)
    values = recalculate(compiler, formulas)
    return values, dict(pycel_udfs.RAW_CALLS), dict(pycel_udfs.DISTINCT_CALLS)


def _udf_calls(formula):
    return [call for call in function_calls(formula.formula) if not call.builtin]


@pytest.mark.slow
def test_every_formula_equals_its_cached_value(formulas, evaluated):
    values, _, _ = evaluated
    cached = cached_values(TEMPLATE)
    mismatches = []
    for (sheet, cell), got in values.items():
        want = cached[sheet].get(cell)
        if not same(got, want):
            mismatches.append(f"'{sheet}'!{cell}: evaluated {got!r}, cached {want!r}")
    arrays = [f for f in formulas if f.ref]
    print(f"\n{len(formulas)} formulas ({len(arrays)} dynamic arrays) filling {len(values)} cells evaluated by pycel; "
          f"{len(mismatches)} differ from the cached values")
    assert not mismatches, "\n".join(mismatches[:40])
    # The template is not trivially small: every sheet of the plan that holds formulas was reached.
    sheets_with_formulas = {f.sheet for f in formulas}
    planned = {s.name for s in bundled_plan().sheets if any(c.formula for c in s.cells)}
    assert sheets_with_formulas == planned
    assert len(values) == len(formulas) + sum(len(f.cells) - 1 for f in arrays)


@pytest.mark.slow
def test_every_function_was_really_recomputed(formulas, evaluated):
    # pycel starts from cached values; the counts prove each function ran during the recalculation.
    _, raw, distinct = evaluated
    used = {call.name for f in formulas for call in _udf_calls(f)}
    assert used, "no formula calls a znnial function"
    assert {name for name in used if not raw.get(name)} == set()
    assert all(0 < distinct[name] <= raw[name] for name in used)
    print(f"\nfunction calls: {sum(raw.values())} by pycel, {sum(distinct.values())} distinct (as Excel would make): "
          + ", ".join(f"{name} {raw[name]}/{distinct[name]}" for name in sorted(used)))


def test_plugin_converts_like_xlwings_and_counts_distinct_calls():
    # pycel hands a range as a tuple of rows; the wrapper gets lists of rows (xlwings ndim=2), a
    # list result goes back as a tuple of rows, NaN (a blank row) as "", and a repeated call with the
    # same arguments is one distinct evaluation (pycel may evaluate a spill once per cell; Excel once).
    pycel_udfs.reset_counts()
    column = ((13800,), (None,), (14000,))
    # hand: 13,800 − 13,085 = 715; 14,000 − 13,085 = 915 (report Table 4 full cost)
    assert pycel_udfs.profit(column, 13085) == ((715.0,), ("",), (915.0,))
    assert pycel_udfs.profit(column, 13085) == ((715.0,), ("",), (915.0,))
    assert pycel_udfs.profit(13800, 13085) == 715.0  # a single cell stays a single value
    assert pycel_udfs.RAW_CALLS["profit"] == 3
    assert pycel_udfs.DISTINCT_CALLS["profit"] == 2
    assert pycel_udfs.profit is not udfs.profit and pycel_udfs.__all__ == udfs.__all__


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_called_functions_exist_with_an_accepted_argument_count(formulas):
    problems, checked = [], 0
    for formula in formulas:
        for call in _udf_calls(formula):
            checked += 1
            spec = BY_NAME.get(call.name) or BY_NAME.get(call.name.lower())
            if spec is None:
                problems.append(f"'{formula.sheet}'!{formula.coordinate}: {call.name} is not in the registry")
            elif not spec.required_count <= call.arg_count <= len(spec.args):
                problems.append(f"'{formula.sheet}'!{formula.coordinate}: {call.name} called with {call.arg_count} "
                                f"arguments, accepts {spec.required_count}–{len(spec.args)}")
            elif call.name not in udfs.__all__:
                problems.append(f"{call.name}: in the registry but not exported by udfs (xlwings would not see it)")
    assert checked > 0
    assert not problems, "\n".join(problems)


def test_no_function_of_ours_shadows_an_excel_builtin():
    # Excel resolves its own functions first: a UDF named like a built-in would never be called.
    assert [name for name in udfs.__all__ if FunctionCall(name, 0).builtin] == []


def test_argument_counter():
    # hand: the tokenizer-based counter on shapes the template uses
    calls = function_calls('=INDEX(hedge_zones(a,b,{1,2;3,4},c),2,1)')
    assert [(c.name, c.arg_count) for c in calls] == [("hedge_zones", 4), ("INDEX", 3)]
    calls = function_calls("=pct_change((a+b),(c+d))")
    assert [(c.name, c.arg_count) for c in calls] == [("pct_change", 2)]
    assert [(c.name, c.arg_count) for c in function_calls("=f()")] == [("f", 0)]


# --------------------------------------------------------------------------- changing an input


def _fresh(outputs):
    """A compiler whose graph for these named outputs is recomputed (not cached) values."""
    compiler = load_compiler(TEMPLATE)
    addresses = {name: defined_name_cell(compiler, name) for name in outputs}
    for address in addresses.values():
        compiler.evaluate(address)
    compiler.recalculate()
    return compiler, addresses


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_full_cost_moves_the_sell_zone():
    names = ["in_al_full_cost", "out_al_sell_low", "out_al_sell_high", "out_al_cover_below"]
    compiler, at = _fresh(names)
    # report Table 5: zones 14,500 / 14,700 / 13,500 at full cost 13,085 (Table 4)
    assert compiler.evaluate(at["out_al_sell_low"]) == pytest.approx(14500, rel=1e-9)
    calls_before = pycel_udfs.DISTINCT_CALLS["hedge_zones"]
    compiler.set_value(at["in_al_full_cost"], 13585)
    # hand: 13,585 + 1,415 = 15,000; 13,585 + 1,615 = 15,200; 13,585 + 415 = 14,000
    assert compiler.evaluate(at["out_al_sell_low"]) == pytest.approx(15000, rel=1e-9)
    assert compiler.evaluate(at["out_al_sell_high"]) == pytest.approx(15200, rel=1e-9)
    assert compiler.evaluate(at["out_al_cover_below"]) == pytest.approx(14000, rel=1e-9)
    assert pycel_udfs.DISTINCT_CALLS["hedge_zones"] == calls_before + 1  # computed anew, once


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_price_inside_the_band_gives_a_sell_hedge():
    names = ["in_al_shfe_close", "out_al_action", "out_al_hedge_ratio", "out_al_lots"]
    compiler, at = _fresh(names)
    # the 2019-12 SHFE close 14,110 (bundled prices) sits between 13,500 and 14,500: no sell hedge yet (hand)
    assert compiler.evaluate(at["out_al_action"]).startswith("HOLD")
    compiler.set_value(at["in_al_shfe_close"], 14600)
    # hand: halfway up 14,500–14,700 → ratio 0.2 + (0.8 − 0.2) × 0.5 = 0.5
    assert compiler.evaluate(at["out_al_action"]) == "SELL HEDGE 卖保"
    assert compiler.evaluate(at["out_al_hedge_ratio"]) == pytest.approx(0.5, rel=1e-9)
    # hand: 10,000 t × 0.5 / 5 t per lot = 1,000 lots
    assert compiler.evaluate(at["out_al_lots"]) == pytest.approx(1000, rel=1e-9)


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_plan_at_the_latest_close_moves_with_it_and_the_survey_month_plan_does_not():
    names = ["in_al_shfe_close_latest", "out_al_action_latest", "out_al_hedge_ratio_latest", "out_al_lots_latest",
             "out_al_action", "in_zn_shfe_close_latest", "out_zn_action_latest"]
    compiler, at = _fresh(names)
    # bundled prices: the newest SHFE aluminium close is 2020-12's 15,460, above the band's top 14,700 (hand):
    # sell hedge at the full ratio 0.8, 10,000 t × 0.8 / 5 t = 1,600 lots; the survey month's 14,110 holds
    assert compiler.evaluate(at["in_al_shfe_close_latest"]) == pytest.approx(15460, rel=1e-9)
    assert compiler.evaluate(at["out_al_action_latest"]) == "SELL HEDGE 卖保"
    assert compiler.evaluate(at["out_al_lots_latest"]) == pytest.approx(1600, rel=1e-9)
    compiler.set_value(at["in_al_shfe_close_latest"], 13400)  # below the reduce line 13,500
    assert compiler.evaluate(at["out_al_action_latest"]).startswith("REDUCE")
    assert compiler.evaluate(at["out_al_hedge_ratio_latest"]) == 0
    assert compiler.evaluate(at["out_al_action"]).startswith("HOLD")  # the survey month's plan is not moved
    # zinc 2020-12 close 20,675 ≥ resistance 20,000; 16,500 is within support 16,000 + band 1,000 = 17,000
    assert compiler.evaluate(at["out_zn_action_latest"]).startswith("SELL-HEDGE AT RESISTANCE")
    compiler.set_value(at["in_zn_shfe_close_latest"], 16500)
    assert compiler.evaluate(at["out_zn_action_latest"]).startswith("BUY HEDGE")


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_aluminium_price_now_is_the_shfe_close_and_falls_back_to_the_report_spot():
    names = ["in_al_shfe_close", "out_al_price_now"]
    compiler, at = _fresh(names)
    # bundled prices, shfe_al_monthly_2019_2020.csv: the 2019-12 SHFE aluminium close (2019-12-31) is 14,110
    assert compiler.evaluate(at["out_al_price_now"]) == pytest.approx(14110, rel=1e-9)
    compiler.set_value(at["in_al_shfe_close"], "")  # an emptied cell (pycel ignores None)
    # no close: the report's year-end spot, FIGURES.md Table 4 (≥ 13,800)
    assert compiler.evaluate(at["out_al_price_now"]) == pytest.approx(13800, rel=1e-9)

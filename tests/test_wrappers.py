"""Edge behaviour of the Excel-facing wrappers: what a cell shows for awkward inputs.

Values are passed as xlwings delivers them with ndim=2 and err_to_str=True: a scalar or a
list of rows; a blank cell is None; a cell error is its text ("#N/A").
"""

from __future__ import annotations

import math

import pytest

import udfs
from udfs.catalogue import FUNCTIONS
from udfs.registry import CONTRACT, INTEGER, NUMBER, SERIES, TEXT

NAN = float("nan")
MAX_MESSAGE = 150  # udfs/wrappers.py _MAX_MESSAGE


def is_error(value) -> bool:
    return isinstance(value, str) and value.startswith("#VALUE! ")


# --------------------------------------------------------------------------- blanks


def test_blank_single_cell_is_an_error():
    assert udfs.profit(None, 13085) == "#VALUE! price: is blank"
    assert udfs.profit([[None]], 13085) == "#VALUE! price: is blank"  # a blank cell as ndim=2 delivers it
    assert udfs.profit("", 13085) == "#VALUE! price: is blank"


def test_missing_required_argument():
    assert udfs.profit(13800) == "#VALUE! cost: is missing"


def test_blank_optional_argument_takes_its_default():
    # hand: 6,100 + 0.2 × (18,000 − 15,000) = 6,700 with base 15,000 and share 0.2 by default
    for blank in (None, [[None]], "  "):
        assert udfs.zn_effective_tc(6100, 18000, blank, blank) == pytest.approx(6700, rel=1e-12)
    # hand: method fixed_tc by default, 18,000 − 2,000 = 16,000 (report Table 2)
    for blank in (None, [[None]], ""):
        assert udfs.zn_cost_support(18000, 2000, blank) == pytest.approx(16000, rel=1e-12)
    # a range of blanks for an optional argument is a blank optional argument
    assert udfs.zn_effective_tc(6100, 18000, [[None], [None]]) == pytest.approx(6700, rel=1e-12)


def test_blank_inside_a_range_gives_a_blank_on_that_row_only(same):
    # hand: 13,800 − 13,085 = 715; 14,000 − 13,085 = 915; the blank row stays blank
    got = udfs.profit([[13800], [None], [14000]], 13085)
    assert same(got, [[715], [None], [915]])
    assert math.isnan(got[1][0])


# Every function whose first example returns a single value, each NUMBER argument in turn made
# a 3-row column with a blank in the middle: rows 1 and 3 repeat the example, row 2 is blank.
SCALAR_CASES = [(spec, i) for spec in FUNCTIONS if not isinstance(spec.examples[0].result, list)
                for i, arg in enumerate(spec.args[:len(spec.examples[0].args)]) if arg.kind == NUMBER]


@pytest.mark.parametrize(("spec", "index"), SCALAR_CASES,
                         ids=[f"{s.name}.{s.args[i].name}" for s, i in SCALAR_CASES])
def test_blank_row_in_any_number_argument(spec, index, same):
    example = spec.examples[0]
    args = list(example.args)
    args[index] = [[args[index]], [None], [args[index]]]
    got = getattr(udfs, spec.name)(*args)
    assert same(got, [[example.result], [None], [example.result]]), got


def test_hedge_action_blank_in_a_plan_range():
    # report Table 5 zones; row 1 at 14,600 with sell_low 14,500 is SELL HEDGE 0.5 (catalogue example)
    got = udfs.hedge_action(14600, [[14500], [None]], 14700, 13500)
    assert got[0] == ["SELL HEDGE 卖保", 0.5]
    assert got[1][0] is None and math.isnan(got[1][1])


def test_hedge_action_blank_price_row(same):
    # report Table 5 zones 14,500–14,700, cover 13,500; hand: 14,600 → 0.2 + 0.6 × 0.5 = 0.5
    got = udfs.hedge_action([[14600], [None], [13000]], 14500, 14700, 13500)
    assert same(got, [["SELL HEDGE 卖保", 0.5], [None, None], ["REDUCE 减平卖保", 0.0]])


# --------------------------------------------------------------------------- text, bool, errors


@pytest.mark.parametrize(("text", "number"), [
    ("13,085", 13085.0),  # report Table 4 full cost typed with a thousands comma
    (" 5 ", 5.0),  # hand: spaces trimmed
    ("86.8%", 0.868),  # report Table 4 operating rate typed as a percent: 86.8 / 100
])
def test_numbers_typed_as_text(text, number):
    got = udfs.ni_point_to_tonne(text)  # hand: × 100
    assert got == pytest.approx(number * 100, rel=1e-12)


@pytest.mark.parametrize("value", [True, False, [[True]]])
def test_bool_names_the_argument(value):
    got = udfs.profit(13800, value)
    assert is_error(got) and got.startswith("#VALUE! cost: ")
    assert "TRUE" in got or "FALSE" in got


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!", "#value!"])
def test_excel_error_names_the_argument(error):
    got = udfs.profit(error, 13085)
    assert got == f'#VALUE! price: "{error}" is a cell error'


def test_excel_error_inside_a_range_names_the_row():
    got = udfs.profit([[13800], ["#N/A"]], 13085)
    assert got == '#VALUE! price: "#N/A" (row 2) is a cell error'


@pytest.mark.parametrize(("value", "shown"), [(NAN, "NaN"), (math.inf, "+inf"), (-math.inf, "-inf")])
def test_nan_and_inf_are_refused(value, shown):
    assert udfs.balance(value, 1) == f"#VALUE! supply: {shown} is not a finite number"
    got = udfs.balance([[1.0], [value]], 1)
    assert is_error(got) and got.startswith("#VALUE! supply: ") and "row 2" in got


def test_nan_beside_a_real_blank_reads_as_blank(same):
    # A float NaN cannot come from Excel; next to a None it is taken as one more blank.
    assert same(udfs.balance([[13.0], [None], [NAN]], 12), [[1.0], [None], [None]])  # hand: 13 − 12 = 1


def test_non_number_text_and_dates():
    assert udfs.profit("abc", 1) == '#VALUE! price: "abc" is not a number'
    import datetime as dt

    assert udfs.profit(dt.date(2019, 12, 20), 1) == "#VALUE! price: date 2019-12-20 is a date, not a number"
    # trendline x arguments accept dates as Excel serials: hand: serial(2019-12-20) = 43,819;
    # line through (43,809, 100) and (43,829, 200) → 100 + 5 × 10 = 150
    assert udfs.trendline(43809, 100, 43829, 200, dt.date(2019, 12, 20)) == pytest.approx(150, rel=1e-12)


# --------------------------------------------------------------------------- shapes


def test_one_by_one_range_returns_a_scalar():
    got = udfs.profit([[13800]], [[13085]])
    assert not isinstance(got, list) and got == pytest.approx(715)  # hand: 13,800 − 13,085


def test_column_in_column_out(same):
    # hand: 13,800 − 13,085 = 715; 14,500 − 13,085 = 1,415
    assert same(udfs.profit([[13800], [14500]], [[13085], [13085]]), [[715], [1415]])


def test_column_broadcasts_with_a_single_cell(same):
    # hand: 13,800 − 13,085 = 715; 14,500 − 13,085 = 1,415 (one cost for every row)
    assert same(udfs.profit([[13800], [14500]], [[13085]]), [[715], [1415]])
    assert same(udfs.profit([[13800], [14500]], 13085), [[715], [1415]])
    assert same(udfs.profit([13800, 14500], 13085), [[715], [1415]])  # a flat list is a column


def test_row_stays_a_row(same):
    # hand: 13,800 − 13,085 = 715; 14,500 − 13,085 = 1,415
    assert same(udfs.profit([[13800, 14500]], 13085), [[715, 1415]])
    # sma keeps the orientation of the prices: hand (1+2)/2, (2+3)/2
    assert same(udfs.sma([[1, 2, 3]], 2), [[None, 1.5, 2.5]])


def test_ranges_of_different_sizes():
    got = udfs.profit([[1], [2]], [[1], [2], [3]])
    assert got == "#VALUE! ranges differ in size: price is 2×1, cost is 3×1"


@pytest.mark.parametrize("ragged", [[[1], [2, 3]], [[1], 2], [[]]])
def test_ragged_lists(ragged):
    got = udfs.profit(ragged, 1)
    assert is_error(got) and got.startswith("#VALUE! price: ") and "ragged range" in got


def test_series_must_be_one_row_or_column():
    assert udfs.sma([[1, 2], [3, 4]], 2) == "#VALUE! prices: needs one row or one column, got 2×2"


# --------------------------------------------------------------------------- checks and choices


def test_negative_price():
    assert udfs.profit(-5, 13085) == "#VALUE! price: -5 must be > 0"
    assert udfs.profit([[13800], [-5]], 13085) == "#VALUE! price: -5 (row 2) must be > 0"


def test_fraction_and_integer_checks():
    assert udfs.hedge_lots(100, 1.5, 5) == "#VALUE! ratio: 1.5 must be a fraction from 0 to 1"
    assert udfs.sma([[1], [2]], 2.5) == "#VALUE! window: 2.5 is not a whole number"
    assert udfs.sma([[1], [2]], [[1], [2]]) == "#VALUE! window: needs a single cell, got 2×1"


def test_text_argument_with_a_wrong_choice_lists_the_choices():
    assert udfs.zn_cost_support(18000, 2000, "cost") == (
        '#VALUE! method: "cost" is not one of fixed_tc/sharing/chain')
    assert udfs.contract_spec("AU", "tick") == (
        '#VALUE! symbol: "AU" is not one of AL/ZN/NI/AO/SS/CU/PB/SN/LME_AL/LME_ZN/LME_NI')
    assert udfs.zn_cost_support(18000, 2000, 3) == "#VALUE! method: 3 is not one of fixed_tc/sharing/chain"


def test_text_choices_ignore_case_and_spaces():
    assert udfs.contract_spec(" ni ", "TICK") == 10.0  # docs/methods.md §5: SHFE Ni tick 10 CNY/t
    # hand: 18,000 − 1,500 − 2,000 = 14,500 (report Table 2, pre-2015 chain cost)
    assert udfs.zn_cost_support(18000, 1500, [["Chain"]], 2000) == pytest.approx(14500)


def test_too_many_arguments():
    assert udfs.profit(1, 2, 3) == "#VALUE! takes at most 2 arguments, got 3"


def test_core_value_error_becomes_one_short_line():
    # hedge_zones with the low margin above the high margin (report Table 5 margins swapped)
    got = udfs.hedge_zones(13085, 1615, 1415, 415)
    assert got == "#VALUE! sell_margin_low must not exceed sell_margin_high"
    assert udfs.trendline(1, 2140, 1, 2040, 2) == "#VALUE! x1 and x2 must differ"
    assert udfs.sma([[1], [None], [3]], 2) == "#VALUE! prices: blank inside the series (position 2)"


# --------------------------------------------------------------------------- every message


def _bad_calls():
    """Each function with each argument in turn replaced by bad values; the rest from the example."""
    bad_values = [True, "#N/A", "abc", -1.0, [[1], [2, 3]], [[1, 2], [3, 4], [5, 6]], NAN, "x" * 300]
    for spec in FUNCTIONS:
        base = list(spec.examples[0].args) + [a.default for a in spec.args[len(spec.examples[0].args):]]
        for i, arg in enumerate(spec.args):
            for value in bad_values:
                args = list(base)
                args[i] = value
                yield spec, arg, value, args
        yield spec, None, None, base + [1]  # one argument too many


BAD_CALLS = list(_bad_calls())


def _messages():
    for spec, _, _, args in BAD_CALLS:
        got = getattr(udfs, spec.name)(*args)
        if isinstance(got, str) and got.startswith("#"):
            yield spec, got


def test_every_message_is_one_clean_line():
    messages = list(_messages())
    assert len(messages) > len(BAD_CALLS) * 0.8  # most of these calls are errors, so the loop checked something
    for spec, got in messages:
        assert got.startswith("#VALUE! "), got
        # what wrappers._message guarantees today: the whole message is at most 150 chars
        assert len(got) <= MAX_MESSAGE + len("#VALUE! "), (spec.name, got)
        assert "\n" not in got and "Traceback" not in got and "failed:" not in got, got


def test_no_message_is_longer_than_the_cap():
    # e.g. contract_spec("NI", "x"*300) lists the nine fields and is cut at 150 chars; so is
    # import_profit with eight ranges of eight different heights ('ranges differ in size: ...')
    longest = max((got for _, got in _messages()), key=len)
    ranges = udfs.import_profit(*[[[0.1]] * n for n in range(2, 10)])  # 0.1 passes every check
    assert ranges.startswith("#VALUE! ranges differ in size: ")
    assert len(longest) <= MAX_MESSAGE, longest
    assert len(ranges) <= MAX_MESSAGE, ranges


@pytest.mark.parametrize(("spec", "arg"), [(s, a) for s in FUNCTIONS for a in s.args],
                         ids=[f"{s.name}.{a.name}" for s in FUNCTIONS for a in s.args])
def test_message_names_the_argument_and_shows_the_value(spec, arg):
    base = list(spec.examples[0].args) + [a.default for a in spec.args[len(spec.examples[0].args):]]
    index = spec.args.index(arg)
    if arg.kind in (NUMBER, SERIES, TEXT, CONTRACT):
        bad, shown = "zz9", '"zz9"'
    else:
        assert arg.kind == INTEGER
        bad, shown = 2.5, "2.5"
    base[index] = bad
    got = getattr(udfs, spec.name)(*base)
    assert got.startswith(f"#VALUE! {arg.name}: {shown} "), got
    if arg.kind == TEXT:
        assert got.endswith("is not one of " + "/".join(arg.choices))
    if arg.kind == CONTRACT:
        assert "is not one of " + "/".join(arg.choices) in got

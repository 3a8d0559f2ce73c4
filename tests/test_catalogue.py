"""The registry's own rules, and every worked example through the Excel wrapper."""

from __future__ import annotations

import inspect
import re

import pytest

import udfs
from udfs.catalogue import BY_NAME, FUNCTIONS
from udfs.registry import (ANY, BELOW_ONE, CONTRACT, DATE_OR_NUMBER, FRACTION, INTEGER, NONNEG, NUMBER, POSITIVE,
                           SERIES, TEXT)

EXCEL_TEXT_LIMIT = 255  # Excel's limit for a function or argument description (Application.MacroOptions)

# The unit words an argument's help may use, each as the regex that finds it. Every Arg.help
# must contain at least one, so the Insert Function dialog always says what unit to type.
UNIT_WORDS = {
    "CNY": r"\bCNY\b",
    "USD": r"\bUSD\b",
    "kWh": r"\bkWh\b",
    "t (tonnes: t, t/t, CNY/t, t per lot)": r"(?<![\w'’])t(?![\w'’])",
    "10kt (万吨)": r"\b10kt\b",
    "fraction": r"\bfraction\b",
    "%": r"%",
    "days": r"\bdays\b",
    "periods": r"\bperiods\b",
    "whole number": r"\bwhole number\b",
    "date": r"\bdate\b",
    "bar number": r"\bbar number\b",
    "text": r"\btext\b",
    "same unit(s)": r"\bsame units?\b",
    "any unit": r"\bany unit\b",
}

ALL_ARGS = [(spec, arg) for spec in FUNCTIONS for arg in spec.args]
ARG_IDS = [f"{spec.name}.{arg.name}" for spec, arg in ALL_ARGS]
ALL_EXAMPLES = [(spec, example) for spec in FUNCTIONS for example in spec.examples]
EXAMPLE_IDS = [f"{spec.name}-{i}" for spec in FUNCTIONS for i, _ in enumerate(spec.examples, 1)]


def units_in(text: str) -> list[str]:
    return [word for word, pattern in UNIT_WORDS.items() if re.search(pattern, text)]


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize(("spec", "example"), ALL_EXAMPLES, ids=EXAMPLE_IDS)
def test_example_result_through_the_wrapper(spec, example, same):
    got = getattr(udfs, spec.name)(*example.args)
    assert not (isinstance(got, str) and got.startswith("#VALUE!")), got
    assert same(got, example.result), f"{example.formula(spec.name)} gave {got!r}, expected {example.result!r}"


def test_the_comparison_can_fail(same):
    # The helper the example test relies on must tell results apart, or the test above proves nothing.
    assert same([[None], [1.5]], [[float("nan")], [1.5]])
    assert same(715.0, 715)
    assert not same(715.0 * (1 + 1e-8), 715)  # hand: a relative error of 1e-8 exceeds 1e-9
    assert not same(0.0, None)
    assert not same([[1.0]], 1.0)
    assert not same([[1.0], [2.0]], [[1.0]])
    assert not same("flat 平水", "contango 正向")


@pytest.mark.parametrize("spec", FUNCTIONS, ids=[s.name for s in FUNCTIONS])
def test_every_function_has_a_sourced_example(spec):
    assert spec.examples, f"{spec.name} has no example"
    for example in spec.examples:
        assert example.source.strip(), f"{example.formula(spec.name)} has no source"
        assert spec.required_count <= len(example.args) <= len(spec.args)
        for arg, value in zip(spec.args, example.args):
            if arg.kind == TEXT or (arg.kind == CONTRACT and isinstance(value, str)):
                assert value.lower() in {c.lower() for c in arg.choices}, (arg.name, value)
            elif arg.kind == CONTRACT:
                assert value > 0, (arg.name, value)


# --------------------------------------------------------------------------- registry rules


def test_function_names_are_unique():
    names = [spec.name for spec in FUNCTIONS]
    assert len(names) == len(set(names)) == len(BY_NAME)
    lowered = [n.lower() for n in names]  # Excel and VBA names are case-insensitive
    assert len(lowered) == len(set(lowered))


@pytest.mark.parametrize("spec", FUNCTIONS, ids=[s.name for s in FUNCTIONS])
def test_description_fits_excel(spec):
    assert spec.description.strip()
    assert len(spec.description) <= EXCEL_TEXT_LIMIT, len(spec.description)


@pytest.mark.parametrize("spec", FUNCTIONS, ids=[s.name for s in FUNCTIONS])
def test_argument_names_unique_and_optional_last(spec):
    names = [a.name.lower() for a in spec.args]
    assert len(names) == len(set(names)), names
    flags = [a.optional for a in spec.args]
    assert flags == sorted(flags), f"{spec.name}: an optional argument comes before a required one"


@pytest.mark.parametrize(("spec", "arg"), ALL_ARGS, ids=ARG_IDS)
def test_argument_help_fits_excel_and_names_a_unit(spec, arg):
    assert arg.help.strip()
    assert len(arg.help) <= EXCEL_TEXT_LIMIT, len(arg.help)
    assert units_in(arg.help), f"{spec.name}.{arg.name}: {arg.help!r} names none of {list(UNIT_WORDS)}"


@pytest.mark.parametrize(("spec", "arg"), ALL_ARGS, ids=ARG_IDS)
def test_argument_kind_check_and_help_agree(spec, arg):
    assert arg.kind in {NUMBER, SERIES, TEXT, INTEGER, CONTRACT}
    assert arg.check in {ANY, POSITIVE, NONNEG, FRACTION, BELOW_ONE, DATE_OR_NUMBER}
    units = units_in(arg.help)
    if arg.check in (FRACTION, BELOW_ONE):
        assert "fraction" in units, arg.help
    if arg.check == DATE_OR_NUMBER:
        assert "date" in units, arg.help
    if arg.kind == INTEGER:
        assert "whole number" in units, arg.help
    if arg.kind == TEXT:
        assert "text" in units and arg.choices, arg.help
        if arg.optional:
            assert arg.default in arg.choices
    elif arg.kind == CONTRACT:  # a symbol (text) or a lot size in tonnes
        assert {"text", "t (tonnes: t, t/t, CNY/t, t per lot)"} <= set(units) and arg.choices, arg.help
        assert not arg.optional
    elif arg.optional:
        assert isinstance(arg.default, (int, float)) and not isinstance(arg.default, bool)


def test_unit_patterns_are_not_vacuous():
    # The unit check must reject a help without a unit, and not read "don't" as tonnes.
    assert units_in("Price now") == []
    assert units_in("don't chase shorts") == []
    assert units_in("Contract size, t per lot") == ["t (tonnes: t, t/t, CNY/t, t per lot)"]
    assert "CNY" in units_in("Selling price, CNY/t")


@pytest.mark.parametrize("spec", FUNCTIONS, ids=[s.name for s in FUNCTIONS])
def test_wrapper_signature_matches_the_args(spec):
    wrapper = getattr(udfs, spec.name)
    assert wrapper.__name__ == spec.name
    assert wrapper.__doc__ == spec.description
    params = list(inspect.signature(wrapper).parameters.values())
    assert [p.name for p in params] == [a.name for a in spec.args]
    for param, arg in zip(params, spec.args):
        assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        expected = arg.default if arg.optional else inspect.Parameter.empty
        assert param.default == expected, (arg.name, param.default, expected)


def test_module_exports_exactly_the_registry():
    assert sorted(udfs.__all__) == sorted(BY_NAME)
    for name in BY_NAME:
        assert udfs.wrapper(name) is getattr(udfs, name)

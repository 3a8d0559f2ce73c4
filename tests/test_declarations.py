"""Declarations are checked when declared (issue 22 item 3): an unknown field value fails naming the function
(or the spec row, or the vocabulary row) and the field, before any wrapper, test or build reads it."""

from __future__ import annotations

import pytest

from udfs.catalogue import FUNCTIONS
from udfs.registry import Arg, Check, DeclarationError, Function, Kind, Returns


def _core(x):
    return x


def test_unknown_returns_names_the_function_and_field():
    with pytest.raises(DeclarationError, match=r"function 'zn_x': returns is 'tabel', not one of number, "
                                               r"fraction, text, table"):
        Function("zn_x", _core, "d", (Arg("x", "h"),), "zinc", returns="tabel")


def test_unknown_kind_and_check_name_the_argument():
    with pytest.raises(DeclarationError, match=r"function 'zn_x', argument 'price': kind is 'nmber'"):
        Function("zn_x", _core, "d", (Arg("price", "h", kind="nmber"),), "zinc")
    with pytest.raises(DeclarationError, match=r"function 'zn_x', argument 'price': check is 'positve'"):
        Function("zn_x", _core, "d", (Arg("price", "h", check="positve"),), "zinc")
    with pytest.raises(DeclarationError, match=r"argument 'price': choices are for kinds text and contract, not number"):
        Function("zn_x", _core, "d", (Arg("price", "h", choices=("a",)),), "zinc")


def test_declared_strings_become_enums():
    spec = Function("zn_x", _core, "d", (Arg("n", "h", kind="integer", check="positive"),), "zinc", returns="table")
    assert spec.returns is Returns.TABLE
    assert spec.args[0].kind is Kind.INTEGER and spec.args[0].check is Check.POSITIVE
    assert all(isinstance(arg.kind, Kind) and isinstance(arg.check, Check) for f in FUNCTIONS for arg in f.args)
    assert all(isinstance(f.returns, Returns) for f in FUNCTIONS)


def test_a_colour_scale_is_checked_when_declared():
    from workbooks.colours import COLOUR_SCALES
    from workbooks.formula import Ref
    from workbooks.spec import ColourScaleKind, Spill

    with pytest.raises(ValueError, match=r"spill 'zn.grid': colour_scale is 'proft', not one of profit, cost"):
        Spill("zn.grid", "网格", "grid", Ref("zn.x"), "CNY/t", colour_scale="proft")
    assert Spill("zn.grid", "网格", "grid", Ref("zn.x"), "CNY/t", colour_scale="cost").colour_scale is ColourScaleKind.COST
    # by hand: a profit is red below 0 and green above; a cost green at its low end and red at its high end
    assert COLOUR_SCALES["profit"] == ("#F8696B", "#FFFFFF", "#63BE7B", 0.0)
    assert COLOUR_SCALES["cost"][0] == "#63BE7B" and COLOUR_SCALES["cost"][2] == "#F8696B"
    assert set(COLOUR_SCALES) == set(ColourScaleKind)

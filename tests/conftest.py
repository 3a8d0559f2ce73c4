"""Shared fixtures: the registry and a result comparison that treats NaN as a blank."""

from __future__ import annotations

import math

import pytest

from udfs.catalogue import FUNCTIONS


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same(got, want, rel: float = 1e-9) -> bool:
    """Excel-level equality: lists of rows compared cell by cell, floats with a relative
    tolerance, NaN equal to None (both show as an empty cell), text exactly."""
    if isinstance(want, (list, tuple)) or isinstance(got, (list, tuple)):
        return (isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(_same(g, w, rel) for g, w in zip(got, want)))
    if _is_blank(want) or _is_blank(got):
        return _is_blank(want) and _is_blank(got)
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    return math.isclose(float(got), float(want), rel_tol=rel, abs_tol=0.0 if want else 1e-12)


@pytest.fixture
def same():
    """`same(got, want)`: cell-by-cell equality with floats at rel tol 1e-9 and NaN == None."""
    return _same


@pytest.fixture(scope="session")
def specs():
    """Every worksheet function record, in registry order."""
    return FUNCTIONS

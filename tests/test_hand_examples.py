"""The catalogue's worked examples whose results are hand calculations: each stated result equals the hand
calculation beside the tests (tests/hand.py), which the core's code does not share."""

from __future__ import annotations

import math

from tests.hand import npi_hand_cost, ss304_hand_cost
from udfs.catalogue import FUNCTIONS

BY_NAME = {spec.name: spec for spec in FUNCTIONS}


def test_the_npi_cost_example_is_the_hand_cost():
    (example,) = BY_NAME["ni_npi_cost"].examples
    assert example.args == (88, 7.0)
    assert math.isclose(example.result, npi_hand_cost(88, 7.0), rel_tol=1e-12)
    assert round(example.result, 2) == 1299.63  # docs/methods.md §3.2, SMM's "> 1,300"


def test_the_npi_grid_example_is_the_hand_cost_at_each_point():
    (example,) = BY_NAME["ni_npi_cost_grid"].examples
    for row in example.result[1:]:
        cif, *costs = row
        for fx, cost in zip(example.result[0][1:], costs):
            assert math.isclose(cost, npi_hand_cost(cif, fx), rel_tol=1e-12), (cif, fx)


def test_the_ss304_examples_are_the_hand_costs():
    for example in BY_NAME["ss304_cost"].examples:
        assert math.isclose(example.result, ss304_hand_cost(*example.args), rel_tol=1e-12), example.args

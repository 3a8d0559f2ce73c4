"""The registry: every worksheet function, in the order the reference lists them."""

from __future__ import annotations

from ..registry import Function
from . import account, aluminium, backtest, basis, carry, hedge, market, nickel, scenarios, stainless, technical, zinc

_GROUPS = (market, aluminium, zinc, nickel, stainless, carry, hedge, basis, account, technical, scenarios, backtest)

FUNCTIONS: tuple[Function, ...] = tuple(spec for group in _GROUPS for spec in group.SPECS)
BY_NAME: dict[str, Function] = {spec.name: spec for spec in FUNCTIONS}

if len(BY_NAME) != len(FUNCTIONS):  # pragma: no cover - caught at import in every test
    raise RuntimeError("two worksheet functions share a name")

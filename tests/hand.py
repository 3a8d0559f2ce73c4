"""Hand calculations the catalogue's worked examples are checked against (tests/test_hand_examples.py).

Each repeats a formula of docs/methods.md step by step with the defaults written out, apart from the core's
code (udfs/core/), so an example's result and the core can disagree.
"""

from __future__ import annotations


def npi_hand_cost(cif: float, fx: float) -> float:
    """The reference NPI cost, CNY per nickel point, worked by hand with ni_npi_cost's defaults.

    docs/methods.md §3.2: W = 0.01 / (0.015 × 0.65 × 0.92) wmt per point; ore W × CIF × FX × 1.13,
    power W × 0.65 × 700 kWh × 0.5 CNY/kWh, reductant 120, other 150.
    """
    wet = 0.01 / (0.015 * 0.65 * 0.92)
    return wet * cif * fx * 1.13 + wet * 0.65 * 700 * 0.5 + 120 + 150


def ss304_hand_cost(route: str, nickel_unit_price: float, ferrochrome_price: float, iron_price: float,
                    conversion_cost: float) -> float:
    """The reference 304 cost, CNY/t, worked by hand with the defaults.

    Ni charged 0.08 / 0.97 t; ferrochrome 0.18 / (0.95 × 0.5) t, its non-chromium half counted as iron;
    iron units (pure_nickel only) 1 − 0.08 − 0.18 − ferrochrome × 0.5.
    """
    nickel_t = 0.08 / 0.97
    ferrochrome_t = 0.18 / (0.95 * 0.5)
    if route == "scrap":
        return nickel_unit_price / 0.97 + conversion_cost
    if route == "pure_nickel":
        iron_t = 1 - 0.08 - 0.18 - ferrochrome_t * 0.5
        return nickel_t * nickel_unit_price + ferrochrome_t * ferrochrome_price + iron_t * iron_price + conversion_cost
    return nickel_t * 100 * nickel_unit_price + ferrochrome_t * ferrochrome_price + conversion_cost

"""Nickel: NPI (RKEF) cost per nickel point and unit conversions (docs/methods.md §3)."""

from __future__ import annotations

import numpy as np

from .market import VAT

POINT_TONNES = 0.01  # one nickel point = 1 % Ni in a tonne of NPI = 0.01 t Ni

# RKEF defaults (docs/methods.md, "NPI cost"): with these, 1.5 % ore at 88 USD/wmt and 7.0 CNY/USD costs ≈ 1,300.
ORE_GRADE = 0.015  # Ni in the ore, fraction
MOISTURE = 0.35  # water in the wet ore, fraction
RECOVERY = 0.92  # nickel recovered into the NPI, fraction
POWER_PRICE = 0.5  # CNY/kWh
KWH_PER_DRY_T = 700.0  # kWh per dry tonne of ore
REDUCTANT_PER_POINT = 120.0  # CNY per nickel point (semi-coke, coke)
OTHER_PER_POINT = 150.0  # CNY per nickel point (labour, depreciation, other)


def ni_wet_ore_per_point(ore_grade, moisture, recovery):
    """Wet tonnes of ore per nickel point: 0.01 / (grade × (1 − moisture) × recovery)."""
    return POINT_TONNES / (np.multiply(np.multiply(ore_grade, 1.0 - np.asarray(moisture, dtype=float)),
                                       recovery))


def ni_npi_cost(ore_cif_usd, fx, ore_grade=ORE_GRADE, moisture=MOISTURE, recovery=RECOVERY,
                power_price=POWER_PRICE, kwh_per_dry_t=KWH_PER_DRY_T, reductant_per_point=REDUCTANT_PER_POINT,
                other_per_point=OTHER_PER_POINT, import_vat=VAT):
    """RKEF NPI cost in CNY per nickel point: ore (VAT-paid) + power + reductant + other."""
    wet = ni_wet_ore_per_point(ore_grade, moisture, recovery)
    ore = wet * ore_cif_usd * np.asarray(fx) * (1.0 + np.asarray(import_vat))
    power = wet * (1.0 - np.asarray(moisture)) * kwh_per_dry_t * np.asarray(power_price)
    return ore + power + reductant_per_point + other_per_point


def ni_point_to_tonne(price_per_point):
    """CNY per nickel point → CNY per tonne of contained nickel (× 100)."""
    return np.multiply(price_per_point, 1.0 / POINT_TONNES)


def ni_tonne_to_point(price_per_tonne):
    """CNY per tonne of contained nickel → CNY per nickel point (÷ 100)."""
    return np.multiply(price_per_tonne, POINT_TONNES)

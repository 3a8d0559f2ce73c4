"""Primary aluminium smelter cost (the Baichuan/SMM component model)."""

from __future__ import annotations

import numpy as np

# Unit consumptions per tonne of aluminium, docs/methods.md §1.1 (defaults, not laws).
ALUMINA_PER_T = 1.93  # t alumina
KWH_PER_T = 13500.0  # kWh (AC)
ANODE_PER_T = 0.45  # t net prebaked anode
FLUORIDE_COST = 200.0  # CNY/t Al


def al_material_cost(alumina_price, power_price, anode_price, alumina_per_t=ALUMINA_PER_T,
                     kwh_per_t=KWH_PER_T, anode_per_t=ANODE_PER_T, fluoride_cost=FLUORIDE_COST):
    """Alumina + power + anode + fluoride, CNY per tonne of aluminium."""
    return (np.multiply(alumina_per_t, alumina_price) + np.multiply(kwh_per_t, power_price)
            + np.multiply(anode_per_t, anode_price) + fluoride_cost)


def al_full_cost(alumina_price, power_price, anode_price, other_cost, alumina_per_t=ALUMINA_PER_T,
                 kwh_per_t=KWH_PER_T, anode_per_t=ANODE_PER_T, fluoride_cost=FLUORIDE_COST):
    """Full cost per tonne: materials and power plus other costs and taxes."""
    return al_material_cost(alumina_price, power_price, anode_price, alumina_per_t, kwh_per_t,
                            anode_per_t, fluoride_cost) + other_cost


def al_backsolve_other(full_cost, alumina_price, power_price, anode_price, alumina_per_t=ALUMINA_PER_T,
                       kwh_per_t=KWH_PER_T, anode_per_t=ANODE_PER_T, fluoride_cost=FLUORIDE_COST):
    """The "other + taxes" that makes the components add up to a published full cost."""
    return np.subtract(full_cost, al_material_cost(alumina_price, power_price, anode_price,
                                                   alumina_per_t, kwh_per_t, anode_per_t, fluoride_cost))


def al_cost_breakdown(alumina_price, power_price, anode_price, other_cost, alumina_per_t=ALUMINA_PER_T,
                      kwh_per_t=KWH_PER_T, anode_per_t=ANODE_PER_T, fluoride_cost=FLUORIDE_COST):
    """Rows of (alumina, power, anode, fluoride, other) cost per tonne of aluminium."""
    parts = np.broadcast_arrays(
        np.multiply(alumina_per_t, alumina_price), np.multiply(kwh_per_t, power_price),
        np.multiply(anode_per_t, anode_price), np.asarray(fluoride_cost, dtype=float),
        np.asarray(other_cost, dtype=float))
    return np.stack([p.astype(float) for p in parts], axis=-1).reshape(-1, 5)


# Alumina refinery unit consumptions per tonne of alumina (docs/cost-models.md says where each comes from).
BAUXITE_PER_T = 2.4  # t bauxite (domestic ore: 2.3–2.5)
CAUSTIC_PER_T = 0.12  # t caustic soda, 100 % NaOH basis
LIME_PER_T = 0.2  # t lime
FUEL_PER_T = 0.5  # t thermal coal (or m³ of gas, with a gas price)
ALUMINA_KWH_PER_T = 300.0  # kWh


def alumina_cost(bauxite_price, caustic_price, lime_price, fuel_price, power_price, labour_cost, depreciation,
                 other_cost, bauxite_per_t=BAUXITE_PER_T, caustic_per_t=CAUSTIC_PER_T, lime_per_t=LIME_PER_T,
                 fuel_per_t=FUEL_PER_T, alumina_kwh_per_t=ALUMINA_KWH_PER_T):
    """Alumina refinery cost, CNY per tonne of alumina: Σ unit consumption × price + labour + depreciation + other."""
    materials = (np.multiply(bauxite_per_t, bauxite_price) + np.multiply(caustic_per_t, caustic_price)
                 + np.multiply(lime_per_t, lime_price) + np.multiply(fuel_per_t, fuel_price)
                 + np.multiply(alumina_kwh_per_t, power_price))
    return materials + labour_cost + depreciation + other_cost

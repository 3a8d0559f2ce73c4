"""Aluminium worksheet functions: smelter full cost, the back-solved other cost, the cost breakdown and the alumina
cost model (udfs/core/aluminium.py).
"""

from __future__ import annotations

from ..core import aluminium as al
from ..registry import NONNEG, POSITIVE, Arg, Example, Function

GROUP = "aluminium"

_CONSUMPTION = (
    Arg("alumina_per_t", f"Alumina used per tonne of aluminium, t/t (default {al.ALUMINA_PER_T:g})", check=POSITIVE,
        default=al.ALUMINA_PER_T),
    Arg("kwh_per_t", f"Power used per tonne of aluminium, kWh/t (default {al.KWH_PER_T:,.0f})", check=POSITIVE,
        default=al.KWH_PER_T),
    Arg("anode_per_t", f"Net prebaked anode per tonne of aluminium, t/t (default {al.ANODE_PER_T:g})", check=NONNEG,
        default=al.ANODE_PER_T),
    Arg("fluoride_cost", f"Aluminium fluoride and other bath salts, CNY/t of aluminium (default "
                         f"{al.FLUORIDE_COST:g})", check=NONNEG, default=al.FLUORIDE_COST),
)
_PRICES = (
    Arg("alumina_price", "Alumina price or full cost, CNY/t of alumina", check=POSITIVE),
    Arg("power_price", "Power price, CNY/kWh (tax included)", check=POSITIVE),
    Arg("anode_price", "Prebaked anode price, CNY/t of anode", check=NONNEG),
)

_OTHER = Arg("other_cost", "Labour, depreciation, finance, repairs and taxes, CNY/t of aluminium", check=NONNEG)

SPECS = (
    Function(
        "al_full_cost", al.al_full_cost,
        "Primary aluminium full cost, CNY/t: alumina, power and anode by unit consumption × price, "
        "plus fluoride and other costs and taxes.",
        _PRICES + (_OTHER,) + _CONSUMPTION,
        GROUP,
        (Example((2474, 0.3092, 3000, 2400), 1.93 * 2474 + 13500 * 0.3092 + 0.45 * 3000 + 200 + 2400,
                 "hand: 4,774.82 + 4,174.20 + 1,350 + 200 + 2,400 = 12,899.02"),),
    ),
    Function(
        "al_backsolve_other", al.al_backsolve_other,
        "The 'other costs and taxes' that reconcile the components with a published full cost, CNY/t.",
        (Arg("full_cost", "Published full cost of aluminium, CNY/t", check=POSITIVE),) + _PRICES + _CONSUMPTION,
        GROUP,
        (Example((13085, 2474, 0.3092, 3000), 13085 - (1.93 * 2474 + 13500 * 0.3092 + 0.45 * 3000 + 200),
                 "report Table 4: 13,085 − (4,774.82 + 4,174.20 + 1,350 + 200) = 2,585.98 "
                 "(anode 3,000 assumed, docs/methods.md §1.1)"),),
    ),
    Function(
        "al_cost_breakdown", al.al_cost_breakdown,
        "Aluminium cost components, CNY/t: one row of alumina, power, anode, fluoride and other "
        "(spills 5 cells), for a cost-structure table or chart.",
        _PRICES + (_OTHER,) + _CONSUMPTION,
        GROUP,
        (Example((2474, 0.3092, 3000, 2585.98), [[1.93 * 2474, 13500 * 0.3092, 0.45 * 3000, 200, 2585.98]],
                 "hand: 1.93 × 2,474 = 4,774.82; 13,500 × 0.3092 = 4,174.20; 0.45 × 3,000 = 1,350; 200; "
                 "2,585.98 (back-solved, report Table 4)"),),
        returns="table",
    ),
    Function(
        "alumina_cost", al.alumina_cost,
        "Alumina refinery cost, CNY/t of alumina: bauxite, caustic soda, lime, fuel and power by unit consumption "
        "× price, plus labour, depreciation and other.",
        (Arg("bauxite_price", "Bauxite price delivered, CNY/t of bauxite", check=NONNEG),
         Arg("caustic_price", "Caustic soda price, CNY/t on a 100 % NaOH basis", check=NONNEG),
         Arg("lime_price", "Lime price, CNY/t of lime", check=NONNEG),
         Arg("fuel_price", "Thermal coal price, CNY/t (or gas, CNY per m³, with fuel_per_t in m³)", check=NONNEG),
         Arg("power_price", "Power price, CNY/kWh (tax included)", check=NONNEG),
         Arg("labour_cost", "Labour, CNY/t of alumina", check=NONNEG),
         Arg("depreciation", "Depreciation, CNY/t of alumina", check=NONNEG),
         Arg("other_cost", "Other costs (repairs, water, finance, taxes), CNY/t of alumina", check=NONNEG),
         Arg("bauxite_per_t", f"Bauxite per tonne of alumina, t/t (default {al.BAUXITE_PER_T:g})", check=NONNEG,
             default=al.BAUXITE_PER_T),
         Arg("caustic_per_t", f"Caustic soda (100 % NaOH) per tonne of alumina, t/t (default {al.CAUSTIC_PER_T:g})", check=NONNEG,
             default=al.CAUSTIC_PER_T),
         Arg("lime_per_t", f"Lime per tonne of alumina, t/t (default {al.LIME_PER_T:g})", check=NONNEG, default=al.LIME_PER_T),
         Arg("fuel_per_t", f"Coal per tonne of alumina, t/t (or gas, m³ per t; default {al.FUEL_PER_T:g} t coal)", check=NONNEG,
             default=al.FUEL_PER_T),
         Arg("alumina_kwh_per_t", f"Power per tonne of alumina, kWh/t (default {al.ALUMINA_KWH_PER_T:g})", check=NONNEG,
             default=al.ALUMINA_KWH_PER_T)),
        GROUP,
        (Example((250, 3400, 450, 600, 0.5, 40, 450, 300),
                 2.4 * 250 + 0.12 * 3400 + 0.2 * 450 + 0.5 * 600 + 300 * 0.5 + 40 + 450 + 300,
                 "hand: 2.4 × 250 = 600; 0.12 × 3,400 = 408; 0.2 × 450 = 90; 0.5 × 600 = 300; 300 × 0.5 = 150; "
                 "+ 40 + 450 + 300 = 2,338 (defaults of docs/cost-models.md)"),),
        notes="Defaults and their sources: docs/cost-models.md. Use the result as al_full_cost's alumina_price to "
              "cost aluminium from the refinery up; 1.93 t of alumina go into a tonne of aluminium.",
    ),
)

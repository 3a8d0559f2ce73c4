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
)

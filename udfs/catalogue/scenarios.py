"""Scenario-grid worksheet functions: aluminium and zinc profit grids and the NPI cost grid over two drivers
(udfs/core/scenarios.py).
"""

from __future__ import annotations

from ..core import scenarios, zinc
from ..registry import BELOW_ONE, NONNEG, POSITIVE, SERIES, TEXT, Arg, Example, Function
from . import aluminium as al_catalogue
from . import nickel as ni_catalogue

GROUP = "scenarios"


def _spec(module, name):
    return next(spec for spec in module.SPECS if spec.name == name)


# The one-cell functions' own arguments, reused so units, checks and defaults cannot drift.
_AL_FULL_COST = _spec(al_catalogue, "al_full_cost")  # alumina, power, anode, other, consumptions…
_NI_NPI_COST = _spec(ni_catalogue, "ni_npi_cost")  # ore CIF, fx, then the optional parameters

_GRID_NOTE = (
    "Layout: (rows + 1) × (columns + 1). The top-left cell is a bilingual 'rows \\ columns' label, the first "
    "row holds the column drivers, the first column the row drivers; each body cell is the one-cell function "
    "at that pair of drivers, computed in one vectorised call. The drivers may be given as a row or a column; "
    "blank cells after the last driver are ignored, a blank before it is an error. Every other argument is a "
    "single cell.")


SPECS = (
    Function(
        "al_profit_grid", scenarios.al_profit_grid,
        "Aluminium smelter profit grid, CNY/t: price − al_full_cost over alumina prices (rows) × power prices "
        "(columns). Spills a table with a header row and column of the drivers.",
        (Arg("price", "Aluminium price, CNY/t", check=POSITIVE),
         Arg("alumina_prices", "Alumina prices for the rows, CNY/t of alumina (a row or column)", kind=SERIES,
             check=POSITIVE),
         Arg("power_prices", "Power prices for the columns, CNY/kWh (a row or column)", kind=SERIES,
             check=POSITIVE))
        + _AL_FULL_COST.args[2:],  # anode_price, other_cost, alumina_per_t, kwh_per_t, anode_per_t, fluoride
        GROUP,
        (Example((14000, [[2400], [2500]], [[0.30, 0.32]], 3000, 2400),
                 [[scenarios.AL_GRID_LABEL, 0.30, 0.32], [2400, 1368, 1098], [2500, 1175, 905]],
                 "hand: cost = 1.93 × alumina + 13,500 × power + 0.45 × 3,000 + 200 + 2,400; "
                 "14,000 − (4,632 + 4,050 + 3,950) = 1,368; − (4,632 + 4,320 + 3,950) = 1,098; "
                 "− (4,825 + 4,050 + 3,950) = 1,175; − (4,825 + 4,320 + 3,950) = 905"),
         Example((13800, 2474, 0.3092, 3000, 2585.98), [[scenarios.AL_GRID_LABEL, 0.3092], [2474, 715]],
                 "report Table 4: spot 13,800 over the 13,085 full cost (other back-solved to 2,585.98 with "
                 "anode 3,000) → 715, the report's '> 600'")),
        returns="table",
        notes=_GRID_NOTE,
    ),
    Function(
        "zn_profit_grid", scenarios.zn_profit_grid,
        "Zinc margin grid, CNY/t: smelter (TC − processing + by-product) or mine (price − TC − mine cost) over "
        "zinc prices (rows) × TCs (columns); the TC is the effective TC unless share > 0.",
        (Arg("zinc_prices", "Zinc prices for the rows, CNY/t (a row or column)", kind=SERIES, check=POSITIVE),
         Arg("tcs", "Treatment charges for the columns, CNY per metal tonne (a row or column)", kind=SERIES,
             check=NONNEG),
         Arg("mine_cost", "Mining, milling and freight cost, CNY per metal tonne (used by side mine)",
             check=NONNEG),
         Arg("processing_cost", "Smelting cost excluding concentrate, CNY/t of zinc (used by side smelter)",
             check=NONNEG),
         Arg("byproduct_credit", "Acid and by-product income, CNY/t of zinc (side smelter; default 0)",
             check=NONNEG, default=0.0),
         Arg("side", "smelter (default) or mine; text", kind=TEXT, default=scenarios.SMELTER,
             choices=scenarios.ZN_SIDES),
         Arg("share", "Smelter's share of the price above base_price, fraction (default 0: TC used as is)",
             check=BELOW_ONE, default=0.0),
         Arg("base_price", f"Price-sharing base price, CNY/t (used when share > 0; default {zinc.SHARING_BASE:,.0f})",
             check=POSITIVE, default=zinc.SHARING_BASE)),
        GROUP,
        (Example(([[17000], [18000]], [[5000, 6100]], 9900, 4000, 0, "mine"),
                 [[scenarios.ZN_GRID_LABEL, 5000, 6100], [17000, 2100, 1000], [18000, 3100, 2000]],
                 "hand: price − TC − 9,900: 17,000 − 5,000 − 9,900 = 2,100; 17,000 − 6,100 − 9,900 "
                 "= 1,000; 18,000 − 5,000 − 9,900 = 3,100; 18,000 − 6,100 − 9,900 = 2,000 "
                 "(docs/methods.md §2.4)"),
         Example(([[17000], [18000]], [[5000, 6100]], 9900, 4000, 300, "smelter", 0.2),
                 [[scenarios.ZN_GRID_LABEL, 5000, 6100], [17000, 1700, 2800], [18000, 1900, 3000]],
                 "hand: effective TC = TC + 0.2 × (price − 15,000), i.e. +400 at 17,000 and +600 at 18,000; "
                 "− 4,000 + 300: 5,400 − 3,700 = 1,700; 6,500 − 3,700 = 2,800; 5,600 − 3,700 = 1,900; "
                 "6,700 − 3,700 = 3,000 (zn_smelter_profit's example)")),
        returns="table",
        notes=_GRID_NOTE + " The column TC is taken as the effective TC (share 0, the default), so the smelter "
              "margin is the same in every row; with share > 0 each cell uses zn_effective_tc(TC, zinc price, "
              "base_price, share) on both sides. side smelter ignores mine_cost; side mine ignores "
              "processing_cost and byproduct_credit.",
    ),
    Function(
        "ni_npi_cost_grid", scenarios.ni_npi_cost_grid,
        "NPI (RKEF) cost grid, CNY per nickel point: ni_npi_cost over ore CIF prices (rows) × CNY/USD rates "
        "(columns); optional arguments as ni_npi_cost.",
        (Arg("ore_cifs", "Laterite ore prices CIF China for the rows, USD per wet tonne (a row or column)",
             kind=SERIES, check=POSITIVE),
         Arg("fxs", "Exchange rates for the columns, CNY per USD (a row or column)", kind=SERIES,
             check=POSITIVE))
        + _NI_NPI_COST.args[2:],  # ore_grade … import_vat, with ni_npi_cost's defaults
        GROUP,
        (Example(([[60], [88]], [[7.0, 7.1]]),
                 [[scenarios.NI_GRID_LABEL, 7.0, 7.1],
                  [60, 1052.7201783723522, 1060.278706800446],  # tests/hand.py npi_hand_cost(cif, fx)
                  [88, 1299.6321070234112, 1310.7179487179485]],
                 "hand (docs/methods.md §3.2): W = 1.11483 wmt/point; W × CIF × FX × 1.13 + 253.62 power + 270: "
                 "1,052.72 / 1,060.28 at 60 USD; 1,299.63 / 1,310.72 at 88 USD (SMM's '> 1,300')"),),
        returns="table",
        notes=_GRID_NOTE,
    ),
)

"""Zinc worksheet functions: the effective treatment charge, smelter and mine profit, the mines' cost support, the
mine cost model and the imported TC (udfs/core/zinc.py).
"""

from __future__ import annotations

from ..core import zinc
from ..registry import BELOW_ONE, FRACTION, NONNEG, POSITIVE, TEXT, Arg, Example, Function

GROUP = "zinc"

SPECS = (
    Function(
        "zn_effective_tc", zinc.zn_effective_tc,
        "Domestic zinc TC after price sharing: TC + share × (zinc price − base price), CNY per metal tonne.",
        (Arg("tc", "Base treatment charge, CNY per metal tonne", check=NONNEG),
         Arg("zinc_price", "Zinc price (SMM 1# or SHFE), CNY/t", check=POSITIVE),
         Arg("base_price", f"Sharing base price, CNY/t (default {zinc.SHARING_BASE:,.0f})", check=POSITIVE,
             default=zinc.SHARING_BASE),
         Arg("share", f"Smelter's share of the price above base, fraction (default {zinc.SHARING_SHARE:g})", check=BELOW_ONE,
             default=zinc.SHARING_SHARE)),
        GROUP,
        (Example((6100, 18000), 6700, "hand: 6,100 + 0.2 × (18,000 − 15,000) = 6,700"),),
    ),
    Function(
        "zn_smelter_profit", zinc.zn_smelter_profit,
        "Zinc smelter margin: effective TC − processing cost + by-product credit, CNY/t of zinc.",
        (Arg("effective_tc", "Effective treatment charge, CNY per metal tonne", check=NONNEG),
         Arg("processing_cost", "Smelting cost excluding concentrate, CNY/t of zinc", check=NONNEG),
         Arg("byproduct_credit", "Sulphuric acid and by-product income, CNY/t of zinc (default 0)",
             check=NONNEG, default=0.0)),
        GROUP,
        (Example((6700, 4000, 300), 3000, "hand: 6,700 − 4,000 + 300 = 3,000"),),
    ),
    Function(
        "zn_mine_profit", zinc.zn_mine_profit,
        "Zinc mine margin: zinc price − TC − mine cost, CNY per metal tonne.",
        (Arg("zinc_price", "Zinc price, CNY/t", check=POSITIVE),
         Arg("tc", "Treatment charge paid to the smelter, CNY per metal tonne", check=NONNEG),
         Arg("mine_cost", "Mining, milling and freight cost, CNY per metal tonne", check=NONNEG)),
        GROUP,
        (Example((18000, 6100, 9900), 2000,
                 "hand: 18,000 − 6,100 − 9,900 = 2,000 (docs/methods.md §2.4: mine cost 9,900)"),),
    ),
    Function(
        "zn_cost_support", zinc.zn_cost_support,
        "Zinc price where domestic mines break even, CNY/t: fixed_tc P − mine profit; sharing "
        "P − mine profit / (1 − share); chain P − mine profit − smelter profit.",
        (Arg("zinc_price", "Zinc price today, CNY/t", check=POSITIVE),
         Arg("mine_profit", "Mine margin today, CNY per metal tonne"),
         Arg("method", "fixed_tc (report), sharing or chain; text", kind=TEXT, default="fixed_tc",
             choices=zinc.COST_SUPPORT_METHODS),
         Arg("smelter_profit", "Smelter margin today, CNY/t (used by chain; default 0)", default=0.0),
         Arg("share", f"Smelter's share of price moves, fraction (used by sharing; default {zinc.SHARING_SHARE:g})",
             check=BELOW_ONE, default=zinc.SHARING_SHARE)),
        GROUP,
        (Example((18000, 2000), 16000, "report Table 2: 'deducting 2,000' puts support at 16,000"),
         Example((18000, 2000, "sharing"), 15500, "hand: 18,000 − 2,000 / 0.8 = 15,500 (docs/methods.md §2.4 B)"),
         Example((18000, 1500, "chain", 2000), 14500,
                 "hand: 18,000 − 1,500 − 2,000 = 14,500, the report's pre-2015 chain cost")),
    ),
    Function(
        "zn_mine_cost", zinc.zn_mine_cost,
        "Zinc mine cost per metal tonne, CNY: cost per tonne of ore / (head grade × recovery).",
        (Arg("ore_cost", "Mining, milling and freight cost, CNY per tonne of ore", check=NONNEG),
         Arg("head_grade", "Zinc in the ore mined, fraction (0.045 = 4.5 %)", check=FRACTION),
         Arg("recovery", "Share of that zinc recovered into concentrate, fraction", check=FRACTION)),
        GROUP,
        (Example((400, 0.045, 0.9), 400 / (0.045 * 0.9),
                 "hand: 400 / (0.045 × 0.9) = 9,876.54, near the 9,900 the report implies (18,000 − 6,100 − 2,000)"),),
    ),
    Function(
        "zn_import_tc", zinc.zn_import_tc,
        "Imported zinc concentrate TC in CNY per payable metal tonne: TC (USD per dry tonne) × FX / (grade × "
        "payable share).",
        (Arg("tc_usd_per_dmt", "Imported TC, USD per dry metric tonne of concentrate", check=NONNEG),
         Arg("fx", "Exchange rate, CNY per USD", check=POSITIVE),
         Arg("concentrate_grade", f"Zinc in the concentrate, fraction (default {zinc.CONCENTRATE_GRADE:g}: the Zn50 "
                                  "basis)", check=FRACTION, default=zinc.CONCENTRATE_GRADE),
         Arg("payable", f"Share of the contained zinc paid for, fraction (default {zinc.PAYABLE:g})", check=FRACTION,
             default=zinc.PAYABLE)),
        GROUP,
        (Example((310, 7.0), 310 * 7.0 / (0.5 * 0.85),
                 "hand: Dec-2019 spot TC 310 USD/dmt (Reuters 2019-12-24): 310 × 7.0 / (0.5 × 0.85) = 5,105.88"),),
        notes="Per dry tonne of Zn50 concentrate the smelter is paid for 0.5 × 0.85 = 0.425 t of zinc, so the TC "
              "per payable tonne is the dry-tonne TC / 0.425. Free metal (recovery above the payable share), "
              "price participation, penalties and import VAT are not included.",
    ),
)

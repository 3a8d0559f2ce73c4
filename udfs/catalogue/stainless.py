"""Stainless steel worksheet function: the cost of 304 stainless by nickel route (udfs/core/stainless.py)."""

from __future__ import annotations

from ..core import stainless as ss
from ..registry import FRACTION, NONNEG, TEXT, Arg, Example, Function

GROUP = "stainless"


_ROUTE_NOTE = (
    "Routes, per tonne of 304: purchased_npi and integrated_npi pay the nickel at nickel_unit_price CNY per nickel "
    "point (the market NPI price, or the mill's own RKEF cost, e.g. ni_npi_cost), ni_content / ni_recovery × 100 "
    "points; the iron in NPI is not paid for and covers the iron units, so iron_price is not used. pure_nickel pays "
    "nickel_unit_price CNY per tonne of nickel (cathode) and buys the iron units (1 − Ni − Cr, less the "
    "non-chromium part of the ferrochrome) as low-nickel pig iron at iron_price. Chromium: high-carbon "
    "ferrochrome, cr_content / (cr_recovery × ferrochrome_cr) t at ferrochrome_price. scrap: the charge is 304 "
    "scrap, which carries the alloy already: nickel_unit_price is the scrap price, 1 / ni_recovery t of it; "
    "ferrochrome_price and iron_price are not used. Add conversion_cost (melting, AOD refining, hot and cold "
    "rolling, manganese, labour); an integrated mill hot-charges its own NPI, so its conversion cost is lower. "
    "Margin per route: profit(304 price, ss304_cost(...)). Defaults and sources: docs/cost-models.md.")

SPECS = (
    Function(
        "ss304_cost", ss.ss304_cost,
        "Stainless 304 cost by route, CNY/t: purchased_npi, integrated_npi, pure_nickel or scrap; nickel and "
        "ferrochrome units from alloy contents and recoveries, plus iron units and the conversion cost.",
        (Arg("route", "purchased_npi, integrated_npi, pure_nickel or scrap; text", kind=TEXT, choices=ss.ROUTES),
         Arg("nickel_unit_price", "NPI routes: CNY per nickel point; pure_nickel: CNY/t of nickel; scrap: CNY/t "
                                  "of 304 scrap", check=NONNEG),
         Arg("ferrochrome_price", "High-carbon ferrochrome, CNY/t on a 50 % Cr basis (not used by scrap)",
             check=NONNEG),
         Arg("iron_price", "Low-nickel pig iron or molten iron, CNY/t (used by pure_nickel only)", check=NONNEG),
         Arg("conversion_cost", "Melting, refining, rolling, other alloys and labour, CNY/t of 304", check=NONNEG),
         Arg("ni_content", f"Nickel in 304, fraction (default {ss.NI_CONTENT:g})", check=FRACTION, default=ss.NI_CONTENT),
         Arg("cr_content", f"Chromium in 304, fraction (default {ss.CR_CONTENT:g})", check=FRACTION, default=ss.CR_CONTENT),
         Arg("ferrochrome_cr", f"Chromium in the ferrochrome, fraction (default {ss.FERROCHROME_CR:g}, the price basis)",
             check=FRACTION, default=ss.FERROCHROME_CR),
         Arg("ni_recovery", f"Nickel (and scrap metal) yield into 304, fraction (default {ss.NI_RECOVERY:g})", check=FRACTION,
             default=ss.NI_RECOVERY),
         Arg("cr_recovery", f"Chromium yield into 304, fraction (default {ss.CR_RECOVERY:g})", check=FRACTION,
             default=ss.CR_RECOVERY)),
        GROUP,
        # results: tests/hand.py ss304_hand_cost with the same arguments (tests/test_hand_examples.py)
        (Example(("purchased_npi", 1380, 8900, 2530, 2600), 17354.07487791644,
                 "hand: 0.08 / 0.97 × 100 × 1,380 = 11,381.44; 0.18 / 0.475 × 8,900 = 3,372.63; + 2,600 = 17,354.07; "
                 "Mysteel's purchased-NPI route was 17,199 at NPI 1,380 and FeCr 8,900 (2023-01-28)"),
         Example(("pure_nickel", 110000, 6300, 2530, 2600), 15452.364948453609,
                 "hand: 0.08 / 0.97 × 110,000 = 9,072.16; 0.37895 × 6,300 = 2,387.37; iron 1 − 0.26 − 0.18947 = "
                 "0.55053 t × 2,530 = 1,392.83; + 2,600 = 15,452.36"),
         Example(("scrap", 10000, 6300, 2530, 2300), 10000 / 0.97 + 2300,
                 "hand: 10,000 / 0.97 = 10,309.28; + 2,300 = 12,609.28")),
        notes=_ROUTE_NOTE,
    ),
)

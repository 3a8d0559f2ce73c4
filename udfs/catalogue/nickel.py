"""Nickel worksheet functions: the NPI production cost and the conversion between CNY per nickel point and per
tonne (udfs/core/nickel.py).
"""

from __future__ import annotations

from ..core import market, nickel
from ..registry import BELOW_ONE, FRACTION, NONNEG, POSITIVE, Arg, Example, Function

GROUP = "nickel"


SPECS = (
    Function(
        "ni_npi_cost", nickel.ni_npi_cost,
        "RKEF nickel pig iron cost, CNY per nickel point: ore (with import VAT) + power + reductant + other.",
        (Arg("ore_cif_usd", "Laterite ore price CIF China, USD per wet tonne", check=POSITIVE),
         Arg("fx", "Exchange rate, CNY per USD", check=POSITIVE),
         Arg("ore_grade", f"Ni content of the ore, fraction (default {nickel.ORE_GRADE:g} = "
                          f"{nickel.ORE_GRADE * 100:g} %)", check=FRACTION, default=nickel.ORE_GRADE),
         Arg("moisture", f"Ore moisture, fraction (default {nickel.MOISTURE:g})", check=BELOW_ONE,
             default=nickel.MOISTURE),
         Arg("recovery", f"Nickel recovery, fraction (default {nickel.RECOVERY:g})", check=FRACTION,
             default=nickel.RECOVERY),
         Arg("power_price", f"Power price, CNY/kWh (default {nickel.POWER_PRICE:g})", check=NONNEG,
             default=nickel.POWER_PRICE),
         Arg("kwh_per_dry_t", f"Power per dry tonne of ore, kWh (default {nickel.KWH_PER_DRY_T:g})", check=NONNEG,
             default=nickel.KWH_PER_DRY_T),
         Arg("reductant_per_point", f"Semi-coke/coke, CNY per nickel point (default {nickel.REDUCTANT_PER_POINT:g})",
             check=NONNEG, default=nickel.REDUCTANT_PER_POINT),
         Arg("other_per_point", f"Labour, depreciation, other, CNY per nickel point (default "
                                f"{nickel.OTHER_PER_POINT:g})", check=NONNEG, default=nickel.OTHER_PER_POINT),
         Arg("import_vat", f"Import VAT on ore, fraction (default {market.VAT:g})", check=FRACTION,
             default=market.VAT)),
        GROUP,
        (Example((88, 7.0), 1299.6321070234112,  # tests/hand.py npi_hand_cost(88, 7.0)
                 "hand (docs/methods.md §3.2): 1.5 % ore at 88 USD/wmt, FX 7.0 → ≈ 1,299.6, SMM's '> 1,300'"),),
        notes="Calibration: with the defaults, SMM's '> 1,300 CNY/point' (report Table 3) needs 1.5 % ore "
              "above ≈ 88 USD/wmt CIF at 7.0 CNY/USD.",
    ),
    Function(
        "ni_point_to_tonne", nickel.ni_point_to_tonne,
        "CNY per nickel point to CNY per tonne of contained nickel (× 100).",
        (Arg("price_per_point", "Price or cost, CNY per nickel point", check=NONNEG),),
        GROUP,
        (Example((1300,), 130000, "report Table 3: 1,300 CNY/point = 130,000 CNY/t Ni"),),
    ),
    Function(
        "ni_tonne_to_point", nickel.ni_tonne_to_point,
        "CNY per tonne of contained nickel to CNY per nickel point (÷ 100).",
        (Arg("price_per_tonne", "Price or cost, CNY per tonne of contained nickel", check=NONNEG),),
        GROUP,
        (Example((130000,), 1300, "report Table 3: 130,000 CNY/t Ni = 1,300 CNY/point"),),
    ),
)

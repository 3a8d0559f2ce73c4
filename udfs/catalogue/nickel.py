from __future__ import annotations

from ..core import nickel
from ..registry import BELOW_ONE, FRACTION, NONNEG, POSITIVE, Arg, Example, Function

GROUP = "nickel"


def npi_hand_cost(cif, fx):
    """The reference NPI cost for examples, worked by hand with ni_npi_cost's defaults.

    DOMAIN-NOTES §3.2: W = 0.01 / (0.015 × 0.65 × 0.92) wmt per point; ore W × CIF × FX × 1.13,
    power W × 0.65 × 700 kWh × 0.5 CNY/kWh, reductant 120, other 150.
    """
    wet = 0.01 / (0.015 * 0.65 * 0.92)
    return wet * cif * fx * 1.13 + wet * 0.65 * 700 * 0.5 + 120 + 150


SPECS = (
    Function(
        "ni_npi_cost", nickel.ni_npi_cost,
        "RKEF nickel pig iron cost, CNY per nickel point: ore (with import VAT) + power + reductant + other.",
        (Arg("ore_cif_usd", "Laterite ore price CIF China, USD per wet tonne", check=POSITIVE),
         Arg("fx", "Exchange rate, CNY per USD", check=POSITIVE),
         Arg("ore_grade", "Ni content of the ore, fraction (default 0.015 = 1.5 %)", check=FRACTION,
             default=0.015),
         Arg("moisture", "Ore moisture, fraction (default 0.35)", check=BELOW_ONE, default=0.35),
         Arg("recovery", "Nickel recovery, fraction (default 0.92)", check=FRACTION, default=0.92),
         Arg("power_price", "Power price, CNY/kWh (default 0.5)", check=NONNEG, default=0.5),
         Arg("kwh_per_dry_t", "Power per dry tonne of ore, kWh (default 700)", check=NONNEG, default=700.0),
         Arg("reductant_per_point", "Semi-coke/coke, CNY per nickel point (default 120)", check=NONNEG,
             default=120.0),
         Arg("other_per_point", "Labour, depreciation, other, CNY per nickel point (default 150)",
             check=NONNEG, default=150.0),
         Arg("import_vat", "Import VAT on ore, fraction (default 0.13)", check=FRACTION, default=0.13)),
        GROUP,
        (Example((88, 7.0), npi_hand_cost(88, 7.0),
                 "hand (DOMAIN-NOTES §3.2): 1.5 % ore at 88 USD/wmt, FX 7.0 → ≈ 1,299.6, SMM's '> 1,300'"),),
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

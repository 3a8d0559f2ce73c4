"""Stainless 304 cost by route (docs/cost-models.md): nickel and chromium units plus conversion.

Per tonne of 304 (default 8 % Ni, 18 % Cr):

* nickel units: Ni charged = ni_content / ni_recovery tonnes, paid
  - purchased_npi / integrated_npi: at a price (or own cost) per nickel point: × 100 per t Ni;
    the iron in NPI is not paid for and covers the steel's iron units;
  - pure_nickel: at a price per tonne of nickel; the iron units come from low-nickel
    pig iron (or molten iron) at iron_price;
* chromium units: high-carbon ferrochrome on a 50 % Cr basis: cr_content / (cr_recovery ×
  ferrochrome_cr) tonnes at ferrochrome_price; what is not chromium counts as iron units;
* scrap: the charge is 304 scrap, which already carries the alloy: 1 / ni_recovery tonnes
  of scrap at its price; ferrochrome_price and iron_price are not used;
* plus the conversion cost (melting, AOD, rolling, manganese and other alloys, labour).
"""

from __future__ import annotations

import numpy as np

PURCHASED_NPI, INTEGRATED_NPI, PURE_NICKEL, SCRAP = "purchased_npi", "integrated_npi", "pure_nickel", "scrap"
ROUTES = (PURCHASED_NPI, INTEGRATED_NPI, PURE_NICKEL, SCRAP)

NI_CONTENT = 0.08
CR_CONTENT = 0.18
FERROCHROME_CR = 0.50
NI_RECOVERY = 0.97
CR_RECOVERY = 0.95
POINTS_PER_TONNE_NI = 100.0  # one nickel point = 0.01 t Ni


def ss304_cost(route, nickel_unit_price, ferrochrome_price, iron_price, conversion_cost, ni_content=NI_CONTENT,
               cr_content=CR_CONTENT, ferrochrome_cr=FERROCHROME_CR, ni_recovery=NI_RECOVERY,
               cr_recovery=CR_RECOVERY):
    """Cost of a tonne of 304 by route, CNY/t (see the module note for each route)."""
    key = str(route).strip().lower()
    if key not in ROUTES:
        raise ValueError(f"route: {route!r} is not one of {'/'.join(ROUTES)}")
    nickel_t = np.divide(ni_content, ni_recovery)
    if key == SCRAP:
        return np.divide(nickel_unit_price, ni_recovery) + conversion_cost
    ferrochrome_t = np.divide(cr_content, np.multiply(cr_recovery, ferrochrome_cr))
    chromium = ferrochrome_t * np.asarray(ferrochrome_price, dtype=float)
    if key == PURE_NICKEL:
        nickel = nickel_t * np.asarray(nickel_unit_price, dtype=float)
        iron_units = 1.0 - np.add(ni_content, cr_content) - ferrochrome_t * (1.0 - np.asarray(ferrochrome_cr))
        iron = np.maximum(iron_units, 0.0) * np.asarray(iron_price, dtype=float)
    else:  # NPI routes: the iron of the NPI is free
        nickel = nickel_t * POINTS_PER_TONNE_NI * np.asarray(nickel_unit_price, dtype=float)
        iron = 0.0 * np.asarray(iron_price, dtype=float)  # keeps the shape (and a blank row blank)
    return nickel + chromium + iron + conversion_cost

"""Market worksheet functions shared by the metals: margins, utilisation, growth, balances, loss shares, cost-curve
and breakeven prices, import cost and profit (udfs/core/market.py).
"""

from __future__ import annotations

from ..core import market
from ..registry import BELOW_ONE, FRACTION, NONNEG, POSITIVE, SERIES, Arg, Example, Function

GROUP = "market"

_IMPORT_ARGS = (
    Arg("lme_price", "LME price, USD/t", check=POSITIVE),
    Arg("premium", "Import premium (CIF), USD/t"),
    Arg("fx", "Exchange rate, CNY per USD", check=POSITIVE),
    Arg("swap", "Spread from LME cash to the pricing month, USD/t", default=0.0),
    Arg("duty", "Import duty, fraction", check=FRACTION, default=0.0),
    Arg("vat", f"Import VAT, fraction ({market.VAT:g} since April 2019)", check=FRACTION, default=market.VAT),
    Arg("misc_cost", "Port, freight and fees, CNY/t", check=NONNEG, default=0.0),
)

SPECS = (
    Function(
        "profit", market.profit,
        "Margin per tonne: price minus cost (smelter, mine or converter), CNY/t.",
        (Arg("price", "Selling price, CNY/t", check=POSITIVE),
         Arg("cost", "Full or cash cost, CNY/t", check=POSITIVE)),
        GROUP,
        (Example((13800, 13085), 715, "report: Al spot 13,800 − full cost 13,085 = 715 (> 600)"),),
    ),
    Function(
        "margin_on_cost", market.margin_on_cost,
        "Profit as a fraction of cost, (price − cost) / cost, as Mysteel quotes NPI margins.",
        (Arg("price", "Selling price, CNY/t or CNY/point (same unit as cost)", check=POSITIVE),
         Arg("cost", "Cost, CNY/t or CNY/point (same unit as price)", check=POSITIVE)),
        GROUP,
        (Example((1500, 1378.6), 0.08806035108080655,
                 "Mysteel NPI: price 1,500 vs RKEF cost 1,378.6 CNY/point → 8.81 %"),),
        returns="fraction",
    ),
    Function(
        "utilisation", market.utilisation,
        "Operating rate: running capacity / built capacity, as a fraction.",
        (Arg("running", "Running capacity, 10kt/yr (万吨/年) or t/yr", check=NONNEG),
         Arg("built", "Built capacity, same unit as running", check=POSITIVE)),
        GROUP,
        (Example((3510, 4069), 3510 / 4069,
                 "report Table 4: 3,510 / 4,069 = 86.26 % (the report prints 86.8 %)"),),
        returns="fraction",
    ),
    Function(
        "pct_change", market.pct_change,
        "Growth rate current / previous − 1 (year on year or month on month), as a fraction.",
        (Arg("current", "This period's value, any unit (e.g. 10kt of output)", check=NONNEG),
         Arg("previous", "Comparison period's value, same unit", check=POSITIVE)),
        GROUP,
        (Example((572, 545.5), 572 / 545.5 - 1,
                 "report Table 1: alumina Nov 545.5 → Dec est. 572 万吨 = +4.86 %"),),
        returns="fraction",
    ),
    Function(
        "balance", market.balance,
        "Market balance: supply − demand; positive is a surplus, negative a deficit.",
        (Arg("supply", "Supply (or supply increment), 10kt (万吨)"),
         Arg("demand", "Demand (or demand increment), same unit as supply")),
        GROUP,
        (Example((13, 12), 1, "report Table 3: 2020 nickel supply +13 vs demand +12 万吨 → surplus 1"),),
    ),
    Function(
        "loss_share", market.loss_share,
        "Share of capacity whose cost is above the price (loss-making capacity), as a fraction.",
        (Arg("price", "Price, CNY/t", check=POSITIVE),
         Arg("costs", "Cost of each plant or cohort, CNY/t (one row or column)", kind=SERIES, check=POSITIVE),
         Arg("capacities", "Capacity of each plant, 10kt/yr (same length as costs)", kind=SERIES,
             check=NONNEG)),
        GROUP,
        (Example((13800, [12000, 13000, 14000, 15000], [100, 200, 300, 400]), 0.7,
                 "hand: costs above 13,800 are 14,000 (300) and 15,000 (400): 700 / 1,000 = 0.7"),),
        returns="fraction",
    ),
    Function(
        "cost_curve_price", market.cost_curve_price,
        "Cost at which cumulative capacity, sorted by cost, reaches the percentile (e.g. 0.9).",
        (Arg("costs", "Cost of each plant, CNY/t (one row or column)", kind=SERIES, check=POSITIVE),
         Arg("capacities", "Capacity of each plant, 10kt/yr (same length as costs)", kind=SERIES,
             check=NONNEG),
         Arg("percentile", "Share of capacity, fraction 0–1 (0.9 = 90th percentile)", check=FRACTION)),
        GROUP,
        (Example(([14000, 12000, 13000], [300, 100, 200], 0.5), 13000,
                 "hand: sorted 12,000 (100), 13,000 (200), 14,000 (300): cumulative 1/6, 1/2 → 13,000"),),
    ),
    Function(
        "breakeven_price", market.breakeven_price,
        "Price at which a converter breaks even when raw material costs coef × price: cost / (1 − coef).",
        (Arg("conversion_cost", "Conversion (processing) cost, CNY/t", check=NONNEG),
         Arg("raw_material_coef", "Raw material paid as a fraction of price, 0 to below 1", check=BELOW_ONE)),
        GROUP,
        (Example((20000, 0.8), 100000, "Antaike 2020-03-23: 20,000 fee, 80 % coefficient → BEP 100,000"),),
    ),
    Function(
        "import_cost", market.import_cost,
        "Landed cost of LME metal in CNY/t: (LME + swap + premium) × FX × (1 + duty) × (1 + VAT) + misc.",
        _IMPORT_ARGS,
        GROUP,
        (Example((2425.48, 120, 7.0), (2425.48 + 120) * 7.0 * 1.13,
                 "hand: LME Zn Nov-2019 avg 2,425.48 (IMF) + 120 premium, × 7.0 × 1.13 = 20,134.74"),),
    ),
    Function(
        "import_profit", market.import_profit,
        "Domestic price minus landed import cost, CNY/t: positive means the import window is open.",
        (Arg("domestic_price", "SHFE or spot price, CNY/t", check=POSITIVE),) + _IMPORT_ARGS,
        GROUP,
        (Example((18422.9, 2425.48, 120, 7.0), 18422.9 - (2425.48 + 120) * 7.0 * 1.13,
                 "hand: SHFE Zn Nov-2019 avg 18,422.9 − landed 20,134.74 = −1,711.84 (window shut)"),),
    ),
)

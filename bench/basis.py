"""2020's daily hedge back-tests with a real physical leg, against the same runs with basis 0.

The spot prices are ../shared/data/spot_daily_{al,zn,ni}_2019_2020.csv (生意社 (100ppi); read from there,
never bundled: their publisher requires permission to republish). For each metal:

* **ours** — read the spot file, line it up with the bundled 2020 closes and mask stale quotes
  (`workbooks.spot`), then run the daily back-test with that spot;
* **baseline** — the same back-test with no spot (spot = futures, basis 0);

and a row that reports (no target) the average sale or purchase price with real basis next to the
futures-only one, the figures docs/backtest.md "2020 with real basis" quotes. Without ../shared/data
the section says so in one row. `python -m bench.basis` prints the rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench import ROOT
from bench.report import text_table
from bench.section import TINY, Row, Sizes
from bench.timing import ms as _ms, paired

SHARED = ROOT.parent / "shared" / "data"
TERMS = dict(margin_ratio=0.1, interest_rate=0.05, fee_per_lot=3, holding_periods=21, periods_per_year=243)
# report Table 5 plans, as tests/test_spot_basis.py: (back-test, its levels and size, price word)
PLANS = {
    "al": ("sell_hedge_backtest", dict(sell_low=14500, sell_high=14700, cover_below=13500, lot_size=5,
                                       exposure_t=50), "sale"),
    "zn": ("buy_hedge_backtest", dict(support=16000, band=1000, resistance=20000, lot_size=5, exposure_t=50),
           "purchase"),
    "ni": ("buy_hedge_backtest", dict(support=100000, band=3000, resistance=120000, lot_size=1, exposure_t=5),
           "purchase"),
}


def basis_rows(sizes: Sizes, folder: Path) -> list[Row]:
    """Timing of the real-spot run against the basis-0 run, and the prices each gives, per metal."""
    from udfs.core import margin_backtest as mb
    from workbooks.daily import read_daily_closes
    from workbooks.spot import align_spot, read_spot

    if not (SHARED / "spot_daily_al_2019_2020.csv").exists():
        return [Row("basis: ../shared/data spot files not present", "–", "–", "–", "for reference", None)]
    rows = []
    for metal, (name, plan, word) in PLANS.items():
        run = getattr(mb, name)
        dates, closes = read_daily_closes(metal, "2020")
        path = SHARED / f"spot_daily_{metal}_2019_2020.csv"

        def with_spot():
            aligned = align_spot(dates, closes, read_spot(path, metal))
            return run(closes, spot=aligned.spot, **plan, **TERMS)

        def futures_only():
            return run(closes, **plan, **TERMS)

        ours, base = paired(with_spot, futures_only, sizes.repeat)
        rows.append(Row(f"basis: {metal} 2020 daily back-test, spot read and masked", _ms(ours),
                        f"basis 0 {_ms(base)}", f"{ours / base:.2f}×", "for reference", None))
        real, zero = with_spot()[-1], futures_only()[-1]
        price = mb.SUMMARY_COLUMNS["avg_effective_price"]
        rows.append(Row(f"basis: {metal} 2020 average hedged {word} price, CNY/t", f"{real[price]:,.0f} real basis",
                        f"{zero[price]:,.0f} basis 0", f"{real[price] - zero[price]:+,.0f}", "reported", None))
    return rows


if __name__ == "__main__":
    print(text_table(basis_rows(TINY if "--tiny" in sys.argv else Sizes(), Path("."))))

"""The physical leg from real spot prices: ../shared/data/spot_daily_*.csv (生意社 (100ppi), read only here:
their publisher requires permission to republish, so nothing of them is bundled), aligned with the bundled
SHFE daily closes, stale quotes masked (workbooks/spot.py), and the 2020 back-tests run with real basis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from udfs.core import margin_backtest as mb
from workbooks.daily import read_daily_closes
from workbooks.spot import align_spot, read_spot

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"  # as tests/test_monthdata_bundled.py
pytestmark = pytest.mark.skipif(not (SHARED / "spot_daily_al_2019_2020.csv").exists(),
                                reason="../shared/data not present")
S = mb.SUMMARY_COLUMNS
# 日线回测's terms (tests/test_margin_backtest.py): margin 10 %, 5 %, fee 3 per lot, held 21 days
TERMS = dict(margin_ratio=0.1, interest_rate=0.05, fee_per_lot=3, holding_periods=21, periods_per_year=243)
PLANS = {  # report Table 5: Al sell-hedge zones, Zn range, Ni buy hedge near 100,000 (band as 表5's 3,000);
    # 50 t a day of Al and Zn, 5 t of Ni, as docs/backtest.md "2020 on real prices"
    "al": (mb.sell_hedge_backtest, dict(sell_low=14500, sell_high=14700, cover_below=13500, lot_size=5,
                                        exposure_t=50)),
    "zn": (mb.buy_hedge_backtest, dict(support=16000, band=1000, resistance=20000, lot_size=5, exposure_t=50)),
    "ni": (mb.buy_hedge_backtest, dict(support=100000, band=3000, resistance=120000, lot_size=1, exposure_t=5)),
}
# docs/backtest.md "2020 with real basis": average unhedged and effective prices, futures only → real basis
DOC_PRICES = {"al": ((14012, 13940), (14213, 14141)), "zn": ((18207, 18098), (18510, 18400)),
              "ni": ((109719, 109477), (110300, 110058))}


def _two_years(metal):
    d19, c19 = read_daily_closes(metal, "2019")
    d20, c20 = read_daily_closes(metal, "2020")
    return d19 + d20, c19 + c20, read_spot(SHARED / f"spot_daily_{metal}_2019_2020.csv", metal)


@pytest.mark.parametrize(("metal", "unchanged", "stale", "mean", "p5", "p95"), [
    ("al", 34, 11, 133, -120, 448), ("zn", 12, 8, 382, 75, 772), ("ni", 2, 2, 1062, -1108, 4041)])
def test_the_readme_figures(metal, unchanged, stale, mean, p5, p95):
    # ../shared/data/README.md, Caveats: Al unchanged on 34 days (11 with the futures moving > 100), Zn on 12,
    # Ni on 2; basis (spot − main-contract close), mean and 5–95 %: Al +133 (−120 … +448), Zn +382 (+75 …
    # +772), Ni +1,062 (−1,108 … +4,041). (Zn and Ni's stale counts above 100: 8 and 2, not stated there.)
    dates, closes, prices = _two_years(metal)
    assert sum(prices[a] == prices[b] for a, b in zip(dates, dates[1:])) == unchanged
    assert len(align_spot(dates, closes, prices).masked) == stale
    basis = np.array([prices[d] for d in dates]) - closes
    assert round(basis.mean()) == mean
    assert [round(x) for x in np.percentile(basis, [5, 95])] == [p5, p95]


def test_the_spring_festival_repeat_is_masked_and_filled_with_the_last_basis():
    # README: 2020-02-03 repeats 2020-01-23 (14,140); its basis of +535 is an artefact. Filled as that day's
    # close + the basis of 2020-01-23 (the last good day)
    dates, closes, prices = _two_years("al")
    aligned = align_spot(dates, closes, prices)
    i, before = dates.index("2020-02-03"), dates.index("2020-01-23")
    assert prices["2020-02-03"] == prices["2020-01-23"] == 14140
    assert "2020-02-03" in aligned.masked
    assert aligned.spot[i] == pytest.approx(closes[i] + (14140 - closes[before]))
    assert prices["2020-02-03"] - closes[i] == pytest.approx(535, abs=1)


@pytest.mark.parametrize("metal", sorted(PLANS))
def test_2020_with_real_basis_against_futures_only(metal):
    run, plan = PLANS[metal]
    dates, closes = read_daily_closes(metal, "2020")
    spot = align_spot(dates, closes, read_spot(SHARED / f"spot_daily_{metal}_2019_2020.csv", metal)).spot
    futures_only = run(closes, **plan, **TERMS)
    real = run(closes, spot=spot, **plan, **TERMS)
    # the futures account does not see spot: futures leg, fees, financing, hedge result all unchanged
    for key in ("total_futures", "total_fees", "total_financing", "total_hedge_result", "peak_margin_cash"):
        assert real[-1][S[key]] == futures_only[-1][S[key]], key
    # hand: day i's 50 t are sold (bought) on day i + 21 at S instead of F (days whose i + 21 falls beyond
    # the data place nothing), so the physical leg moves by ± Σ 50 × (S − F) over days 21 … n − 1
    settled = range(TERMS["holding_periods"], len(closes))
    assert all(row[mb.PHYSICAL] for row in real[:len(closes) - TERMS["holding_periods"]])  # rows, no header
    sign = 1 if metal == "al" else -1  # a sale is +, a purchase −
    moved = sign * sum(plan["exposure_t"] * (spot[t] - closes[t]) for t in settled)
    assert real[-1][S["total_physical"]] - futures_only[-1][S["total_physical"]] == pytest.approx(moved)
    # and the average prices move by the mean basis on those days
    mean_basis = np.mean([spot[t] - closes[t] for t in settled])
    for key in ("avg_unhedged_price", "avg_effective_price"):
        assert real[-1][S[key]] - futures_only[-1][S[key]] == pytest.approx(mean_basis)
    prices = [tuple(round(t[-1][S[k]]) for k in ("avg_unhedged_price", "avg_effective_price"))
              for t in (futures_only, real)]
    assert tuple(prices) == DOC_PRICES[metal]


def test_a_bad_spot_file_is_named(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("date,metal,price\n2020-01-02,al,14000\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mine.csv: missing column spot_cny_t"):
        read_spot(path, "al")
    path.write_text("date,metal,spot_cny_t\n2020-01-02,al,14,000\n", encoding="utf-8")  # 14,000 unquoted
    with pytest.raises(ValueError, match="row 2: more cells than the header"):
        read_spot(path, "al")
    path.write_text("date,metal,spot_cny_t\n2020-01-02,al,n/a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: spot_cny_t 'n/a' is not a number"):
        read_spot(path, "al")
    path.write_text("date,metal,spot_cny_t\n2020-01-02,al,14000\n2020-01-02,al,14010\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 3: date 2020-01-02 appears twice"):
        read_spot(path, "al")
    path.write_text("date,metal,spot_cny_t\n2020-01-02,al,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: spot_cny_t 0 must be > 0"):
        read_spot(path, "al")


def test_a_first_day_without_spot_cannot_be_filled():
    with pytest.raises(ValueError, match="spot: 2020-01-02 is missing or stale and there is no earlier basis"):
        align_spot(["2020-01-02", "2020-01-03"], [14000.0, 14100.0], {"2020-01-03": 14200.0})
    # hand: a later missing day takes its close + the last basis: 14,100 + (14,150 − 14,000) = 14,250
    got = align_spot(["2020-01-02", "2020-01-03"], [14000.0, 14100.0], {"2020-01-02": 14150.0})
    assert got.spot == [14150.0, 14250.0] and got.masked == ["2020-01-03"]

"""Spot items al.spot, zn.spot, ni.spot (issue 20): a month file, the store and the Data sheet carry them.

The monthly means are computed here from ../shared/data/spot_daily_*.csv (生意社 (100ppi); read, never
bundled: workbooks/data holds no spot price, which the last test checks)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from addin.bundled import all_observations
from addin.store import open_store
from workbooks.build import plan_workbook
from workbooks.monthdata import MonthFileError, read_month_file
from workbooks.spot import read_spot

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ROOT = Path(__file__).resolve().parent.parent


def test_the_issue_line_is_read(tmp_path):
    # issue 20: `2020-01,al,spot,14180,元/吨,…` was refused as an unknown item; the Chinese label works too
    path = tmp_path / "spot.csv"
    path.write_text("month,metal,item,value,unit,source\n2020-01,al,spot,14180,元/吨,own desk\n"
                    "2020-01,锌,锌现货价,17950,CNY/t,own desk\n2020-01,ni,spot,\"106,000\",元/吨,own desk\n",
                    encoding="utf-8")
    got = {(o.metal, o.item): (o.value, o.unit) for o in read_month_file(path)}
    assert got == {("al", "spot"): (14180, "CNY/t"), ("zn", "spot"): (17950, "CNY/t"),
                   ("ni", "spot"): (106000, "CNY/t")}


def test_a_spot_price_in_the_wrong_unit_is_refused(tmp_path):
    path = tmp_path / "spot.csv"  # 1.418 万元/吨 slipped as 1418: below the plausible 8,000 … 40,000
    path.write_text("month,metal,item,value,unit,source\n2020-01,al,spot,1418,CNY/t,own\n", encoding="utf-8")
    with pytest.raises(MonthFileError, match="spot"):
        read_month_file(path)


def _monthly_spot_file(tmp_path, months=("2020-01", "2020-02", "2020-03")) -> tuple[Path, dict]:
    """A month file of monthly mean spot prices, computed from the shared daily files."""
    means, lines = {}, ["month,metal,item,value,unit,source"]
    for metal in ("al", "zn", "ni"):
        daily = read_spot(SHARED / f"spot_daily_{metal}_2019_2020.csv", metal)
        for month in months:
            mean = statistics.fmean(v for d, v in daily.items() if d.startswith(month))
            means[(metal, month)] = round(mean, 2)
            lines.append(f"{month},{metal},spot,{round(mean, 2)},CNY/t,100ppi daily mean (not republished)")
    path = tmp_path / "spot_2020q1.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, means


@pytest.mark.skipif(not (SHARED / "spot_daily_al_2019_2020.csv").exists(), reason="../shared/data not present")
def test_monthly_spot_through_the_store_to_the_data_sheet(tmp_path):
    path, means = _monthly_spot_file(tmp_path)
    # hand: Jan 2020 aluminium, the file's 16 rows (14,586.67 on 01-02 … 14,140.00 on 01-21 to 01-23) sum to
    # 230,476.67: mean 14,404.79 (stale days not masked here: a monthly mean of the quotes as published)
    assert means[("al", "2020-01")] == 14404.79
    with open_store(f"sqlite:///{tmp_path / 'desk.db'}") as store:
        [result] = store.load([path])
        assert result.figures == 9
        stored = {(o.metal, o.month): o.value for o in store.observations() if o.item == "spot"}
    assert stored == means
    plan = plan_workbook(all_observations() + read_month_file(path))
    [data] = [s for s in plan.sheets if s.name == "数据 Data"]
    rows = {}
    for cell in data.cells:
        rows.setdefault(cell.row, {})[cell.col] = cell.value
    spot_rows = {(r[1], r[0]): r[3] for r in rows.values() if r.get(2) == "spot"}
    assert spot_rows == means


def test_no_spot_price_is_bundled():
    # the 100ppi prices may not be republished: nothing under workbooks/data carries a spot item
    for path in (ROOT / "workbooks" / "data").rglob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        assert ",spot," not in text and "spot_cny_t" not in text, path


def _al_2020_spot() -> list:
    """Observations of al.spot for 2020: the monthly means of the shared daily file."""
    from workbooks.monthdata import Observation

    daily = read_spot(SHARED / "spot_daily_al_2019_2020.csv", "al")
    return [Observation(month=f"2020-{m:02d}", metal="al", item="spot", row=m, file="own.csv", unit="CNY/t",
                        source="100ppi daily mean",
                        value=round(statistics.fmean(v for d, v in daily.items() if d.startswith(f"2020-{m:02d}")), 2))
            for m in range(1, 13)]


def _named(plan) -> dict:
    return {c.name: c.value for s in plan.sheets for c in s.cells if c.name}


@pytest.mark.slow  # three whole-workbook plans
@pytest.mark.skipif(not (SHARED / "spot_daily_al_2019_2020.csv").exists(), reason="../shared/data not present")
def test_backtest_sheet_uses_loaded_spot_and_what_was_typed_wins():
    from workbooks.user_edits import UserEdits

    spot = _al_2020_spot()
    base, loaded = _named(plan_workbook(all_observations())), plan_workbook(all_observations() + spot)
    values = _named(loaded)
    notes = [c.value for s in loaded.sheets if s.name == "回测" for c in s.cells
             if isinstance(c.value, str) and "al.spot:" in c.value]
    assert notes and notes[0].endswith("Data sheet al.spot: 12 of 12 months loaded")  # it says so
    # the futures account does not see spot (docs/backtest.md): unchanged; the prices move by the mean
    # basis over the 11 settled months (hand: each hedge's metal is sold a month later at spot, not futures)
    for name in ("out_bt_al_futures", "out_bt_al_total", "out_bt_al_peak_cash"):
        assert values[name] == base[name], name
    assert round(base["out_bt_al_unhedged_price"], 2) == 13982.43  # docs/backtest.md, spot = futures
    assert round(values["out_bt_al_unhedged_price"]) == 14176  # docs/backtest.md "2020 with real basis"
    # a month the user typed keeps the typed price: March typed as the futures average → basis 0 that month
    typed = UserEdits({"回测": {"bt.al_spot[2]": 99999.0}})
    edited = _named(plan_workbook(all_observations() + spot, typed))
    assert edited["out_bt_al_unhedged_price"] != values["out_bt_al_unhedged_price"]
    # hand: March's sale (period 3, hedge of February) at 99,999 instead of March's mean spot: the unhedged
    # average of the 11 settled months rises by (99,999 − March mean) / 11
    march = next(o.value for o in spot if o.month == "2020-03")
    assert edited["out_bt_al_unhedged_price"] - values["out_bt_al_unhedged_price"] == pytest.approx(
        (99999.0 - march) / 11)

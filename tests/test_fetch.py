"""`znnial fetch`: AKShare's tables (tests/akshare_frames.py, shaped as akshare 1.19.5 returns them) to monthly
figures, a month file or one store load; and every way the source breaks, with nothing written.

Hand calculations (the tables in tests/akshare_frames.py), November 2026, SHFE aluminium main contract by
open interest: 2 Nov AL2612 (200,000 > 150,000), 3 Nov AL2701 (190,000 > 180,000), 30 Nov AL2701.
  close 21,500 (30 Nov); mean close (21,000 + 21,240 + 21,500) / 3 = 21,246.67;
  mean settle (21,010 + 21,230 + 21,480) / 3 = 21,240; high max(21,100, 21,350, 21,600) = 21,600;
  low min(20,900, 21,050, 21,400) = 20,900. December: one day, settle 0 left out → no settle_avg.
  AO: one day, AO2701 close 3,200, settle 3,210. Spot AL: (20,950 + 21,100) / 2 = 21,025;
  basis, spot − contract: ((20,950 − 21,010) + (21,100 − 21,190)) / 2 = −75. Stocks: AL's last November report 123,456 t =
  12.3456 (10kt); October's 150,000 t is before --from. LME: the 30 Nov report.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from addin.cli import main
from addin.fetch import FetchError, default_range, fetch, fetch_figures, fetch_for_refresh, parse_kinds
from addin.store import open_store
from addin.store.schema import loads, revisions
from tests import akshare_frames

ROOT = Path(__file__).resolve().parents[1]
NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 2)


def by_key(figures):
    return {(f.month, f.metal, f.item): f.value for f in figures}


def test_main_contract_months_from_the_shfe_table():
    got = by_key(fetch_figures(NOV, DEC, ["prices"], akshare_frames.module()))
    assert got[("2026-11", "al", "shfe_close")] == 21500.0
    assert got[("2026-11", "al", "shfe_avg")] == 21246.67
    assert got[("2026-11", "al", "shfe_settle_avg")] == 21240.0
    assert (got[("2026-11", "al", "shfe_high")], got[("2026-11", "al", "shfe_low")]) == (21600.0, 20900.0)
    assert got[("2026-12", "al", "shfe_close")] == 21600.0 and ("2026-12", "al", "shfe_settle_avg") not in got
    assert (got[("2026-11", "al", "alumina_shfe_close")], got[("2026-11", "al", "alumina_shfe_settle_avg")]) == (
        3200.0, 3210.0)
    assert not any(metal == "zn" for _, metal, _ in got)  # ZN2612 was listed but not traded: no figure


def test_spot_basis_and_stocks():
    got = by_key(fetch_figures(NOV, DEC, ["spot", "stocks"], akshare_frames.module()))
    assert got[("2026-11", "al", "spot")] == 21025.0 and got[("2026-11", "al", "basis_avg")] == -75.0
    # and each day's quote, dated (docs/data.md, "Daily quotes"): 2 and 3 Nov, as the table gives them
    assert (got[("2026-11-02", "al", "spot")], got[("2026-11-03", "al", "spot")]) == (20950.0, 21100.0)
    assert got[("2026-11", "al", "shfe_stocks")] == 12.3456 and ("2026-10", "al", "shfe_stocks") not in got
    assert got[("2026-11", "ni", "shfe_stocks")] == 3.1234
    # LME: the last November report, 30 Nov: 476,550 t Al, 105,325 t Zn, 206,112 t Ni
    assert [got[("2026-11", m, "lme_stocks")] for m in ("al", "zn", "ni")] == [47.655, 10.5325, 20.6112]


def test_each_figure_keeps_its_function_and_publisher(tmp_path):
    figures = fetch_figures(NOV, DEC, ["prices", "spot", "stocks"], akshare_frames.module())
    sources = {f.item: f.source for f in figures if f.month == "2026-11" and f.metal == "al"}
    assert sources["shfe_close"].startswith("上海期货交易所 SHFE") and "AKShare get_futures_daily" in sources["shfe_close"]
    assert sources["spot"] == "生意社 100ppi spot and basis via AKShare futures_spot_price"
    assert sources["shfe_stocks"] == "东方财富 Eastmoney, SHFE stocks via AKShare futures_inventory_em"


def test_a_month_file_in_our_format_that_the_reader_accepts(tmp_path):
    from workbooks.monthdata import read_month_file

    outcome = fetch(NOV, DEC, ["prices", "spot", "stocks"], folder=tmp_path, module=akshare_frames.module())
    assert outcome.file == tmp_path / "fetched-20261101-20261202.csv" and outcome.months == ["2026-11", "2026-12"]
    read = {(o.month, o.metal, o.item): o.value for o in read_month_file(outcome.file)}
    assert read[("2026-11", "al", "shfe_avg")] == 21246.67 and read[("2026-11", "al", "shfe_stocks")] == 12.3456
    assert read[("2026-11-03", "al", "spot")] == 21100.0  # a daily row, read back as that day's quote
    assert len(read) == outcome.figures
    assert [p.name for p in tmp_path.iterdir()] == [outcome.file.name]  # no temporary left


def test_a_second_fetch_of_the_same_days_keeps_the_earlier_file_as_bak(tmp_path):
    first = fetch(NOV, DEC, ["prices"], folder=tmp_path, module=akshare_frames.module()).file
    edited = first.read_bytes() + "2026-11,al,full_cost,13100,CNY/t,my own note,\n".encode("utf-8")
    first.write_bytes(edited)  # the analyst added a row of their own to the fetched file
    again = fetch(NOV, DEC, ["prices"], folder=tmp_path, module=akshare_frames.module()).file
    assert again == first and first.with_name(first.name + ".bak").read_bytes() == edited
    same = again.read_bytes()
    fetch(NOV, DEC, ["prices"], folder=tmp_path, module=akshare_frames.module())  # the same bytes: no new .bak
    assert first.with_name(first.name + ".bak").read_bytes() == edited and again.read_bytes() == same


def test_into_a_store_one_fetch_is_one_load_and_a_later_fetch_revises(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_store(url).close()  # `znnial init-store`
    first = fetch(NOV, DEC, ["prices"], store=url, module=akshare_frames.module())
    assert first.file is None and "new or revised" in first.loaded
    revised = akshare_frames.futures_daily()
    revised.loc[revised["symbol"].eq("AL2701") & revised["date"].eq("20261201"), "close"] = 21650
    fetch(NOV, DEC, ["prices"], store=url,
          module=akshare_frames.module(get_futures_daily=lambda start_date, end_date, market: revised))
    with open_store(url) as store:
        with store.engine.connect() as c:
            assert c.scalar(select(func.count()).select_from(loads)) == 2
        # Dec close 21,600 → 21,650; Dec avg of one close likewise; high 21,700 unchanged
        assert [r.value for r in store.history("al", "shfe_close", "2026-12")] == [21600.0, 21650.0]
        with store.engine.connect() as c:
            second_load = c.scalar(select(func.count()).select_from(revisions).where(revisions.c.load_id == 2))
    assert second_load == 2


def _nothing_written(tmp_path, url):
    assert [p.name for p in tmp_path.iterdir()] == ["desk.db"]
    with open_store(url) as store:
        assert store.observations() == []


@pytest.mark.parametrize("replace, says", [
    (dict(futures_spot_price=lambda date, vars_list: (_ for _ in ()).throw(ConnectionError("Max retries exceeded"))),
     "AKShare futures_spot_price(date='20261102', vars_list=['AL', 'ZN', 'NI']) failed (ConnectionError: Max retries"),
    (dict(futures_spot_price=lambda date, vars_list: akshare_frames.spot_price(date).rename(
        columns={"spot_price": "现货价格"})),
     "AKShare futures_spot_price(date='20261102', vars_list=['AL', 'ZN', 'NI']) returned the columns ['date', "
     "'symbol', '现货价格'"),
    (dict(macro_euro_lme_stock=lambda: akshare_frames.lme_stock().rename(columns={"铝-库存": "Al-stocks"})),
     "AKShare macro_euro_lme_stock() returned the columns ['日期', '铜-库存', '铜-注册仓单', '铜-注销仓单', "
     "'Al-stocks'"),
    (dict(futures_inventory_em=lambda symbol: pd.DataFrame()),
     "AKShare futures_inventory_em returned no rows for 2026-11-01…2026-12-02"),
    (dict(futures_inventory_em=lambda symbol: akshare_frames.inventory(symbol).assign(库存="暂无")),
     "AKShare futures_inventory_em returned '暂无' in column '库存', not a number"),
])
def test_a_broken_source_names_the_function_and_writes_nothing(tmp_path, replace, says):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_store(url).close()
    with pytest.raises(FetchError) as broken:  # prices were fetched first: still nothing is half-loaded
        fetch(NOV, DEC, ["prices", "spot", "stocks"], store=url, module=akshare_frames.module(**replace))
    assert str(broken.value).startswith(says) and "nothing was written" in str(broken.value)
    _nothing_written(tmp_path, url)


def test_without_akshare_the_command_says_which_pip_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "akshare", None)  # import akshare raises ImportError
    assert main(["fetch", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == ('znnial: fetching needs AKShare, which is not installed: run  '
                                       'pip install "znnial[data]"\n')
    assert list(tmp_path.iterdir()) == []


def test_the_command_with_akshare_present(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "akshare", akshare_frames.module())
    assert main(["fetch", "--from", "2026-11-01", "--to", "2026-12-02", "--what", "prices", "--out",
                 str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    # November AL 5 (close, avg, settle_avg, high, low) + AO 3 (close, avg, settle_avg) + December AL 4 (no settle)
    assert out[0] == "fetched 12 figures for 2026-11…2026-12 (2026-11-01…2026-12-02)"
    assert out[1] == f"  wrote {tmp_path / 'fetched-20261101-20261202.csv'}"


def test_bad_arguments_are_one_message(capsys):
    assert main(["fetch", "--from", "1 Nov"]) == 2
    assert "--from '1 Nov' is not an ISO date" in capsys.readouterr().err
    with pytest.raises(FetchError, match="unknown lme"):
        parse_kinds("prices,lme")


def test_the_default_range_is_through_yesterday():
    assert default_range(dt.date(2026, 12, 3)) == (dt.date(2026, 11, 1), dt.date(2026, 12, 2))
    assert default_range(dt.date(2027, 1, 1)) == (dt.date(2026, 11, 1), dt.date(2026, 12, 31))


def test_the_refresh_setting(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "akshare", akshare_frames.module())
    assert fetch_for_refresh("", None, tmp_path) == [] and fetch_for_refresh(False, None, tmp_path) == []
    [path] = fetch_for_refresh("prices", None, tmp_path, today=dt.date(2026, 12, 3))
    assert path.name == "fetched-20261101-20261202.csv"
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_store(url).close()  # `znnial init-store`
    assert fetch_for_refresh(True, url, tmp_path, today=dt.date(2026, 12, 3)) == []
    with open_store(url) as store:
        assert {o.item for o in store.observations() if o.metal == "al"} >= {"shfe_close", "spot", "shfe_stocks"}


def test_udfs_and_the_template_never_import_akshare_or_the_fetch():
    code = ("import sys, udfs, workbooks.build, workbooks.xlsx_writer, znnial; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'akshare' or m.startswith('addin.fetch')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow  # a fresh interpreter importing pandas and SQLAlchemy
def test_a_fetch_into_a_store_opens_no_socket(tmp_path):
    code = f"""
import tests.faults.no_network as guard  # refuses every socket from here on
import sys, datetime as dt
from tests import akshare_frames
sys.modules["akshare"] = akshare_frames.module()
from addin.cli import main
assert main(["init-store", "--store", "sqlite:///{tmp_path / 'desk.db'}"]) == 0
assert main(["fetch", "--from", "2026-11-01", "--to", "2026-12-02", "--store", "sqlite:///{tmp_path / 'desk.db'}"]) == 0
print("attempts", len(guard.ATTEMPTS))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "attempts 0"


@pytest.mark.slow  # builds a workbook
def test_the_conf_sheet_setting_reaches_the_fetch(tmp_path, monkeypatch):
    """The Refresh button reads `znnial fetch` from its saved copy (addin/excel.py read_settings) and hands it
    to fetch_for_refresh: blank in a new workbook (off); TRUE typed there fetches every kind."""
    import openpyxl

    from addin.excel import read_settings
    from tests.store_files import NOVEMBER
    from workbooks.build import plan_workbook
    from workbooks.monthdata import read_month_file, read_month_files
    from workbooks.sheets import conf
    from workbooks.xlsx_writer import write_workbook

    path = write_workbook(plan_workbook(read_month_files([NOVEMBER])), tmp_path / "znnial.xlsm")
    assert read_settings(path, tmp_path).fetch is None  # a new workbook: off
    book = openpyxl.load_workbook(path, keep_vba=True)
    row = next(r for r in book[conf.SHEET].iter_rows(max_col=2) if r[0].value == conf.FETCH_KEY)
    row[1].value = True  # Excel saves a typed TRUE as a boolean cell
    book.save(path)
    settings = read_settings(path, tmp_path)
    monkeypatch.setitem(sys.modules, "akshare", akshare_frames.module())
    [fetched] = fetch_for_refresh(settings.fetch, settings.store_url, tmp_path, today=dt.date(2026, 12, 3))
    assert {(o.metal, o.item) for o in read_month_file(fetched) if o.month == "2026-11"} >= {
        ("al", "shfe_close"), ("al", "spot"), ("zn", "shfe_stocks")}


def test_a_figure_the_month_file_rules_refuse_leaves_no_file(tmp_path):
    from workbooks.monthdata import MonthFileError

    daily = akshare_frames.futures_daily()
    daily.loc[daily["symbol"].eq("AO2701"), "close"] = 32000  # a slipped digit: alumina's range is 1,500 … 10,000
    with pytest.raises(MonthFileError, match="alumina_shfe_close|outside the plausible range"):
        fetch(NOV, DEC, ["prices"], folder=tmp_path,
              module=akshare_frames.module(get_futures_daily=lambda start_date, end_date, market: daily))
    assert list(tmp_path.iterdir()) == []


def test_a_fetch_into_a_mistyped_store_creates_nothing(tmp_path):
    from addin.store import StoreError

    with pytest.raises(StoreError, match="dsek.db does not exist"):
        fetch(NOV, DEC, ["prices"], store=f"sqlite:///{tmp_path / 'dsek.db'}", module=akshare_frames.module())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # plans a whole workbook
def test_fetched_months_extend_the_history_without_sheets_of_their_own(tmp_path):
    from addin import bundled
    from workbooks.build import plan_workbook
    from workbooks.dataset import Dataset
    from workbooks.monthdata import read_month_files

    fetched = fetch(NOV, DEC, ["prices", "spot", "stocks"], folder=tmp_path, module=akshare_frames.module()).file
    observations = read_month_files([*bundled.month_files(), *bundled.price_files(), fetched])
    data = Dataset(observations)
    # market series only: the report's two survey months keep the only monthly sheets
    assert data.survey_months == ["2019-11", "2019-12"] and data.price_months[-1] == "2026-12"
    names = [sheet.name for sheet in plan_workbook(observations).sheets]
    assert "2026-11" not in names and "2026-12" not in names

"""The Refresh button with `znnial fetch` set on the xlwings.conf sheet: pressed on the Excel fake
(doubles/excel_com.py, xlwings 0.37.8's own code on top), with `akshare` replaced by the stand-in module of
tests/akshare_frames.py (AKShare 1.19.5's tables; the network is below AKShare, AKShare is not installed).

"Today" is 3 Dec 2026 (addin.fetch.local_today set), so the button fetches 2026-11-01…2026-12-02.
Hand counts from tests/akshare_frames.py (worked in tests/test_fetch.py's docstring):
  prices 12 figures: November AL close, avg, settle_avg, high, low (5) + AO alumina close, avg, settle_avg (3)
    + December AL close, avg, high, low (4; its one settlement is 0, left out); ZN2612 was not traded.
  spot 4: November AL spot (20,950 + 21,100) / 2 = 21,025 and basis_avg −75, spot − contract (CU is not ours), and
    the two days' quotes as daily rows (2026-11-02 20,950, 2026-11-03 21,100: docs/data.md, "Daily quotes").
  stocks 6: SHFE November al 123,456 t = 12.3456, zn 4.5678, ni 3.1234 (10kt); LME on 30 Nov al 47.655,
    zn 10.5325, ni 20.6112. October's reports are before the range, nothing is reported in December.
  Total 22 figures, all market series: the survey month stays 2019-11, so the copy is "znnial 2019-11.xlsm".
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest

from addin import fetch as fetch_module
from addin.cli import main as cli
from doubles.excel_button import open_in_excel, press_refresh, xl
from doubles.excel_com import Application
from tests import akshare_frames
from tests.test_excel_refresh import NOVEMBER, write_november
from workbooks.sheets import conf, data

TODAY = dt.date(2026, 12, 3)
FETCHED = 22  # the hand count above


@pytest.fixture(autouse=True)
def fixed_day_and_own_temp(tmp_path, monkeypatch):
    monkeypatch.setattr(fetch_module, "local_today", lambda: TODAY)
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the button's temporary folder, to see it go
    return scratch


@pytest.fixture
def dialogs(monkeypatch):
    """Each call of Application.GetOpenFilename (the file dialog), counted."""
    shown = []
    original = Application.GetOpenFilename

    def counted(self, *args):
        shown.append(args)
        return original(self, *args)

    monkeypatch.setattr(Application, "GetOpenFilename", counted)
    return shown


def set_conf(book, key: str, value) -> None:
    sheet = xl(book).sheets[conf.SHEET]
    keys = sheet.range("A1:A12").value  # one column: xlwings gives a flat list
    sheet.range((keys.index(key) + 1, 2)).value = value


def data_figures(path: Path) -> dict[tuple[str, str, str], float]:
    """(month, metal, item) → value of the Data sheet's rows (columns: month, metal, item, value, …)."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[data.SHEET].iter_rows(min_row=2, max_col=4, values_only=True))
    book.close()
    return {(m, metal, item): v for m, metal, item, v in rows if m}


def named_values(path: Path) -> dict[str, object]:
    """The cached value of each single-cell defined name (what Excel shows before it recalculates)."""
    book = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for name, defined in book.defined_names.items():
        for sheet, ref in defined.destinations:
            if ":" not in ref:
                out[name] = book[sheet][ref.replace("$", "")].value
    return out


def desk_with_fetch_on(tmp_path: Path, store: str | None = None):
    desk = tmp_path / "desk"
    desk.mkdir()
    original = write_november(desk)
    app, book = open_in_excel(original)
    set_conf(book, conf.FETCH_KEY, True)  # TRUE typed into the key's cell: a boolean, every kind
    if store:
        set_conf(book, conf.STORE_KEY, store)
    return desk, original, app, book


@pytest.mark.slow  # builds and refreshes a workbook
def test_fetch_on_without_month_file_or_store_makes_a_copy_with_the_fetched_figures(tmp_path, monkeypatch,
                                                                                   dialogs, fixed_day_and_own_temp):
    monkeypatch.setitem(sys.modules, "akshare", akshare_frames.module())
    desk, original, app, book = desk_with_fetch_on(tmp_path)
    before = original.read_bytes()
    title, message = press_refresh(app, book)  # no answer queued: a dialog would return False and cancel
    assert title == "znnial: refreshed", message
    assert message.startswith(f"fetched data: {FETCHED} figures added, 0 replaced. Latest month 2019-11.")
    assert dialogs == []  # fetched figures are the refresh's input: no file dialog
    made = desk / "znnial 2019-11.xlsm"
    assert sorted(p.name for p in desk.iterdir()) == ["znnial 2019-11.xlsm", "znnial.xlsm"]
    assert original.read_bytes() == before
    got = data_figures(made)
    assert got[("2026-11", "al", "shfe_close")] == 21500 and got[("2026-12", "al", "shfe_close")] == 21600
    assert got[("2026-11", "al", "shfe_avg")] == 21246.67 and got[("2026-11", "al", "spot")] == 21025
    assert got[("2026-11", "al", "basis_avg")] == -75 and got[("2026-11", "al", "alumina_shfe_close")] == 3200
    assert [got[("2026-11", m, "shfe_stocks")] for m in ("al", "zn", "ni")] == [12.3456, 4.5678, 3.1234]
    assert [got[("2026-11", m, "lme_stocks")] for m in ("al", "zn", "ni")] == [47.655, 10.5325, 20.6112]
    assert len([k for k in got if k[0] >= "2026"]) == FETCHED
    assert ("2026-11", "zn", "shfe_close") not in got  # listed, not traded
    # 表5: the report's plan still prices at the survey month (2019-11 close 13,885: between 13,500 and 14,500,
    # hold); the rows at the latest close take the fetched 2026-12 close 21,600, above the band's top 14,700:
    # sell hedge at the full ratio 0.8, 10,000 t × 0.8 / 5 t = 1,600 lots. Zinc was not traded in the fetched
    # days: its latest close stays the bundled 2020-12 20,675 (≥ resistance 20,000).
    hedge = named_values(made)
    assert (hedge["out_al_price_now"], hedge["out_al_action"]) == (13885, "HOLD 持有")
    assert hedge["in_al_shfe_close_latest"] == 21600 and hedge["out_al_action_latest"] == "SELL HEDGE 卖保"
    assert (hedge["out_al_hedge_ratio_latest"], hedge["out_al_lots_latest"]) == (0.8, 1600)
    assert hedge["in_zn_shfe_close_latest"] == 20675
    # progress: the fetch's own lines, then the refresh's; the status bar given back
    history = [s for s in app.status_history if s]
    assert "znnial: fetching SHFE daily quotes 2026-11-01…2026-12-02 (one request per day)" in history
    assert history.index("znnial: fetching LME stocks") < history.index("znnial: building the workbook (3/4)")
    assert app.StatusBar is False and list(fixed_day_and_own_temp.iterdir()) == []


@pytest.mark.slow  # builds a workbook and a store
def test_fetch_on_with_a_store_loads_it_then_rebuilds_the_copy_from_it(tmp_path, monkeypatch, dialogs):
    from addin.store import open_store

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert cli(["init-store", "--store", url]) == 0
    assert cli(["load", str(NOVEMBER), "--store", url]) == 0  # the desk's survey month
    with open_store(url) as store:
        loaded_before = len(store.observations())
    monkeypatch.setitem(sys.modules, "akshare", akshare_frames.module())
    desk, original, app, book = desk_with_fetch_on(tmp_path, store=url)
    title, message = press_refresh(app, book)
    assert title == "znnial: refreshed", message
    assert message.startswith(f"store {url}: {FETCHED} figures added, 0 replaced. Latest month 2019-11.")
    assert dialogs == []
    with open_store(url) as store:
        stored = store.observations()
    assert len(stored) == loaded_before + FETCHED  # one load of the 22 fetched figures
    assert {(o.month, o.metal, o.item): o.value for o in stored}[("2026-12", "al", "shfe_close")] == 21600
    got = data_figures(desk / "znnial 2019-11.xlsm")
    # rebuilt from the store: its November survey and the fetched figures; the workbook's bundled monthly
    # prices (2010…2020) are not in this store and were left out, as the message says
    assert len(got) == len(stored) and got[("2026-11", "al", "spot")] == 21025
    assert f"figures of the workbook are not in store {url} and were left out" in message


def _refused(tmp_path, app, book, desk, original, temp) -> str:
    before = original.read_bytes()
    title, message = press_refresh(app, book)
    assert title == "znnial: nothing was changed"
    assert [p.name for p in desk.iterdir()] == ["znnial.xlsm"] and original.read_bytes() == before
    assert [b.Name for b in app._books] == ["znnial.xlsm"]
    assert app.StatusBar is False and app.status_history[-1] is False and list(temp.iterdir()) == []
    return message


@pytest.mark.slow  # builds a workbook
def test_without_akshare_one_message_names_the_pip_line(tmp_path, monkeypatch, fixed_day_and_own_temp):
    monkeypatch.setitem(sys.modules, "akshare", None)  # import akshare raises ImportError
    desk, original, app, book = desk_with_fetch_on(tmp_path)
    message = _refused(tmp_path, app, book, desk, original, fixed_day_and_own_temp)
    assert message == 'fetching needs AKShare, which is not installed: run  pip install "znnial[data]"'


@pytest.mark.slow  # builds a workbook
def test_a_source_with_renamed_columns_names_the_function_and_writes_nothing(tmp_path, monkeypatch,
                                                                              fixed_day_and_own_temp):
    renamed = akshare_frames.module(futures_spot_price=lambda date, vars_list: akshare_frames.spot_price(date)
                                    .rename(columns={"spot_price": "现货价格"}))
    monkeypatch.setitem(sys.modules, "akshare", renamed)
    desk, original, app, book = desk_with_fetch_on(tmp_path)
    message = _refused(tmp_path, app, book, desk, original, fixed_day_and_own_temp)
    assert message.startswith("AKShare futures_spot_price(date='20261102', vars_list=['AL', 'ZN', 'NI']) returned "
                              "the columns ['date', 'symbol', '现货价格'")
    assert "nothing was written" in message


@pytest.mark.slow  # builds and refreshes a workbook
def test_a_month_file_typed_in_the_guide_and_the_fetch_are_merged_and_both_named(tmp_path, monkeypatch, dialogs):
    from addin import bundled
    from workbooks.sheets.guide import MONTH_FILE_NAME

    monkeypatch.setitem(sys.modules, "akshare", akshare_frames.module())
    desk, original, app, book = desk_with_fetch_on(tmp_path)
    december = bundled.month_files()[1]  # four December estimates (tests/test_excel_refresh.py)
    xl(book).names[MONTH_FILE_NAME].refers_to_range.value = str(december)
    title, message = press_refresh(app, book)
    assert dialogs == [] and title == "znnial: refreshed", message
    assert message.startswith(f"2019-12.csv and fetched data: {4 + FETCHED} figures added, 0 replaced. "
                              "Latest month 2019-12.")
    assert data_figures(desk / "znnial 2019-12.xlsm")[("2026-12", "al", "shfe_close")] == 21600

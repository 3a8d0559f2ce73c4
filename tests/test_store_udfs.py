"""=znnial_series: one item of the store between two months (and as of a date), spilled, reading the store
named on the xlwings.conf sheet of the calling workbook (a workbook open in the Excel fake, doubles/excel_com.py, read through xlwings' own Windows code).

Figures: workbooks/data/months/2019-11.csv, aluminium full cost 13,085 CNY/t (the report's §二(三)铝2),
revised by hand to 13,100 in a second file; SHFE aluminium month-end closes 2020-01 … 2020-03 as the bundled
prices/shfe_al_monthly_2019_2020.csv holds them (read from that file, the one the store loaded).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, update
from sqlalchemy.engine import Engine

from addin import bundled
from addin.store import open_store
from addin.store.schema import loads
from addin.store_udfs import NO_STORE, series_rows, znnial_series
from tests.store_files import FULL_COST_SOURCE, NOVEMBER, november, write_month_file
from doubles.excel_button import xl
from tests.test_store_cli import _november_in_excel, _set_store
from workbooks.monthdata import read_month_file


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    with open_store(url) as store:
        store.load([NOVEMBER, *bundled.price_files()])
    return url


def test_a_series_between_two_months_spills_month_value_source(url):
    prices = {o.month: (o.value, o.source) for o in read_month_file(bundled.PRICES / "shfe_al_monthly_2019_2020.csv")
              if o.item == "shfe_close"}
    rows = series_rows(url, "al.shfe_close", "2020-01", "2020-03")
    assert rows[0] == ["month", "al.shfe_close (CNY/t)", "source"]
    assert rows[1:] == [[m, *prices[m]] for m in ("2020-01", "2020-02", "2020-03")]


def test_as_of_a_date_gives_the_figure_as_the_desk_saw_it(url, tmp_path):
    with open_store(url) as store:
        store.load([write_month_file(tmp_path / "smm.csv", november(), values={("al", "full_cost"): 13100.0})])
        with store.engine.begin() as c:  # the first loads on 1 Dec 2026, the revision on 5 Dec
            c.execute(update(loads).values(loaded_at=dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone.utc)))
            c.execute(update(loads).where(loads.c.file_name == "smm.csv")
                      .values(loaded_at=dt.datetime(2026, 12, 5, 9, tzinfo=dt.timezone.utc)))
    assert series_rows(url, "al.full_cost", "2019-11", "2019-11")[1:] == [["2019-11", 13100.0, FULL_COST_SOURCE]]
    # a date typed in a cell reaches the function as a datetime; the whole day counts, as with --as-of
    assert series_rows(url, "al.full_cost", dt.datetime(2019, 11, 1), "2019-11", dt.datetime(2026, 12, 4))[1:] == [
        ["2019-11", 13085.0, FULL_COST_SOURCE]]


def test_one_query_for_the_figures_per_call(url):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        series_rows(url, "zn.shfe_close", "2019-01", "2020-12")
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert sum(1 for s in statements if "FROM revisions" in s) == 1


@pytest.mark.parametrize("args, says", [
    (("al.fullcost", "2019-11", "2019-11"), "znnial: series 'al.fullcost': unknown item al/fullcost"),
    (("full_cost", "2019-11", "2019-11"), "znnial: series 'full_cost' is not metal.item"),
    (("al.full_cost", "Nov", "2019-11"), "znnial: first_month 'Nov': "),
    (("al.full_cost", "2019-11", "2019-11", "yesterday"), "znnial: as_of 'yesterday': --as-of 'yesterday' is not"),
    (("al.full_cost", "2030-01", "2030-12"), "znnial: store sqlite:///"),
])
def test_bad_arguments_are_one_cell_naming_the_argument(url, args, says):
    [[message]] = series_rows(url, *args)
    assert message.startswith(says)


@pytest.mark.slow  # builds a workbook and opens it in the Excel fake
def test_the_workbook_names_the_store(url, tmp_path):
    _, book = _november_in_excel(tmp_path)
    caller = xl(book).sheets["xlwings.conf"].range("A1")
    assert znnial_series("al.full_cost", "2019-11", "2019-11", caller=caller) == [[NO_STORE]]
    _set_store(book, url)
    assert znnial_series("al.full_cost", "2019-11", "2019-11", caller=caller)[1] == [
        "2019-11", 13085.0, FULL_COST_SOURCE]
    _set_store(book, f"sqlite:///{tmp_path / 'dsek.db'}")
    [[message]] = znnial_series("al.full_cost", "2019-11", "2019-11", caller=caller)
    assert "dsek.db does not exist" in message and not (tmp_path / "dsek.db").exists()

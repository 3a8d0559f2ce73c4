"""回测's basis charts (issue 20 item 4): per metal, the basis (spot − SHFE monthly average) and its change on
the month, each a column a chart draws; a month without spot is a gap (#N/A), never a basis of 0.

The spot prices here are MADE UP for these tests (round numbers near 2020's level, not any publisher's); the
futures are the bundled SHFE monthly averages of 2020 (workbooks/data/prices/*.csv, item shfe_avg):
  al 2020-01 14,111.6 · 02 13,617.0 · 04 12,023.1    zn 2020-11 20,473.8 · 12 21,390.0    ni 2020-06 102,856.0
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from addin.bundled import all_observations
from doubles.excel_eval import TEMPLATE, bundled_plan, load_compiler
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_file
from workbooks.plan import cell_address, range_address
from workbooks.user_edits import UserEdits

NA = "#N/A"
MADE_UP_SPOT = """month,metal,item,value,unit,source
2020-01,al,spot,14300,CNY/t,made up for tests/test_basis_chart.py
2020-02,al,spot,13800,CNY/t,made up for tests/test_basis_chart.py
2020-04,al,spot,12100,CNY/t,made up for tests/test_basis_chart.py
2020-11,zn,spot,20600,CNY/t,made up for tests/test_basis_chart.py
2020-12,zn,spot,21700,CNY/t,made up for tests/test_basis_chart.py
2020-06,ni,spot,103500,CNY/t,made up for tests/test_basis_chart.py
"""
# Hand: basis = spot − the month's SHFE average; change = this month's basis − last month's, where both exist.
HAND_BASIS = {
    "al": {0: 14300 - 14111.6, 1: 13800 - 13617.0, 3: 12100 - 12023.1},  # 188.4, 183.0, 76.9 (March: none)
    "zn": {10: 20600 - 20473.8, 11: 21700 - 21390.0},  # 126.2, 310.0
    "ni": {5: 103500 - 102856.0},  # 644.0
}
HAND_CHANGE = {
    "al": {1: 183.0 - 188.4},  # −5.4; April has no change: March has no basis
    "zn": {11: 310.0 - 126.2},  # 183.8
    "ni": {},  # one month of spot: no change
}
TITLES = {"al": "SHFE aluminium", "zn": "SHFE zinc", "ni": "SHFE nickel"}


def _basis_columns(plan, metal: str):
    """(basis cells, change cells) of a metal's basis chart, one per month, found through the chart's series."""
    sheet = plan.sheet("回测")
    [chart] = [c for c in sheet.charts if "基差与基差变化" in c.title and TITLES[metal] in c.title]
    cells = {(c.row, c.col): c for c in sheet.cells}
    columns = []
    for series in chart.series:
        first, col, last, _ = series.values
        columns.append([cells[(row, col)] for row in range(first, last + 1)])
    return columns


def _expected(hand: dict) -> list:
    return [pytest.approx(hand[k]) if k in hand else NA for k in range(12)]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("spot") / "made_up_spot.csv"
    path.write_text(MADE_UP_SPOT, encoding="utf-8")
    return plan_workbook(all_observations() + read_month_file(path))


def test_no_spot_loaded_is_a_gap_in_every_month_never_zero():
    plan = bundled_plan()  # the bundled data carries no spot item (tests/test_spot_items.py)
    for metal in TITLES:
        basis, change = _basis_columns(plan, metal)
        assert [c.value for c in basis] == [NA] * 12, metal
        assert [c.value for c in change] == [NA] * 12, metal
        assert change[0].formula == "=NA()"  # the first month has no month before it


@pytest.mark.slow  # a whole-workbook plan
@pytest.mark.parametrize("metal", sorted(TITLES))
def test_loaded_spot_gives_the_hand_basis_and_change(loaded, metal):
    basis, change = _basis_columns(loaded, metal)
    assert [c.value for c in basis] == _expected(HAND_BASIS[metal])
    assert [c.value for c in change] == _expected(HAND_CHANGE[metal])
    # each basis cell reads that month's spot and futures cells on the sheet (the rows above the table)
    spot_row, futures_row = (loaded.names[f"in_bt_{metal}_{k}"] for k in ("spot", "prices"))
    first = cell_address(spot_row[1], spot_row[2], absolute=True)
    futures = cell_address(futures_row[1], futures_row[2], absolute=True)
    assert basis[0].formula == (f"=IF(AND(ISNUMBER({first}),ISNUMBER({futures})),IF({first}>0,{first}-{futures},"
                                "NA()),NA())")


@pytest.mark.slow  # a whole-workbook plan
def test_a_typed_spot_counts_and_a_typed_zero_is_no_spot(tmp_path):
    # March typed as 12,500 (made up): basis 12,500 − 12,426.6 = 73.4, and now April's change exists:
    # 76.9 − 73.4 = 3.5; January typed as 0 — the back-test reads a spot of 0 as none (docs/backtest.md) —
    # so January's basis is a gap, and February's change with it
    path = tmp_path / "made_up_spot.csv"
    path.write_text(MADE_UP_SPOT, encoding="utf-8")
    typed = UserEdits({"回测": {"bt.al_spot[2]": 12500.0, "bt.al_spot[0]": 0.0}})
    basis, change = _basis_columns(plan_workbook(all_observations() + read_month_file(path), typed), "al")
    assert [c.value for c in basis] == _expected({1: 13800 - 13617.0, 2: 12500 - 12426.6, 3: 12100 - 12023.1})
    assert [c.value for c in change] == _expected({2: 73.4 - 183.0, 3: 76.9 - 73.4})


@pytest.mark.slow  # pycel over the template
def test_pycel_computes_the_basis_from_spot_typed_into_the_template(tmp_path):
    """The template's formulas, evaluated headlessly with our functions bound: the made-up aluminium spot
    typed into 回测's spot row (what a user pastes) gives the hand basis and change in the charted columns."""
    plan = bundled_plan()
    sheet_name, row, first_col, *_ = plan.names["in_bt_al_spot"]
    book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    for month, price in ((0, 14300), (1, 13800), (3, 12100)):
        book[sheet_name].cell(row + 1, first_col + 1 + month, price)
    typed = tmp_path / "typed.xlsm"
    book.save(typed)
    compiler = load_compiler(typed)
    columns = []
    for series in next(c for c in plan.sheet(sheet_name).charts if "基差与基差变化" in c.title
                       and "aluminium" in c.title).series:
        first, col, last, _ = series.values
        address = f"'{sheet_name}'!{range_address(first, col, last, col)}"
        compiler.evaluate(address)  # pycel keeps a saved value until told to recalculate (doubles/excel_eval.py)
        columns.append(address)
    compiler.recalculate()
    got = []
    for address in columns:
        values = compiler.evaluate(address)
        got.append([v[0] if isinstance(v, (list, tuple)) else v for v in values])  # pycel flattens a column
    basis, change = ([NA if isinstance(v, str) and v.startswith("#N/A") else v for v in column] for column in got)
    assert basis == _expected(HAND_BASIS["al"])
    assert change == _expected(HAND_CHANGE["al"])


def test_each_basis_chart_marks_its_points():
    # A line needs two neighbouring values: a month whose neighbours are gaps (one month of spot; a change
    # between two months of spot) shows only as a marker. ECMA-376 §21.2.2.32 marker / §21.2.2.198 symbol.
    with zipfile.ZipFile(TEMPLATE) as book:
        charts = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/charts/chart")]
    basis = [xml for xml in charts if "基差与基差变化" in xml]
    assert len(basis) == 3  # zinc, nickel, aluminium
    for xml in basis:
        assert xml.count("<c:ser>") == 2 and xml.count('<c:symbol val="circle"/>') == 2

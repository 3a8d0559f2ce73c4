"""Daily spot quotes (issue 20 item 4): a spot row may carry a trading date; the store, the Data sheet, 回测's
monthly spot (their mean where no monthly row) and 日线回测's spot column take them.

Real quotes: ../shared/data/spot_daily_al_2019_2020.csv (生意社 (100ppi); read only here, through a month file
written in the test's temporary folder: never bundled, tests/test_spot_items.py checks). The rows used,
against the bundled SHFE aluminium closes of the same days (workbooks/data/prices/daily):

    day         spot (100ppi)  close (AL0)   basis
    2020-03-02  13,060.00      13,255        −195.00
    2020-03-03  13,163.33      13,280        −116.67
    2020-03-04  13,016.67      13,205        −188.33
    2020-03-05  (not loaded)   13,245        −188.33  filled: the close + the last basis (workbooks/spot.py)
    2020-03-06  13,080.00      13,175         −95.00
"""

from __future__ import annotations

from pathlib import Path

import pytest

from addin.bundled import all_observations
from workbooks.dataset import Dataset
from workbooks.monthdata import MonthFileError, read_month_file
from workbooks.monthdata.vocabulary import DAILY_TOO, Item, item_from_row
from workbooks.sheets.data import data_sheet
from workbooks.user_edits import Formula, UserEdits, find_edits

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SPOT_FILE = SHARED / "spot_daily_al_2019_2020.csv"
needs_shared = pytest.mark.skipif(not SPOT_FILE.exists(), reason="../shared/data not present")
DAYS = ("2020-03-02", "2020-03-03", "2020-03-04", "2020-03-06")  # 2020-03-05 left out: a missing day
# hand, from the table above: the five days' basis sums to −783.33; each is a settled sale day of 日线回测 (index
# 36–40 of 243, past the 21-day holding), whose 222 sale days (days 21 … 242, 50 t each) set both averages
BASIS_SUM = -195.00 - 116.67 - 188.33 - 188.33 - 95.00
SALE_DAYS = 243 - 21
DAILY = "日线回测"


def _quotes(days=DAYS) -> dict[str, str]:
    rows = {}
    for line in SPOT_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        day, metal, price, _ = line.split(",", 3)
        if metal == "al" and (days is None or day in days):
            rows[day] = price
    return rows


def _month_file(tmp_path, quotes: dict[str, str], extra: str = "") -> Path:
    path = tmp_path / "spot_daily.csv"
    body = "".join(f"{day},al,spot,{price},元/吨,100ppi (not republished)\n" for day, price in quotes.items())
    path.write_text("month,metal,item,value,unit,source\n" + body + extra, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ the vocabulary


def test_only_a_market_series_may_take_daily_quotes():
    with pytest.raises(ValueError, match="al/x takes daily quotes but is of kind 'survey'"):
        Item("x", "al", "CNY/t", "x", "x", 1, 2, "survey", daily=True)
    with pytest.raises(ValueError, match="the field after the kind may only be 'daily too'"):
        item_from_row(("al", "x", "CNY/t", "x", "x", 1, 2, "market", "daily"))
    assert item_from_row(("al", "x", "CNY/t", "x", "x", 1, 2, "market", DAILY_TOO)).daily


# ------------------------------------------------------------------------------------------ reading


def test_a_dated_spot_row_is_that_days_quote_and_a_bad_date_is_named(tmp_path):
    # 2020-03-07 is a Saturday: a quote on it is read (the sheet uses trading days only); the value is made up
    path = _month_file(tmp_path, {"2020-03-02": "13060.0"}, "2020-03-07,al,spot,13100,元/吨,made up\n"
                       "2020-03-31,al,shfe_avg,13000,元/吨,made up: a date for a monthly-only item is its month\n")
    got = {(o.month, o.item): o.value for o in read_month_file(path)}
    assert got == {("2020-03-02", "spot"): 13060.0, ("2020-03-07", "spot"): 13100.0, ("2020-03", "shfe_avg"): 13000.0}
    path.write_text("month,metal,item,value,unit,source\n2020-03-02,al,spot,13060,元/吨,100ppi\n"
                    "2020-02-30,al,spot,13100,元/吨,100ppi\n", encoding="utf-8")
    with pytest.raises(MonthFileError) as refused:
        read_month_file(path)
    [problem] = refused.value.problems
    assert (Path(problem.file).name, problem.row, problem.value) == ("spot_daily.csv", 3, "13100")
    assert 'row 3, al/spot = "13100": unparsable month "2020-02-30" (2020-02 has no day 30)' in str(refused.value)


@needs_shared
def test_daily_quotes_make_no_month_and_their_mean_is_the_months_spot(tmp_path):
    quotes = read_month_file(_month_file(tmp_path, _quotes()))
    bundled = all_observations()
    with_quotes = Dataset(bundled + quotes)
    assert with_quotes.survey_months == Dataset(bundled).survey_months  # no month sheet, the latest month kept
    assert with_quotes.price_months == Dataset(bundled).price_months
    # hand: (13,060 + 13,163.33 + 13,016.67 + 13,080) / 4 = 13,080.00
    march = with_quotes.exact("al", "spot", "2020-03")
    assert (march.value, march.source) == (pytest.approx(13080.0), "mean of 4 daily quotes (100ppi (not republished))")
    assert with_quotes.exact("al", "spot", "2020-02") is None
    # a monthly row wins over the daily quotes' mean, whatever its source
    monthly = read_month_file(_month_file(tmp_path, {}, "2020-03,al,spot,13001,元/吨,desk\n"))
    assert Dataset(bundled + quotes + monthly).exact("al", "spot", "2020-03").value == 13001.0
    assert with_quotes.daily("al", "spot", "2020") == {d: float(p) for d, p in _quotes().items()}


@needs_shared
def test_the_data_sheet_lists_daily_rows_in_the_same_table_by_date(tmp_path):
    quotes = read_month_file(_month_file(tmp_path, _quotes(), "2020-03,al,spot,13001,元/吨,desk\n"))
    sheet = data_sheet(Dataset(all_observations() + quotes))
    rows = {}
    for cell in sheet.cells:
        if cell.col < 6 and cell.row > 0:
            rows.setdefault(cell.row, []).append(cell.value)
    spot = [row[0] for _, row in sorted(rows.items()) if row[2] == "spot"]
    assert spot == ["2020-03", *DAYS]  # the month's row, then its days, oldest first
    months = [row[0] for _, row in sorted(rows.items())]
    assert months == sorted(months)


# ------------------------------------------------------------------------------------------ the store


@needs_shared
def test_a_store_before_daily_quotes_is_upgraded_and_keeps_them(tmp_path):
    from alembic import command

    from addin.store import open_store
    from addin.store.migrate import alembic_config, current_revision
    from addin.store.url import parse_store_url, store_engine

    url = parse_store_url(f"sqlite:///{tmp_path / 'old.db'}", "the test")
    engine = store_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")  # the schema before migration 0003
    engine.dispose()
    with open_store(url.render_as_string()) as store:
        assert current_revision(store.engine) == "0003"
        store.load([_month_file(tmp_path, _quotes())])
        days = [(o.month, o.value) for o in store.series("al", "spot", "2020-03", "2020-03")]
    assert days == [(day, float(price)) for day, price in _quotes().items()]  # the month bound takes its days


@pytest.mark.slow
@needs_shared
def test_daily_quotes_on_postgresql(pg_store, tmp_path):
    from alembic import command

    from addin.store import open_store
    from addin.store.migrate import alembic_config, current_revision

    with open_store(pg_store.owner) as store, store.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0002")  # VARCHAR(7): a date would not fit
    with open_store(pg_store.owner) as store:  # the owner's init-store upgrades it again
        assert current_revision(store.engine) == "0003"
    with open_store(pg_store.loader) as store:
        store.load([_month_file(tmp_path, _quotes())])
    with open_store(pg_store.reader) as store:
        assert [(o.month, o.value) for o in store.observations() if o.item == "spot"] == [
            (day, float(price)) for day, price in _quotes().items()]


# ------------------------------------------------------------------------------------------ 日线回测


def _daily_sheet(plan):
    return plan.sheet(DAILY)


def _named(plan) -> dict:
    return {c.name: c.value for c in _daily_sheet(plan).cells if c.name}


def _note(plan) -> str:
    return next(c.value for c in _daily_sheet(plan).cells if (c.row, c.col) == (2, 0))


@pytest.fixture(scope="module")
def futures_only():
    from doubles.excel_eval import bundled_plan

    return bundled_plan()


@pytest.fixture(scope="module")
def quoted(tmp_path_factory):
    from workbooks.build import plan_workbook

    path = _month_file(tmp_path_factory.mktemp("daily"), _quotes())
    return path, plan_workbook(all_observations() + read_month_file(path))


@pytest.mark.slow  # a whole-workbook plan
@needs_shared
def test_loaded_quotes_move_the_sale_prices_by_their_basis(futures_only, quoted):
    _, plan = quoted
    base, got = _named(futures_only), _named(plan)
    assert _note(futures_only).startswith("spot: no daily al.spot quotes of 2020 on the Data sheet: the spot column "
                                          "is blank and the metal is sold at the close (basis 0)")
    assert _note(plan).startswith("spot: 4 of 243 days loaded from the Data sheet's daily al.spot, 1 filled (stale or "
                                  "missing: that day's close + the last good basis: 2020-03-05), 238 blank")
    # hand (module docstring): both averages move by Σ basis / 222 sale days = −783.33 / 222 = −3.53 CNY/t
    for name in ("out_dl_unhedged_price", "out_dl_hedged_price"):
        assert got[name] - base[name] == pytest.approx(BASIS_SUM / SALE_DAYS, abs=0.01), name
    for name in ("out_dl_futures", "out_dl_fees", "out_dl_financing", "out_dl_peak_cash", "out_dl_result"):
        assert got[name] == base[name], name  # the futures account does not see spot
    # the spot column: the quotes, the filled day, blanks elsewhere; the basis column a gap where no spot
    sheet = _daily_sheet(plan)
    cells = {(c.row, c.col): c for c in sheet.cells}
    first = sheet.range_names["in_dl_al_spot"][0]
    spot = [cells[(first + i, 2)].value for i in range(243)]
    assert spot[36:41] == [13060.0, 13163.33, 13016.67, pytest.approx(13245 - 188.33), 13080.0]
    assert spot[:36] == [None] * 36 and spot[41:] == [None] * 202
    basis_col = next(s for c in sheet.charts if "daily basis" in c.title for s in c.series).values[1]
    assert cells[(first + 36, basis_col)].value == pytest.approx(-195.0)
    assert cells[(first, basis_col)].value == "#N/A"


@pytest.mark.slow  # whole-workbook plans
@needs_shared
def test_a_typed_spot_survives_a_refresh_with_or_without_quotes(quoted):
    from workbooks.build import plan_workbook

    path, plan = quoted
    sheet = _daily_sheet(plan)
    cell = next(c for c in sheet.cells if c.key == "dl.al_spot[2020-03-09]")
    assert cell.value is None  # no quote loaded that day
    found = {s.name: {(c.row, c.col): Formula(c.formula) if c.formula else c.value for c in s.cells
                      if c.formula or c.value not in (None, "")} for s in plan.sheets}  # the file as built
    found[DAILY][(cell.row, cell.col)] = 13300.0  # made up: typed by the user on 2020-03-09 (close 12,890)
    edits, problems = find_edits(plan, found)
    assert problems == [] and edits.assumptions == {DAILY: {"dl.al_spot[2020-03-09]": 13300.0}}
    for observations in (all_observations() + read_month_file(path), all_observations()):
        again = plan_workbook(observations, edits)
        kept = next(c for c in _daily_sheet(again).cells if c.key == "dl.al_spot[2020-03-09]")
        assert kept.value == 13300.0
    # hand: 2020-03-09 is a sale day too: the averages move by a further (13,300 − 12,890) / 222 = +1.85
    moved = _named(again)["out_dl_unhedged_price"] - _named(plan_workbook(all_observations(), UserEdits()))[
        "out_dl_unhedged_price"]
    assert moved == pytest.approx((13300 - 12890) / SALE_DAYS)


@pytest.mark.slow  # pycel over a written workbook
@needs_shared
def test_pycel_gives_the_same_prices_from_the_written_sheet(quoted, tmp_path):
    """The sheet's formulas evaluated headlessly with our functions bound (doubles/excel_eval.py): the workbook
    written from the plan with the quotes loaded, then 13,300 typed on 2020-03-09 (made up; close 12,890) as a
    user would: recalculated, both prices are the plan's plus the hand (13,300 − 12,890) / 222."""
    import openpyxl

    from doubles.excel_eval import load_compiler
    from workbooks.plan import cell_address
    from workbooks.xlsx_writer import write_workbook

    _, plan = quoted
    typed = next(c for c in _daily_sheet(plan).cells if c.key == "dl.al_spot[2020-03-09]")
    written = write_workbook(plan, tmp_path / "quoted.xlsx")
    book = openpyxl.load_workbook(written)
    book[DAILY].cell(typed.row + 1, typed.col + 1, 13300.0)
    book.save(written)
    compiler = load_compiler(written)
    anchor = next(c for c in _daily_sheet(plan).cells if c.spill)
    results = {name: f"'{DAILY}'!{cell_address(*plan.names[name][1:3])}"
               for name in ("out_dl_unhedged_price", "out_dl_hedged_price")}
    for address in [f"'{DAILY}'!{cell_address(anchor.row, anchor.col)}", *results.values()]:
        compiler.evaluate(address)  # pycel keeps a saved value until told to recalculate (doubles/excel_eval.py)
    compiler.recalculate()
    expected = _named(plan)
    for name, address in results.items():
        assert compiler.evaluate(address) == pytest.approx(expected[name] + (13300 - 12890) / SALE_DAYS,
                                                           rel=1e-12), name


@pytest.mark.slow  # a whole-workbook plan
@needs_shared
def test_the_whole_of_2020_gives_the_published_real_basis_prices(tmp_path):
    # docs/backtest.md "2020 with real basis": Al daily, average sale price unhedged / hedged 14,012 / 13,940
    # futures only, 14,213 / 14,141 with the 100ppi quotes (10 stale days of 2020 masked: that section)
    from workbooks.build import plan_workbook

    year = {day: price for day, price in _quotes(None).items() if day.startswith("2020")}
    plan = plan_workbook(all_observations() + read_month_file(_month_file(tmp_path, year)))
    got = _named(plan)
    assert (round(got["out_dl_unhedged_price"]), round(got["out_dl_hedged_price"])) == (14213, 14141)
    assert _note(plan).startswith("spot: 233 of 243 days loaded from the Data sheet's daily al.spot, 10 filled")


# ------------------------------------------------------------------------------------------ withdrawing


def test_a_mistyped_daily_quote_is_warned_of_once_and_withdrawn_with_its_month(tmp_path):
    import datetime as dt

    from addin.store import open_store
    from workbooks.monthdata.months import future_month_warnings

    # made up: 2035-03-02 typed for 2020-03-02; two days of it warn once, as their month (hand: 2035-03 is
    # 171 months after 2020-12)
    assert future_month_warnings(["2035-03-02", "2035-03-03"], dt.date(2020, 12, 15)) == [
        "month 2035-03 is 171 months after this month (2020-12): mistyped? `znnial withdraw` takes it back"]
    path = _month_file(tmp_path, {"2035-03-02": "13060.0", "2035-03-03": "13163.33"},
                       "2020-03-02,al,spot,13060,元/吨,100ppi\n")
    with open_store(f"sqlite:///{tmp_path / 'desk.db'}") as store:
        store.load([path])
        withdrawn = store.withdraw("2035-03", [("al", "spot")])
        assert [key[0] for key in withdrawn.figures] == ["2035-03-02", "2035-03-03"]
        assert [o.month for o in store.observations()] == ["2020-03-02"]


@pytest.mark.slow  # writes a workbook and rebuilds it twice
@needs_shared
def test_a_workbook_round_trip_keeps_the_quotes_and_the_typed_spot_and_withdraws_them(tmp_path, capsys):
    """A workbook with the four March quotes, 13,300 typed on 2020-03-09 (made up) in 日线回测's spot column:
    `znnial refresh` with the next day's quote (2020-03-10, 100ppi) reads the four back from the Data sheet, adds
    the fifth and keeps the typed price (03-09 is now inside the quotes' span: the fill gives way to it);
    `znnial withdraw … 2020-03 al.spot` takes the quotes out and still keeps it."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    from addin.cli import main as cli
    from workbooks.build import plan_workbook
    from workbooks.xlsx_writer import write_workbook

    plan = plan_workbook(all_observations() + read_month_file(_month_file(tmp_path, _quotes())))
    typed = next(c for c in _daily_sheet(plan).cells if c.key == "dl.al_spot[2020-03-09]")
    target = write_workbook(plan, tmp_path / "znnial.xlsm")
    book = openpyxl.load_workbook(target, keep_vba=True)
    book[DAILY].cell(typed.row + 1, typed.col + 1, 13300.0)
    book.save(target)

    def sheet(name):
        return CalamineWorkbook.from_path(str(target)).get_sheet_by_name(name).to_python()

    def spot_days():
        return [row[0] for row in sheet("数据 Data") if row[2] == "spot"]

    later = tmp_path / "later" / "spot_daily.csv"
    later.parent.mkdir()
    _month_file(later.parent, _quotes(("2020-03-10",)))
    assert cli(["refresh", str(target), str(later)]) == 0
    assert spot_days() == [*DAYS, "2020-03-10"]
    daily = sheet(DAILY)
    assert daily[typed.row][typed.col] == 13300.0 and daily[typed.row - 5][typed.col] == 13060.0  # 03-09, 03-02
    assert daily[2][0].startswith("spot: 5 of 243 days loaded from the Data sheet's daily al.spot, 2 filled (stale or "
                                  "missing: that day's close + the last good basis: 2020-03-05, 2020-03-09), 236 blank")
    assert daily[2][0].endswith("; a price typed in column C wins and is kept by every refresh.")
    capsys.readouterr()
    assert cli(["withdraw", str(target), "2020-03", "al.spot"]) == 0
    assert "withdrew 5 figures of 2020-03" in capsys.readouterr().out
    assert spot_days() == []
    daily = sheet(DAILY)
    assert daily[typed.row][typed.col] == 13300.0 and daily[typed.row - 5][typed.col] == ""
    assert daily[2][0].startswith("spot: no daily al.spot quotes of 2020")

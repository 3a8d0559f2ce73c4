"""The in-Excel refresh against a double that behaves like Excel (tests/excel_double.py): recalculation,
implicit intersection, #SPILL!, typed text, charts and COM round trips (issue 11, item 4)."""

from __future__ import annotations

import dataclasses

import pytest

from addin import bundled
from addin.excel import refresh_book
from addin.excel_writer import ExcelWriter
from tests.excel_double import FakeBook
from workbooks.build import plan_workbook
from workbooks.monthdata import Observation, read_month_files

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]


def _spill_sizes(plan):
    """formula -> (rows, cols) of its result: what Excel would compute, taken from the plan."""
    sizes = {}
    for sheet in plan.sheets:
        for cell in sheet.cells:
            if cell.formula and (cell.spill or cell.reserve):
                sizes[cell.formula] = cell.spill or cell.reserve
    return sizes.get


def _book(observations, **kwargs) -> tuple[FakeBook, object]:
    plan = plan_workbook(observations)
    book = FakeBook(spill_size=_spill_sizes(plan), **kwargs)
    ExcelWriter(book).write(plan)
    book.calls.clear()
    book.app.recalculations = book.app.function_calls = book.app.com_calls = 0
    return book, plan


def _with_prices(months: int) -> list[Observation]:
    """The bundled survey figures plus `months` of made-up monthly prices ending 2019-12 (a test series,
    not market data): zinc 18,000 + 10 per month back, nickel 100,000 + 100, aluminium LME 1,800."""
    survey = [o for o in read_month_files([NOVEMBER]) if not o.item.startswith(("shfe_", "lme_"))]
    prices, year, month = [], 2019, 12
    for back in range(months):
        key = f"{year}-{month:02d}"
        for metal, item, unit, value in (("zn", "shfe_avg", "CNY/t", 18000 + 10 * back),
                                         ("zn", "shfe_close", "CNY/t", 18050 + 10 * back),
                                         ("ni", "shfe_avg", "CNY/t", 100000 + 100 * back),
                                         ("ni", "shfe_close", "CNY/t", 100500 + 100 * back),
                                         ("al", "lme_cash_avg", "USD/t", 1800.0)):
            prices.append(Observation(key, metal, item, value, unit, "made up for this test", "test", 0))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return survey + prices


def test_a_write_under_automatic_calculation_recalculates_its_dependents():
    # the double's own model, on one formula: =zn_cost_support(A1,A2) reads A1 — a write there under
    # automatic calculation is one recalculation calling it once; under manual, none until switched back
    book = FakeBook()
    sheet = book.sheets.add("S")
    sheet.range("B1").formula2 = "=zn_cost_support(A1,A2)"
    book.app.recalculations = book.app.function_calls = 0
    sheet.range("A1").value = 18000
    assert (book.app.recalculations, book.app.function_calls) == (1, 1)
    sheet.range("C5").value = 1  # nothing reads C5
    assert book.app.recalculations == 1
    book.app.calculation = "manual"
    sheet.range("A2").value = 2000
    sheet.range("A1").value = 18500
    assert book.app.recalculations == 1
    book.app.calculation = "automatic"  # Excel recalculates the dirty cells once
    assert (book.app.recalculations, book.app.function_calls) == (2, 2)


def test_the_double_adds_the_implicit_intersection_and_reads_typed_text_like_excel():
    book = FakeBook()
    sheet = book.sheets.add("S")
    sheet.range("A1").formula = "=hedge_action(B1:B5,14500,14700,13500)"
    sheet.range("A2").formula2 = "=hedge_action(B1:B5,14500,14700,13500)"
    assert sheet.formulas[(1, 1)] == "=@hedge_action(B1:B5,14500,14700,13500)"
    assert sheet.formulas[(2, 1)] == "=hedge_action(B1:B5,14500,14700,13500)"
    sheet.range("C1").value = [["2019-11", "'2019-11", "86.8%", "13085", "SMM"]]
    assert sheet.cells[(1, 3)].year == 2019 and sheet.cells[(1, 4)] == "2019-11"  # a date unless quoted
    assert (sheet.cells[(1, 5)], sheet.cells[(1, 6)], sheet.cells[(1, 7)]) == (0.868, 13085.0, "SMM")


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_spill_onto_a_typed_cell_is_a_spill_error_and_the_writer_clears_its_range():
    book, plan = _book(read_month_files([NOVEMBER, *bundled.price_files()]))
    history = plan.sheet("历史 History")
    anchor = next(c for c in history.cells if c.spill)
    target = book.sheets["历史 History"]
    below = (anchor.row + 3, anchor.col + 1)  # inside its spill range
    target.put(below, "my note", dynamic=False)
    book.app.written(target.name, below, below)  # what a user's typing does
    assert target.errors.get((anchor.row + 1, anchor.col + 1)) == "#SPILL!"
    refresh_book(book, DECEMBER)  # the refresh leaves every spill range empty again
    assert not any(sheet.errors for sheet in book.sheets)


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_refresh_recalculates_once_and_restores_excel_as_it_was():
    book, plan = _book(read_month_files([NOVEMBER, *bundled.price_files()]))
    refresh_book(book, DECEMBER)
    functions = sum(1 for key in book.formula_cells() if book.calls_function(key))
    assert book.app.recalculations == 1  # the one when calculation is switched back to automatic
    assert book.app.function_calls == functions > 150  # each function call of the workbook once
    assert book.app.calculation == "automatic" and book.app.screen_updating is True
    assert book.app.status_bar is False


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_user_in_manual_mode_gets_one_calculation_and_keeps_manual():
    book, _ = _book(read_month_files([NOVEMBER, *bundled.price_files()]))
    book.app.calculation = "manual"
    book.app.recalculations = 0
    refresh_book(book, DECEMBER)
    assert book.app.recalculations == 1 and book.app.calculation == "manual"


def test_a_failing_write_still_restores_calculation_and_screen_updating(monkeypatch):
    book, plan = _book(read_month_files([NOVEMBER, *bundled.price_files()]))
    from tests import excel_double

    def refuse(self, grid, how):
        raise OSError("the COM server went away")  # what a crashed Excel call raises through pywin32

    monkeypatch.setattr(excel_double.FakeRange, "_write", refuse)
    with pytest.raises(OSError):
        ExcelWriter(book).write(plan)
    assert book.app.calculation == "automatic" and book.app.screen_updating is True


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_charts_keep_their_titles_names_and_format_and_take_in_the_new_month():
    book, plan = _book(read_month_files([NOVEMBER, *bundled.price_files()]))
    history = book.sheets["历史 History"]
    charts = list(history.charts.items)
    titles = [c.title for c in charts]
    assert titles == [c.title for c in plan.sheet("历史 History").charts]
    names = [[s.name for s in c.series] for c in charts]
    for chart in charts:  # what the user did to the look of a line: Excel keeps it on a SERIES formula write
        for series in chart.series:
            series.colour, series.axis_group = "#123456", 2
    mine = history.charts.add(0, 0, 100, 100)  # the user's own chart, titled by them
    mine.title = "my chart"
    months = sum(1 for c in plan.sheet("历史 History").cells if c.col == 0 and c.row >= 4)
    extra = [Observation("2021-01", "zn", "shfe_avg", 18100.0, "CNY/t", "made up for this test", "t", 2),
             Observation("2021-01", "ni", "shfe_avg", 105000.0, "CNY/t", "made up for this test", "t", 3)]
    ExcelWriter(book).write(plan_workbook([*read_month_files([NOVEMBER, *bundled.price_files()]), *extra]))
    assert history.charts.items[:len(charts)] == charts and mine in history.charts.items and mine.series == []
    assert [c.title for c in charts] == titles and [[s.name for s in c.series] for c in charts] == names
    assert all((s.colour, s.axis_group) == ("#123456", 2) for c in charts for s in c.series)
    last_row = 4 + months + 1  # 1-based: header rows 1–4, one more month than before
    for chart in charts:
        for position, series in enumerate(chart.series, start=1):
            assert series._formula.endswith(f"${last_row},{position})"), series._formula


@pytest.mark.parametrize("months", [12, 240])
@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_com_round_trips_do_not_grow_with_months(months):
    counts = {}
    for size in (12, months):
        book, _ = _book(_with_prices(size))
        refresh_book(book, DECEMBER)
        counts[size] = book.app.com_calls
    assert counts[months] == counts[12]


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_defined_names_are_written_only_when_they_change():
    book, plan = _book(read_month_files([NOVEMBER, *bundled.price_files()]))
    ExcelWriter(book).write(plan)
    assert [c for c in book.calls if c[0] == "name"] == []
    changed = dataclasses.replace(plan, names={**plan.names, "in_extra": ("表4 铝", 1, 1, 1, 1)})
    ExcelWriter(book).write(changed)
    assert len([c for c in book.calls if c[0] == "name"]) == len(changed.names) + 1  # and the digest

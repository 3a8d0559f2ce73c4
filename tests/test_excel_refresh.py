"""The Refresh button's path through xlwings, on a test double of the workbook (no Excel here).

The plan itself is tested against real files elsewhere; these tests pin the thin
xlwings writer: what it writes where, with how few calls, and what it refuses.
"""

from __future__ import annotations

import sys

import pytest

from addin import bundled
from addin.excel import refresh_book, refresh_from_button
from addin.excel_writer import ExcelWriter, as_excel_text
from tests.excel_double import FakeBook
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]


def _book_for(files) -> FakeBook:
    book = FakeBook()
    ExcelWriter(book).write(plan_workbook(read_month_files(files)))
    book.calls.clear()
    return book


@pytest.fixture()
def november_book():
    return _book_for([NOVEMBER, *bundled.price_files()])


def _shown(book, sheet, cell):
    return book.sheets[sheet].cells.get((cell.row + 1, cell.col + 1))


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_refresh_writes_every_cell_of_the_plan(november_book):
    message = refresh_book(november_book, DECEMBER)
    # the December file (bundled) carries 4 estimates: alumina 572, primary 305, zinc 53.81, nickel 1.61
    assert message.startswith("2019-12.csv: 4 figures added, 0 replaced")
    expected = plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]))
    assert [s.name for s in november_book.sheets] == [s.name for s in expected.sheets]
    checked = 0
    for sheet in expected.sheets:
        target = november_book.sheets[sheet.name]
        for cell in sheet.cells:
            where = (sheet.name, cell.row, cell.col)
            if cell.formula:
                assert target.formulas[(cell.row + 1, cell.col + 1)] == cell.formula, where
                assert ((cell.row + 1, cell.col + 1) in target.dynamic) == cell.dynamic_array or not cell.dynamic_array
            elif not cell.assumption and not cell.spill:
                shown = target.cells.get((cell.row + 1, cell.col + 1))
                assert shown == (None if cell.value == "" else cell.value), where  # text stays text
            if cell.spill:  # the rest of the range is empty, or Excel could not spill into it (#SPILL!)
                assert all(target.cells.get((cell.row + 1 + i, cell.col + 1 + j)) is None
                           for i in range(cell.spill[0]) for j in range(cell.spill[1]) if i or j)
            checked += 1
    assert checked > 1000
    assert not any(s.errors for s in november_book.sheets)  # no #SPILL!


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_one_block_write_per_sheet_and_no_implicit_intersection(november_book):
    refresh_book(november_book, DECEMBER)
    expected = plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]))
    block_writes = [c for c in november_book.calls if c[0] == "formula2"]
    assert len(block_writes) == len(expected.sheets)
    assert [c for c in november_book.calls if c[0] in ("value", "formula")] == []
    legacy = [(s.name, cell, f) for s in november_book.sheets for cell, f in s.formulas.items() if "@" in f]
    assert legacy == []  # every formula went in through Formula2: Excel shows no "=@name(…)"
    # the only new sheet is December's own
    assert [c for c in november_book.calls if c[0] == "add_sheet"] == [("add_sheet", "2019-12")]


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_user_assumptions_survive_a_refresh(november_book):
    name = november_book.names["in_al_exposure_t"]
    name.refers_to_range.value = 25000  # the user typed their own exposure (default 10,000 t)
    refresh_book(november_book, DECEMBER)
    assert november_book.names["in_al_exposure_t"].refers_to_range.value == 25000


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_what_a_user_typed_beside_the_tables_is_kept(november_book):
    sheet = november_book.sheets["表4 铝"]
    sheet.cells[(3, 3)] = "my note"  # C3: inside the block the plan writes, a cell it leaves empty
    sheet.put((3, 4), "=C3&\" (mine)\"", dynamic=True)  # D3: a formula the user typed there
    refresh_book(november_book, DECEMBER)
    assert november_book.sheets["表4 铝"].cells[(3, 3)] == "my note"
    assert november_book.sheets["表4 铝"].formulas[(3, 4)] == "=C3&\" (mine)\""


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_data_month_and_month_sheet_follow_the_file(november_book):
    refresh_book(november_book, DECEMBER)
    assert november_book.names["out_latest_month"].refers_to_range.value == "2019-12"
    data = november_book.sheets["数据 Data"].range("A1").expand().value
    # hand: 2019-12.csv adds 4 rows to the November data
    assert len(data) - 1 == len(read_month_files([NOVEMBER, *bundled.price_files()])) + 4


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_text_that_looks_like_a_formula_stays_text(tmp_path, november_book):
    hostile = tmp_path / "2019-12.csv"
    hostile.write_text("month,metal,item,value,unit,source\n"
                       '2019-12,al,alumina_output,572,10kt,"=HYPERLINK(""http://x"",""y"")"\n', encoding="utf-8")
    refresh_book(november_book, hostile)
    sources = [row[5] for row in november_book.sheets["数据 Data"].range("A1").expand().value[1:]]
    assert '=HYPERLINK("http://x","y")' in sources  # text: the apostrophe kept Excel from parsing it
    assert not november_book.sheets["数据 Data"].formulas  # and no formula was made of it


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_bad_file_changes_nothing_and_says_why(tmp_path, november_book):
    bad = tmp_path / "bad.csv"
    bad.write_text("month,metal,item,value,unit,source\n2019-12,al,full_cost,1308.5,CNY/t,typo\n", encoding="utf-8")
    november_book.names["in_month_file"].refers_to_range.value = str(bad)
    november_book.calls.clear()
    refresh_from_button(november_book)
    title, message = november_book.app.alerts[-1]
    assert title == "znnial: nothing was changed"
    # the plausible range of al.full_cost starts at 8,000 CNY/t (workbooks/monthdata/vocabulary.py)
    assert "bad.csv" in message and "full_cost" in message and "1308.5" in message
    assert [c for c in november_book.calls if c[0] in ("value", "formula", "formula2", "add_sheet")] == []


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_button_asks_for_a_file_when_the_cell_is_blank(november_book):
    november_book.app.chosen_file = str(DECEMBER)
    refresh_from_button(november_book)
    title, message = november_book.app.alerts[-1]
    assert title == "znnial: refreshed" and "4 figures added" in message
    assert november_book.app.status_bar is False  # the status bar is handed back to Excel


def test_cancelled_file_dialog_does_nothing(november_book):
    refresh_from_button(november_book)
    assert november_book.app.alerts == [] and november_book.calls == []


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_button_module_is_importable_and_calls_the_handler(monkeypatch, november_book):
    import xlwings as xw

    import znnial

    november_book.app.chosen_file = str(DECEMBER)
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: november_book))
    znnial.main()
    assert november_book.app.alerts[-1][0] == "znnial: refreshed"


def test_renamed_workbook_gets_a_clear_message(monkeypatch):
    from udfs import rename_guard

    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    rename_guard.install()
    with pytest.raises(ModuleNotFoundError) as raised:
        __import__("znnial_dec")  # what SampleCall runs for a copy saved as znnial_dec.xlsm
    assert "znnial_dec.xlsm" in str(raised.value) and "Save it as znnial.xlsm" in str(raised.value)
    with pytest.raises(ModuleNotFoundError) as unrelated:
        __import__("no_such_module_here")
    assert "Save it as" not in str(unrelated.value)


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_nothing_the_previous_layout_wrote_is_left_behind(november_book):
    # December adds a monthly sheet, so the Guide's list of sheets grows by one line and every line
    # below it moves down: the old last line must not stay behind as if the user had typed it.
    refresh_book(november_book, DECEMBER)
    expected = plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]))
    for sheet in expected.sheets:
        planned = {(c.row + 1 + i, c.col + 1 + j) for c in sheet.cells
                   for i in range(c.spill[0] if c.spill else 1) for j in range(c.spill[1] if c.spill else 1)}
        left = {at: v for at, v in november_book.sheets[sheet.name].cells.items()
                if v not in (None, "") and at not in planned}
        assert left == {}, sheet.name

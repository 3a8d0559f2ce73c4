"""One reader from the Data sheet to observations: the Refresh button and the headless refresh agree."""

from __future__ import annotations


import pytest

from addin import bundled
from addin.excel import observations_in
from addin.excel_writer import ExcelWriter
from addin.workbook_data import WorkbookError, read_observations
from tests.excel_double import FakeBook
from workbooks.build import TEMPLATE, plan_workbook
from workbooks.monthdata import MonthFileError, read_month_files
from workbooks.sheets.data import SHEET


def _book():
    book = FakeBook()
    ExcelWriter(book).write(plan_workbook(read_month_files([*bundled.month_files(), *bundled.price_files()])))
    return book


def _key(o):
    return o.month, o.metal, o.item, o.value, o.unit, o.source


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_open_workbook_and_the_file_give_the_same_observations():
    from_excel = observations_in(_book())
    from_file = read_observations(TEMPLATE)
    assert sorted(map(_key, from_excel)) == sorted(map(_key, from_file))
    # FIGURES.md Table 4: aluminium full cost 13,085 CNY/t at end-November 2019
    assert ("2019-11", "al", "full_cost", 13085.0) in {k[:4] for k in map(_key, from_excel)}


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_value_that_is_not_a_number_is_named_the_same_way():
    book = _book()
    book.sheets[SHEET].range("D2").value = "n/a"
    with pytest.raises(MonthFileError, match=rf"\n  {book.name}, sheet '{SHEET}' row 2, \w+/\w+ = \"n/a\": "
                                            r"unparsable number \(not a number\)$"):
        observations_in(book)


def test_a_book_without_a_data_sheet_is_refused():
    book = FakeBook(name="other.xlsx")
    with pytest.raises(WorkbookError, match=f"other.xlsx: has no '{SHEET}' sheet"):
        observations_in(book)

"""One reader from the Data sheet to observations (addin/workbook_data.py): the command line and the Refresh
button (which runs the headless refresh on a copy of the open workbook, addin/excel.py) both read through it."""

from __future__ import annotations

import openpyxl
import pytest

from addin.workbook_data import WorkbookError, read_observations
from workbooks.build import TEMPLATE
from workbooks.monthdata import MonthFileError
from workbooks.sheets.data import SHEET


def _key(o):
    return o.month, o.metal, o.item, o.value, o.unit, o.source


def test_the_template_gives_the_reports_figures():
    # FIGURES.md Table 4: aluminium full cost 13,085 CNY/t at end-November 2019
    assert ("2019-11", "al", "full_cost", 13085.0) in {k[:4] for k in map(_key, read_observations(TEMPLATE))}


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_value_that_is_not_a_number_is_named_with_its_row(tmp_path):
    book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    book[SHEET]["D2"] = "n/a"
    book.save(tmp_path / "edited.xlsm")
    # the month-file checks run on the Data rows (issue 19 item 3): the message names file, sheet, row and value
    with pytest.raises(MonthFileError, match=rf"\n  edited.xlsm, sheet '{SHEET}' row 2, \w+/\w+ = \"n/a\": "
                                            r"unparsable number \(not a number\)$"):
        read_observations(tmp_path / "edited.xlsm")


def test_a_book_without_a_data_sheet_is_refused(tmp_path):
    openpyxl.Workbook().save(tmp_path / "other.xlsx")
    with pytest.raises(WorkbookError, match=f"other.xlsx: has no '{SHEET}' sheet"):
        read_observations(tmp_path / "other.xlsx")

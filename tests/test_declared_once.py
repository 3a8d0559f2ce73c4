"""Facts that change together are declared together (issue 22 item 2): each reader reads the one declaration."""

from __future__ import annotations

import io
import zipfile

import pytest

from addin.screenshots import pictures
from workbooks import plan as P
from workbooks.colours import HIGHLIGHT_COLOURS, highlight_colours
from workbooks.day_table import column_formats
from workbooks.layout import HIGHLIGHTS
from workbooks.sheets import daily_backtest, scenarios
from workbooks.spec import SheetSpec
from workbooks.xlsx_writer import (DIGEST_PROPERTY, EDITS_PROPERTY, LATEST_MONTH_PROPERTY, render, stored_digest,
                                   stored_edit_count)


def test_highlight_colours_come_from_one_table():
    assert HIGHLIGHTS == tuple(HIGHLIGHT_COLOURS.items())
    # by hand: the sell colour of 表5 is the one History and 日线回测 use
    assert highlight_colours("SELL", "HOLD") == (("SELL", "#F8CBAD"), ("HOLD", "#E7E6E6"))
    with pytest.raises(KeyError, match="'WAIT'"):
        highlight_colours("SELL", "WAIT")


def test_the_daily_back_test_formats_its_columns_by_the_back_test_units():
    # by hand: column 4 (action) is text, column 5 (hedge ratio) a percentage, column 17 (cumulative) CNY
    assert scenarios.BACKTEST_COLUMN_UNITS[3:5] == ("text", "fraction")
    formats = column_formats(daily_backtest.spec().rows[0])
    assert formats[3:5] == ("@", "0.00%")
    assert formats[16] == "#,##0"


def test_a_picture_name_is_declared_with_its_sheet_and_checked_there():
    with pytest.raises(ValueError, match="sheet '表9': picture name 'Table 9'"):
        SheetSpec("表9", (), picture="Table 9")
    plan = P.WorkbookPlan([P.SheetPlan("说明 Guide", picture="guide"), P.SheetPlan("新表")], {}, "2019-12")
    with pytest.raises(ValueError, match="sheet '新表' declares no picture name"):
        pictures(plan)


def test_the_property_readers_read_what_the_writer_wrote():
    plan = P.WorkbookPlan([P.SheetPlan("One", cells=[P.Cell(0, 0, 1.5)])], {}, "2019-12", user_edits=3)
    data = render(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        custom = book.read("docProps/custom.xml").decode("utf-8")
    for name in (LATEST_MONTH_PROPERTY, DIGEST_PROPERTY, EDITS_PROPERTY):
        assert f'name="{name}"' in custom
    assert stored_edit_count(data) == 3
    assert len(stored_digest(data)) == 64
    assert stored_edit_count(b"not a zip") is None and stored_digest(b"not a zip") is None

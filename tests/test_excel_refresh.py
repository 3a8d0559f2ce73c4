"""The Refresh button, run by xlwings 0.37.8's own Windows engine over the Excel fake (doubles/excel_com.py).

The button makes the month's workbook from a `SaveCopyAs` of the open book with the headless refresh
(addin/excel.py), so its file must equal, cell contents and number formats, what `znnial refresh` makes from
the same saved state — checked here from a November workbook and after several refreshes with user edits.
Figures: workbooks/data/months/2019-12.csv adds four December estimates (alumina 572, primary 305, zinc
53.81, nickel 1.61); the 2020 survey files below are MADE UP for these tests.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest

from addin import bundled
from addin.cli import main as cli
from addin.excel import monthly_copy_name, place_beside
from doubles import win32_stubs
from doubles.excel_button import assert_same_cells, open_in_excel, press_refresh, xl
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.sheets import conf
from workbooks.sheets.guide import MONTH_FILE_NAME, SHEET as GUIDE_SHEET_NAME
from workbooks.xlsx_writer import render

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]
ALUMINIUM = "表4 铝"


def write_november(folder: Path, name: str = "znnial.xlsm") -> Path:
    path = folder / name
    path.write_bytes(render(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()]))))
    return path


def made_up_month(folder: Path, month: str, full_cost: int) -> Path:
    path = folder / f"{month}.csv"
    path.write_text("month,metal,item,value,unit,source,note\n"
                    f"{month},al,full_cost,{full_cost},CNY/t,TEST-SMM (made up),made up for a test\n"
                    f"{month},al,alumina_cost,2410,CNY/t,TEST-SMM (made up),made up for a test\n", encoding="utf-8")
    return path


def command_line_result(state: Path, folder: Path, *arguments: str) -> Path:
    """`znnial refresh` on a copy of the same saved state."""
    folder.mkdir(exist_ok=True)
    copy = folder / state.name
    shutil.copyfile(state, copy)
    assert cli(["refresh", str(copy), *arguments, "--no-backup"]) == 0
    return copy


@pytest.fixture(autouse=True)
def own_temp(tmp_path, monkeypatch):
    """The button's temporary folder inside the test's, so a test can see that it was removed."""
    scratch = tmp_path / "temp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_from_a_november_workbook_the_button_makes_what_the_command_line_makes(tmp_path, own_temp):
    desk = tmp_path / "desk"
    desk.mkdir()
    original = write_november(desk)
    before = original.read_bytes()
    app, book = open_in_excel(original)
    title, message = press_refresh(app, book, answer=DECEMBER)
    assert title == "znnial: refreshed"
    assert message == ("2019-12.csv: 4 figures added, 0 replaced. Latest month 2019-12. Saved as znnial 2019-12.xlsm "
                       "beside znnial.xlsm and opened; znnial.xlsm is unchanged.")
    made = desk / "znnial 2019-12.xlsm"
    assert original.read_bytes() == before and sorted(p.name for p in desk.iterdir()) == ["znnial 2019-12.xlsm",
                                                                                         "znnial.xlsm"]
    assert [b.Name for b in app._books] == ["znnial.xlsm", "znnial 2019-12.xlsm"]  # opened beside the original
    assert app.StatusBar is False and list(own_temp.iterdir()) == []
    # progress through the refresh's own callback (addin/refresh.py: the files, then building and writing)
    assert app.status_history == ["znnial: copying znnial.xlsm", "znnial: reading znnial.xlsm (1/4)",
                                  "znnial: checking 2019-12.csv (2/4)", "znnial: building the workbook (3/4)",
                                  "znnial: writing znnial.xlsm (4/4)", False]
    compared = assert_same_cells(made, command_line_result(original, tmp_path / "cli", str(DECEMBER)))
    assert compared > 1000


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_after_several_refreshes_with_user_edits_the_button_equals_the_command_line(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    original = write_november(desk)
    assert cli(["refresh", str(original), str(DECEMBER), "--no-backup"]) == 0  # a refresh on the command line
    app, book = open_in_excel(original)
    edited = xl(book)
    edited.names["in_al_exposure_t"].refers_to_range.value = 25000  # an assumption (default 10,000 t)
    edited.sheets[ALUMINIUM].range("C3").value = "my note"  # inside the tables' block, a cell they leave empty
    edited.sheets[ALUMINIUM].range("D3").formula = '=C3&" (mine)"'  # a formula beside a table
    for month, cost, previous in (("2020-01", 13050, "znnial.xlsm"), ("2020-02", 13100, "znnial 2020-01.xlsm")):
        state = tmp_path / f"state {month}" / previous
        state.parent.mkdir()
        book.SaveCopyAs(str(state))  # the open book's state, unsaved edits included, as the button sees it
        month_file = made_up_month(tmp_path, month, cost)
        title, message = press_refresh(app, book, answer=month_file)
        assert title == "znnial: refreshed", message
        assert f"{month}.csv: 2 figures added, 0 replaced. Latest month {month}." in message
        made = desk / f"znnial {month}.xlsm"
        assert_same_cells(made, command_line_result(state, tmp_path / f"cli {month}", str(month_file)))
        book = app._books[-1]  # the analyst goes on in the new month's workbook
        assert book.Name == made.name
    final = openpyxl.load_workbook(desk / "znnial 2020-02.xlsm")
    assert final[ALUMINIUM]["C3"].value == "my note" and final[ALUMINIUM]["D3"].value == '=C3&" (mine)"'
    (sheet, ref), = final.defined_names["in_al_exposure_t"].destinations
    assert final[sheet][ref.replace("$", "")].value == 25000


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_month_file_typed_in_the_guide_is_read_and_kept(tmp_path):
    original = write_november(tmp_path)
    app, book = open_in_excel(original)
    xl(book).names[MONTH_FILE_NAME].refers_to_range.value = str(DECEMBER)
    state = tmp_path / "state" / original.name
    state.parent.mkdir()
    book.SaveCopyAs(str(state))
    title, message = press_refresh(app, book)  # no answer: a file dialog would cancel the refresh
    assert title == "znnial: refreshed" and message.startswith("2019-12.csv: 4 figures added")
    made = tmp_path / "znnial 2019-12.xlsm"
    (sheet, ref), = openpyxl.load_workbook(made).defined_names[MONTH_FILE_NAME].destinations
    assert sheet == GUIDE_SHEET_NAME and openpyxl.load_workbook(made)[sheet][ref.replace("$", "")].value == str(DECEMBER)
    # the typed path is the user's input: kept (docs/windows.md); the command line takes the same saved state
    # (no edit to refuse) and makes the same file
    assert_same_cells(made, command_line_result(state, tmp_path / "cli", str(DECEMBER)))


def test_a_cancelled_file_dialog_writes_nothing_and_says_nothing(tmp_path, own_temp):
    original = write_november(tmp_path)
    app, book = open_in_excel(original)
    assert press_refresh(app, book, answer=False) is None  # GetOpenFilename returns False on Cancel
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["znnial.xlsm"]
    assert app.StatusBar is False and list(own_temp.iterdir()) == []


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_bad_month_file_writes_nothing_and_names_file_row_and_value(tmp_path, own_temp):
    original = write_november(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("month,metal,item,value,unit,source\n2019-12,al,full_cost,1308.5,CNY/t,typo\n", encoding="utf-8")
    app, book = open_in_excel(original)
    before = original.read_bytes()
    title, message = press_refresh(app, book, answer=bad)
    assert title == "znnial: nothing was changed"
    # the plausible range of al.full_cost starts at 8,000 CNY/t (workbooks/monthdata/vocabulary.py); row 2
    assert "bad.csv row 2" in message and "full_cost" in message and "1308.5" in message
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["bad.csv", "znnial.xlsm"]
    assert original.read_bytes() == before and [b.Name for b in app._books] == ["znnial.xlsm"]
    assert app.StatusBar is False and app.status_history[-1] is False and list(own_temp.iterdir()) == []


def test_a_fault_of_our_own_is_one_message_and_writes_nothing(tmp_path, own_temp, monkeypatch):
    # a bug inside the refresh (here: the rebuild raising KeyError) must not reach xlwings' traceback dialog
    import addin.excel

    original = write_november(tmp_path)
    app, book = open_in_excel(original)
    before = original.read_bytes()

    def broken(*args, **kwargs):
        raise KeyError("al.full_cost")

    monkeypatch.setattr(addin.excel, "refresh", broken)
    title, message = press_refresh(app, book, answer=DECEMBER)
    assert title == "znnial: nothing was changed" and message.startswith("znnial could not refresh (KeyError: ")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["znnial.xlsm"]
    assert original.read_bytes() == before and app.StatusBar is False and list(own_temp.iterdir()) == []


WIND = Path(__file__).resolve().parent / "fixtures" / "monthfiles" / "wind_wide.csv"


def _set_conf(book, key: str, value: str) -> None:
    sheet = xl(book).sheets[conf.SHEET]
    keys = sheet.range("A1:A12").value  # one column: xlwings gives a flat list
    sheet.range((keys.index(key) + 1, 2)).value = value


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_wind_wide_file_is_read_through_the_mapping_on_the_conf_sheet(tmp_path):
    from workbooks.monthdata import BUNDLED_DATA

    mapping = BUNDLED_DATA / "mappings" / "wind_example.csv"
    original = write_november(tmp_path)
    app, book = open_in_excel(original)
    title, message = press_refresh(app, book, answer=WIND)
    assert title == "znnial: nothing was changed"
    assert "wind_wide.csv" in message and "--mapping" in message and conf.MAPPING_KEY in message
    _set_conf(book, conf.MAPPING_KEY, str(mapping))
    state = tmp_path / "state" / original.name
    state.parent.mkdir()
    book.SaveCopyAs(str(state))
    title, message = press_refresh(app, book, answer=WIND)
    assert title == "znnial: refreshed", message
    made = tmp_path / "znnial 2019-11.xlsm"  # the Wind file holds prices only: the survey month stays November
    assert_same_cells(made, command_line_result(state, tmp_path / "cli", str(WIND), "--mapping", str(mapping)))


def test_the_monthly_copy_is_named_after_the_book_and_its_latest_month():
    assert monthly_copy_name(Path("znnial.xlsm"), "2020-01") == "znnial 2020-01.xlsm"
    assert monthly_copy_name(Path("znnial 2020-01.xlsm"), "2020-02") == "znnial 2020-02.xlsm"
    assert monthly_copy_name(Path("desk_2020_01.xlsm"), "2020-02") == "desk 2020-02.xlsm"


def test_the_monthly_copy_never_replaces_a_file(tmp_path):
    made = tmp_path / "made.xlsm"
    made.write_bytes(b"new")
    (tmp_path / "znnial 2020-01.xlsm").write_bytes(b"the analyst's")
    (tmp_path / "znnial 2020-01 (2).xlsm").write_bytes(b"another")
    placed = place_beside(made, tmp_path, "znnial 2020-01.xlsm")
    assert placed.name == "znnial 2020-01 (3).xlsm" and placed.read_bytes() == b"new"
    assert (tmp_path / "znnial 2020-01.xlsm").read_bytes() == b"the analyst's"
    assert not list(tmp_path.glob(".znnial-button-*"))


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_button_module_runs_the_button(tmp_path):
    import znnial

    original = write_november(tmp_path)
    app, book = open_in_excel(original)
    app.answers.append(str(DECEMBER))
    shown = len(win32_stubs.MESSAGES)
    with win32_stubs.windows_platform(book.Name.upper(), 1001):  # xlwings lower-cases; Workbooks() ignores case
        znnial.main()
    assert win32_stubs.MESSAGES[shown][0] == "znnial: refreshed"


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

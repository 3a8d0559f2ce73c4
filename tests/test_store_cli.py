"""`znnial load / history / refresh --store / init-store`, and the Refresh button with a store named on the
xlwings.conf sheet (run by xlwings' own Windows engine over the Excel fake of doubles/excel_com.py).

Figures: workbooks/data/months/2019-11.csv (aluminium full cost 13,085 CNY/t, the report's §二(三)铝2) and
2019-12.csv (four December estimates).
"""

from __future__ import annotations

import shutil

import pytest

from addin import bundled
from addin.cli import main
from addin.excel import read_settings
from addin.store import open_store
from addin.workbook_data import read_observations
from doubles.excel_button import open_in_excel, press_refresh, xl
from tests.store_files import DECEMBER, NOVEMBER, november, write_month_file
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.sheets import conf
from workbooks.xlsx_writer import write_workbook


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'desk.db'}"


def test_load_then_history(url, tmp_path, capsys):
    assert main(["load", str(NOVEMBER), "--store", url]) == 0
    assert "2019-11.csv: 69 figures, 69 new or revised, 0 unchanged (load 1" in capsys.readouterr().out
    assert main(["load", str(NOVEMBER), "--store", url]) == 0
    assert "already loaded" in capsys.readouterr().out
    revised = write_month_file(tmp_path / "2019-11-smm.csv", november(), values={("al", "full_cost"): 13100.0})
    assert main(["load", str(revised), "--store", url]) == 0
    assert "69 figures, 1 new or revised, 68 unchanged" in capsys.readouterr().out
    assert main(["history", "al.full_cost", "2019-11", "--store", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "al.full_cost 2019-11 (CNY/t): 2 revisions"
    assert "上海金属网/百川盈孚 survey" in lines[1]
    assert "13085  2019-11.csv row 54" in lines[2] and "(current)" not in lines[2]
    assert "13100  2019-11-smm.csv row" in lines[3] and lines[3].endswith("(current)")


def test_history_refuses_an_unknown_item(url, capsys):
    with pytest.raises(SystemExit, match="unknown item al/fullcost"):
        main(["history", "al.fullcost", "2019-11", "--store", url])
    with pytest.raises(SystemExit, match="'full_cost' is not metal.item"):
        main(["history", "full_cost", "2019-11", "--store", url])


def test_load_of_a_bad_file_prints_todays_message(url, capsys):
    bad = NOVEMBER.parents[3] / "tests" / "fixtures" / "monthfiles" / "out_of_range.csv"
    assert main(["load", str(bad), "--store", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("znnial: ") and "out_of_range.csv row" in err and "outside the plausible range" in err
    with open_store(url) as store:
        assert store.observations() == []


def test_a_missing_file_is_reported_as_today_and_no_store_is_made(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # where the default store, sqlite:///desk.db, would be created
    assert main(["load", "no-such-month.csv"]) == 2
    assert capsys.readouterr().err == "znnial: 1 problem in no-such-month.csv\n  no-such-month.csv: file not found\n"
    assert list(tmp_path.iterdir()) == []
    assert main(["load", str(NOVEMBER)]) == 0
    assert (tmp_path / "desk.db").exists()


def test_a_password_on_the_command_line_is_refused(capsys):
    assert main(["load", str(NOVEMBER), "--store", "postgresql+psycopg://bob:s3cret@db/znnial"]) == 2
    err = capsys.readouterr().err
    assert "embeds a password" in err and "s3cret" not in err


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_refresh_from_the_store_on_the_command_line(url, tmp_path, capsys):
    workbook = tmp_path / "desk.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()])), workbook)
    expected = tmp_path / "expected.xlsm"
    shutil.copyfile(workbook, expected)
    main(["refresh", str(expected), str(DECEMBER), "--no-backup"])
    main(["load", str(NOVEMBER), *map(str, bundled.price_files()), str(DECEMBER), "--store", url])
    capsys.readouterr()
    assert main(["refresh", str(workbook), "--store", url, "--no-backup"]) == 0
    out = capsys.readouterr().out
    # 69 November figures + 4 December + the bundled price file's rows
    prices = len(read_month_files(bundled.price_files()))
    assert f"{69 + 4 + prices} figures from the store" in out and "4 figures added, 0 replaced" in out
    assert workbook.read_bytes() == expected.read_bytes()


def test_refresh_needs_files_or_a_store(tmp_path):
    with pytest.raises(SystemExit, match="name month files, or a store"):
        main(["refresh", str(tmp_path / "x.xlsm")])
    with pytest.raises(SystemExit, match="--as-of needs --store"):
        main(["refresh", str(tmp_path / "x.xlsm"), str(DECEMBER), "--as-of", "2026-12-01"])


def test_init_store_reports_the_schema_revision(url, capsys):
    assert main(["init-store", "--store", url]) == 0
    assert capsys.readouterr().out.strip().endswith("schema at revision 0003 (latest)")


# ------------------------------------------------------------------------- the Refresh button


def _november_in_excel(folder):
    path = folder / "znnial.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()])), path)
    return open_in_excel(path)


def _set_store(book, value) -> None:
    sheet = xl(book).sheets[conf.SHEET]
    keys = sheet.range("A1:A12").value  # one column: xlwings gives a flat list
    sheet.range((keys.index(conf.STORE_KEY) + 1, 2)).value = value


def test_the_store_key_is_blank_in_a_new_workbook(tmp_path):
    path = tmp_path / "znnial.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER])), path)
    assert read_settings(path, tmp_path).store_url is None


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_store_url_is_read_trimmed_from_the_conf_sheet(tmp_path):
    app, book = _november_in_excel(tmp_path)
    _set_store(book, "  sqlite:///C:/desk/desk.db ")
    book.SaveCopyAs(str(tmp_path / "copy.xlsm"))
    assert read_settings(tmp_path / "copy.xlsm", tmp_path).store_url == "sqlite:///C:/desk/desk.db"


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_button_refreshes_from_the_named_store_without_asking_for_a_file(url, tmp_path):
    with open_store(url) as store:
        store.load([NOVEMBER, *bundled.price_files(), DECEMBER])
    app, book = _november_in_excel(tmp_path)
    _set_store(book, url)
    title, message = press_refresh(app, book)  # no answer: a file dialog would cancel
    assert title == "znnial: refreshed" and message.startswith("store sqlite:///")
    # the latest month is the survey's, as `znnial refresh` and the Guide say (price files run to 2020-12)
    assert "4 figures added, 0 replaced" in message and "Latest month 2019-12" in message
    made = read_observations(tmp_path / "znnial 2019-12.xlsm")
    assert sum(1 for o in made if o.month == "2019-12" and "倍特" in o.source) == 4


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_button_says_what_a_store_without_the_prices_leaves_out(url, tmp_path):
    with open_store(url) as store:
        store.load([NOVEMBER])
    app, book = _november_in_excel(tmp_path)
    _set_store(book, url)
    title, message = press_refresh(app, book)
    prices = len(read_month_files(bundled.price_files()))  # the workbook shows the bundled prices; the store not
    assert title == "znnial: refreshed" and "0 figures added, 0 replaced" in message
    assert f" {prices} figures of the workbook are not in store sqlite:///" in message


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_button_refuses_a_password_in_the_workbook(url, tmp_path):
    app, book = _november_in_excel(tmp_path)
    _set_store(book, "postgresql+psycopg://ann:hunter2@dbserver/znnial")
    title, message = press_refresh(app, book)
    assert title == "znnial: nothing was changed"
    assert "in the 'xlwings.conf' sheet embeds a password" in message and "hunter2" not in message
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsm"] == ["znnial.xlsm"]  # nothing written

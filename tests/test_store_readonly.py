"""Reading a store creates nothing: `history`, `refresh --store` and the Refresh button's store read on a
store that does not exist, has no tables, holds no figures, or none as of a date; and `load --bundled`.

Figures: the bundled data, workbooks/data/README.md — 2019-11.csv (69 rows), 2019-12.csv (4 rows),
prices/shfe_lme_monthly_2019_2020.csv (312 rows), prices/shfe_al_monthly_2019_2020.csv (120 rows): 505.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import inspect, update

from addin.cli import main
from addin.store import StoreError, open_existing_store, open_store
from addin.store.schema import loads
from tests.store_files import NOVEMBER
from doubles.excel_button import press_refresh
from tests.test_store_cli import _november_in_excel, _set_store


def _only_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text  # one message, no traceback
    return lines[0]


def test_history_on_a_mistyped_sqlite_file_creates_nothing_and_says_how_to_create_it(tmp_path, monkeypatch,
                                                                                        capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["history", "al.full_cost", "2019-11", "--store", "sqlite:///dsek.db"]) == 2
    message = _only_line(capsys.readouterr().err)
    assert message.startswith("znnial: store sqlite:///dsek.db does not exist: there is no file ")
    assert f"{tmp_path / 'dsek.db'}" in message and "`znnial init-store --store sqlite:///dsek.db`" in message
    assert list(tmp_path.iterdir()) == []


def test_refresh_from_a_missing_store_leaves_the_workbook_and_creates_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    workbook = tmp_path / "book.xlsm"
    workbook.write_bytes(b"not read: the store is checked first")
    assert main(["refresh", str(workbook), "--store", "sqlite:///dsek.db"]) == 2
    assert "store sqlite:///dsek.db does not exist" in _only_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsm"]
    assert workbook.read_bytes() == b"not read: the store is checked first"


def test_a_sqlite_file_without_tables_is_named_and_gets_none(tmp_path, capsys):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.close()  # another program's database
    assert main(["history", "al.full_cost", "2019-11", "--store", f"sqlite:///{other}"]) == 2
    message = _only_line(capsys.readouterr().err)
    assert "has no znnial tables" in message and "znnial init-store" in message
    with sqlite3.connect(other) as connection:
        assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["notes"]


def test_an_older_schema_is_sent_to_init_store_not_upgraded_by_a_reader(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    with open_store(url) as store, store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'zz99'")
    with pytest.raises(StoreError, match="schema revision zz99, which this znnial does not know"):
        open_existing_store(url)


def test_an_empty_store_is_one_line_not_a_traceback(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert main(["init-store", "--store", url]) == 0
    capsys.readouterr()
    assert main(["refresh", str(tmp_path / "book.xlsm"), "--store", url]) == 2
    message = _only_line(capsys.readouterr().err)
    assert message.startswith(f"znnial: store {url} holds no figures yet")
    assert f"`znnial load --bundled --store {url}`" in message


def test_as_of_before_the_first_load_names_the_first_load(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    with open_store(url) as store:
        store.load([NOVEMBER])
        with store.engine.begin() as connection:  # the load made on 2 Jan 2026, 08:00 UTC
            connection.execute(update(loads).values(loaded_at=dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.timezone.utc)))
    assert main(["refresh", str(tmp_path / "book.xlsm"), "--store", url, "--as-of", "2026-01-01"]) == 2
    assert _only_line(capsys.readouterr().err) == (
        f"znnial: store {url} holds no figures loaded at or before 2026-01-01 23:59:59 UTC: its first load was "
        "at 2026-01-02 08:00:00 UTC; give a later --as-of")


def test_load_bundled_fills_a_new_store_in_one_command(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert main(["load", "--bundled", "--store", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines] == [
        "2019-11.csv", "2019-12.csv", "shfe_al_monthly_2019_2020.csv", "shfe_lme_monthly_2019_2020.csv"]
    with open_existing_store(url) as store:
        assert len(store.figures()) == 69 + 4 + 120 + 312
    with pytest.raises(SystemExit, match="name month files, or --bundled"):
        main(["load", "--store", url])


@pytest.mark.slow  # builds a workbook and presses the button on the Excel fake (doubles/excel_com.py)
def test_the_button_with_a_mistyped_store_changes_nothing_and_creates_nothing(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    app, book = _november_in_excel(folder)
    before = (folder / "znnial.xlsm").read_bytes()
    _set_store(book, f"sqlite:///{tmp_path / 'dsek.db'}")
    title, message = press_refresh(app, book)
    assert title == "znnial: nothing was changed" and "dsek.db does not exist" in message
    assert "the 'xlwings.conf' sheet" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book"]  # no dsek.db
    assert [p.name for p in folder.iterdir()] == ["znnial.xlsm"] and (folder / "znnial.xlsm").read_bytes() == before


@pytest.mark.slow  # builds a workbook and presses the button on the Excel fake (doubles/excel_com.py)
def test_the_button_on_an_empty_store_says_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    open_store(url).close()
    folder = tmp_path / "book"
    folder.mkdir()
    app, book = _november_in_excel(folder)
    _set_store(book, url)
    title, message = press_refresh(app, book)
    assert title == "znnial: nothing was changed" and "holds no figures yet" in message
    assert [p.name for p in folder.iterdir()] == ["znnial.xlsm"]  # no monthly copy beside the book
    assert set(inspect(open_store(url).engine).get_table_names()) >= {"loads", "revisions"}


@pytest.mark.parametrize("typed", ["postgresql+psycopg://ann:hunter2@db:port/znnial",
                                   "sqlite://ann:hunter2@"])
def test_a_password_in_a_url_that_cannot_be_read_is_not_echoed(typed):
    with pytest.raises(StoreError) as refused:
        open_existing_store(typed, where="the 'xlwings.conf' sheet")
    assert "hunter2" not in str(refused.value) and "ann:***@" in str(refused.value)

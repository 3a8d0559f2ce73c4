"""`znnial withdraw`: a mistyped month (2035-06, issue 19) taken back from a store, as a revision, and from a
workbook, keeping the user's edits (issue 19, item 4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from alembic import command
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from addin import bundled
from addin.cli import main as cli
from addin.refresh import backup_path, refresh
from addin.store import open_store
from addin.store.migrate import alembic_config, current_revision
from addin.store.schema import loads, revisions
from addin.store.url import parse_store_url, store_engine
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.monthdata.months import future_month_warnings
from workbooks.sheets.data import SHEET as DATA_SHEET
from workbooks.xlsx_writer import write_workbook

NOVEMBER = bundled.month_files()[0]
MISTYPED = "2035-06"  # the case: meant 2020-06, typed 2035-06
# made up for these tests (labelled so): two aluminium figures of the mistyped month
MISTYPED_FILE = ("month,metal,item,value,unit,source\n"
                 f"{MISTYPED},al,full_cost,13100,CNY/t,SMM (made up)\n"
                 f"{MISTYPED},al,alumina_cost,2500,CNY/t,SMM (made up)\n")


@pytest.fixture
def mistyped(tmp_path) -> Path:
    path = tmp_path / f"{MISTYPED}.csv"
    path.write_text(MISTYPED_FILE, encoding="utf-8")
    return path


@pytest.fixture
def url(tmp_path, mistyped) -> str:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    with open_store(url) as store:
        store.load([NOVEMBER, mistyped])
    return url


def _counts(url: str) -> tuple[int, int]:
    with open_store(url) as store, store.engine.connect() as c:
        return c.scalar(select(func.count()).select_from(loads)), c.scalar(select(func.count()).select_from(revisions))


def _figures(observations, month: str) -> dict[str, float]:
    return {f"{o.metal}.{o.item}": o.value for o in observations if o.month == month}


def test_a_withdrawn_month_leaves_the_store_but_not_its_history(url, capsys):
    with open_store(url) as store:
        loaded_at = store.history("al", "full_cost", MISTYPED)[0].load.loaded_at
    assert cli(["withdraw", "--store", url, MISTYPED]) == 0
    assert f"withdrew 2 figures of {MISTYPED} (al.alumina_cost, al.full_cost)" in capsys.readouterr().out
    with open_store(url) as store:
        assert _figures(store.observations(), MISTYPED) == {}
        assert len(_figures(store.observations(), "2019-11")) == 69  # bundled 2019-11.csv: 69 figures, untouched
        # as of the mistyped load, before the withdrawal, the desk saw both figures
        assert _figures(store.observations(loaded_at), MISTYPED) == {"al.full_cost": 13100, "al.alumina_cost": 2500}
        found = store.history("al", "full_cost", MISTYPED)
    assert [(r.value, r.withdrawn, r.load.file_name) for r in found] == [
        (13100, False, f"{MISTYPED}.csv"), (13100, True, f"withdrawal of {MISTYPED}")]
    assert cli(["history", "al.full_cost", MISTYPED, "--store", url]) == 0
    assert f"withdrawn  withdrawal of {MISTYPED} (was 13100)" in capsys.readouterr().out


def test_withdrawing_one_item_keeps_the_others_and_a_reload_is_a_new_revision(url, mistyped, tmp_path):
    assert cli(["withdraw", "--store", url, MISTYPED, "al.full_cost"]) == 0
    with open_store(url) as store:
        assert _figures(store.observations(), MISTYPED) == {"al.alumina_cost": 2500}
        # the same figure loaded again (other bytes: a note added) is in the store again, as a third revision
        again = tmp_path / "again.csv"
        again.write_text(MISTYPED_FILE + "\n", encoding="utf-8")
        [result] = store.load([again])
        assert result.revisions == 1  # hand: full_cost was withdrawn (new revision), alumina_cost unchanged
        assert _figures(store.observations(), MISTYPED) == {"al.full_cost": 13100, "al.alumina_cost": 2500}
        assert [r.withdrawn for r in store.history("al", "full_cost", MISTYPED)] == [False, True, False]


def test_withdrawing_what_the_store_does_not_hold_is_refused_and_writes_nothing(url, capsys):
    before = _counts(url)
    assert cli(["withdraw", "--store", url, "2035-07"]) == 2
    assert "the store holds no figures of 2035-07: nothing to withdraw" in capsys.readouterr().err
    assert cli(["withdraw", "--store", url, MISTYPED, "al.power_price"]) == 2
    assert f"no figure of {MISTYPED} for al.power_price: nothing was withdrawn" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="unknown item al/full_cots"):
        cli(["withdraw", "--store", url, MISTYPED, "al.full_cots"])
    assert _counts(url) == before


def test_a_store_made_before_withdrawals_is_upgraded_keeping_its_figures(tmp_path):
    url = parse_store_url(f"sqlite:///{tmp_path / 'old.db'}", "the test")
    engine = store_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")  # the schema before migration 0002
    engine.dispose()
    with open_store(url.render_as_string()) as store:
        assert current_revision(store.engine) == "0003"
    with open_store(url.render_as_string()) as store:
        store.load([NOVEMBER])
        assert store.withdraw("2019-11", [("al", "full_cost")]).figures == [
            ("2019-11", "al", "full_cost", "倍特期货《2019年报·锌镍铝》(2019-12-20) §二(三)铝2; 上海金属网/百川盈孚 survey")]
        assert "al.full_cost" not in _figures(store.observations(), "2019-11")


def test_a_month_far_after_today_is_warned_of_not_refused():
    # hand: 2035-06 is 14 years and 6 months after 2020-12, 174 months; 2021-02 is 2 months after: no warning
    assert future_month_warnings(["2020-06", "2021-02", "2035-06", "2035-06"], dt.date(2020, 12, 15)) == [
        "month 2035-06 is 174 months after this month (2020-12): mistyped? `znnial withdraw` takes it back"]


def test_loading_a_mistyped_month_warns_and_loads_it(tmp_path, mistyped, capsys):
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    assert cli(["load", str(mistyped), "--store", url]) == 0
    assert f"znnial: warning: month {MISTYPED} is " in capsys.readouterr().err
    assert _counts(url) == (1, 2)


# ------------------------------------------------------------------------- a workbook


@pytest.fixture
def workbook(tmp_path, mistyped) -> Path:
    """A workbook built from November and the prices, then refreshed with the mistyped month, then edited."""
    target = tmp_path / "znnial.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()])), target)
    assert refresh(target, [mistyped], keep_backup=False).latest_month == MISTYPED
    book = openpyxl.load_workbook(target, keep_vba=True)
    anode = next(iter(book.defined_names["in_al_anode_price"].destinations))
    book[anode[0]][anode[1].replace("$", "")] = 3200  # an assumption (report default 3,000)
    book["表4 铝"]["H3"] = "ask the smelter about anode"  # a note beside the table
    book.save(target)
    return target


def _values(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _named(path: Path, name: str):
    sheet, address = next(iter(openpyxl.load_workbook(path).defined_names[name].destinations))
    cell = openpyxl.load_workbook(path)[sheet][address.replace("$", "")]
    return _values(path, sheet)[cell.row - 1][cell.column - 1]


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_withdrawn_month_loses_its_sheet_and_the_latest_month_moves_back(workbook, capsys):
    assert cli(["withdraw", str(workbook), MISTYPED]) == 0
    assert "withdrew 2 figures of 2035-06; latest month 2019-11" in capsys.readouterr().out
    names = CalamineWorkbook.from_path(str(workbook)).sheet_names
    assert MISTYPED not in names and "2019-11" in names
    assert _named(workbook, "out_latest_month") == "2019-11"
    assert not [row for row in _values(workbook, DATA_SHEET) if row[0] == MISTYPED]
    # the user's edits are kept: the anode price 3,200 and the note
    assert _named(workbook, "in_al_anode_price") == 3200
    assert _values(workbook, "表4 铝")[2][7] == "ask the smelter about anode"
    assert MISTYPED in CalamineWorkbook.from_path(str(backup_path(workbook))).sheet_names


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_withdrawing_one_figure_brings_back_the_earlier_month_s(workbook):
    assert [MISTYPED, "al", "full_cost", 13100] in [row[:4] for row in _values(workbook, DATA_SHEET)]  # made up
    assert cli(["withdraw", str(workbook), MISTYPED, "al.full_cost"]) == 0
    # 2035-06 keeps its alumina cost, so its sheet stays; 表4's full cost is November's again, carried forward:
    # the report's 13,085 (FIGURES.md Table 4)
    assert MISTYPED in CalamineWorkbook.from_path(str(workbook)).sheet_names
    assert _named(workbook, "in_al_full_cost") == 13085
    assert _named(workbook, "in_al_alumina_cost") == 2500


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_withdrawing_a_month_the_workbook_lacks_changes_nothing(workbook, capsys):
    before = workbook.read_bytes()
    assert cli(["withdraw", str(workbook), "2035-07"]) == 2
    assert "znnial.xlsm holds no figures of 2035-07: nothing to withdraw" in capsys.readouterr().err
    assert workbook.read_bytes() == before and not backup_path(workbook).exists()


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_edits_on_the_sheet_a_withdrawal_removes_are_not_lost(workbook, capsys):
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    book[MISTYPED]["H3"] = "check this month"  # the user's note on the mistyped month's own sheet
    book.save(workbook)
    before = workbook.read_bytes()
    assert cli(["withdraw", str(workbook), MISTYPED]) == 2
    assert (f"the sheet '{MISTYPED}' of znnial.xlsm holds your edits (H3 = 'check this month'), and withdrawing "
            f"{MISTYPED} removes that sheet") in capsys.readouterr().err
    assert workbook.read_bytes() == before

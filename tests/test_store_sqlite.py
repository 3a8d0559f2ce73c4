"""The store on a SQLite file: loads, revisions, history, as-of, refusals, and refresh from the store.

Figures asserted are those of the bundled workbooks/data/months/2019-11.csv (the report's 倍特期货 2019
annual report, §二(三)铝2: aluminium full cost 13,085 CNY/t, end Nov 2019) and 2019-12.csv.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import shutil

import pytest
from sqlalchemy import func, inspect, select, update

from addin import bundled
from addin.refresh import refresh
from addin.store import StoreError, open_store, parse_as_of
from addin.store.migrate import current_revision, head_revision
from addin.store.schema import loads, revisions
from tests.store_files import DECEMBER, FULL_COST_SOURCE, NOVEMBER, november, write_month_file
from workbooks.build import plan_workbook
from workbooks.monthdata import MonthFileError, read_month_files
from workbooks.xlsx_writer import write_workbook

FIXTURES = NOVEMBER.parents[3] / "tests" / "fixtures" / "monthfiles"
UTC = dt.timezone.utc


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'desk.db'}") as opened:
        yield opened


def counts(store) -> tuple[int, int]:
    with store.engine.connect() as c:
        return c.scalar(select(func.count()).select_from(loads)), c.scalar(select(func.count()).select_from(revisions))


def full_cost(observations) -> list[tuple]:
    return [(o.month, o.value, o.source) for o in observations if (o.metal, o.item) == ("al", "full_cost")]


def test_november_loads_every_figure_with_its_value_and_source(store):
    [result] = store.load([NOVEMBER])
    # 69 figure rows in 2019-11.csv (70 lines with the header), all new to an empty store
    assert (result.figures, result.revisions, result.already_loaded) == (69, 69, False)
    assert result.digest == hashlib.sha256(NOVEMBER.read_bytes()).hexdigest()
    assert result.load.loader == getpass.getuser() and result.load.file_name == "2019-11.csv"
    observations = store.observations()
    assert len(observations) == 69
    assert full_cost(observations) == [("2019-11", 13085.0, FULL_COST_SOURCE)]
    # a percent figure keeps today's rule: -1.84 % is stored as the fraction -0.0184
    [ytd] = [o for o in observations if (o.metal, o.item) == ("al", "alumina_output_ytd_yoy")]
    assert ytd.value == -0.0184 and ytd.unit == "fraction"


def test_the_same_file_twice_changes_nothing_and_says_so(store):
    store.load([NOVEMBER])
    [again] = store.load([NOVEMBER])
    assert again.already_loaded and again.revisions == 0 and again.load.id == 1
    assert "already loaded" in again.describe() and "nothing changed" in again.describe()
    assert counts(store) == (1, 69)


def test_a_revised_value_is_a_new_revision_and_history_lists_both(store, tmp_path):
    store.load([NOVEMBER])
    revised = write_month_file(tmp_path / "2019-11-revised.csv", november(), values={("al", "full_cost"): 13100.0})
    [result] = store.load([revised])
    # only al.full_cost changed: 1 revision, the other 68 figures unchanged and not written again
    assert (result.figures, result.revisions) == (69, 1)
    assert counts(store) == (2, 70)
    found = store.history("al", "full_cost", "2019-11")
    assert [(r.value, r.load.file_name, r.source) for r in found] == [
        (13085.0, "2019-11.csv", FULL_COST_SOURCE), (13100.0, "2019-11-revised.csv", FULL_COST_SOURCE)]
    assert found[1].load.file_digest == hashlib.sha256(revised.read_bytes()).hexdigest()
    assert found[0].file_row == 54  # the figure's line in 2019-11.csv, header = 1
    assert full_cost(store.observations()) == [("2019-11", 13100.0, FULL_COST_SOURCE)]
    assert store.history("al", "full_cost", "2019-12") == []


def test_a_value_changed_back_is_a_third_revision(store, tmp_path):
    store.load([NOVEMBER])
    store.load([write_month_file(tmp_path / "b.csv", november(), values={("al", "full_cost"): 13100.0})])
    [back] = store.load([write_month_file(tmp_path / "c.csv", november(), values={("al", "full_cost"): 13085.0})])
    assert back.revisions == 1
    assert [r.value for r in store.history("al", "full_cost", "2019-11")] == [13085.0, 13100.0, 13085.0]


def _set_load_times(store, *moments: str) -> None:
    with store.engine.begin() as c:
        for load_id, moment in enumerate(moments, start=1):
            c.execute(update(loads).where(loads.c.id == load_id).values(loaded_at=dt.datetime.fromisoformat(moment)))


def test_as_of_gives_the_latest_revision_loaded_at_or_before(store, tmp_path):
    store.load([NOVEMBER])
    store.load([write_month_file(tmp_path / "rev.csv", november(), values={("al", "full_cost"): 13100.0})])
    store.load([DECEMBER])
    _set_load_times(store, "2026-11-30T09:00:00+00:00", "2026-12-01T09:00:00+00:00", "2026-12-02T09:00:00+00:00")
    assert store.observations(parse_as_of("2026-11-29")) == []
    # a date includes the whole day (UTC)
    assert full_cost(store.observations(parse_as_of("2026-11-30"))) == [("2019-11", 13085.0, FULL_COST_SOURCE)]
    assert full_cost(store.observations(parse_as_of("2026-12-01T08:59"))) == [("2019-11", 13085.0, FULL_COST_SOURCE)]
    assert full_cost(store.observations(parse_as_of("2026-12-01T09:00"))) == [("2019-11", 13100.0, FULL_COST_SOURCE)]
    # 17:00 in Shanghai (UTC+8) is 09:00 UTC
    assert len(store.observations(parse_as_of("2026-12-02T17:00+08:00"))) == 69 + 4
    assert len(store.observations(parse_as_of("2026-12-02T16:59+08:00"))) == 69
    # December 2019's four figures: 2019-12.csv
    december = {(o.metal, o.item): o.value for o in store.observations() if o.month == "2019-12"}
    assert december == {(o.metal, o.item): o.value for o in read_month_files([DECEMBER])}
    assert len(december) == 4


def test_as_of_refuses_what_is_not_a_date():
    with pytest.raises(StoreError, match="--as-of 'last week' is not an ISO date"):
        parse_as_of("last week")
    assert parse_as_of("2026-12-01") == dt.datetime(2026, 12, 1, 23, 59, 59, 999999, tzinfo=UTC)


def test_a_bad_file_gives_todays_message_and_writes_nothing(store):
    bad = FIXTURES / "unknown_item.csv"
    with pytest.raises(MonthFileError) as expected:
        read_month_files([bad])
    with pytest.raises(MonthFileError) as got:
        store.load([NOVEMBER, bad])  # a good file first: still nothing written, as all are checked first
    assert str(got.value) == str(expected.value)
    assert "unknown item 'full_costs' for al; did you mean full_cost?" in str(got.value)
    assert counts(store) == (0, 0)


def test_a_wide_wind_export_loads_through_its_mapping(store):
    mapping = NOVEMBER.parents[1] / "mappings" / "wind_example.csv"
    [result] = store.load([FIXTURES / "wind_wide.csv"], mapping=mapping)
    # 6 months x 3 series - 1 blank cell (tests/test_monthdata_reader.py); SHFE zinc close, Jan 2019: 22,180
    # CNY/t (shared/data/shfe_monthly_2019_2020.csv)
    assert (result.figures, result.revisions) == (17, 17)
    got = {(o.month, o.metal, o.item): o.value for o in store.observations()}
    assert got["2019-01", "zn", "shfe_close"] == 22180.0 and ("2019-06", "zn", "lme_cash_avg") not in got


def test_a_file_given_twice_in_one_load_is_refused_as_today(store):
    with pytest.raises(MonthFileError, match="itself: the file was given twice"):
        store.load([NOVEMBER, NOVEMBER])
    assert counts(store) == (0, 0)


@pytest.mark.parametrize("url, says", [
    ("postgresql+psycopg://ann:secret@dbserver/znnial", "embeds a password"),
    ("mysql://ann@dbserver/znnial", "unknown database 'mysql'"),
    ("postgresql+psycopg2://ann@dbserver/znnial", "use the psycopg driver"),
    ("desk.db", "is not a database URL"),
])
def test_urls_that_are_refused(url, says):
    with pytest.raises(StoreError, match=says):
        open_store(url)


def test_a_password_is_never_echoed(capsys):
    with pytest.raises(StoreError) as refused:
        open_store("postgresql+psycopg://ann:hunter2@dbserver/znnial", where="the 'xlwings.conf' sheet")
    assert "hunter2" not in str(refused.value)
    assert "in the 'xlwings.conf' sheet embeds a password" in str(refused.value)
    assert "PGPASSWORD" in str(refused.value) and ".pgpass" in str(refused.value)


def test_the_schema_is_versioned_by_alembic_from_its_first_table(store):
    assert current_revision(store.engine) == head_revision() == "0003"
    assert set(inspect(store.engine).get_table_names()) == {"alembic_version", "loads", "revisions", "writer_lock"}
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    open_store(store.url.render_as_string()).close()  # opening again migrates nothing and keeps the figures
    assert current_revision(store.engine) == "0003"


def test_a_sqlite_file_made_elsewhere_is_refused_clearly(tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("not a database at all, but long enough to have a header " * 20, encoding="utf-8")
    with pytest.raises(StoreError, match="file is not a database"):
        open_store(f"sqlite:///{plain}")


# ------------------------------------------------------------------------- refresh from the store


@pytest.fixture(scope="module")
def november_workbook(tmp_path_factory):
    target = tmp_path_factory.mktemp("store-refresh") / "november.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()])), target)
    return target


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_refresh_from_the_store_is_byte_identical_to_refresh_from_the_files(store, tmp_path, november_workbook):
    from_files = shutil.copyfile(november_workbook, tmp_path / "files.xlsm")
    from_store = shutil.copyfile(november_workbook, tmp_path / "store.xlsm")
    refresh(from_files, [DECEMBER], keep_backup=False)
    store.load([NOVEMBER, *bundled.price_files(), DECEMBER])
    result = refresh(from_store, [], keep_backup=False, base=store.observations())
    assert from_store.read_bytes() == from_files.read_bytes()
    assert from_store.read_bytes() != november_workbook.read_bytes()
    # the changes are reported against the workbook: December's four figures are new to it (2019-12.csv)
    assert (len(result.added), len(result.replaced), result.latest_month) == (4, 0, "2019-12")


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_refresh_as_of_rebuilds_what_the_desk_saw_then(store, tmp_path, november_workbook):
    first = [NOVEMBER, *bundled.price_files()]  # one load (and one row of `loads`) per file
    store.load(first)
    store.load([DECEMBER])
    _set_load_times(store, *["2026-11-30T09:00:00+00:00"] * len(first), "2026-12-02T09:00:00+00:00")
    workbook = shutil.copyfile(november_workbook, tmp_path / "desk.xlsm")
    refresh(workbook, [], keep_backup=False, base=store.observations())
    assert refresh(workbook, [], keep_backup=False, base=store.observations()).changes == []
    then = refresh(workbook, [], keep_backup=False, base=store.observations(parse_as_of("2026-12-01")))
    assert then.left_out == 4  # December's four figures (2019-12.csv) were loaded on 2 December
    # as of 1 December only November and the prices had been loaded: the November workbook, byte for byte
    assert workbook.read_bytes() == november_workbook.read_bytes()


def test_a_month_file_given_with_the_store_is_merged_on_top(store, tmp_path, november_workbook):
    store.load([NOVEMBER, *bundled.price_files()])
    revised = write_month_file(tmp_path / "mine.csv", [o for o in november() if o.item == "full_cost"],
                               values={("al", "full_cost"): 13200.0})
    workbook = shutil.copyfile(november_workbook, tmp_path / "desk.xlsm")
    result = refresh(workbook, [revised], keep_backup=False, base=store.observations())
    assert [(c.item, c.old_value, c.new_value) for c in result.replaced] == [("full_cost", 13085.0, 13200.0)]
    assert full_cost(store.observations()) == [("2019-11", 13085.0, FULL_COST_SOURCE)]  # the store is unchanged


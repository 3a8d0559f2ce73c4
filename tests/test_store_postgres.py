"""The store on a real PostgreSQL server set up as docs/store.md says (tests/pg_cluster.py): loaders load,
readers only read, and the loader recorded is the database role.

Figures: workbooks/data/months/2019-11.csv (aluminium full cost 13,085 CNY/t, the report's §二(三)铝2).
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from addin import bundled
from addin.cli import main
from addin.refresh import refresh
from addin.store import StoreError, open_store
from addin.store.schema import loads, revisions
from tests.store_files import DECEMBER, FULL_COST_SOURCE, NOVEMBER, november, write_month_file
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.xlsx_writer import write_workbook

pytestmark = pytest.mark.slow


def counts(url: str) -> tuple[int, int]:
    with open_store(url) as store, store.engine.connect() as c:
        return (c.scalar(select(func.count()).select_from(loads)),
                c.scalar(select(func.count()).select_from(revisions)))


def test_a_loader_loads_and_is_recorded_by_role(pg_store, tmp_path):
    with open_store(pg_store.loader) as store:
        [first] = store.load([NOVEMBER])
        store.load([write_month_file(tmp_path / "smm.csv", november(), values={("al", "full_cost"): 13100.0})])
    assert (first.figures, first.revisions, first.load.loader) == (69, 69, "bob")
    with open_store(pg_store.reader) as store:
        found = store.history("al", "full_cost", "2019-11")
        latest = [o for o in store.observations() if o.item == "full_cost"]
    assert [(r.value, r.load.loader, r.load.file_name) for r in found] == [
        (13085.0, "bob", "2019-11.csv"), (13100.0, "bob", "smm.csv")]
    assert [(o.value, o.source) for o in latest] == [(13100.0, FULL_COST_SOURCE)]
    assert counts(pg_store.reader) == (2, 70)


def test_a_reader_may_not_load_and_nothing_is_written(pg_store):
    with open_store(pg_store.reader) as store, pytest.raises(StoreError) as refused:
        store.load([NOVEMBER])
    message = str(refused.value)
    assert message.startswith("role 'ann' may not load figures into this store (permission denied for table")
    assert "nothing of 2019-11.csv was written" in message and "loaders group" in message
    assert counts(pg_store.owner) == (0, 0)


def test_a_reader_is_refused_on_the_command_line_too(pg_store, capsys):
    assert main(["load", str(DECEMBER), "--store", pg_store.reader]) == 2
    assert "znnial: role 'ann' may not load figures" in capsys.readouterr().err
    assert counts(pg_store.owner) == (0, 0)


def test_a_reader_cannot_create_the_tables_of_an_empty_database(pg_desk):
    from tests.pg_cluster import run_sql

    run_sql(pg_desk.superuser, ["CREATE DATABASE znnial_empty", "GRANT CONNECT ON DATABASE znnial_empty TO ann"])
    try:
        url = pg_desk.reader.replace("/znnial?", "/znnial_empty?")
        with pytest.raises(StoreError, match="needs its tables created or upgraded, and this role may not"):
            open_store(url)
    finally:
        run_sql(pg_desk.superuser, ["DROP DATABASE znnial_empty WITH (FORCE)"])


def test_refresh_from_postgresql_is_byte_identical_to_refresh_from_files(pg_store, tmp_path):
    november_book = tmp_path / "november.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()])), november_book)
    from_files = shutil.copyfile(november_book, tmp_path / "files.xlsm")
    from_store = shutil.copyfile(november_book, tmp_path / "store.xlsm")
    refresh(from_files, [DECEMBER], keep_backup=False)
    with open_store(pg_store.loader) as store:
        store.load([NOVEMBER, *bundled.price_files(), DECEMBER])
    with open_store(pg_store.reader) as store:  # a reader may refresh
        refresh(from_store, [], keep_backup=False, base=store.observations())
    assert from_store.read_bytes() == from_files.read_bytes()


def test_a_database_that_does_not_exist_is_named(pg_desk):
    url = pg_desk.loader.replace("/znnial?", "/no_such_database?")
    with pytest.raises(StoreError, match='database "no_such_database" does not exist'):
        open_store(url)


@pytest.fixture
def carol(pg_store, monkeypatch, tmp_path):
    """A reader whose logins need a password (tests/pg_cluster.py's own cluster asks carol for one)."""
    from tests.pg_cluster import WITH_PASSWORD, run_sql

    if not pg_store.checks_passwords:
        pytest.skip("only the tests' own cluster is set up to ask for a password")
    run_sql(pg_store.superuser, [f"DROP ROLE IF EXISTS {WITH_PASSWORD}",
                                 f"CREATE ROLE {WITH_PASSWORD} LOGIN PASSWORD 'from-the-environment' "
                                 "IN ROLE znnial_readers"])
    for name in ("PGPASSWORD", "PGPASSFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.pgpass of whoever runs the tests
    return pg_store.url(WITH_PASSWORD)


def test_without_a_password_the_server_says_so(carol):
    with pytest.raises(StoreError, match="no password supplied|password authentication failed"):
        open_store(carol)


def test_the_password_comes_from_pgpassword(carol, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "from-the-environment")
    with open_store(carol) as store:
        assert store.observations() == []


def test_the_password_comes_from_a_pgpass_file(carol, monkeypatch, tmp_path):
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text("*:*:znnial:carol:from-the-environment\n", encoding="utf-8")
    pgpass.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with open_store(carol) as store:
        assert store.observations() == []


def test_as_of_on_postgresql_compares_times_in_utc(pg_store, tmp_path):
    from sqlalchemy.engine import make_url

    from addin.store import parse_as_of
    from tests.pg_cluster import run_sql

    with open_store(pg_store.loader) as store:
        store.load([NOVEMBER])
        store.load([write_month_file(tmp_path / "smm.csv", november(), values={("al", "full_cost"): 13100.0})])
    # the owner may rewrite load times (znnial's roles may not): 09:00 UTC on two days, stored as timestamptz
    run_sql(make_url(pg_store.owner), ["SET TIME ZONE 'Asia/Shanghai'",
                                       "UPDATE loads SET loaded_at = '2026-11-30 09:00+00' WHERE id = "
                                       "(SELECT min(id) FROM loads)",
                                       "UPDATE loads SET loaded_at = '2026-12-01 09:00+00' WHERE id = "
                                       "(SELECT max(id) FROM loads)"])
    with open_store(pg_store.reader) as store:
        def full_cost(moment):
            return [o.value for o in store.observations(parse_as_of(moment)) if o.item == "full_cost"]

        assert full_cost("2026-11-29") == []
        assert full_cost("2026-11-30") == [13085.0]
        assert full_cost("2026-12-01T16:59+08:00") == [13085.0]  # 08:59 UTC
        assert full_cost("2026-12-01T17:00+08:00") == [13100.0]  # 09:00 UTC
        assert [r.load.loaded_at.isoformat() for r in store.history("al", "full_cost", "2019-11")] == [
            "2026-11-30T09:00:00+00:00", "2026-12-01T09:00:00+00:00"]


def test_a_loader_withdraws_a_month_a_reader_may_not(pg_store, tmp_path, capsys):
    mistyped = write_month_file(tmp_path / "2035-06.csv", november()[:3], month="2035-06")  # the typo
    with open_store(pg_store.loader) as store:
        store.load([NOVEMBER, mistyped])
    assert main(["withdraw", "--store", pg_store.reader, "2035-06"]) == 2
    assert "znnial: role 'ann' may not load figures" in capsys.readouterr().err
    assert counts(pg_store.owner) == (2, 72)  # hand: 69 November figures + 3 re-dated ones, nothing withdrawn
    assert main(["withdraw", "--store", pg_store.loader, "2035-06"]) == 0
    with open_store(pg_store.reader) as store:
        assert [o for o in store.observations() if o.month == "2035-06"] == []
        first = november()[0]
        assert [(r.withdrawn, r.load.loader) for r in store.history(first.metal, first.item, "2035-06")] == [
            (False, "bob"), (True, "bob")]
    assert counts(pg_store.owner) == (3, 75)  # the withdrawal: one load row, one revision per figure

"""Shared fixtures: the registry and a result comparison that treats NaN as a blank."""

from __future__ import annotations

import math

import pytest

from udfs.catalogue import FUNCTIONS

# The evaluator moved to doubles/ (bench/ uses them too and imports nothing from tests/);
# under their old names they are the same module objects, so a test may import either.
import sys  # noqa: E402

from doubles import excel_eval, pycel_udfs  # noqa: E402

for _module in (excel_eval, pycel_udfs):
    sys.modules.setdefault("tests." + _module.__name__.rsplit(".", 1)[1], _module)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same(got, want, rel: float = 1e-9) -> bool:
    """Excel-level equality: lists of rows compared cell by cell, floats with a relative
    tolerance, NaN equal to None (both show as an empty cell), text exactly."""
    if isinstance(want, (list, tuple)) or isinstance(got, (list, tuple)):
        return (isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)) and len(got) == len(want)
                and all(_same(g, w, rel) for g, w in zip(got, want)))
    if _is_blank(want) or _is_blank(got):
        return _is_blank(want) and _is_blank(got)
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    return math.isclose(float(got), float(want), rel_tol=rel, abs_tol=0.0 if want else 1e-12)


@pytest.fixture
def same():
    """`same(got, want)`: cell-by-cell equality with floats at rel tol 1e-9 and NaN == None."""
    return _same


@pytest.fixture(scope="session")
def specs():
    """Every worksheet function record, in registry order."""
    return FUNCTIONS


@pytest.fixture(scope="session")
def pg_desk():
    """A real PostgreSQL server with the desk of docs/store.md on it (see tests/pg_cluster.py).

    Without PostgreSQL installed: a failure under CI (CI set), a skip elsewhere.
    """
    import os

    from sqlalchemy.engine import make_url

    from tests import pg_cluster

    cluster = None
    if os.environ.get(pg_cluster.ENV_URL):
        superuser = make_url(os.environ[pg_cluster.ENV_URL])
    else:
        bindir = pg_cluster.find_bindir()
        if bindir is None:
            if os.environ.get("CI"):
                pytest.fail(pg_cluster.INSTALL)
            pytest.skip(pg_cluster.INSTALL)
        cluster = pg_cluster.start_cluster(bindir)
        superuser = cluster.url
    desk = pg_cluster.Desk(superuser, checks_passwords=cluster is not None)
    try:
        desk.set_up()
        yield desk
        desk.tear_down()
    finally:
        if cluster is not None:
            cluster.stop()


@pytest.fixture
def pg_store(pg_desk):
    """The desk's PostgreSQL store, emptied of loads."""
    pg_desk.empty()
    return pg_desk


@pytest.fixture()
def november(tmp_path):
    """The workbook built from the bundled November month file and prices (workbooks/data), as a user's copy
    before the December refresh: the starting point of the refresh tests."""
    from addin import bundled
    from workbooks.build import plan_workbook
    from workbooks.monthdata import read_month_files
    from workbooks.xlsx_writer import write_workbook

    target = tmp_path / "znnial.xlsm"
    write_workbook(plan_workbook(read_month_files([bundled.month_files()[0], *bundled.price_files()])), target)
    return target

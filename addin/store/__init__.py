"""A desk's shared store of monthly figures (SQLite by default, PostgreSQL for a team): see docs/store.md.

Public API::

    store = open_store(url, where="the command line")   # checks the URL, brings the schema up to date
    store = open_existing_store(url, where)               # readers: creates nothing, says how to create it
    store.load(paths, mapping=None) -> list[LoadResult]   # month-file rules, one transaction per file
    check_files(paths, mapping=None) -> list[CheckedFile] # the rules alone; store.write(checked) loads them
    store.observations(as_of=None) -> list[Observation]   # the latest revision of every figure
    store.figures(as_of=None) -> list[Observation]        # the same, or a StoreError when there are none
    store.series(metal, item, first, last, as_of=None)   # one item between two months: znnial_series
    store.history(metal, item, month) -> list[Revision]
    store.withdraw(month, items=()) -> WithdrawResult       # a month (or its items) withdrawn, as a revision
    parse_as_of(text), StoreError, DEFAULT_URL

This package does I/O; workbooks/ never imports it (tests/test_architecture.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError

from workbooks.monthdata import Observation

from . import loading, migrate, reading, withdrawing
from .errors import StoreError
from .loading import CheckedFile, check_files
from .reading import parse_as_of
from .records import Load, LoadResult, Revision
from .url import DEFAULT_URL, parse_store_url, sqlite_file, store_engine

__all__ = ["DEFAULT_URL", "CheckedFile", "Load", "LoadResult", "Revision", "Store", "StoreError", "check_files", "open_existing_store", "open_store",
           "parse_as_of"]


class Store:
    def __init__(self, url: URL, engine: Engine):
        self.url = url
        self.engine = engine

    @property
    def name(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def load(self, paths: Sequence, mapping=None) -> list[LoadResult]:
        """Check every file with the month-file rules (nothing written if any fails), then load each."""
        return self.write(loading.check_files(paths, mapping))

    def write(self, checked: list[CheckedFile]) -> list[LoadResult]:
        """Files already checked by `check_files`, each in one transaction."""
        return loading.load_files(self.engine, checked)

    def observations(self, as_of: dt.datetime | None = None) -> list[Observation]:
        try:
            return reading.observations(self.engine, as_of)
        except DBAPIError as problem:
            raise _unreachable(self, problem) from problem

    def series(self, metal: str, item: str, first: str, last: str,
               as_of: dt.datetime | None = None) -> list[Observation]:
        """One item's latest figures for months first…last (as of a moment), every source, in one query."""
        try:
            return reading.observations(self.engine, as_of, metal, item, first, last)
        except DBAPIError as problem:
            raise _unreachable(self, problem) from problem

    def figures(self, as_of: dt.datetime | None = None) -> list[Observation]:
        """`observations`, for a refresh: an empty store, or an ``as_of`` before its first load, is a
        StoreError saying so (a workbook rebuilt from no figures would lose every figure it shows)."""
        found = self.observations(as_of)
        if found:
            return found
        try:
            first = reading.first_load_time(self.engine)
        except DBAPIError as problem:
            raise _unreachable(self, problem) from problem
        if first is None or as_of is None:
            raise StoreError(f"store {self.name} holds no figures yet: load month files into it first "
                             f"(`znnial load FILE… --store {self.name}`; the bundled data: "
                             f"`znnial load --bundled --store {self.name}`)")
        raise StoreError(f"store {self.name} holds no figures loaded at or before {as_of:%Y-%m-%d %H:%M:%S} UTC: "
                         f"its first load was at {first:%Y-%m-%d %H:%M:%S} UTC; give a later --as-of")

    def history(self, metal: str, item: str, month: str) -> list[Revision]:
        try:
            return reading.history(self.engine, metal, item, month)
        except DBAPIError as problem:
            raise _unreachable(self, problem) from problem

    def withdraw(self, month: str, items: Sequence[tuple[str, str]] = ()) -> withdrawing.WithdrawResult:
        """Withdraw a month's figures, or those of some (metal, item)s, as a revision (addin/store/withdrawing.py)."""
        return withdrawing.withdraw(self.engine, month, items)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _first_line(problem: DBAPIError) -> str:
    return str(problem.orig if problem.orig is not None else problem).strip().splitlines()[0]


def _unreachable(store: Store, problem: DBAPIError) -> StoreError:
    return StoreError(f"store {store.name}: {_first_line(problem)}")


def open_existing_store(url: str | None, where: str = "the command line") -> Store:
    """The store a URL names, for reading: nothing is created (a SQLite file, tables) or upgraded. A store
    that does not exist, or whose schema is not this znnial's, is a StoreError saying how to set it up."""
    parsed = parse_store_url(url, where)
    name = parsed.render_as_string(hide_password=True)
    create = f"`znnial init-store --store {name}` creates it (on a server, the database owner runs it: docs/store.md)"
    missing = sqlite_file(parsed)
    if missing is not None and not missing.is_file():
        raise StoreError(f"store {name} does not exist: there is no file {missing.resolve()}. Check the URL in "
                         f"{where}; {create}")
    store = Store(parsed, store_engine(parsed))
    try:
        found = migrate.current_revision(store.engine)
    except DBAPIError as problem:
        store.close()
        raise _unreachable(store, problem) from problem
    if found != migrate.head_revision():
        store.close()
        raise StoreError(migrate.describe_mismatch(name, found, create))
    return store


def open_store(url: str | None, where: str = "the command line") -> Store:
    """The store a URL names (blank: sqlite:///desk.db), its schema brought up to date with Alembic."""
    parsed = parse_store_url(url, where)
    store = Store(parsed, store_engine(parsed))
    try:
        migrate.upgrade(store.engine)
    except DBAPIError as problem:
        store.close()
        if getattr(problem.orig, "sqlstate", None) == loading.INSUFFICIENT_PRIVILEGE:
            raise StoreError(f"store {store.name} needs its tables created or upgraded, and this role may not "
                             f"({_first_line(problem)}): the database owner runs `znnial init-store` once "
                             "(docs/store.md)") from problem
        raise _unreachable(store, problem) from problem
    return store

"""Which store a URL names, and the engine to reach it: SQLite by default, PostgreSQL for a team.

A URL that carries a password is refused: the command line ends up in shell history and the workbook's
xlwings.conf sheet is copied with the file, so a password there is a password shared. PostgreSQL reads it
from PGPASSWORD or ~/.pgpass (libpq does, through psycopg) instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from .errors import StoreError

DEFAULT_URL = "sqlite:///desk.db"
SQLITE_BUSY_SECONDS = 30.0  # how long a loader waits for another loader's transaction before giving up
WRITES = "znnial_store_writes"  # execution option of a connection that will write (see store_engine)
DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def masked(text: str) -> str:
    """A URL as typed, with any password replaced by ***: safe to print whatever the user wrote."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", text)


def parse_store_url(text: str | None, where: str = "the command line") -> URL:
    """The SQLAlchemy URL of a store, checked: a known database, a file or database name, no password."""
    text = (text or "").strip() or DEFAULT_URL
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StoreError(f"store URL {masked(text)!r} in {where} is not a database URL; write e.g. {DEFAULT_URL} or "
                         "postgresql+psycopg://user@host/dbname") from None
    if url.get_backend_name() not in DRIVERS:
        raise StoreError(f"store URL {url.render_as_string(hide_password=True)!r}: unknown database "
                         f"{url.get_backend_name()!r}; a store is sqlite or postgresql")
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        raise StoreError(f"store URL {url.render_as_string(hide_password=True)!r}: use the psycopg driver, "
                         "postgresql+psycopg://…")
    if url.password is not None:
        raise StoreError(f"store URL {url.render_as_string(hide_password=True)!r} in {where} embeds a password; "
                         "a password there is seen by anyone with the shell history or a copy of the workbook. "
                         "Remove it and set PGPASSWORD or put it in ~/.pgpass (docs/store.md)")
    if url.get_backend_name() == "sqlite" and not url.database:
        raise StoreError(f"store URL {masked(text)!r} in {where} names no file; write e.g. {DEFAULT_URL}")
    return url


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names (None for another database, or SQLite in memory)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def store_engine(url: URL) -> Engine:
    """An engine for the store; for SQLite, WAL, a busy timeout and write-locking transactions."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    # pysqlite begins transactions lazily and as readers, so two loaders that both read before writing can
    # deadlock on the upgrade (SQLITE_BUSY, which the busy timeout does not retry). SQLAlchemy's documented
    # recipe for pysqlite: take over BEGIN. A connection with the WRITES execution option begins
    # IMMEDIATE, waiting for the write lock (up to the timeout) before reading anything; readers begin
    # deferred and, under WAL, never wait.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers (a refresh) never wait for a loader, and a loader never waits for readers.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITES) else "BEGIN")

    return engine

"""Bringing a store's schema up to date with Alembic, configured in code (no alembic.ini to ship or find)."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from .url import WRITES

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@functools.lru_cache(maxsize=1)
def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def describe_mismatch(name: str, found: str | None, create: str) -> str:
    """Why a reader cannot use a store whose schema revision is ``found`` (not this znnial's head)."""
    if found is None:
        return f"store {name} has no znnial tables: it is not a store yet, or the URL names the wrong database; {create}"
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config(None)).walk_revisions()}
    if found in known:
        return (f"store {name} has schema revision {found}; this znnial needs {head_revision()}: "
                f"`znnial init-store --store {name}` upgrades it (on a server, the database owner runs it)")
    return (f"store {name} has schema revision {found}, which this znnial does not know (a newer znnial "
            "upgraded it): upgrade znnial")


def upgrade(engine: Engine) -> None:
    """Run every migration the store has not had yet, in one transaction where the database allows."""
    if current_revision(engine) == head_revision():
        return  # a reader's role may not create tables: never ask it to when there is nothing to do
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITES: True})
        with connection.begin():  # SQLite: waits for another opener's migration, which this one then skips
            command.upgrade(alembic_config(connection), "head")

"""Loading month files into the store: today's month-file rules, then one transaction per file.

A file's figures are all written or none: the load row and its revisions are inserted in one
transaction, so a killed loader or a dropped connection leaves nothing (the database rolls back an
unfinished transaction). Loads take the writer lock first, so the "latest value" a load compares
with is never another loader's uncommitted figure, and the same bytes loaded twice — even by two
loaders at once — are recognised by their digest (also a unique constraint) and change nothing.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from workbooks.monthdata import Observation, read_month_files

from .errors import StoreError
from .records import Load, LoadResult, as_utc
from .schema import loads, revisions, writer_lock
from .url import WRITES, is_sqlite

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def loader_name(connection: Connection) -> str:
    """Who is loading: the database role on a server, the OS user for a SQLite file."""
    if is_sqlite(connection.engine):
        return getpass.getuser()
    return connection.scalar(select(func.current_user()))


@dataclass(frozen=True)
class CheckedFile:
    path: str  # as given
    digest: str  # sha256 of the bytes that were checked
    observations: list[Observation]


def _digest_or_none(path: str) -> str | None:
    try:
        return file_digest(Path(path).read_bytes())
    except OSError:
        return None  # read_month_files says what is wrong with it, in today's words


def check_files(paths: Sequence, mapping=None) -> list[CheckedFile]:
    """Every file checked with the month-file rules: one MonthFileError listing all problems, or the files'
    figures with the digest of the bytes checked. Needs no store, so a bad file never touches one."""
    paths = [os.fspath(p) for p in paths]
    before = {p: _digest_or_none(p) for p in paths}
    observations = read_month_files(paths, mapping)
    by_file: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        by_file[obs.file].append(obs)
    for path in paths:
        if before[path] is None or _digest_or_none(path) != before[path]:
            raise StoreError(f"{path} changed while it was being checked; nothing was written: load it again")
    return [CheckedFile(p, before[p], by_file[p]) for p in paths]


def load_files(engine: Engine, checked: list[CheckedFile]) -> list[LoadResult]:
    """Each checked file in a transaction of its own, in order."""
    return [load_file(engine, f.path, f.digest, f.observations) for f in checked]


def load_file(engine: Engine, path: str, digest: str, observations: list[Observation]) -> LoadResult:
    name = Path(path).name
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITES: True})
        role = None
        committing = False
        try:
            with connection.begin():
                role = loader_name(connection)  # first: a refusal of the lock below names the role
                take_writer_lock(connection)
                earlier = _load_with_digest(connection, digest)
                if earlier is not None:
                    return LoadResult(path, digest, len(observations), 0, earlier, True)
                latest = _latest_values(connection, {o.month for o in observations})
                changed = [o for o in observations if latest.get(o.key) != o.value]
                load_id = connection.execute(insert(loads).values(
                    file_name=name, file_digest=digest, loader=role, loaded_at=dt.datetime.now(dt.timezone.utc),
                    figures=len(observations), revisions=len(changed))).inserted_primary_key[0]
                _insert_revisions(connection, load_id, changed)
                load = _load_with_digest(connection, digest)
                committing = True  # leaving the block commits
        except IntegrityError:
            # Another loader committed the same bytes between our check and our insert.
            with engine.connect() as again:
                earlier = _load_with_digest(again, digest)
            if earlier is None:
                raise
            return LoadResult(path, digest, len(observations), 0, earlier, True)
        except DBAPIError as problem:
            if committing and problem.connection_invalidated:
                raise StoreError(f"lost the connection to the store while committing {name}: the server may or "
                                 "may not have its figures. Load it again: if they are there, the same file "
                                 "is recognised and nothing changes") from problem
            raise _explain(problem, name, role) from problem
    return LoadResult(path, digest, len(observations), len(changed), load, False)


def take_writer_lock(connection: Connection) -> None:
    """Inside a write's transaction: the store's one writer lock (FOR UPDATE), so a load and a withdrawal
    (addin/store/withdrawing.py) never interleave; a role that may not write is refused here."""
    connection.execute(select(writer_lock.c.id).where(writer_lock.c.id == 1).with_for_update())


def _explain(problem: DBAPIError, name: str, role: str | None) -> StoreError:
    detail = str(problem.orig).strip().splitlines()[0] if problem.orig is not None else str(problem)
    if getattr(problem.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        return StoreError(f"role {role!r} may not load figures into this store ({detail}); nothing of {name} "
                          "was written. Loading needs a role in the store's loaders group (docs/store.md)")
    if problem.connection_invalidated:
        return StoreError(f"lost the connection to the store while loading {name} ({detail}); nothing of it "
                          "was written, as the database drops an unfinished load: load it again")
    return StoreError(f"the store refused {name} ({detail}); nothing of it was written")


def _load_with_digest(connection: Connection, digest: str) -> Load | None:
    row = connection.execute(select(loads).where(loads.c.file_digest == digest)).first()
    if row is None:
        return None
    return Load(row.id, row.file_name, row.file_digest, row.loader, as_utc(row.loaded_at), row.figures,
                row.revisions)


def _latest_values(connection: Connection, months: set[str]) -> dict[tuple, float]:
    """The latest value of every figure of these months: (month, metal, item, source) -> value (None: withdrawn)."""
    query = (select(revisions.c.month, revisions.c.metal, revisions.c.item, revisions.c.source, revisions.c.value,
                    revisions.c.withdrawn)
             .where(revisions.c.month.in_(sorted(months))).order_by(revisions.c.id))
    # a withdrawn figure has no value now: loading it again is a new revision, whatever its value
    return {(r.month, r.metal, r.item, r.source): None if r.withdrawn else r.value for r in connection.execute(query)}


def _insert_revisions(connection: Connection, load_id: int, changed: list[Observation]) -> None:
    """Insert a load's revisions, in its transaction (tests/faults/store_pause_child.py pauses a loader here)."""
    rows = [dict(load_id=load_id, month=o.month, metal=o.metal, item=o.item, source=o.source, value=o.value,
                 unit=o.unit, file_row=o.row) for o in changed]
    if rows:
        connection.execute(insert(revisions), rows)

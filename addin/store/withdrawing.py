"""Withdrawing figures from the store: a month (or some of its items) taken back, as a revision.

A withdrawal is written like a load (docs/store.md, "Withdrawing a month or a figure"): under the writer
lock, in one transaction, a row of `loads` naming it ("withdrawal of 2035-06") and one revision per figure
withdrawn, marked `withdrawn` (migration 0002). Nothing is updated or deleted, so `history` lists the
withdrawal and `--as-of` before it still shows the figure; loading the figure again is a new revision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from .errors import StoreError
from .loading import _explain, _load_with_digest, file_digest, loader_name, take_writer_lock
from .records import Load
from .schema import loads, revisions
from .url import WRITES


@dataclass(frozen=True)
class WithdrawResult:
    month: str
    figures: list[tuple[str, str, str, str]]  # (month, metal, item, source) of each figure withdrawn
    load: Load  # the withdrawal's row of `loads`

    def describe(self) -> str:
        count = len(self.figures)
        items = sorted({f"{metal}.{item}" for _, metal, item, _ in self.figures})
        shown = ", ".join(items[:8]) + (f" and {len(items) - 8} more" if len(items) > 8 else "")
        return (f"withdrew {count} figure{'s' if count != 1 else ''} of {self.month} ({shown}) as revision load "
                f"{self.load.id} by {self.load.loader}; `znnial history` lists it, --as-of before "
                f"{self.load.loaded_at:%Y-%m-%d %H:%M:%S} UTC still shows them")


def _current(connection: Connection, month: str) -> dict[tuple, tuple[float, str]]:
    """The figures of a month the store holds now, its daily quotes ("2020-03-02") with them: key -> (value, unit)
    of its latest revision, unless withdrawn."""
    query = (select(revisions.c.month, revisions.c.metal, revisions.c.item, revisions.c.source, revisions.c.value,
                    revisions.c.unit, revisions.c.withdrawn)
             .where((revisions.c.month == month) | revisions.c.month.like(f"{month}-%")).order_by(revisions.c.id))
    latest = {(r.month, r.metal, r.item, r.source): r for r in connection.execute(query)}
    return {key: (r.value, r.unit) for key, r in latest.items() if not r.withdrawn}


def _chosen(current: dict, month: str, items: Sequence[tuple[str, str]]) -> list[tuple]:
    """The keys to withdraw: every figure of the month, or those of the items named (each must be there)."""
    if not current:
        raise StoreError(f"the store holds no figures of {month}: nothing to withdraw")
    if not items:
        return sorted(current)
    absent = [f"{metal}.{item}" for metal, item in items
              if not any(key[1:3] == (metal, item) for key in current)]
    if absent:
        raise StoreError(f"the store holds no figure of {month} for {', '.join(absent)}: nothing was withdrawn")
    return sorted(key for key in current if key[1:3] in set(items))


def withdraw(engine: Engine, month: str, items: Sequence[tuple[str, str]] = ()) -> WithdrawResult:
    """Withdraw a month's figures (all sources; only the (metal, item)s named when `items`) as one revision."""
    name = f"withdrawal of {month}" + (f" ({', '.join(f'{m}.{i}' for m, i in items)})" if items else "")
    name = name[:255]
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITES: True})
        role = None
        try:
            with connection.begin():
                role = loader_name(connection)  # first: a refusal of the lock below names the role
                take_writer_lock(connection)
                current = _current(connection, month)
                chosen = _chosen(current, month, items)
                now = dt.datetime.now(dt.timezone.utc)
                # a withdrawal has no file: its digest is that of what it withdraws, by whom and when (unique)
                digest = file_digest(f"{name}\n{role}\n{now.isoformat()}\n{chosen!r}".encode("utf-8"))
                load_id = connection.execute(insert(loads).values(
                    file_name=name, file_digest=digest, loader=role, loaded_at=now, figures=len(chosen),
                    revisions=len(chosen))).inserted_primary_key[0]
                connection.execute(insert(revisions), [
                    dict(load_id=load_id, month=key[0], metal=key[1], item=key[2], source=key[3],
                         value=current[key][0], unit=current[key][1], file_row=0, withdrawn=True)
                    for key in chosen])
                load = _load_with_digest(connection, digest)
        except DBAPIError as problem:
            raise _explain(problem, name, role) from problem
    return WithdrawResult(month, chosen, load)

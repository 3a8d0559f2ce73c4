"""Reading the store: the figures as the desk saw them at a moment, and one figure's revisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import false, func, select
from sqlalchemy.engine import Engine

from workbooks.monthdata import Observation

from .errors import StoreError
from .records import Load, Revision, as_utc
from .schema import loads, revisions


def parse_as_of(text: str) -> dt.datetime:
    """``--as-of``: an ISO date (the whole day, UTC, is included) or datetime (UTC unless it says otherwise)."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime.combine(day, dt.time.max, dt.timezone.utc)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise StoreError(f"--as-of {text!r} is not an ISO date or time; write e.g. 2026-12-01 or "
                         "2026-12-01T17:30") from None
    return as_utc(moment)


def observations(engine: Engine, as_of: dt.datetime | None = None, metal: str | None = None,
                 item: str | None = None, first: str | None = None, last: str | None = None) -> list[Observation]:
    """Every figure's latest revision loaded at or before ``as_of`` (all of them when None), unless that
    revision withdrew it, in one query; only those of ``metal``/``item`` and months ``first``…``last``
    ("YYYY-MM", inclusive, with the daily quotes of those months) when given.

    The file and row of each observation are those of the load that wrote that revision.
    """
    latest = select(func.max(revisions.c.id).label("id")).join(loads, loads.c.id == revisions.c.load_id)
    if as_of is not None:
        latest = latest.where(loads.c.loaded_at <= as_utc(as_of))
    for column, wanted in ((revisions.c.metal, metal), (revisions.c.item, item)):
        if wanted is not None:
            latest = latest.where(column == wanted)
    if first is not None:
        latest = latest.where(revisions.c.month >= first)  # "YYYY-MM" text sorts as the months do
    if last is not None:  # a daily quote of the last month ("2020-01-02" > "2020-01") is within it too
        latest = latest.where(revisions.c.month <= last + "-31")
    latest = latest.group_by(revisions.c.month, revisions.c.metal, revisions.c.item, revisions.c.source).subquery()
    query = (select(revisions, loads.c.file_name)
             .join(latest, latest.c.id == revisions.c.id)
             .join(loads, loads.c.id == revisions.c.load_id)
             .where(revisions.c.withdrawn == false())  # the latest revision withdrew it: the store holds none
             .order_by(revisions.c.month, revisions.c.metal, revisions.c.item, revisions.c.source))
    with engine.connect() as connection:
        return [Observation(r.month, r.metal, r.item, r.value, r.unit, r.source, r.file_name, r.file_row)
                for r in connection.execute(query)]


def history(engine: Engine, metal: str, item: str, month: str) -> list[Revision]:
    """Every revision of one figure of one month, all sources, oldest first within each source."""
    query = (select(revisions, loads.c.file_name, loads.c.file_digest, loads.c.loader, loads.c.loaded_at,
                    loads.c.figures, loads.c.revisions.label("load_revisions"))
             .join(loads, loads.c.id == revisions.c.load_id)
             .where(revisions.c.metal == metal, revisions.c.item == item, revisions.c.month == month)
             .order_by(revisions.c.source, revisions.c.id))
    with engine.connect() as connection:
        return [Revision(r.month, r.metal, r.item, r.source, r.value, r.unit, r.file_row,
                         Load(r.load_id, r.file_name, r.file_digest, r.loader, as_utc(r.loaded_at), r.figures,
                              r.load_revisions), r.withdrawn)
                for r in connection.execute(query)]



def first_load_time(engine: Engine) -> dt.datetime | None:
    """When the store's first load was made (UTC), or None for a store with no loads."""
    with engine.connect() as connection:
        first = connection.scalar(select(func.min(loads.c.loaded_at)))
    return None if first is None else as_utc(first)

"""What the store hands back: loads, revisions, and the outcome of loading one file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite hands back the naive UTC text it was given)."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class Load:
    id: int
    file_name: str
    file_digest: str  # sha256 of the file's bytes, hex
    loader: str
    loaded_at: dt.datetime  # UTC
    figures: int
    revisions: int


@dataclass(frozen=True)
class Revision:
    month: str
    metal: str
    item: str
    source: str
    value: float
    unit: str
    file_row: int
    load: Load
    withdrawn: bool = False  # this revision withdraws the figure (value: the one withdrawn)


@dataclass(frozen=True)
class LoadResult:
    file: str  # as given
    digest: str
    figures: int  # validated figures in the file
    revisions: int  # of which new or changed values: what this load wrote (0 when already loaded)
    load: Load  # this load, or the earlier load of the same bytes
    already_loaded: bool

    def describe(self) -> str:
        if self.already_loaded:
            return (f"{self.file}: already loaded ({self.load.file_name}, sha256 {self.digest[:12]}…, by "
                    f"{self.load.loader} at {self.load.loaded_at:%Y-%m-%d %H:%M:%S} UTC); nothing changed")
        unchanged = self.figures - self.revisions
        return (f"{self.file}: {self.figures} figures, {self.revisions} new or revised, {unchanged} unchanged "
                f"(load {self.load.id}, sha256 {self.digest[:12]}…, by {self.load.loader})")

"""Checking raw records against the vocabulary, finding duplicates, and merging.

Rules (each failure is a `Problem` naming file, row, item and value):
unknown metal or (metal, item); blank or unparsable month (a trading date YYYY-MM-DD for an item that takes daily
quotes: a day that does not exist is refused); blank or unparsable
value; blank unit or a unit other than the item's (aliases allowed, no
magnitude conversion); a ``%`` value for an item not measured as a fraction;
value outside the item's plausible range; blank source; the same
(month, metal, item, source) twice in a file or across the files of one read.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Iterable, NamedTuple

from .errors import Problem, show_value
from .file_shapes import RawRecord
from .months import parse_day, parse_month
from .numbers import is_blank, parse_number
from .observation import Observation
from .text import safe_text
from .vocabulary import ITEMS, PERCENT, UNITS, find_item, normalise_metal, normalise_unit


def _fmt(x: float) -> str:
    return f"{x:,.10g}"


def _expected(unit: str) -> str:
    if unit == "fraction":
        return "fraction or % (86.8 % as 0.868 with unit fraction, or 86.8 with unit %)"
    return f"{unit} ({UNITS[unit].zh})"


def check_record(rec: RawRecord, file: str) -> tuple[Observation | None, list[Problem]]:
    """The observation for one raw record, or the problems that prevent it."""
    label = "(no item)"
    if not (is_blank(rec.metal) and is_blank(rec.item)):
        label = f"{'' if is_blank(rec.metal) else str(rec.metal).strip()}/" \
                f"{'' if is_blank(rec.item) else str(rec.item).strip()}"
    problems: list[Problem] = []

    def bad(message: str) -> None:
        problems.append(Problem(file, rec.row, message, label, rec.value))

    metal, item = _metal_and_item(rec, bad)
    if item is not None:
        label = item.name

    month = _period(rec, item, bad)

    if is_blank(rec.source):
        bad("blank source: say where the figure comes from")

    number = percent = None
    if is_blank(rec.value):
        bad("blank value")
    else:
        try:
            number, percent = parse_number(rec.value)
        except ValueError as exc:
            bad(f"unparsable number ({exc})")

    if item is None:
        return None, problems
    number = _stored_value(rec, item, number, percent, bad)
    if number is None or problems:
        return None, problems
    # The source is stored as the workbook shows it (one line, at most 255 characters), so a rebuild from the
    # Data sheet gives the same text as this read: a tab or a line break must not make the next refresh refuse.
    return Observation(month, metal, item.key, number, item.unit, safe_text(rec.source).strip(), file, rec.row), []


def _period(rec: RawRecord, item, bad) -> str | None:
    """The record's month ("YYYY-MM"), or its trading date ("YYYY-MM-DD") for an item that takes daily
    quotes (vocabulary.DAILY_TOO); None after telling `bad` why not."""
    try:
        if item is not None and item.daily:
            day = parse_day(rec.month)
            if day is not None:
                return day
        return parse_month(rec.month)
    except ValueError as exc:
        if is_blank(rec.month):
            bad("blank month; write e.g. 2019-11")
        else:
            hint = "; write e.g. 2019-11" if str(exc) == "not a month" else ""
            bad(f"unparsable month {show_value(rec.month)} ({exc}){hint}")
    return None


def _metal_and_item(rec: RawRecord, bad) -> tuple[str | None, object]:
    """The record's metal and vocabulary item (None where unknown, each told to `bad` with a hint)."""
    metal = normalise_metal(rec.metal)
    if metal is None:
        bad(f"unknown metal {str(rec.metal).strip()!r} (use al, zn or ni)" if not is_blank(rec.metal)
            else "blank metal (use al, zn or ni)")
        return None, None
    item = find_item(metal, rec.item)
    if item is None:
        keys = [k for (m, k) in ITEMS if m == metal]
        near = difflib.get_close_matches(str(rec.item).strip().lower(), keys, n=2)
        hint = f"; did you mean {' or '.join(near)}?" if near else "; see the item table in docs/data.md"
        bad(("blank item" if is_blank(rec.item) else f"unknown item {str(rec.item).strip()!r} for {metal}") + hint)
    return metal, item


def _stored_value(rec: RawRecord, item, number: float | None, percent: bool, bad) -> float | None:
    """The number in the item's stored unit (a percent divided by 100), or None after telling `bad` why not:
    a blank or wrong unit, a percent for a non-fraction, a value outside the plausible range."""
    unit = normalise_unit(rec.unit)
    if is_blank(rec.unit):
        bad(f"blank unit; expected {_expected(item.unit)}")
        return None
    if unit != item.unit and not (unit == PERCENT and item.unit == "fraction"):
        bad(f"unit {str(rec.unit).strip()!r} is not accepted for {item.name}; expected {_expected(item.unit)} "
            "(values are never rescaled between units)")
        return None
    if number is None:
        return None
    if percent and item.unit != "fraction":
        bad(f"a percent value for {item.name}, which is measured in {item.unit}")
        return None
    if percent or unit == PERCENT:
        # via the shortest decimal text, so "-1.84" % gives exactly the float -0.0184
        number = float(Decimal(repr(number)) / 100)
    if not item.low <= number <= item.high:
        hint = "wrong unit or a slipped decimal point?"
        if item.unit == "fraction" and 1 < abs(number) <= 100:
            hint = f"a percentage? write {number:.10g}% or set the unit to %"
        bad(f"value {number:.10g} {item.unit} is outside the plausible range {_fmt(item.low)} … "
            f"{_fmt(item.high)} for {item.name} ({hint})")
        return None
    return number


def check_records(records: Iterable[RawRecord], file: str) -> tuple[list[Observation], list[Problem]]:
    observations: list[Observation] = []
    problems: list[Problem] = []
    for rec in records:
        obs, found = check_record(rec, file)
        problems.extend(found)
        if obs is not None:
            observations.append(obs)
    return observations, problems


def find_duplicates(observations: Iterable[Observation]) -> list[Problem]:
    """A problem for every observation whose (month, metal, item, source) was seen before."""
    seen: dict[tuple, Observation] = {}
    problems = []
    for obs in observations:
        first = seen.get(obs.key)
        if first is None:
            seen[obs.key] = obs
            continue
        if first.file == obs.file and first.row == obs.row:
            where = "itself: the file was given twice"
        elif first.file == obs.file:
            where = f"row {first.row}"
        else:
            where = f"{first.file} row {first.row}"
        problems.append(Problem(
            obs.file, obs.row,
            f"duplicate of {where} (same month {obs.month}, item and source {obs.source!r}; "
            f"first value {first.value:.10g})",
            f"{obs.metal}/{obs.item}", obs.value))
    return problems


class Change(NamedTuple):
    month: str
    metal: str
    item: str
    source: str
    old_value: float | None  # None: added
    new_value: float


def merge(existing: list[Observation], new: list[Observation]) -> tuple[list[Observation], list[Change]]:
    """``existing`` updated by ``new``: the same (month, metal, item, source) is replaced.

    Returns the merged observations and the changes (values that actually
    changed, and added keys with ``old_value`` None), both sorted by
    (month, metal, item, source). Nothing is written.
    """
    merged: dict[tuple, Observation] = {o.key: o for o in existing}
    changes: dict[tuple, Change] = {}
    for obs in new:
        old = merged.get(obs.key)
        if old is None:
            changes[obs.key] = Change(*obs.key, None, obs.value)
        elif old.value != obs.value:
            first = changes.get(obs.key)
            before = first.old_value if first is not None else old.value
            changes[obs.key] = Change(*obs.key, before, obs.value)
        merged[obs.key] = obs
    # A key changed and then changed back within `new` is no change at all.
    changes = {k: c for k, c in changes.items() if c.old_value is None or c.old_value != c.new_value}
    return [merged[k] for k in sorted(merged)], [changes[k] for k in sorted(changes)]

"""Withdrawing a month, or some of its figures, from a workbook: a rebuild without them, keeping the user's edits.

The rebuild is the refresh's (addin/refresh.py): atomic, keeping WORKBOOK.bak, carrying every assumption and
cell of the user's. A month left with no survey figure loses its monthly sheet and the latest month moves
back. The store has its own withdrawal, a revision (addin/store/withdrawing.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from workbooks.dataset import MARKET_SERIES
from workbooks.monthdata import Observation

from workbooks.user_edits import edited_positions

from .refresh import Progress, RefreshResult, read_workbook, refresh
from .workbook_data import WorkbookError


def withdraw_from_workbook(workbook: Path, month: str, items: Sequence[tuple[str, str]] = (),
                           progress: Progress | None = None) -> RefreshResult:
    """Rebuild `workbook` without the figures of `month` (only those of the (metal, item)s named, when `items`).

    `left_out` of the result counts the figures withdrawn. Refused, changing nothing, when the workbook holds
    no such figure, or when withdrawing would leave it no survey month at all."""
    workbook = Path(workbook)
    wanted = set(items)

    def chosen(obs: Observation) -> bool:  # a daily quote ("2020-03-02") goes with its month
        return obs.month[:7] == month and (not wanted or (obs.metal, obs.item) in wanted)

    def keep(existing: list[Observation]) -> list[Observation]:
        _refuse_lost_edits(workbook, month, existing, chosen)
        if not any(obs.month[:7] == month for obs in existing):
            raise WorkbookError(f"{workbook.name} holds no figures of {month}: nothing to withdraw")
        absent = [f"{metal}.{item}" for metal, item in items
                  if not any(obs.month[:7] == month and (obs.metal, obs.item) == (metal, item) for obs in existing)]
        if absent:
            raise WorkbookError(f"{workbook.name} holds no figure of {month} for {', '.join(absent)}: "
                                "nothing was withdrawn")
        remaining = [obs for obs in existing if not chosen(obs)]
        if not _survey_months(remaining):
            raise WorkbookError(f"withdrawing {month} would leave {workbook.name} without any survey month; "
                                "nothing was withdrawn (build a new workbook from the right month files instead)")
        return remaining

    return refresh(workbook, [], progress=progress, keep=keep)


def _survey_months(observations: list[Observation]) -> set[str]:
    return {obs.month for obs in observations if (obs.metal, obs.item) not in MARKET_SERIES}


def _refuse_lost_edits(workbook: Path, month: str, existing: list[Observation], chosen) -> None:
    """A month sheet that goes takes the user's edits on it along: refuse, naming them, rather than lose them."""
    if month not in _survey_months(existing) or month in _survey_months([o for o in existing if not chosen(o)]):
        return  # the month's sheet stays (or there was none)
    _, edits, _ = read_workbook(workbook.read_bytes(), workbook)
    mine = [what for sheet, what in edited_positions(edits) if sheet == month]
    if mine:
        raise WorkbookError(f"the sheet '{month}' of {workbook.name} holds your edits ({'; '.join(mine[:5])}), and "
                            f"withdrawing {month} removes that sheet: copy them elsewhere and undo them there "
                            "first; nothing was changed")

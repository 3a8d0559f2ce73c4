"""The headless monthly refresh: month files in, a rebuilt workbook out — atomically, or not at all."""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from python_calamine import CalamineWorkbook

from workbooks.plan_property import LAYOUT, stored_assumptions, stored_text
from workbooks.build import plan_workbook
from workbooks.monthdata import Change, Observation, merge, read_month_files
from workbooks.monthdata.months import future_month_warnings
from workbooks.sheets.data import SHEET as DATA_SHEET, order_as_edits
from workbooks.user_edits import EditConflict, UserEdits, find_edits, foreign_charts, with_assumptions
from workbooks.written_layout import edits_by_layout
from workbooks.part_stamp import unchanged_since_written
from workbooks.function_options import WorkbookXmlError
from workbooks.vba import ProjectError, kept_function_options, kept_project
from workbooks.xlsx_writer import content_digest, render, stored_digest, stored_edit_count, write_atomically

from .workbook_contents import read_contents
from .workbook_lock import holding, refuse_if_open
from .workbook_data import WorkbookError, observations_from_rows

Progress = Callable[[int, int, str], None]


@dataclass
class RefreshResult:
    workbook: Path
    backup: Path | None
    changes: list[Change]
    months: list[str]  # monthly sheets in the refreshed workbook
    latest_month: str | None
    left_out: int = 0  # figures of the workbook's Data that a rebuild from a store's figures did not keep
    edits: UserEdits = field(default_factory=UserEdits)  # the user's edits carried into it
    warnings: list[str] = field(default_factory=list)  # e.g. a month far after today's (monthdata/months.py)

    @property
    def added(self) -> list[Change]:
        return [c for c in self.changes if c.old_value is None]

    @property
    def replaced(self) -> list[Change]:
        return [c for c in self.changes if c.old_value is not None]


def backup_path(workbook: Path) -> Path:
    return workbook.with_name(workbook.name + ".bak")


def _sheet_values(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def _data_sheet_rows(data: bytes, workbook: Path) -> list[list] | None:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(DATA_SHEET).to_python(skip_empty_area=False) if DATA_SHEET in book.sheet_names \
        else None


def read_workbook(data: bytes, workbook: Path) -> tuple[list[Observation], UserEdits, list[str]]:
    """A workbook file's observations (its Data sheet), the user's edits, and what a rebuild cannot carry.

    The edits are read from cell contents (workbooks/user_edits.py): formula text is compared, what
    a formula shows never is, so any application's save reads the same. A file whose values and
    formulas still match the digest znnial wrote with them, carrying no edits, is taken as it is.

    A file holding edits is read against the layout it was written with (workbooks/written_layout.py):
    when znnial's cells still hold what it wrote, the edits are the assumption cells' values and the cells
    beside, and the refresh plans once, for the rebuild. Otherwise (a cell of znnial's typed over, a Data
    figure corrected, a file that lost its properties) the file is planned as znnial wrote it, from its Data
    sheet and the assumption values it was computed with (workbooks/plan_property.py), to name each cell.
    That plan and the rebuild's cannot be one: a month file moves the Data rows every figure cell refers to,
    and the dates, notes and Guide lines the data gives (over a thousand cells of the November workbook
    differ from its December rebuild), so the rebuild's cells cannot tell whether the user typed over one.
    """
    if unchanged_since_written(data) and stored_edit_count(data) == 0:  # as znnial wrote it, no edits carried
        return observations_from_rows(_data_sheet_rows(data, workbook), workbook), UserEdits(), []
    contents = read_contents(data, workbook.name)
    existing = observations_from_rows(contents.values.get(DATA_SHEET), workbook)
    # calamine reads an error typed as a value (and a picture in a cell) as blank: the digest cannot see them
    typed_errors = any(contents.errors.values()) or any(contents.rich_values.values())
    as_written = not typed_errors and stored_digest(data) == content_digest(contents.values, contents.formulas,
                                                                             contents.charts)
    if as_written and stored_edit_count(data) == 0:
        return existing, UserEdits(), []
    layout = stored_text(data, LAYOUT)
    # the quick way: the layout it was written with, no plan (a rich value is refused by the long way, naming it)
    if layout is not None and not any(contents.rich_values.values()):
        edits = edits_by_layout(layout, contents.cells(), contents.charts)
        if edits is not None:
            return existing, edits, []
    written_with = stored_assumptions(data)
    try:
        as_planned = None if written_with is None else plan_workbook(existing, UserEdits(written_with))
    except EditConflict:  # written by a version whose assumptions this one does not lay out
        as_planned = None
    if as_planned is None:
        edits, problems = _edits_without_stored_assumptions(existing, contents)
    else:
        edits, problems = find_edits(as_planned, contents.cells())
        problems += foreign_charts(as_planned, contents.charts) + contents.rich_value_problems()
    # a file as written: the edits znnial itself carried into it, its own cells as it wrote them
    return existing, edits, [] if as_written else problems


def _edits_without_stored_assumptions(existing: list[Observation], contents) -> tuple[UserEdits, list[str]]:
    """The edits of a file that does not say which assumptions it was computed with (written before they
    were stored, or saved by an application that dropped them): found against the defaults' layout, then
    checked against a plan computed with the values the file holds."""
    found = contents.cells()
    layout = plan_workbook(existing)  # where each assumption and table sits, before the user's values
    edits, problems = find_edits(layout, found)
    problems += foreign_charts(layout, contents.charts) + contents.rich_value_problems()
    if edits.assumptions:
        # The owned cells a rebuild would hold with the user's assumptions and source order (cached
        # values are not compared, but the figures a source order picks are literals).
        try:
            laid_out = plan_workbook(existing, UserEdits(edits.assumptions))
        except EditConflict as conflict:
            return edits, problems + conflict.problems
        carried, problems = find_edits(laid_out, found)
        problems += foreign_charts(laid_out, contents.charts) + contents.rich_value_problems()
        edits = UserEdits(edits.assumptions, carried.cells)
    return edits, problems


def refresh(workbook: Path, month_files: Sequence[Path], mapping=None, progress: Progress | None = None,
            keep_backup: bool = True, *, base: Sequence[Observation] | None = None, discard_edits: bool = False,
            source_order: Sequence[str] | None = None,
            keep: Callable[[list[Observation]], list[Observation]] | None = None) -> RefreshResult:
    """Merge month files into a workbook and rebuild it; on any error the file is left untouched.

    The user's edits (assumptions, source order, cells beside the tables) are carried into the
    rebuild; what cannot be carried is refused, naming each, unless `discard_edits` (then the old
    file is always kept as WORKBOOK.bak). `source_order`: the sources to prefer, first wins (it
    replaces the list on the Data sheet). ``base``: the figures to rebuild from instead of the workbook's
    own Data sheet (a store's, see addin/store); the changes reported are still those against the
    workbook's Data. ``keep``: the figures to rebuild from, given the workbook's own (a withdrawal, see
    addin/withdraw.py). Options after `keep_backup` are keyword-only.
    """
    # A refresh allocates tens of thousands of short-lived objects and frees them all at the end: the
    # cyclic collector's passes over them cost ~15 % and find nothing to collect.
    paused = gc.isenabled()
    gc.disable()
    workbook = Path(workbook)
    _refuse_to_refresh(workbook)
    try:
        with holding(workbook):
            return _refresh(workbook, month_files, mapping, progress, keep_backup or discard_edits,
                            discard_edits, source_order, base, keep)
    finally:
        if paused:
            gc.enable()


def _refresh(workbook: Path, month_files: Sequence[Path], mapping, progress: Progress | None,
             keep_backup: bool, discard_edits: bool, source_order: Sequence[str] | None,
             base: Sequence[Observation] | None,
             keep: Callable[[list[Observation]], list[Observation]] | None = None) -> RefreshResult:
    steps = len(month_files) + 3
    report = progress or (lambda step, total, what: None)
    original = workbook.read_bytes()
    report(1, steps, f"reading {workbook.name}")
    existing, edits, problems = read_workbook(original, workbook)
    if discard_edits:
        edits, problems = UserEdits(), []
    if problems:
        raise WorkbookError(_refusal(workbook, problems))
    if keep is not None:
        base = keep(existing)
    if source_order is not None:
        try:
            edits = with_assumptions(edits, DATA_SHEET, order_as_edits(list(source_order)))
        except ValueError as problem:
            raise WorkbookError(f"--source-order: {problem}") from None
    new = []
    for step, path in enumerate(month_files, start=2):
        report(step, steps, f"checking {Path(path).name}")
        new += read_month_files([path], mapping)
    merged, changes = merge(existing if base is None else list(base), new)
    left_out = 0
    if base is not None:
        _, changes = merge(existing, merged)
        left_out = len({o.key for o in existing} - {o.key for o in merged})
    report(steps - 1, steps, "building the workbook")
    try:
        workbook_plan = plan_workbook(merged, edits)
    except EditConflict as conflict:
        raise WorkbookError(_refusal(workbook, conflict.problems)) from None
    try:  # the user's macros, forms and code are carried; only the functions' wrappers are rewritten
        data = render(workbook_plan, vba_project=kept_project(original, len(workbook_plan.sheets)),
                      function_options=kept_function_options(original))
    except (ProjectError, WorkbookXmlError) as problem:
        raise WorkbookError(f"{workbook.name}: {problem}") from None
    report(steps, steps, f"writing {workbook.name}")
    backup = None
    if data != original:
        # Excel or LibreOffice may have opened it, or another program saved it, while we computed: write
        # nothing then. Another znnial command cannot have: it would need the lock this run holds.
        refuse_if_open(workbook, " since the refresh began")
        if workbook.read_bytes() != original:
            raise WorkbookError(f"{workbook.name} was changed by another program during the refresh; nothing was "
                                "written: refresh again")
        try:
            if keep_backup:
                backup = write_atomically(original, backup_path(workbook))
            write_atomically(data, workbook)
        except OSError as problem:  # full disk, read-only folder, file held open: the rename never happened
            raise WorkbookError(f"cannot write {workbook.name} ({problem.strerror or problem}); the workbook is "
                                "unchanged") from problem
    months = [s.name for s in workbook_plan.sheets if s.month_sheet]
    warnings = future_month_warnings((o.month for o in new), dt.date.today())
    return RefreshResult(workbook, backup, changes, months, workbook_plan.latest_month, left_out, edits, warnings)


def _refusal(workbook: Path, problems: list[str]) -> str:
    listed = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
    return (f"{workbook.name} holds edits a rebuild cannot carry: {listed}. Nothing was changed. Undo them, "
            "or run again with --discard-edits (rebuilds from the "
            f"Data sheet alone and keeps the old file as {backup_path(workbook).name}).")


def _refuse_to_refresh(workbook: Path) -> None:
    if not workbook.exists():
        raise WorkbookError(f"{workbook}: no such workbook")
    if workbook.is_dir():
        raise WorkbookError(f"{workbook}: is a folder, not a workbook")
    if workbook.suffix.lower() != ".xlsm":
        raise WorkbookError(f"{workbook.name}: a refresh writes a macro-enabled workbook, which Excel opens only "
                            f"as .xlsm; rename it to {workbook.stem}.xlsm (a values copy: znnial export --values). "
                            "Nothing was changed.")
    if not os.access(workbook, os.W_OK) or not workbook.stat().st_mode & stat.S_IWUSR:
        raise WorkbookError(f"{workbook.name} is read-only: clear its read-only attribute to refresh it")

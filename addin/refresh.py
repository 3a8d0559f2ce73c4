"""The headless monthly refresh: month files in, a rebuilt workbook out — atomically, or not at all."""

from __future__ import annotations

import gc
import io
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from python_calamine import CalamineWorkbook

from workbooks.build import plan_workbook
from workbooks.monthdata import Change, Observation, merge, read_month_files
from workbooks.plan import cell_address
from workbooks.sheets.data import SHEET as DATA_SHEET
from workbooks.xlsx_writer import content_digest, render, shown_values, stored_digest, write_atomically

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

    @property
    def added(self) -> list[Change]:
        return [c for c in self.changes if c.old_value is None]

    @property
    def replaced(self) -> list[Change]:
        return [c for c in self.changes if c.old_value is not None]


def lock_file(workbook: Path) -> Path:
    """The owner file Excel keeps beside a workbook it has open."""
    return workbook.with_name("~$" + workbook.name)


def backup_path(workbook: Path) -> Path:
    return workbook.with_name(workbook.name + ".bak")


def _sheet_values(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def foreign_cells(found: dict[str, list[list]], expected: dict[str, list[list]]) -> list[str]:
    """Sheets and cells of a workbook (sheet -> rows of cell values) that a rebuild from its own Data
    would not reproduce (`expected`, read the same way)."""
    problems = [f"sheet '{name}' is not one znnial builds" for name in found if name not in expected]
    problems += [f"sheet '{name}' is missing" for name in expected if name not in found]
    for name in found:
        if name not in expected:
            continue
        ours, theirs = expected[name], found[name]
        for r in range(max(len(ours), len(theirs))):
            row_ours = ours[r] if r < len(ours) else []
            row_theirs = theirs[r] if r < len(theirs) else []
            for c in range(max(len(row_ours), len(row_theirs))):
                a = row_ours[c] if c < len(row_ours) else ""
                b = row_theirs[c] if c < len(row_theirs) else ""
                if a != b and not (isinstance(a, float) and isinstance(b, float) and abs(a - b) <= 1e-9 * max(1, abs(a))):
                    problems.append(f"'{name}'!{cell_address(r, c)} holds {b!r}, a rebuild gives {a!r}")
                    break
            else:
                continue
            break
    return problems


def refresh(workbook: Path, month_files: Sequence[Path], mapping=None, progress: Progress | None = None,
            keep_backup: bool = True, base: Sequence[Observation] | None = None) -> RefreshResult:
    """Merge month files into a workbook and rebuild it; on any error the file is left untouched.

    ``base``: the figures to rebuild from instead of the workbook's own Data sheet (a store's, see
    addin/store); the changes reported are still those against the workbook's Data.
    """
    # A refresh allocates tens of thousands of short-lived objects and frees them all at the end: the
    # cyclic collector's passes over them cost ~15 % and find nothing to collect.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _refresh(workbook, month_files, mapping, progress, keep_backup, base)
    finally:
        if paused:
            gc.enable()


def _refresh(workbook: Path, month_files: Sequence[Path], mapping, progress: Progress | None,
             keep_backup: bool, base: Sequence[Observation] | None = None) -> RefreshResult:
    workbook = Path(workbook)
    steps = len(month_files) + 3
    report = progress or (lambda step, total, what: None)
    if not workbook.exists():
        raise WorkbookError(f"{workbook}: no such workbook")
    if lock_file(workbook).exists():
        raise WorkbookError(f"{workbook.name} is open in Excel ({lock_file(workbook).name} exists): close it, "
                            "or press Refresh inside Excel")
    if not os.access(workbook, os.W_OK) or not workbook.stat().st_mode & stat.S_IWUSR:
        raise WorkbookError(f"{workbook.name} is read-only: clear its read-only attribute to refresh it")
    original = workbook.read_bytes()
    report(1, steps, f"reading {workbook.name}")
    remove_stale_temporaries(workbook)
    try:
        found = _sheet_values(original)
    except Exception as problem:  # calamine raises several types for unreadable files
        raise WorkbookError(f"{workbook.name}: cannot be read as a workbook ({problem})") from None
    existing = observations_from_rows(found.get(DATA_SHEET), workbook)
    foreign = []
    # Unchanged since znnial wrote it (its values still match the digest written with them): nothing
    # foreign. Otherwise compare with the values a rebuild would hold, read from its plan; any
    # difference is confirmed against the rendered rebuild, so the messages are those of the exact test.
    if stored_digest(original) != content_digest(found):
        rebuilt = plan_workbook(existing)
        foreign = foreign_cells(found, shown_values(rebuilt))
        if foreign:
            foreign = foreign_cells(found, _sheet_values(render(rebuilt)))
    if foreign:
        listed = "; ".join(foreign[:8]) + (f"; and {len(foreign) - 8} more" if len(foreign) > 8 else "")
        raise WorkbookError(f"{workbook.name} holds content znnial does not build, which a rebuild would drop: "
                            f"{listed}. Refresh it inside Excel with the Refresh button instead.")
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
    workbook_plan = plan_workbook(merged)
    data = render(workbook_plan)
    report(steps, steps, f"writing {workbook.name}")
    backup = None
    if data != original:
        # Excel may have opened it, or another program saved it, while we computed: write nothing then.
        if lock_file(workbook).exists():
            raise WorkbookError(f"{workbook.name} was opened in Excel during the refresh; nothing was written")
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
    return RefreshResult(workbook, backup, changes, months, workbook_plan.latest_month, left_out)


def remove_stale_temporaries(workbook: Path) -> list[Path]:
    """Temporary files a killed refresh left beside the workbook (the workbook itself was never torn)."""
    stale = sorted(workbook.parent.glob(f".{workbook.stem}.*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def text_progress(step: int, total: int, what: str, stream=sys.stderr) -> None:
    width = 24
    filled = round(width * step / total)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {step}/{total} {what:<40}")
    if step == total:
        stream.write("\n")
    stream.flush()

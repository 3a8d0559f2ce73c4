"""One znnial writer at a time per workbook, and none while Excel or LibreOffice has it open.

`holding(workbook)` takes an OS lock (filelock: flock on POSIX, msvcrt on Windows, released by the OS
when a process dies, so a killed refresh never leaves a workbook locked) on `.~znnial.NAME.lock` beside
the workbook, and records who holds it (pid, user, host, since when) in `.~znnial.NAME.owner`, which a
refused run quotes. Both files are removed on release. The lock files of the applications users open workbooks with count as held locks:
Excel's owner file `~$NAME` and LibreOffice's `.~lock.NAME#`. Under the lock, the temporary files a
killed run left for this workbook (workbooks/atomic_file.py) are removed: no live znnial run is writing
them then.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import platform
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from workbooks.atomic_file import temporaries_of

from .workbook_data import WorkbookError


def excel_lock_file(workbook: Path) -> Path:
    """The owner file Excel keeps beside a workbook it has open."""
    return workbook.with_name("~$" + workbook.name)


def libreoffice_lock_file(workbook: Path) -> Path:
    """The lock file LibreOffice keeps beside a document it has open."""
    return workbook.with_name(f".~lock.{workbook.name}#")


def znnial_lock_file(workbook: Path) -> Path:
    return workbook.with_name(f".~znnial.{workbook.name}.lock")


def owner_file(workbook: Path) -> Path:
    return workbook.with_name(f".~znnial.{workbook.name}.owner")


def refuse_if_open(workbook: Path, when: str = "") -> None:
    """WorkbookError if Excel or LibreOffice has the workbook open (their lock file exists)."""
    excel, office = excel_lock_file(workbook), libreoffice_lock_file(workbook)
    if excel.exists():
        raise WorkbookError(f"{workbook.name} is open in Excel{_excel_user(excel)} ({excel.name} exists){when}: "
                            "close it, or press Refresh inside Excel. Nothing was changed.")
    if office.exists():
        raise WorkbookError(f"{workbook.name} is open in LibreOffice{_office_user(office)} ({office.name} exists)"
                            f"{when}: close it there and run again. Nothing was changed.")


def _excel_user(path: Path) -> str:
    # The owner file starts with the user name's length in one byte, then the name (as Excel writes it).
    try:
        data = path.read_bytes()
        name = data[1:1 + data[0]].decode("latin-1").strip() if data else ""
    except OSError:
        return ""
    return f" by {name}" if name.isprintable() and name else ""


def _office_user(path: Path) -> str:
    # LibreOffice's lock file is one CSV line: user name, host, user name on the host, date, profile.
    try:
        fields = path.read_text(encoding="utf-8", errors="replace").split(",")
    except OSError:
        return ""
    who = [f.strip() for f in fields[:2] if f.strip()]
    return f" by {' on '.join(who)}" if who else ""


def holder(workbook: Path) -> str:
    """Who holds znnial's lock on the workbook, as recorded when they took it."""
    try:
        owner = json.loads(owner_file(workbook).read_text(encoding="utf-8"))
        return (f"pid {owner['pid']}, user {owner['user']} on {owner['host']}, since {owner['since']}")
    except (OSError, ValueError, KeyError, TypeError):  # taken a moment ago, not yet recorded
        return "another znnial run, which has not yet recorded who it is"


@contextmanager
def holding(workbook: Path, doing: str = "refresh") -> Iterator[None]:
    """Hold the workbook's lock for the block, or raise WorkbookError naming who holds it."""
    workbook = Path(workbook)
    refuse_if_open(workbook)
    lock = FileLock(znnial_lock_file(workbook), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise WorkbookError(f"{workbook.name} is being written by another znnial command ({holder(workbook)}): "
                            f"wait for it to finish, then {doing} again. Nothing was changed.") from None
    except OSError as problem:
        raise _cannot_lock(workbook, problem) from None
    try:
        _record_owner(workbook)
        for stale in temporaries_of(workbook):  # a killed run's: every live writer of it holds this lock
            with suppress(OSError):  # never the workbook: one left in a read-only folder harms nothing
                stale.unlink(missing_ok=True)
        yield
    finally:
        # Unlinked while still held, so no file is left beside the workbook: a run that opened the old
        # inode and locks it after this release sees it has no name and does not take it (filelock's
        # _native/_unix.py checks st_nlink), so two runs never both hold.
        with suppress(OSError):  # a folder that refuses the removal: the next run overwrites the record
            owner_file(workbook).unlink(missing_ok=True)
        with suppress(OSError):  # Windows cannot unlink an open file; filelock removes it on release there
            znnial_lock_file(workbook).unlink()
        lock.release()


def _cannot_lock(workbook: Path, problem: OSError) -> WorkbookError:
    return WorkbookError(f"cannot lock {workbook.name} ({problem.strerror or problem}): is its folder writable? "
                         "Nothing was written; the workbook is unchanged.")


def _record_owner(workbook: Path) -> None:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    since = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    record = {"pid": os.getpid(), "user": user, "host": platform.node(), "since": since}
    try:  # a plain write: a reader of a half-written record says the holder is not yet recorded
        owner_file(workbook).write_text(json.dumps(record), encoding="utf-8")
    except OSError:  # only what a refused run could show is lost; the lock itself is held
        with suppress(OSError):
            owner_file(workbook).unlink(missing_ok=True)

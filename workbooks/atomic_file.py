"""The one way znnial writes a file it may replace: whole, or not at all.

Every file znnial writes — a workbook, its `.bak`, a values copy, the user's xlwings.conf
(addin/install.py) — goes through `write_atomically`. Its temporary files are named after the target
and the writing process (`.NAME.PID-RANDOM.tmp`), so they are told apart by target and by writer; the
refresh removes those a killed run left only while it holds the workbook's lock (addin/workbook_lock.py),
when no other znnial process can be writing that target.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def temporary_prefix(target: Path) -> str:
    return f".{Path(target).name}."


def write_atomically(data: bytes, target: Path) -> Path:
    """Write bytes to target via a temporary file in the same folder, flushed, then renamed over it.

    The new file keeps the permissions of the one it replaces (mkstemp's are 0600), and on POSIX the
    folder is flushed after the rename, so the new name survives a power cut as well as a crash.
    """
    target = Path(target)
    handle, temp = tempfile.mkstemp(prefix=f"{temporary_prefix(target)}{os.getpid()}-", suffix=".tmp",
                                    dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.chmod(temp, _mode_for(target))
        except OSError:  # a file system without modes
            pass
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if os.name == "posix":
        _flush_folder(target.parent)
    return target


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced; for a new file, what open() would give it (0666 less
    the umask), not mkstemp's 0600."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temporaries_of(target: Path) -> list[Path]:
    """The temporary files `write_atomically` makes for target, whoever made them."""
    target = Path(target)
    return sorted(target.parent.glob(f"{temporary_prefix(target)}*.tmp"))


def _flush_folder(folder: Path) -> None:
    """fsync a folder, so a rename in it is on disk; best effort: the rename itself is already done."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder we may write but not read
        return
    try:
        os.fsync(handle)
    except OSError:  # some file systems cannot flush a folder
        pass
    finally:
        os.close(handle)

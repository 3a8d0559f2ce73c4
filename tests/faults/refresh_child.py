"""A headless refresh in a process of its own, for tests/test_fault_injection.py to kill.

    python tests/faults/refresh_child.py WORKBOOK MONTH_FILE [--die-at POINT]

Imports everything, prints ``ready`` and waits for a line on stdin, so the
parent's clock starts with the refresh itself rather than with Python's start-up.
Then refreshes WORKBOOK with MONTH_FILE (keeping WORKBOOK.bak) and prints
``done SECONDS``. With ``--die-at POINT`` the process SIGKILLs itself at that
point of writing the files — as a crash, a power cut or Task Manager would end
it there: no ``finally``, no clean-up. POINT is ``backup-`` or ``workbook-``
(the first or the second `write_atomically` call of the refresh) followed by
one of the STEPS.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from addin.refresh import refresh  # noqa: E402

STEPS = ("temp-created", "half-written", "before-fsync", "before-rename", "renamed")
POINTS = tuple(f"{which}-{step}" for which in ("backup", "workbook") for step in STEPS)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str) -> None:
    """Patch what write_atomically calls so the process dies at `point`."""
    which, _, step = point.partition("-")
    if point not in POINTS:
        raise SystemExit(f"unknown point {point!r}; one of {', '.join(POINTS)}")
    target = 1 if which == "backup" else 2
    state = {"call": 0, "fsyncs": 0}
    real_mkstemp, real_fdopen, real_fsync, real_replace = tempfile.mkstemp, os.fdopen, os.fsync, os.replace

    def here(name: str) -> bool:
        return state["call"] == target and step == name

    def mkstemp(*args, **kwargs):
        state["call"] += 1
        state["fsyncs"] = 0
        made = real_mkstemp(*args, **kwargs)
        if here("temp-created"):
            _die()
        return made

    class HalfWritten:
        def __init__(self, raw):
            self.raw = raw

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.raw.__exit__(*exc)

        def write(self, data):
            if here("half-written"):
                self.raw.write(data[: len(data) // 2])
                self.raw.flush()
                real_fsync(self.raw.fileno())
                _die()
            return self.raw.write(data)

        def __getattr__(self, name):
            return getattr(self.raw, name)

    def fdopen(*args, **kwargs):
        return HalfWritten(real_fdopen(*args, **kwargs))

    def fsync(fd):
        state["fsyncs"] += 1
        if state["fsyncs"] == 1 and here("before-fsync"):
            _die()
        return real_fsync(fd)

    def replace(src, dst):
        if here("before-rename"):
            _die()
        real_replace(src, dst)
        if here("renamed"):
            _die()

    tempfile.mkstemp, os.fdopen, os.fsync, os.replace = mkstemp, fdopen, fsync, replace


def main(argv: list[str]) -> int:
    workbook, month_file = Path(argv[0]), Path(argv[1])
    if len(argv) > 2:
        assert argv[2] == "--die-at", argv
        arm(argv[3])
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.perf_counter()
    refresh(workbook, [month_file])
    print(f"done {time.perf_counter() - start:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Fault injection on the headless refresh: whatever stops it, the workbook is the old one or the new one.

* Killed (SIGKILL) at random moments of the refresh, in a subprocess
  (tests/faults/refresh_child.py): 50 runs, delays seeded and spread over the
  measured duration of a refresh. The delays are times; what is asserted is the
  state each run leaves, never how long the runs took.
* Killed at each step of writing the backup and the workbook (temp file made,
  half written, before fsync, before and after the rename).
* A full disk (ENOSPC from write, fsync or rename), a read-only folder or file,
  a workbook open in Excel (its ~$ owner file) before or during the refresh, and
  a workbook saved by someone else while the refresh ran.

After each: the workbook is byte-identical to the old or the new version, never
torn; when it is the new one the backup holds the old one; a backup, when there
is one, is the old version; no temporary file is ever left as the workbook.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from addin import refresh as refresh_module
from addin.refresh import backup_path, refresh
from addin.workbook_lock import excel_lock_file, owner_file, znnial_lock_file
from addin.workbook_data import WorkbookError
from tests.reliability_report import count
from workbooks import atomic_file, xlsx_writer
from workbooks.build import TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tests" / "faults" / "refresh_child.py"
sys.path.insert(0, str(CHILD.parent))
from refresh_child import POINTS  # noqa: E402

# Every test here writes and breaks whole workbooks (subprocesses, 50 kills): `make check` leaves the file out.
pytestmark = pytest.mark.slow

RANDOM_KILLS = 50
SEED = 20191220  # the report's date

# Figures that are not in the template: a refresh with them changes the workbook.
MONTH_FILE = """month,metal,item,value,unit,source
2019-12,zn,tc_domestic,5500,CNY/t,fault-injection test
2019-12,zn,smelter_profit,1500,CNY/t,fault-injection test
2019-12,al,spot_price,13900,CNY/t,fault-injection test
"""


def is_temp(path: Path, workbook: Path) -> bool:
    return path.name.startswith(f".{workbook.name}.") and path.name.endswith(".tmp")


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """(old bytes, new bytes, month file, seconds a refresh takes in the child)."""
    folder = tmp_path_factory.mktemp("versions")
    month_file = folder / "2019-12-extra.csv"
    month_file.write_text(MONTH_FILE, encoding="utf-8")
    old = TEMPLATE.read_bytes()
    # Uninterrupted runs, timed as the kill loop will see them: from "go" to the child's "done",
    # with the next child starting Python at the same time. They also give the new bytes.
    seconds, new = [], set()
    pending = _spawn(_fresh_copy(folder / "calibrate0", old), month_file)
    for i in range(4):
        child = _wait_ready(pending)
        child.stdin.write("go\n")
        child.stdin.flush()
        go = time.perf_counter()
        if i < 3:
            pending = _spawn(_fresh_copy(folder / f"calibrate{i + 1}", old), month_file)
        line = child.stdout.readline()
        seconds.append(time.perf_counter() - go)
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0 and line.startswith("done"), err
        new.add((folder / f"calibrate{i}" / "znnial.xlsm").read_bytes())
    (new_bytes,) = new  # the refresh is deterministic
    assert new_bytes != old
    return old, new_bytes, month_file, sorted(seconds)[1]


def _spawn(workbook: Path, month_file: Path, die_at: str | None = None) -> subprocess.Popen:
    command = [sys.executable, str(CHILD), str(workbook), str(month_file)]
    if die_at:
        command += ["--die-at", die_at]
    return subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_ready(child: subprocess.Popen) -> subprocess.Popen:
    ready = child.stdout.readline().strip()
    assert ready == "ready", (ready, child.stderr.read() if child.poll() is not None else "")
    return child


def _start(workbook: Path, month_file: Path, die_at: str | None = None) -> subprocess.Popen:
    return _wait_ready(_spawn(workbook, month_file, die_at))


def _fresh_copy(folder: Path, old: bytes) -> Path:
    folder.mkdir()
    workbook = folder / "znnial.xlsm"
    workbook.write_bytes(old)
    return workbook


def check_intact(workbook: Path, old: bytes, new: bytes) -> str:
    """The invariants after any fault; returns which version the workbook is."""
    assert workbook.is_file() and not workbook.is_symlink()
    data = workbook.read_bytes()
    assert data in (old, new), f"torn workbook: {len(data)} bytes, neither the old nor the new version"
    backup = backup_path(workbook)
    if backup.exists():
        assert backup.read_bytes() == old, "the backup is not the last good workbook"
    if data == new:
        assert backup.exists(), "the workbook was replaced before its backup was written"
    # A killed run cannot remove its lock and owner files (the OS releases the lock itself): the next run
    # takes the lock and removes both (addin/workbook_lock.py).
    lock_files = (znnial_lock_file(workbook), owner_file(workbook))
    strays = [p.name for p in workbook.parent.iterdir() if p not in (workbook, backup, *lock_files)
              and not is_temp(p, workbook) and p.suffix != ".csv"]
    assert not strays, strays
    return "new" if data == new else "old"


# --------------------------------------------------------------------------- killed at random moments


def test_killed_at_random_moments(tmp_path, versions):
    old, new, month_file, seconds = versions
    rng = random.Random(SEED)
    # Past the calibrated duration too: with the previous child dying and the next one starting, a
    # refresh in the loop takes up to a third longer; the last tenth of the range catches runs that finish.
    delays = [rng.uniform(0.0, 1.6 * seconds) for _ in range(RANDOM_KILLS)]
    outcomes, temps_left = [], 0
    waiting = _spawn(_fresh_copy(tmp_path / "run0", old), month_file)
    for i, delay in enumerate(delays):
        child, workbook = _wait_ready(waiting), tmp_path / f"run{i}" / "znnial.xlsm"
        child.stdin.write("go\n")
        child.stdin.flush()
        go = time.perf_counter()
        if i + 1 < len(delays):  # the next child starts Python while this one refreshes
            waiting = _spawn(_fresh_copy(tmp_path / f"run{i + 1}", old), month_file)
        time.sleep(max(0.0, delay - (time.perf_counter() - go)))
        child.kill()
        child.communicate(timeout=30)  # guards against a hang only
        assert child.returncode in (0, -signal.SIGKILL), (i, child.returncode)  # finished, or killed by us
        finished = child.returncode == 0
        version = check_intact(workbook, old, new)
        temps_left += sum(is_temp(p, workbook) for p in workbook.parent.iterdir())
        backup = "with backup" if backup_path(workbook).exists() else "no backup yet"
        what = "finished before the kill" if finished else f"killed: workbook {version}, {backup}"
        outcomes.append(what)
        count("headless refresh", "SIGKILL at a random moment (subprocess)", what)
    # the delays landed inside the refresh: most runs were killed before the write, some after it
    assert sum(o == "killed: workbook old, no backup yet" for o in outcomes) >= RANDOM_KILLS // 2, outcomes
    assert any("new" in o or o.startswith("finished") for o in outcomes), outcomes
    count("headless refresh", "SIGKILL at a random moment (subprocess)",
          "(number of .tmp files the kills left beside the workbook)", temps_left)


@pytest.mark.parametrize("point", POINTS)
def test_killed_at_each_step_of_the_write(tmp_path, versions, point):
    old, new, month_file, _ = versions
    workbook = _fresh_copy(tmp_path / "run", old)
    child = _start(workbook, month_file, die_at=point)
    child.communicate("go\n", timeout=60)
    assert child.returncode == -9, f"the child was meant to die at {point}"
    version = check_intact(workbook, old, new)
    assert version == ("new" if point == "workbook-renamed" else "old")
    has_backup = backup_path(workbook).exists()
    assert has_backup == (point.startswith("workbook") or point == "backup-renamed")
    # the next refresh, undisturbed, goes through despite any temporary file the kill left
    refresh(workbook, [month_file])
    assert workbook.read_bytes() == new and backup_path(workbook).read_bytes() == old
    count("headless refresh", "SIGKILL at each step of writing backup and workbook (subprocess)",
          "workbook old or new, backup old; next refresh succeeds")


# --------------------------------------------------------------------------- disk full, read-only, locked


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "znnial.xlsm"
    shutil.copyfile(TEMPLATE, path)
    return path


@pytest.fixture
def month_file(tmp_path):
    path = tmp_path / "2019-12-extra.csv"
    path.write_text(MONTH_FILE, encoding="utf-8")
    return path


def _disk_full(monkeypatch, where: str, on_call: int):
    """ENOSPC from the `on_call`-th write_atomically call (1 = backup, 2 = workbook) at `where`."""
    state = {"call": 0}
    real_mkstemp, real_fdopen, real_fsync = atomic_file.tempfile.mkstemp, os.fdopen, os.fsync
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def mkstemp(*args, **kwargs):
        state["call"] += 1
        if state["call"] == on_call and where == "create":
            raise full
        return real_mkstemp(*args, **kwargs)

    class Partial:
        def __init__(self, raw):
            self.raw = raw

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.raw.__exit__(*exc)

        def write(self, data):
            if state["call"] == on_call and where == "write":
                self.raw.write(data[: len(data) // 3])  # part of it fits, then the disk is full
                raise full
            return self.raw.write(data)

        def __getattr__(self, name):
            return getattr(self.raw, name)

    def fsync(fd):
        if state["call"] == on_call and where == "fsync" and stat.S_ISREG(os.fstat(fd).st_mode):
            raise full  # delayed allocation: the error shows at fsync
        return real_fsync(fd)

    monkeypatch.setattr(atomic_file.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Partial(real_fdopen(*a, **k)))
    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("on_call", [1, 2], ids=["writing-backup", "writing-workbook"])
@pytest.mark.parametrize("where", ["create", "write", "fsync"])
def test_disk_full(workbook, month_file, monkeypatch, where, on_call):
    old = workbook.read_bytes()
    _disk_full(monkeypatch, where, on_call)
    with pytest.raises(WorkbookError) as error:
        refresh(workbook, [month_file])
    message = str(error.value)
    assert "No space left on device" in message and "unchanged" in message, message
    assert workbook.read_bytes() == old
    assert backup_path(workbook).exists() == (on_call == 2)
    assert not [p for p in workbook.parent.iterdir() if is_temp(p, workbook)], "a temporary file was left"
    count("headless refresh", "disk full (ENOSPC on create, write or fsync; simulated)",
          "refused with a message, workbook byte-identical, no temp file")


def _writes_blocked(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return True
    probe.unlink()
    return False


def test_read_only_folder(workbook, month_file, monkeypatch):
    old = workbook.read_bytes()
    folder = workbook.parent
    folder.chmod(0o555)
    try:
        if not _writes_blocked(folder):  # root ignores the folder's mode: make the OS answer as it would
            def denied(*args, **kwargs):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

            monkeypatch.setattr(atomic_file.tempfile, "mkstemp", denied)
            how = "simulated: tests run as root"
        else:
            how = "chmod 555"
        with pytest.raises(WorkbookError) as error:
            refresh(workbook, [month_file])
    finally:
        folder.chmod(0o755)
    assert "Permission denied" in str(error.value) and "unchanged" in str(error.value)
    assert workbook.read_bytes() == old and not backup_path(workbook).exists()
    count("headless refresh", f"read-only folder, {how}", "refused with a message, workbook byte-identical")


def test_rename_refused_by_the_os(workbook, month_file, monkeypatch):
    """What Windows does when another program holds the workbook open: the rename fails."""
    old = workbook.read_bytes()
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == workbook:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WorkbookError) as error:
        refresh(workbook, [month_file])
    assert "Permission denied" in str(error.value)
    assert workbook.read_bytes() == old and backup_path(workbook).read_bytes() == old
    assert not [p for p in workbook.parent.iterdir() if is_temp(p, workbook)]
    count("headless refresh", "rename over the workbook refused (PermissionError; simulated)",
          "refused with a message, workbook byte-identical, backup written")


def test_read_only_workbook_is_not_replaced(workbook, month_file):
    old = workbook.read_bytes()
    workbook.chmod(0o444)
    try:
        with pytest.raises(WorkbookError) as error:
            refresh(workbook, [month_file])
    finally:
        workbook.chmod(0o644)
    assert "read-only" in str(error.value)
    assert workbook.read_bytes() == old and not backup_path(workbook).exists()
    count("headless refresh", "read-only workbook file (chmod 444)", "refused with a message, workbook byte-identical")


def test_open_in_excel(workbook, month_file):
    old = workbook.read_bytes()
    excel_lock_file(workbook).write_bytes(b"\x0bExcel user")
    with pytest.raises(WorkbookError) as error:
        refresh(workbook, [month_file])
    assert "open in Excel" in str(error.value)
    assert workbook.read_bytes() == old and not backup_path(workbook).exists()
    count("headless refresh", "workbook open in Excel (~$ owner file present)", "refused with a message, byte-identical")


def test_opened_in_excel_during_the_refresh(workbook, month_file):
    old = workbook.read_bytes()

    def progress(step, total, what):
        if what.startswith("building"):  # Excel opens the workbook while the refresh computes
            excel_lock_file(workbook).write_bytes(b"\x0bExcel user")

    with pytest.raises(WorkbookError) as error:
        refresh(workbook, [month_file], progress=progress)
    assert "Excel" in str(error.value)
    assert workbook.read_bytes() == old and not backup_path(workbook).exists()
    count("headless refresh", "workbook opened in Excel during the refresh", "refused before writing, byte-identical")


def test_saved_by_someone_else_during_the_refresh(workbook, month_file):
    theirs = workbook.read_bytes() + b"\0"  # any change: the bytes are all that is compared

    def progress(step, total, what):
        if what.startswith("building"):
            workbook.write_bytes(theirs)

    with pytest.raises(WorkbookError) as error:
        refresh(workbook, [month_file], progress=progress)
    assert "changed" in str(error.value)
    assert workbook.read_bytes() == theirs and not backup_path(workbook).exists()
    count("headless refresh", "workbook saved by another program during the refresh",
          "refused before writing, their version kept")


# --------------------------------------------------------------------------- what write_atomically guarantees


def test_replaced_workbook_keeps_its_permissions(workbook, month_file):
    workbook.chmod(0o640)
    refresh(workbook, [month_file])
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o640  # mkstemp's 0600 would lock a shared folder out


def test_rename_is_flushed_to_the_folder(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(
        "fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])
    xlsx_writer.write_atomically(b"data", tmp_path / "target.bin")
    assert events == ["fsync file", "rename", "fsync folder"] if os.name == "posix" else ["fsync file", "rename"]
    assert (tmp_path / "target.bin").read_bytes() == b"data"
    assert refresh_module.write_atomically is xlsx_writer.write_atomically

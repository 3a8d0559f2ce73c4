"""One refresh at a time per workbook (addin/workbook_lock.py): znnial's own lock, Excel's and LibreOffice's
lock files, per-process temporaries, and many refreshes at once losing nothing they reported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from addin.cli import main as cli
from addin.refresh import refresh
from addin.workbook_data import WorkbookError, read_observations
from addin.workbook_lock import holding, libreoffice_lock_file, znnial_lock_file
from workbooks.atomic_file import temporaries_of, write_atomically
from workbooks.build import TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
DECEMBER = ROOT / "workbooks" / "data" / "months" / "2019-12.csv"


@pytest.fixture()
def workbook(tmp_path) -> Path:
    target = tmp_path / "desk.xlsm"
    shutil.copyfile(TEMPLATE, target)
    return target


def test_a_workbook_open_in_libreoffice_is_refused_naming_who(workbook):
    # LibreOffice's lock file: one CSV line, user name, host, user on the host, date, profile (as it writes it)
    libreoffice_lock_file(workbook).write_text("Anna Analyst,desk-pc,anna,03.12.2026 09:00,file:///home/anna;",
                                               encoding="utf-8")
    before = workbook.read_bytes()
    with pytest.raises(WorkbookError, match=r"open in LibreOffice by Anna Analyst on desk-pc \(\.~lock\.desk\.xlsm#"):
        refresh(workbook, [DECEMBER])
    assert workbook.read_bytes() == before


def test_each_process_writes_its_own_temporary_file(tmp_path):
    target = tmp_path / "desk.xlsm"
    write_atomically(b"first", target)
    # A temporary another process is writing (named with its pid): this writer leaves it alone.
    theirs = tmp_path / f".desk.xlsm.{os.getpid() + 1}-abcd.tmp"
    theirs.write_bytes(b"half")
    write_atomically(b"second", target)
    assert target.read_bytes() == b"second" and temporaries_of(target) == [theirs]


@pytest.mark.slow  # a child process holds the lock
def test_a_second_writer_is_refused_naming_the_holder(workbook, capsys):
    script = ("import sys; from pathlib import Path; from addin.workbook_lock import holding\n"
              f"with holding(Path({str(workbook)!r})):\n    print('held', flush=True); sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = workbook.read_bytes()
        assert cli(["refresh", str(workbook), str(DECEMBER)]) == 2
        message = capsys.readouterr().err
        assert f"being written by another znnial command (pid {holder.pid}, user " in message
        assert message.count("\n") == 1 and "Traceback" not in message
        assert workbook.read_bytes() == before
    finally:
        holder.communicate("", timeout=60)
    assert not znnial_lock_file(workbook).exists()  # released and removed: nothing left beside the workbook
    with holding(workbook):  # and free again
        pass


@pytest.mark.slow  # eight refresh processes
def test_refreshes_at_once_lose_no_reported_success(workbook, tmp_path):
    """Eight refreshes of eight months started together: every one that reported success has its month's
    figure in the final file, every other was refused naming the holder (issue 19: two at once once both said
    success and the file held one month)."""
    months = [f"2020-{m:02d}" for m in range(1, 9)]
    processes = []
    for number, month in enumerate(months):
        month_file = tmp_path / f"{month}.csv"
        # one figure per month, its value telling the months apart (test data, not a published figure)
        month_file.write_text(f"month,metal,item,value,unit,source\n{month},zn,tc_domestic,{5001 + number},CNY/t,"
                              "lock test\n", encoding="utf-8")
        processes.append(subprocess.Popen([sys.executable, "-m", "addin.cli", "refresh", str(workbook),
                                           str(month_file)], cwd=ROOT, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
    outcomes = [(month, process.wait(timeout=600), process.stderr.read()) for month, process in zip(months, processes)]
    succeeded = [month for month, code, _ in outcomes if code == 0]
    refused = [err for _, code, err in outcomes if code != 0]
    assert len(succeeded) >= 1 and len(succeeded) + len(refused) == len(months)
    assert all("being written by another znnial command (pid " in err and "Traceback" not in err for err in refused)
    in_file = {o.month: o.value for o in read_observations(workbook) if o.item == "tc_domestic" and o.source == "lock test"}
    assert sorted(in_file) == sorted(succeeded)
    assert all(in_file[month] == 5001 + months.index(month) for month in succeeded)
    assert temporaries_of(workbook) == [] and not znnial_lock_file(workbook).exists()

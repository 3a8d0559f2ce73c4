"""Loaders at once, a loader killed mid-write, a connection dropped mid-write — on SQLite (WAL) and on a real
PostgreSQL server (tests/pg_cluster.py). Loaders are separate processes running `znnial load`.

Each load is one transaction: the store holds all of a file's figures or none. The files are the bundled
2019-11.csv (69 figures) and copies of it re-dated to other months (69 figures each, distinct digests).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from addin.store import open_store
from addin.store.schema import loads, revisions
from tests.store_files import NOVEMBER, november, write_month_file

ROOT = Path(__file__).resolve().parents[1]
FIGURES = 69  # rows of workbooks/data/months/2019-11.csv
PAUSE_AFTER = 30  # revisions a paused loader has inserted (uncommitted) when the test strikes
POLLS = 1500  # at most this many 20 ms looks for a paused loader's flag: a bound by count, not a timed assert

pytestmark = pytest.mark.slow


class Backend:
    """Where loaders write (`load_url`) and how the test looks (`look_url`: a reader on PostgreSQL)."""

    def __init__(self, load_url: str, look_url: str, desk=None, role: str | None = None):
        self.load_url, self.look_url, self.desk, self.role = load_url, look_url, desk, role

    def counts(self) -> tuple[int, int]:
        with open_store(self.look_url) as store, store.engine.connect() as c:
            return (c.scalar(select(func.count()).select_from(loads)),
                    c.scalar(select(func.count()).select_from(revisions)))

    def observations(self):
        with open_store(self.look_url) as store:
            return store.observations()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'desk.db'}"  # no file yet: the racing loaders' first opens create it
        return Backend(url, url)
    desk = request.getfixturevalue("pg_store")
    return Backend(desk.loader, desk.reader, desk, "bob")


def loader(backend: Backend, path: Path, pause: Path | None = None) -> subprocess.Popen:
    """`znnial load` in a process of its own; with `pause`, one that stops mid-transaction after PAUSE_AFTER
    revisions and waits while the file `pause` exists (tests/faults/store_pause_child.py)."""
    command = [sys.executable, "-m", "addin.cli"]
    if pause is not None:
        command = [sys.executable, str(ROOT / "tests" / "faults" / "store_pause_child.py"), str(PAUSE_AFTER),
                   str(pause)]
    return subprocess.Popen([*command, "load", str(path), "--store", backend.load_url],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until_paused(process: subprocess.Popen, flag: Path) -> None:
    for _ in range(POLLS):
        if flag.exists() or process.poll() is not None:
            break
        time.sleep(0.02)
    if not flag.exists():
        out, err = process.communicate(timeout=60) if process.poll() is not None else ("", "still running")
        pytest.fail(f"the loader never paused: {out} {err}")


def moved(tmp_path: Path, month: str) -> Path:
    return write_month_file(tmp_path / f"{month}.csv", november(), month=month)


def test_loaders_at_once_each_write_all_their_figures_once(backend, tmp_path):
    files = [moved(tmp_path, m) for m in ("2020-01", "2020-02", "2020-03", "2020-04")]
    # four different files, and the same November file by two loaders at the same time
    processes = [loader(backend, f) for f in (*files, NOVEMBER, NOVEMBER)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, outputs
    assert backend.counts() == (5, 5 * FIGURES)
    november_says = [out for out, _ in outputs[4:]]
    assert sum("already loaded" in out for out in november_says) == 1
    assert sum(f"{FIGURES} figures, {FIGURES} new or revised" in out for out in november_says) == 1
    months = sorted({o.month for o in backend.observations()})
    assert months == ["2019-11", "2020-01", "2020-02", "2020-03", "2020-04"]


def test_a_loader_killed_mid_write_leaves_nothing_of_its_file(backend, tmp_path):
    flag = tmp_path / "paused"
    process = loader(backend, NOVEMBER, pause=flag)
    wait_until_paused(process, flag)
    # PAUSE_AFTER revisions are inserted but not committed: nobody else sees them
    assert backend.observations() == []
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    flag.unlink()
    assert process.returncode == -signal.SIGKILL
    assert backend.counts() == (0, 0)
    # and the file loads again in full: the killed load left no digest behind
    again = loader(backend, NOVEMBER)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"{FIGURES} figures, {FIGURES} new or revised" in out
    assert backend.counts() == (1, FIGURES)


def test_a_dropped_connection_mid_write_is_reported_and_writes_nothing(pg_store, tmp_path):
    backend = Backend(pg_store.loader, pg_store.reader, pg_store, "bob")
    flag = tmp_path / "paused"
    process = loader(backend, NOVEMBER, pause=flag)
    wait_until_paused(process, flag)
    [pid] = pg_store.backends("bob")
    assert pg_store.terminate(pid)
    flag.unlink()  # the loader goes on inserting, on a connection the server has closed
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "lost the connection to the store while loading 2019-11.csv" in err
    assert "nothing of it was written" in err
    assert backend.counts() == (0, 0)

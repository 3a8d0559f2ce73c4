"""bench/store.py on tiny sizes: both metrics are measured (no time is asserted), and the refresh it times
from the store writes the same bytes as the refresh from the Data sheet (it raises otherwise)."""

from __future__ import annotations

import pytest

from bench import run, store

pytestmark = pytest.mark.slow


def test_both_store_metrics_are_measured(tmp_path):
    rows = store.store_rows(run.TINY, tmp_path)
    # TINY: histories of 3 and 6 months, so 6 month files (of 13 synthetic prices + November's 69 figures)
    assert [r.metric for r in rows] == [
        "store: load 6 month files (492 figures) into a new SQLite store",
        "store: refresh of one month into 6 months from a SQLite store"]
    for r in rows:
        assert r.ours.endswith(("ms", " s")) and r.baseline and r.ratio.endswith("×")

"""The counter the reliability tests fill as they run, and the pytest plugin that saves it.

The four reliability test files (`test_fuzz_udfs.py`, `test_hostile_files.py`,
`test_fault_injection.py`, `test_security.py`) call `count(...)` as they run. In a normal
``pytest`` run the counts are only kept in memory and thrown away. `make regenerate`
(addin/generated/reliability.py) runs the four files with ``-p tests.reliability_report
--reliability-counts=FILE``: this plugin then writes the counts to FILE as JSON, and
the table between the ``<!-- counts:begin -->``/``<!-- counts:end -->`` markers of
docs/reliability.md is made from them.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

# (area, what was tried, outcome) -> number of cases
COUNTS: collections.Counter = collections.Counter()


def count(area: str, tried: str, outcome: str, n: int = 1) -> None:
    """Record n cases of `tried` in `area` that ended in `outcome` (e.g. "held", "refused: ...")."""
    COUNTS[(area, tried, outcome)] += n


def pytest_addoption(parser):
    parser.addoption("--reliability-counts", default=None,
                     help="write the reliability counts to this JSON file at the end of the run")


def pytest_sessionfinish(session, exitstatus):
    target = session.config.getoption("--reliability-counts")
    if target:
        rows = [[area, tried, outcome, n] for (area, tried, outcome), n in sorted(COUNTS.items())]
        Path(target).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

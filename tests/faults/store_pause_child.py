"""`znnial load` in a process of its own that pauses mid-transaction, for tests/test_store_concurrency.py.

    python tests/faults/store_pause_child.py AFTER FLAG load FILE --store URL

Runs the command line as `python -m addin.cli` would, except that the loader inserts its revisions one by
one and, after AFTER of them (uncommitted, inside the load's one transaction), creates the file FLAG and
waits while it exists: the test then kills the process or drops its connection there. The pause lives
here, beside the test, not in the store's code (addin/store/loading.py `_insert_revisions`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from addin import cli  # noqa: E402
from addin.store import loading  # noqa: E402
from addin.store.schema import revisions  # noqa: E402


def pausing_insert(after: int, flag: Path):
    """An `_insert_revisions` that pauses after `after` rows (the same rows the store's own one inserts)."""

    def insert_revisions(connection, load_id, changed):
        rows = [dict(load_id=load_id, month=o.month, metal=o.metal, item=o.item, source=o.source, value=o.value,
                     unit=o.unit, file_row=o.row) for o in changed]
        for number, row in enumerate(rows, start=1):
            connection.execute(insert(revisions), [row])
            if number == after:
                flag.write_text(str(os.getpid()), encoding="utf-8")
                while flag.exists():
                    time.sleep(0.02)

    return insert_revisions


if __name__ == "__main__":
    loading._insert_revisions = pausing_insert(int(sys.argv[1]), Path(sys.argv[2]))
    sys.exit(cli.main(sys.argv[3:]))

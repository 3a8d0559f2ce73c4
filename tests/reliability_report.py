"""Counts for docs/reliability.md: what the reliability tests tried, what held, what was refused.

The four reliability test files (`test_fuzz_udfs.py`, `test_hostile_files.py`,
`test_fault_injection.py`, `test_security.py`) call `count(...)` as they run.
Outside this script the counts are only kept in memory and thrown away, so a
normal ``pytest`` run writes nothing. Regenerate the doc's table with::

    python -m tests.reliability_report            # runs the four files, rewrites the table
    python -m tests.reliability_report --print    # runs them and prints the table only

The table sits between the ``<!-- counts:begin -->`` and ``<!-- counts:end -->``
markers of docs/reliability.md; the rest of the doc is hand-written.
"""

from __future__ import annotations

import collections
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
FILES = ("test_fuzz_udfs.py", "test_hostile_files.py", "test_fault_injection.py", "test_security.py")

# (area, what was tried, outcome) -> number of cases
COUNTS: collections.Counter = collections.Counter()


def count(area: str, tried: str, outcome: str, n: int = 1) -> None:
    """Record n cases of `tried` in `area` that ended in `outcome` (e.g. "held", "refused: ...")."""
    COUNTS[(area, tried, outcome)] += n


def table(counts=None, seconds: float | None = None) -> str:
    counts = COUNTS if counts is None else counts
    lines = ["| area | what was tried | outcome | cases |", "|---|---|---|---:|"]
    for (area, tried, outcome), n in sorted(counts.items()):
        lines.append(f"| {area} | {tried} | {outcome} | {n:,} |")
    totals = collections.Counter()
    for (area, _, outcome), n in counts.items():
        if not outcome.startswith("("):  # a parenthesised outcome counts something else than cases
            totals[area] += n
    lines.append("")
    lines.append("Totals: " + "; ".join(f"{area} {n:,}" for area, n in sorted(totals.items()))
                 + (f". Run time of the four files: {seconds:.1f} s." if seconds is not None else "."))
    return "\n".join(lines) + "\n"


def fill(doc: str, text: str) -> str:
    pattern = re.compile(r"(<!-- counts:begin[^>]*-->\n)(.*?)(<!-- counts:end -->)", re.S)
    if not pattern.search(doc):
        raise ValueError("docs/reliability.md has no counts:begin/counts:end markers")
    return pattern.sub(lambda m: m.group(1) + text + m.group(3), doc, count=1)


def main(argv: list[str]) -> int:
    import pytest

    # The tests import this module as `tests.reliability_report`; count into that one.
    sys.path.insert(0, str(ROOT))
    from tests import reliability_report as shared

    shared.COUNTS.clear()
    start = time.perf_counter()
    status = pytest.main(["-q", "-p", "no:cacheprovider", *(str(ROOT / "tests" / f) for f in FILES)])
    seconds = time.perf_counter() - start
    text = table(shared.COUNTS, seconds)
    if "--print" in argv or status != 0:
        print(text)
        if status != 0:
            print("tests failed: docs/reliability.md left as it was", file=sys.stderr)
        return int(status)
    DOC.write_text(fill(DOC.read_text(encoding="utf-8"), text), encoding="utf-8")
    print(text)
    print(f"updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The counts table of docs/reliability.md: what the reliability tests tried, what held, what was refused.

The four reliability test files call ``tests/reliability_report.py``'s ``count(...)`` as they run; run as
a pytest plugin with ``--reliability-counts=FILE`` it writes those counts to FILE as JSON. This module
runs the four files in a subprocess that way (`make regenerate`), and turns the counts into the table
between the ``<!-- counts:begin -->`` and ``<!-- counts:end -->`` markers; the rest of the doc is
hand-written. The table records how many functions the registry had when it was counted, so a test
without the slow files can tell a table older than the registry.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "reliability.md"
FILES = ("test_fuzz_udfs.py", "test_hostile_files.py", "test_fault_injection.py", "test_security.py")
PLUGIN = "tests.reliability_report"  # the counter the four files import
REGISTRY_LINE = "Functions in the registry when counted: {n}."
_BLOCK = re.compile(r"(<!-- counts:begin[^>]*-->\n)(.*?)(<!-- counts:end -->)", re.S)
_REGISTRY = re.compile(re.escape(REGISTRY_LINE).replace(r"\{n\}", r"(\d+)"))


def table(counts: collections.Counter, functions: int, seconds: float | None = None) -> str:
    """The Markdown table of (area, what was tried, outcome) -> cases, the totals and the registry's size."""
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
    lines.append(REGISTRY_LINE.format(n=functions))
    return "\n".join(lines) + "\n"


def block(doc: str) -> str:
    """The generated text between the markers (ValueError when the doc has none)."""
    found = _BLOCK.search(doc)
    if not found:
        raise ValueError("docs/reliability.md has no counts:begin/counts:end markers")
    return found.group(2)


def fill(doc: str, text: str) -> str:
    """`doc` with the text between the markers replaced by `text`."""
    block(doc)
    return _BLOCK.sub(lambda m: m.group(1) + text + m.group(3), doc, count=1)


def counted_functions(doc: str) -> int | None:
    """The registry's size the table was counted with, or None when the table does not say."""
    found = _REGISTRY.search(block(doc))
    return int(found.group(1)) if found else None


def run_counts() -> tuple[collections.Counter, float]:
    """Run the four files in a subprocess with the counting plugin; their counts and run time.

    RuntimeError naming the exit status when a test fails: the doc is then left as it was."""
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "counts.json"
        start = time.perf_counter()
        status = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", PLUGIN,
                                 f"--reliability-counts={out}", *(str(ROOT / "tests" / f) for f in FILES)],
                                cwd=ROOT).returncode
        seconds = time.perf_counter() - start
        if status != 0:
            raise RuntimeError(f"the reliability tests failed (pytest exit status {status}): "
                               "docs/reliability.md left as it was")
        rows = json.loads(out.read_text(encoding="utf-8"))
    return collections.Counter({(area, tried, outcome): n for area, tried, outcome, n in rows}), seconds

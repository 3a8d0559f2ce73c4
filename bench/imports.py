"""Cold import: ``import udfs`` in a fresh interpreter against ``import xlwings, pandas, numpy``.

What Excel waits for when it starts the add-in's Python: the time of the import statement
itself, each side in its own fresh interpreter, alternating, after a warm-up of each.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from . import ROOT
from .section import Row, Sizes
from .timing import ms

IMPORT_TARGET = 1.2

_IMPORT_PROBE = "import time; t = time.perf_counter(); import {what}; print(time.perf_counter() - t)"


def _fresh_import(what: str, cache: Path) -> float:
    # Both sides load byte-compiled modules, as an installed package does (pip compiles on
    # install): a private PYTHONPYCACHEPREFIX, filled by the warm-up runs, keeps the
    # repository clean and is unaffected by PYTHONDONTWRITEBYTECODE in the environment.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    done = subprocess.run([sys.executable, "-c", _IMPORT_PROBE.format(what=what)], cwd=ROOT, check=True,
                          capture_output=True, text=True, env=env)
    return float(done.stdout.strip().splitlines()[-1])


def measure(sizes: Sizes, folder: Path) -> list[Row]:
    """Median seconds of the import statement, ours and the floor, in alternating fresh interpreters."""
    ours, base = [], []
    cache = folder / "pycache"
    sides = (("udfs", ours), ("xlwings, pandas, numpy", base))
    for what, _ in sides:  # warm-up: writes the byte code, warms the file cache
        _fresh_import(what, cache)
    for i in range(max(sizes.imports, 1)):
        for what, out in (sides if i % 2 == 0 else sides[::-1]):
            out.append(_fresh_import(what, cache))
    a, b = statistics.median(ours), statistics.median(base)
    return [Row(f"cold import udfs (fresh process, median of {len(ours)})", ms(a),
                f"import xlwings, pandas, numpy {ms(b)}", f"{a / b:.2f}×", f"≤ {IMPORT_TARGET}×",
                a / b <= IMPORT_TARGET)]

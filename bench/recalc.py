"""Calls per recalculation: worksheet-function calls one full build makes, against the formulas' call sites.

The workbook builder evaluates every formula tree through the Excel-facing wrappers to
compute the cached values; counting wrappers on `udfs` count those calls during one full
build (the template's data, and a synthetic 240-month history). History: calls per computed
column; other sheets: calls per call site (a function name in a formula, i.e. what one Excel
recalculation evaluates). When pycel is installed the built file is also recalculated
headlessly by pycel with the `doubles.pycel_udfs` plugin (every formula through the same
wrappers), counting every call pycel makes and the distinct ones (what Excel, evaluating a
spill once, would make).

Counts, not times. Loading pycel and openpyxl leaves ~200,000 live objects behind, so this
section runs after the timed ones (`run_last` in `bench.run.SECTIONS`).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from . import ROOT
from .section import Row, Sizes
from .synthetic import synthetic_observations


def _call_sites(formula: str | None, names: set[str]) -> int:
    if not formula:
        return 0
    return sum(1 for name in re.findall(r"([A-Za-z_][A-Za-z0-9_.]*)\(", formula) if name in names)


def count_build_calls(observations) -> tuple[Counter, Counter, object]:
    """Calls of the Excel-facing wrappers while the builder computes every cached value.

    Returns (calls per sheet, call sites per sheet, the plan).
    """
    import udfs
    from workbooks import build, layout

    calls: Counter = Counter()
    where = ["(other)"]
    originals = {name: getattr(udfs, name) for name in udfs.__all__}
    lay = layout.SheetLayout.lay  # every sheet with formulas is a spec laid out here (History and 日线回测 too)

    def counting(fn):
        def wrapper(*args):
            calls[where[0]] += 1
            return fn(*args)
        return wrapper

    def counted_lay(self):
        where[0] = self.spec.name
        return lay(self)

    try:
        for name, fn in originals.items():
            setattr(udfs, name, counting(fn))
        layout.SheetLayout.lay = counted_lay
        plan = build.plan_workbook(observations)
    finally:
        for name, fn in originals.items():
            setattr(udfs, name, fn)
        layout.SheetLayout.lay = lay
    names = set(udfs.__all__)
    sites = Counter()
    for sheet in plan.sheets:
        for cell in sheet.cells:
            sites[sheet.name] += _call_sites(cell.formula, names)
    return calls, sites, plan


def _pycel_calls(plan, folder: Path) -> tuple[int, int] | None:
    """(distinct calls, raw calls) of a pycel recalculation of the built file; None without pycel."""
    try:
        import pycel  # noqa: F401

        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from doubles import excel_eval, pycel_udfs
    except Exception:  # noqa: BLE001 - pycel or the plugin is optional here
        return None
    from workbooks.xlsx_writer import write_workbook

    path = write_workbook(plan, folder / "recalc.xlsm")
    try:
        compiler = excel_eval.load_compiler(path)
        formulas = excel_eval.formula_cells(path)
        excel_eval.recalculate(compiler, formulas)
    except Exception as problem:  # noqa: BLE001 - report, do not fail the bench
        print(f"bench: pycel recalculation skipped ({type(problem).__name__}: {problem})", file=sys.stderr)
        return None
    return sum(pycel_udfs.DISTINCT_CALLS.values()), sum(pycel_udfs.RAW_CALLS.values())


def measure(sizes: Sizes, folder: Path) -> list[Row]:
    """History, other sheets and (with pycel) the whole file, for the template and a long synthetic history."""
    from addin.bundled import all_observations
    from workbooks.dataset import Dataset
    from workbooks.sheets import history

    rows = []
    for label, observations in (("template (bundled data)", all_observations()),
                                (f"{sizes.recalc_months}-month workbook",
                                 synthetic_observations(sizes.recalc_months))):
        calls, sites, plan = count_build_calls(observations)
        months = len(Dataset(observations).price_months)
        h_calls, h_cols = calls[history.SHEET], sites[history.SHEET]
        rows.append(Row(f"calls per recalculation, {label}: History ({months} months)", f"{h_calls} calls",
                        f"{h_cols} computed columns", f"{h_calls / max(h_cols, 1):.2f} per column",
                        "≤ 1 per column", h_calls <= h_cols))
        t_calls = sum(n for sheet, n in calls.items() if sheet != history.SHEET)
        t_sites = sum(n for sheet, n in sites.items() if sheet != history.SHEET)
        rows.append(Row(f"calls per recalculation, {label}: tables ({len(plan.sheets) - 1} other sheets)",
                        f"{t_calls} calls", f"{t_sites} call sites in formulas",
                        f"{t_calls / max(t_sites, 1):.2f} per call site", "≤ 1 per call site, none per row",
                        t_calls <= t_sites))
        if sizes.pycel:
            found = _pycel_calls(plan, folder)
            if found is not None:
                distinct, raw = found
                all_sites = sum(sites.values())
                rows.append(Row(f"calls per recalculation, {label}: pycel recalculating the file",
                                f"{raw} calls ({distinct} distinct)", f"{all_sites} call sites in formulas",
                                f"{raw / max(all_sites, 1):.2f} per call site", "≤ 1 per call site",
                                raw <= all_sites))
    return rows

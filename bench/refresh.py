"""Refresh: one month file refreshed into workbooks of growing history, against XlsxWriter floors.

`addin.refresh.refresh` of one month file into a workbook built from 12 … 240 months of
synthetic prices (`bench.synthetic`) plus the bundled survey months. Floors: XlsxWriter
writing the same file from the refreshed plan (cells, formats, conditional formats, charts,
VBA — nothing read, checked or planned), and bare XlsxWriter calls writing the same sheets
and cells (values and formulas) with no formats, kept for reference. For the shortest and
the longest history, each step of the refresh is also timed on its own (the page's
"Where a refresh spends its time").
"""

from __future__ import annotations

from pathlib import Path

from .section import Row, Rows, Sizes
from .synthetic import refresh_month_file, synthetic_observations
from .timing import median, ms, paired, paired_cpu

# CPU time against the same-file floor (issue 17): the wall-time ratio swung from 1.02× to 1.97× between runs
# on a shared 2-core machine; both are shown.
REFRESH_TARGET = 1.25


def write_plan_bare(plan, target: Path) -> None:
    """The refresh floor: the plan's sheets and cells with bare XlsxWriter calls, no formats."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(target), {"in_memory": True})
    for sheet in plan.sheets:
        ws = workbook.add_worksheet(sheet.name)
        for cell in sheet.cells:
            if cell.formula is None:
                ws.write(cell.row, cell.col, cell.value)
            elif cell.spill:
                rows, cols = cell.spill
                values = cell.value
                ws.write_dynamic_array_formula(cell.row, cell.col, cell.row + rows - 1, cell.col + cols - 1,
                                               cell.formula, None, values[0][0])
                for i in range(rows):
                    for j in range(cols):
                        if i or j:
                            ws.write(cell.row + i, cell.col + j, values[i][j])
            else:
                ws.write_formula(cell.row, cell.col, cell.formula, None, cell.value)
    workbook.close()


def write_plan_full(plan, target: Path) -> None:
    """The refresh floor: the same file — cells, formats, conditional formats, charts, VBA — written by
    XlsxWriter from cells already computed, with nothing read, checked or planned."""
    from workbooks.xlsx_writer import render, write_atomically

    write_atomically(render(plan), target)


def refresh_phases(workbook: Path, month_file: Path, repeat: int) -> list[tuple[str, float]]:
    """Each step `refresh` takes, timed on its own (median), in the order it takes them."""
    from addin.refresh import _sheet_values, backup_path
    from addin.workbook_data import observations_from_rows
    from workbooks.build import plan_workbook
    from workbooks.monthdata import merge, read_month_files
    from workbooks.sheets.data import SHEET
    from workbooks.xlsx_writer import content_digest, render, stored_digest, write_atomically

    original = workbook.read_bytes()
    found = _sheet_values(original)
    existing = observations_from_rows(found[SHEET], workbook)
    merged, _ = merge(existing, read_month_files([month_file]))
    final = plan_workbook(merged)
    data = render(final)
    scratch = workbook.with_name("phases.xlsm")

    def write_both():
        write_atomically(original, backup_path(scratch))
        write_atomically(data, scratch)

    steps = [
        ("read every sheet (calamine)", lambda: _sheet_values(original)),
        ("the Data sheet's rows into observations", lambda: observations_from_rows(found[SHEET], workbook)),
        ("edit check: the values against the digest written with them",
         lambda: stored_digest(original) == content_digest(found)),
        ("read and validate the month file, merge", lambda: merge(existing, read_month_files([month_file]))),
        ("plan the refreshed workbook", lambda: plan_workbook(merged)),
        ("render it (styles, charts, conditional formats, VBA)", lambda: render(final)),
        ("write the backup and the workbook (fsync)", write_both),
    ]
    return [(name, median(fn, repeat)) for name, fn in steps]


def measure(sizes: Sizes, folder: Path) -> Rows:
    """A refresh per history length against both floors, the growth, and (details) its steps timed apart."""
    from addin.refresh import backup_path, refresh
    from addin.workbook_data import read_observations
    from workbooks.build import build, plan_workbook

    rows, timings, phases = [], [], {}
    month_file = refresh_month_file(folder, "bench-refresh")
    for months in sizes.months:
        workbook = folder / f"history_{months}.xlsm"
        build(synthetic_observations(months), workbook)
        original = workbook.read_bytes()
        refresh(workbook, [month_file])  # once, for the refreshed plan the floor writes
        final_plan = plan_workbook(read_observations(workbook))

        def restore(workbook=workbook, original=original):
            workbook.write_bytes(original)
            backup_path(workbook).unlink(missing_ok=True)

        floor_target = folder / f"floor_{months}.xlsx"
        same_file = folder / f"same_{months}.xlsm"
        ours, floor = paired(lambda workbook=workbook: refresh(workbook, [month_file]),
                             lambda plan=final_plan, target=floor_target: write_plan_bare(plan, target),
                             sizes.repeat, prepare_ours=restore)
        (ours_again, ours_cpu), (writing, writing_cpu) = paired_cpu(
            lambda workbook=workbook: refresh(workbook, [month_file]),
            lambda plan=final_plan, target=same_file: write_plan_full(plan, target), sizes.repeat, prepare_ours=restore)
        timings.append((months, ours, floor))
        cells = sum(len(s.cells) for s in final_plan.sheets)
        label = f"refresh of one month into {months} months ({len(final_plan.sheets)} sheets, {cells:,} planned cells)"
        rows.append(Row(label, f"CPU {ms(ours_cpu)} (wall {ms(ours_again)})",
                        f"XlsxWriter writing the same file: CPU {ms(writing_cpu)} (wall {ms(writing)})",
                        f"{ours_cpu / writing_cpu:.2f}× CPU ({ours_again / writing:.2f}× wall)",
                        f"≤ {REFRESH_TARGET}× CPU", ours_cpu / writing_cpu <= REFRESH_TARGET))
        rows.append(Row("  same refresh, against cells alone (no formats, charts or macros)", ms(ours),
                        f"bare XlsxWriter {ms(floor)}", f"{ours / floor:.2f}×", "for reference", None))
        if months in (sizes.months[0], sizes.months[-1]):
            restore()
            steps = refresh_phases(workbook, month_file, max(1, sizes.repeat // 2))
            phases[months] = steps + [("(sum of the steps)", sum(t for _, t in steps)),
                                      ("(the whole refresh, as in the table)", ours_again),
                                      ("(floor: XlsxWriter writing the same file)", writing),
                                      ("(floor: bare XlsxWriter)", floor)]
    if len(timings) > 1:
        (m0, o0, f0), (m1, o1, f1) = timings[0], timings[-1]
        rows.append(Row(f"refresh growth, {m0} → {m1} months", f"×{o1 / o0:.2f}", f"bare XlsxWriter ×{f1 / f0:.2f}",
                        f"{(o1 / o0) / (f1 / f0):.2f}", "grows like the floor", None))
    return Rows(rows, details=phases_markdown(phases))


def phases_markdown(phases: dict[int, list[tuple[str, float]]]) -> str:
    """The steps table for the page, one column per history length; empty without phases."""
    if not phases:
        return ""
    months = list(phases)
    out = ["## Where a refresh spends its time", "",
           "Each step of `addin.refresh.refresh` timed on its own (median, a `gc.collect()` before "
           "each), same run. Their sum differs from the whole by run-to-run noise and by the garbage "
           "collections the refresh's allocations trigger while it runs.", "",
           "| step | " + " | ".join(f"{m} months" for m in months) + " |",
           "|---|" + "|".join("---:" for _ in months) + "|"]
    for i, (name, _) in enumerate(phases[months[0]]):
        out.append(f"| {name} | " + " | ".join(ms(phases[m][i][1]) for m in months) + " |")
    ratios = []
    for m in months:
        steps = dict(phases[m])
        render = next(t for name, t in steps.items() if name.startswith("render"))
        ratios.append(f"{render / steps['(floor: bare XlsxWriter)']:.2f}× at {m} months")
    out += ["", "Rendering alone, against the bare floor: " + ", ".join(ratios) + "."]
    return "\n".join(out)

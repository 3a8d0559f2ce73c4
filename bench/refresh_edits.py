"""Refresh of a workbook the user edited: one assumption changed and a note typed beside a table, saved by
another application (openpyxl here; the digest znnial stored no longer matches), against the refresh of the
same workbook untouched (the quick path: its zip stamp vouches for it, one plan). Both in this run, one
month file into a workbook of the shortest and the longest synthetic history (`bench.synthetic`).

The edited refresh reads every sheet and checks znnial's cells against the layout and digest the file
stores (workbooks/written_layout.py), then plans once, for the rebuild, as the untouched one does. Before
issue 22 it planned three times.
"""

from __future__ import annotations

from pathlib import Path

from .section import Row, Rows, Sizes
from .synthetic import refresh_month_file, synthetic_observations
from .timing import ms, paired


def edited_copy(workbook: Path, target: Path) -> Path:
    """The workbook with the aluminium anode price changed (3,000 → 3,200 CNY/t) and a note in 表4's H3."""
    import openpyxl

    book = openpyxl.load_workbook(workbook, keep_vba=True)
    sheet, cell = next(iter(book.defined_names["in_al_anode_price"].destinations))
    book[sheet][cell.replace("$", "")] = 3200
    book["表4 铝"]["H3"] = "our anode quote"
    book.save(target)
    return target


def measure(sizes: Sizes, folder: Path) -> Rows:
    """Per history length: the edited workbook's refresh against the untouched one's, and their ratio."""
    from addin.refresh import backup_path, refresh
    from workbooks.build import build

    rows = []
    month_file = refresh_month_file(folder, "bench-refresh")
    for months in sorted({sizes.months[0], sizes.months[-1]}):
        untouched = build(synthetic_observations(months), folder / f"untouched_{months}.xlsm")
        edited = edited_copy(untouched, folder / f"edited_{months}.xlsm")
        originals = {path: path.read_bytes() for path in (untouched, edited)}

        def restore(path: Path) -> None:
            path.write_bytes(originals[path])
            backup_path(path).unlink(missing_ok=True)

        ours, base = paired(lambda edited=edited: refresh(edited, [month_file]),
                            lambda untouched=untouched: refresh(untouched, [month_file]), sizes.repeat,
                            prepare_ours=lambda edited=edited: restore(edited),
                            prepare_base=lambda untouched=untouched: restore(untouched))
        rows.append(Row(f"refresh of a workbook edited outside znnial (an assumption, a note), {months} months",
                        ms(ours), f"same workbook untouched {ms(base)}", f"{ours / base:.2f}×", "for reference",
                        None))
    return Rows(rows)

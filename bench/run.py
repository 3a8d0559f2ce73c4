"""``make bench``: every metric against its floor, both measured in this same run.

Each section is one module of `bench` and one line of `SECTIONS`: a function
``(sizes, folder) -> list[Row]`` (see `bench.section`). The table lists their rows in the
order of `SECTIONS`; what each row measures is in the module's docstring and, for readers,
in docs/performance.md, which this run updates between its markers (`bench.report`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from . import ROOT, arrays, basis, excel_refresh, imports, recalc, refresh, refresh_edits, report, store, year
from .section import FULL, TINY, Row, Section, Sizes

DOC = ROOT / "docs" / "performance.md"

SECTIONS = [
    Section(arrays.measure),
    Section(recalc.measure, run_last=True),  # counts, not times; loading pycel would slow later timings
    Section(refresh.measure),
    Section(refresh_edits.measure),
    Section(year.year_rows),
    Section(excel_refresh.measure),
    Section(store.store_rows),
    Section(basis.basis_rows),
    Section(imports.measure),
]


def measure(sections: list[Section], sizes: Sizes, folder: Path) -> list[list[Row]]:
    """Each section's rows, in the order of `sections`; those marked run_last are run after the others."""
    results: list[list[Row] | None] = [None] * len(sections)
    order = sorted(range(len(sections)), key=lambda i: sections[i].run_last)  # stable: keeps the listed order
    for i in order:
        scratch = folder / f"section-{i}"  # its own, so sections cannot trip over each other's files
        scratch.mkdir()
        results[i] = sections[i].measure(sizes, scratch)
    return results


def main(sizes: Sizes | dict | None = None, doc: Path | None = DOC, stream=sys.stdout,
         sections: list[Section] | None = None) -> list[Row]:
    """Run every section, print the table, update `doc` (None: do not write). Returns the rows."""
    if sizes is None:
        sizes = FULL
    elif isinstance(sizes, dict):
        sizes = replace(FULL, **sizes)
    folder = Path(tempfile.mkdtemp(prefix="znnial-bench-"))
    try:
        results = measure(SECTIONS if sections is None else sections, sizes, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    rows = [row for result in results for row in result]
    info = report.machine()
    print(" · ".join(f"{k} {v}" for k, v in info.items()), file=stream)
    print(report.text_table(rows), file=stream)
    if doc is not None:
        details = [getattr(result, "details", "") for result in results]
        report.write_page(doc, report.generated(rows, info, sizes, details))
        print(f"written to {doc}", file=stream)
    return rows


def _cli(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="tiny sizes (a smoke run; times mean nothing)")
    parser.add_argument("--no-doc", action="store_true", help=f"do not write {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    main(TINY if args.tiny else FULL, doc=None if args.no_doc or args.tiny else DOC)
    return 0


if __name__ == "__main__":
    sys.exit(_cli())

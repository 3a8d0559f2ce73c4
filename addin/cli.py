"""znnial on the command line: run, build, refresh, export, screenshots."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbooks.monthdata import MonthFileError
from workbooks.user_edits import edited_positions

from .workbook_data import WorkbookError

OUT = Path("out")


def _cmd_build(args) -> int:
    from workbooks.build import TEMPLATE, plan_workbook
    from workbooks.monthdata import read_month_files
    from workbooks.xlsx_writer import write_workbook

    from . import bundled

    files = args.files or [*bundled.month_files(), *bundled.price_files()]
    target = Path(args.out or TEMPLATE)
    write_workbook(plan_workbook(read_month_files(files)), target)
    print(f"wrote {target}")
    return 0


def _cmd_refresh(args) -> int:
    from .refresh import refresh, text_progress

    if args.discard_edits and args.no_backup:
        raise WorkbookError("--discard-edits always keeps the old file as WORKBOOK.bak: drop --no-backup")
    order = None if args.source_order is None else [s for s in args.source_order.split(",")]
    result = refresh(Path(args.workbook), [Path(f) for f in args.month_files], mapping=args.mapping,
                     progress=text_progress, keep_backup=not args.no_backup, discard_edits=args.discard_edits,
                     source_order=order)
    _print_changes(result)
    return 0


def _print_changes(result) -> None:
    print(f"{result.workbook}: latest month {result.latest_month}; monthly sheets {', '.join(result.months)}")
    print(f"  {len(result.added)} figures added, {len(result.replaced)} replaced")
    for change in result.replaced:
        print(f"  changed {change.month} {change.metal}.{change.item}: {change.old_value:g} → {change.new_value:g}"
              f"  ({change.source})")
    for change in result.added[:20]:
        print(f"  added   {change.month} {change.metal}.{change.item} = {change.new_value:g}")
    if len(result.added) > 20:
        print(f"  … and {len(result.added) - 20} more")
    if result.edits:
        print(f"  your edits kept: {result.edits.count()}")
        for sheet, what in edited_positions(result.edits):
            print(f"    '{sheet}' {what}")
    if result.backup:
        print(f"  previous version kept as {result.backup}")


def _cmd_export(args) -> int:
    from .export import export_values

    export_values(Path(args.workbook), Path(args.target))
    print(f"wrote {args.target} (values only, no formulas or macros)")
    return 0


def _cmd_screenshots(args) -> int:
    from .screenshots import render_screenshots

    for png in render_screenshots(Path(args.workbook), Path(args.out)):
        print(f"wrote {png}")
    return 0


def _cmd_run(args) -> int:
    """The main job: build from the report's November, refresh with its December estimates, show the plan."""
    from workbooks.build import TEMPLATE, plan_workbook
    from workbooks.monthdata import read_month_files
    from workbooks.xlsx_writer import write_workbook

    from . import bundled
    from .refresh import refresh, text_progress
    from .summary import hedge_plan_table
    from .workbook_data import read_observations

    OUT.mkdir(exist_ok=True)
    target = OUT / "znnial.xlsm"
    november, december = bundled.month_files()[0], bundled.month_files()[1:]
    write_workbook(plan_workbook(read_month_files([november, *bundled.price_files()])), target)
    print(f"built {target} from {november.name} and the bundled prices")
    result = refresh(target, december, progress=text_progress, keep_backup=False)
    _print_changes(result)
    same = target.read_bytes() == TEMPLATE.read_bytes() if TEMPLATE.exists() else False
    print(f"identical to the committed template {TEMPLATE.name}: {'yes' if same else 'NO'}")
    print()
    print(f"Hedge plan at {result.latest_month} (表5 保值):")
    print(hedge_plan_table(plan_workbook(read_observations(target))))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="znnial", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="build from the bundled data, refresh with December, print the hedge plan")
    build = commands.add_parser("build", help="build the template workbook from month files")
    build.add_argument("files", nargs="*", type=Path, help="month files (default: the bundled data)")
    build.add_argument("--out", type=Path, help="target .xlsm (default: workbooks/znnial.xlsm)")
    refresh = commands.add_parser("refresh", help="merge month files into a workbook and rebuild it")
    refresh.add_argument("workbook")
    refresh.add_argument("month_files", nargs="+")
    refresh.add_argument("--mapping", help="column mapping for wide (Wind/SMM) files")
    refresh.add_argument("--no-backup", action="store_true", help="do not keep WORKBOOK.bak")
    refresh.add_argument("--discard-edits", action="store_true",
                         help="rebuild even if the workbook holds edits a rebuild cannot carry (an added sheet, a "
                              "changed formula): every edit is dropped, the old file is kept as WORKBOOK.bak")
    refresh.add_argument("--source-order", metavar="SMM,Antaike,…",
                         help="sources to prefer where several give the same month's figure, first wins; replaces "
                              "the list on the Data sheet (docs/data.md)")
    export = commands.add_parser("export", help="write a values-only copy")
    export.add_argument("--values", action="store_true", required=True)
    export.add_argument("workbook")
    export.add_argument("target")
    shots = commands.add_parser("screenshots", help="render one PNG per sheet through LibreOffice")
    shots.add_argument("--workbook", default=str(Path("workbooks") / "znnial.xlsm"))
    shots.add_argument("--out", default=str(Path("docs") / "screenshots"))
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # keep our lines in order with the progress bar on stderr
        sys.stdout.reconfigure(line_buffering=True)
    handlers = {"run": _cmd_run, "build": _cmd_build, "refresh": _cmd_refresh, "export": _cmd_export,
                "screenshots": _cmd_screenshots}
    try:
        return handlers[args.command](args)
    except (MonthFileError, WorkbookError) as problem:
        print(f"znnial: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

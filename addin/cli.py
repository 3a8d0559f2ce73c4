"""znnial on the command line: run, build, refresh, load, history, init-store, export, screenshots, addin."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbooks.monthdata import MonthFileError
from workbooks.spec_check import SpecError
from workbooks.user_edits import edited_positions

from .store.errors import StoreError
from .store.url import DEFAULT_URL as DEFAULT_STORE
from .workbook_data import WorkbookError

OUT = Path("out")


def _cmd_build(args) -> int:
    from workbooks.build import TEMPLATE, plan_workbook
    from workbooks.monthdata import read_month_files
    from workbooks.xlsx_writer import write_workbook

    from . import bundled

    files = args.files or [*bundled.month_files(), *bundled.price_files()]
    target = Path(args.out or TEMPLATE)
    from workbooks.vba import xlwings_vba_project  # --vba xlwings: xlwings' project unchanged, no wrappers
    project = xlwings_vba_project() if args.vba == "xlwings" else None
    write_workbook(plan_workbook(read_month_files(files)), target, vba_project=project)
    print(f"wrote {target}")
    return 0


def _cmd_refresh(args) -> int:
    from .refresh import refresh, text_progress

    base = None
    if args.store is not None:
        base = _store_observations(args.store, args.as_of)
    elif args.as_of is not None:
        raise SystemExit("znnial refresh: --as-of needs --store: only a store keeps earlier revisions")
    elif not args.month_files:
        raise SystemExit("znnial refresh: name month files, or a store with --store")
    if args.discard_edits and args.no_backup:
        raise WorkbookError("--discard-edits always keeps the old file as WORKBOOK.bak: drop --no-backup")
    order = None if args.source_order is None else [s for s in args.source_order.split(",")]
    result = refresh(Path(args.workbook), [Path(f) for f in args.month_files], mapping=args.mapping,
                     progress=text_progress, keep_backup=not args.no_backup, base=base,
                     discard_edits=args.discard_edits, source_order=order)
    _print_changes(result)
    return 0


def _store_observations(url: str, as_of: str | None):
    from .store import open_store, parse_as_of

    moment = parse_as_of(as_of) if as_of is not None else None
    with open_store(url) as store:
        observations = store.observations(moment)
    when = f" as of {moment:%Y-%m-%d %H:%M:%S} UTC" if moment is not None else ""
    print(f"{len(observations)} figures from the store{when}")
    return observations


def _cmd_load(args) -> int:
    from .store import check_files, open_store

    checked = check_files(args.files, mapping=args.mapping)  # a bad file never touches the store
    with open_store(args.store) as store:
        for result in store.write(checked):
            print(result.describe())
    return 0


def _cmd_history(args) -> int:
    from workbooks.monthdata import lookup
    from workbooks.monthdata.months import parse_month

    from .store import open_store

    metal, dot, key = args.figure.partition(".")
    if not dot:
        raise SystemExit(f"znnial history: {args.figure!r} is not metal.item (write e.g. al.full_cost 2019-11)")
    try:
        item = lookup(metal, key)
        month = parse_month(args.month)
    except (KeyError, ValueError) as problem:
        raise SystemExit(f"znnial history: {str(problem).strip(chr(39))} (write e.g. al.full_cost 2019-11)")
    with open_store(args.store) as store:
        found = store.history(item.metal, item.key, month)
    if not found:
        print(f"{item.metal}.{item.key} {month}: no revisions in the store")
        return 0
    print(f"{item.metal}.{item.key} {month} ({item.unit}): {len(found)} revision{'s' if len(found) != 1 else ''}")
    for number, revision in enumerate(found):
        if number == 0 or found[number - 1].source != revision.source:
            print(f"  source: {revision.source}")
        load = revision.load
        latest = number + 1 == len(found) or found[number + 1].source != revision.source
        print(f"    {load.loaded_at:%Y-%m-%d %H:%M:%S} UTC  {revision.value:>14.10g}  {load.file_name} row "
              f"{revision.file_row}  sha256 {load.file_digest[:12]}…  by {load.loader}"
              f"{'  (current)' if latest else ''}")
    return 0


def _cmd_init_store(args) -> int:
    from .store import migrate, open_store

    with open_store(args.store) as store:
        print(f"{store.name}: schema at revision {migrate.current_revision(store.engine)} (latest)")
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
    if result.left_out:
        print(f"  {result.left_out} figures of the workbook are not in the store and were left out")
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


def _cmd_addin(args) -> int:
    from . import install

    try:
        if args.addin_command == "install":
            report = install.install(install.locate(ask_excel=not args.no_excel), install.windows_interpreter())
        else:
            report = install.remove()
    except install.AddinInstallError as problem:
        print(f"znnial: {problem}", file=sys.stderr)
        return 2
    print("\n".join(report))
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
    build.add_argument("--vba", choices=("znnial", "xlwings"), default="znnial",
                       help="VBA project: znnial's (xlwings' with the functions' wrappers; default) or xlwings' "
                            "own unchanged, for an Excel that rejects ours (docs/windows.md)")
    refresh = commands.add_parser("refresh", help="merge month files into a workbook and rebuild it, "
                                                  "or rebuild it from a store")
    refresh.add_argument("workbook")
    refresh.add_argument("month_files", nargs="*", help="month files (optional with --store)")
    refresh.add_argument("--mapping", help="column mapping for wide (Wind/SMM) files")
    refresh.add_argument("--no-backup", action="store_true", help="do not keep WORKBOOK.bak")
    refresh.add_argument("--store", metavar="URL", help="rebuild from this store's figures instead of the "
                                                        "workbook's Data sheet (e.g. sqlite:///desk.db)")
    refresh.add_argument("--as-of", metavar="DATE", help="with --store: the figures as loaded at DATE "
                                                         "(ISO date: that whole day, UTC; or date and time)")
    refresh.add_argument("--discard-edits", action="store_true",
                         help="rebuild even if the workbook holds edits a rebuild cannot carry (an added sheet, a "
                              "changed formula): every edit is dropped, the old file is kept as WORKBOOK.bak")
    refresh.add_argument("--source-order", metavar="SMM,Antaike,…",
                         help="sources to prefer where several give the same month's figure, first wins; replaces "
                              "the list on the Data sheet (docs/data.md)")
    load = commands.add_parser("load", help="check month files and load their figures into a store")
    load.add_argument("files", nargs="+", help="month files (.csv or .xlsx)")
    load.add_argument("--store", metavar="URL", default=DEFAULT_STORE,
                      help=f"SQLAlchemy URL (default {DEFAULT_STORE}; postgresql+psycopg://user@host/db "
                           "for a team; passwords only from PGPASSWORD or ~/.pgpass)")
    load.add_argument("--mapping", help="column mapping for wide (Wind/SMM) files")
    history = commands.add_parser("history", help="list every revision of one figure in a store")
    history.add_argument("figure", help="metal.item, e.g. al.full_cost")
    history.add_argument("month", help="e.g. 2019-11")
    history.add_argument("--store", metavar="URL", default=DEFAULT_STORE, help=f"default {DEFAULT_STORE}")
    init_store = commands.add_parser("init-store", help="create or upgrade a store's tables (the database "
                                                        "owner runs this once on a server)")
    init_store.add_argument("--store", metavar="URL", default=DEFAULT_STORE, help=f"default {DEFAULT_STORE}")
    export = commands.add_parser("export", help="write a values-only copy")
    export.add_argument("--values", action="store_true", required=True)
    export.add_argument("workbook")
    export.add_argument("target")
    shots = commands.add_parser("screenshots", help="render one PNG per sheet through LibreOffice")
    shots.add_argument("--workbook", default=str(Path("workbooks") / "znnial.xlsm"))
    shots.add_argument("--out", default=str(Path("docs") / "screenshots"))
    addin = commands.add_parser("addin", help="the znnial functions in any workbook: xlwings' Excel add-in")
    addin_commands = addin.add_subparsers(dest="addin_command", required=True)
    addin_install = addin_commands.add_parser(
        "install", help="copy xlwings' add-in into Excel's XLSTART folder and add UDF Modules=udfs to the "
                        "user's xlwings.conf, keeping every setting already there")
    addin_install.add_argument("--no-excel", action="store_true", help="do not ask Excel for its XLSTART folder; "
                               r"use %%APPDATA%%\Microsoft\Excel\XLSTART, Excel's default")
    addin_commands.add_parser("remove", help="undo exactly what `znnial addin install` added")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # keep our lines in order with the progress bar on stderr
        sys.stdout.reconfigure(line_buffering=True)
    handlers = {"run": _cmd_run, "build": _cmd_build, "refresh": _cmd_refresh, "export": _cmd_export,
                "screenshots": _cmd_screenshots, "addin": _cmd_addin, "load": _cmd_load, "history": _cmd_history,
                "init-store": _cmd_init_store}
    try:
        return handlers[args.command](args)
    except (MonthFileError, WorkbookError, SpecError, StoreError) as problem:
        print(f"znnial: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

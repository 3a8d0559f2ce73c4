"""znnial on the command line: run, build, refresh, load, history, withdraw, init-store, fetch, export,
screenshots, addin."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from workbooks.errors import ZnnialError
from workbooks.monthdata.months import future_month_warnings
from workbooks.user_edits import edited_positions

from .store.url import DEFAULT_URL as DEFAULT_STORE
from .progress import counted, end_progress_line, progress_for
from .workbook_data import WorkbookError

OUT = Path("out")
DEFAULT_BUILD = Path("znnial.xlsm")  # in the current folder; the package's template only with --template


def _cmd_build(args) -> int:
    from workbooks.build import TEMPLATE, plan_workbook
    from workbooks.monthdata import read_month_files
    from workbooks.xlsx_writer import render, write_atomically

    from . import bundled, targets

    if args.template:  # the package's own template (a generated file, committed): never by default
        if args.files or args.out or args.force or args.vba != "znnial":
            raise WorkbookError("--template builds the package's template from the bundled data: drop the month "
                                "files, --out and --force")
        write_atomically(render(plan_workbook(bundled.all_observations())), TEMPLATE)
        print(f"wrote the template {TEMPLATE}")
        return 0
    target = targets.new_file(args.out or DEFAULT_BUILD, targets.MACRO_ENABLED, force=args.force,
                              what="a built workbook",
                              instead=f"to add a month to it, run `znnial refresh {args.out or DEFAULT_BUILD} "
                                      "MONTH_FILE`")
    files = args.files or [*bundled.month_files(), *bundled.price_files()]
    from workbooks.function_options import TEMPLATE
    from workbooks.vba import xlwings_vba_project  # --vba xlwings: xlwings' project unchanged, no wrappers

    project = xlwings_vba_project() if args.vba == "xlwings" else None
    options = None if args.vba == "xlwings" else TEMPLATE  # xlwings' project has no wrappers to describe
    backup = targets.replace(render(plan_workbook(read_month_files(files)), vba_project=project,
                                    function_options=options), target, "build")
    print(f"wrote {target}" + (f" (the previous one kept as {backup})" if backup else ""))
    return 0


def _cmd_refresh(args) -> int:
    from .refresh import refresh

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
                     progress=progress_for(sys.stderr), keep_backup=not args.no_backup, base=base,
                     discard_edits=args.discard_edits, source_order=order)
    _print_changes(result)
    return 0


def _store_observations(url: str, as_of: str | None):
    from .store import open_existing_store, parse_as_of

    moment = parse_as_of(as_of) if as_of is not None else None
    with open_existing_store(url) as store:  # a refresh reads: it never creates a store or its tables
        observations = store.figures(moment)
    when = f" as of {moment:%Y-%m-%d %H:%M:%S} UTC" if moment is not None else ""
    print(f"{counted(len(observations), 'figure')} from the store{when}")
    return observations


def _cmd_load(args) -> int:
    from . import bundled
    from .store import check_files, open_store

    if args.bundled == bool(args.files):
        raise SystemExit("znnial load: name month files, or --bundled for the data shipped with znnial (not both)")
    files = [*bundled.month_files(), *bundled.price_files()] if args.bundled else args.files
    checked = check_files(files, mapping=args.mapping)  # a bad file never touches the store
    _warn(future_month_warnings((o.month for f in checked for o in f.observations), dt.date.today()))
    with open_store(args.store) as store:
        for result in store.write(checked):
            print(result.describe())
    return 0


def _cmd_history(args) -> int:
    from workbooks.monthdata import lookup
    from workbooks.monthdata.months import parse_month

    from .store import open_existing_store

    metal, dot, key = args.figure.partition(".")
    if not dot:
        raise SystemExit(f"znnial history: {args.figure!r} is not metal.item (write e.g. al.full_cost 2019-11)")
    try:
        item = lookup(metal, key)
        month = parse_month(args.month)
    except (KeyError, ValueError) as problem:
        raise SystemExit(f"znnial history: {str(problem).strip(chr(39))} (write e.g. al.full_cost 2019-11)")
    with open_existing_store(args.store) as store:  # reading: never creates a store or its tables
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
        shown = (f"{'withdrawn':>14}  {load.file_name} (was {revision.value:.10g})" if revision.withdrawn else
                 f"{revision.value:>14.10g}  {load.file_name} row {revision.file_row}")
        print(f"    {load.loaded_at:%Y-%m-%d %H:%M:%S} UTC  {shown}  sha256 {load.file_digest[:12]}…  by {load.loader}"
              f"{'  (current)' if latest else ''}")
    return 0


def _fetch_day(text: str | None, option: str):
    import datetime as dt

    from .fetch import FetchError

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise FetchError(f"{option} {text!r} is not an ISO date; write e.g. 2026-11-01") from None


def _cmd_fetch(args) -> int:
    import datetime as dt

    from .fetch import default_range, fetch, parse_kinds

    start, end = default_range(dt.date.today())
    start = _fetch_day(args.start, "--from") or start
    end = _fetch_day(args.end, "--to") or end
    outcome = fetch(start, end, parse_kinds(args.what), store=args.store, folder=args.out,
                    progress=lambda text: print(f"  {text}", file=sys.stderr))
    months = f"{outcome.months[0]}…{outcome.months[-1]}" if len(outcome.months) > 1 else outcome.months[0]
    print(f"fetched {outcome.figures} figure{'s' if outcome.figures != 1 else ''} for {months} ({start}…{end})")
    print(f"  {outcome.loaded}" if outcome.loaded else f"  wrote {outcome.file}")
    return 0


def _cmd_withdraw(args) -> int:
    """`znnial withdraw WORKBOOK MONTH [ITEM…]` or `znnial withdraw --store URL MONTH [ITEM…]`."""
    from workbooks.monthdata import lookup
    from workbooks.monthdata.months import parse_month

    from .store import open_store
    from .withdraw import withdraw_from_workbook

    usage = "write e.g. `znnial withdraw znnial.xlsm 2035-06 [al.full_cost …]` or `--store URL 2035-06`"
    words = list(args.words)
    workbook = None if args.store is not None else (words.pop(0) if words else None)
    if not words:
        raise SystemExit(f"znnial withdraw: name the month to withdraw ({usage})")
    try:
        month = parse_month(words[0])
    except ValueError as problem:
        raise SystemExit(f"znnial withdraw: month {words[0]!r}: {problem} ({usage})")
    try:
        items = [lookup(*_metal_item(word)) for word in words[1:]]
    except (KeyError, ValueError) as problem:
        raise SystemExit(f"znnial withdraw: {str(problem).strip(chr(39))} ({usage})")
    pairs = [(item.metal, item.key) for item in items]
    if workbook is None:
        with open_store(args.store) as store:
            print(f"{store.name}: {store.withdraw(month, pairs).describe()}")
        return 0
    result = withdraw_from_workbook(Path(workbook), month, pairs, progress=progress_for(sys.stderr))
    print(f"{result.workbook}: withdrew {result.left_out} figure{'s' if result.left_out != 1 else ''} of {month}; "
          f"latest month {result.latest_month}; monthly sheets {', '.join(result.months)}")
    if result.edits:
        print(f"  your edits kept: {result.edits.count()}")
    if result.backup:
        print(f"  previous version kept as {result.backup}")
    return 0


def _metal_item(word: str) -> tuple[str, str]:
    metal, dot, key = word.partition(".")
    if not dot:
        raise ValueError(f"{word!r} is not metal.item")
    return metal, key


def _cmd_init_store(args) -> int:
    from .store import migrate, open_store

    with open_store(args.store) as store:
        print(f"{store.name}: schema at revision {migrate.current_revision(store.engine)} (latest)")
    return 0


def _warn(warnings) -> None:
    for warning in warnings:
        print(f"znnial: warning: {warning}", file=sys.stderr)


def _print_changes(result) -> None:
    _warn(result.warnings)
    print(f"{result.workbook}: latest month {result.latest_month}; monthly sheets {', '.join(result.months)}")
    print(f"  {counted(len(result.added), 'figure')} added, {len(result.replaced)} replaced")
    for change in result.replaced:
        print(f"  changed {change.month} {change.metal}.{change.item}: {change.old_value:g} → {change.new_value:g} "
              f"{_unit(change)}  ({change.source})")
    for change in result.added[:20]:
        print(f"  added   {change.month} {change.metal}.{change.item} = {change.new_value:g} {_unit(change)}  "
              f"({change.source})")
    if len(result.added) > 20:
        print(f"  … and {len(result.added) - 20} more")
    if result.left_out:
        print(f"  {counted(result.left_out, 'figure')} of the workbook {'is' if result.left_out == 1 else 'are'} "
              "not in the store and left out")
    if result.edits:
        print(f"  your edits kept: {result.edits.count()}")
        for sheet, what in edited_positions(result.edits):
            print(f"    '{sheet}' {what}")
    if result.backup:
        print(f"  previous version kept as {result.backup}")


def _unit(change) -> str:
    from workbooks.monthdata import lookup

    return lookup(change.metal, change.item).unit


def _cmd_export(args) -> int:
    from . import targets
    from .export import export_values

    source = targets.source_workbook(Path(args.workbook))
    targets.not_onto_source(source, Path(args.target))
    target = targets.new_file(Path(args.target), targets.VALUES_ONLY, force=args.force, what="a values copy",
                              instead="export to a new name")
    replacing = target.exists()
    export_values(source, target)
    print(f"wrote {target} (values only, no formulas or macros)"
          + (f"; the previous file kept as {target}.bak" if replacing else ""))
    return 0


def _cmd_screenshots(args) -> int:
    from .screenshots import render_screenshots

    for png in render_screenshots(Path(args.workbook), Path(args.out)):
        print(f"wrote {png}")
    return 0


def _cmd_addin(args) -> int:
    from . import install

    if args.addin_command == "install":  # AddinInstallError is a ZnnialError: main() shows it
        report = install.install(install.locate(ask_excel=not args.no_excel), install.windows_interpreter(),
                                 conda=install.conda_environment())
    else:
        report = install.remove()
    print("\n".join(report))
    return 0


def _cmd_run(args) -> int:
    """The main job: build from the report's November, refresh with its December estimates, show the plan.

    A second run finds out/znnial.xlsm (perhaps edited since) and refreshes it instead of rebuilding: the
    user's edits are kept and the old file is kept as out/znnial.xlsm.bak, as with `znnial refresh`.
    """
    from workbooks.build import TEMPLATE, plan_workbook
    from workbooks.monthdata import read_month_files
    from workbooks.xlsx_writer import write_workbook

    from . import bundled
    from .refresh import refresh
    from .summary import hedge_plan_table
    from .workbook_data import read_observations

    OUT.mkdir(exist_ok=True)
    target = OUT / "znnial.xlsm"
    november, december = bundled.month_files()[0], bundled.month_files()[1:]
    fresh = not target.exists()
    if fresh:
        write_workbook(plan_workbook(read_month_files([november, *bundled.price_files()])), target)
        print(f"built {target} from {november.name} and the bundled prices")
    else:
        print(f"{target} exists: refreshing it (your edits are kept; delete it to start from the bundled data)")
    result = refresh(target, december, progress=progress_for(sys.stderr), keep_backup=not fresh)
    _print_changes(result)
    if fresh:
        same = target.read_bytes() == TEMPLATE.read_bytes() if TEMPLATE.exists() else False
        print(f"identical to the committed template {TEMPLATE.name}: {'yes' if same else 'NO'}")
    print()
    print(f"Hedge plan at {result.latest_month} (表5 保值):")
    print(hedge_plan_table(plan_workbook(read_observations(target))))
    print()
    print(f"Open {target.resolve()} in Excel (first use: docs/windows.md).")
    return 0


def _add_fetch_parser(commands) -> None:
    fetch = commands.add_parser("fetch", help="fetch SHFE prices, spot and basis, and stocks through yesterday with "
                                              "AKShare (pip install \"znnial[data]\"): a month file, or into a store")
    fetch.add_argument("--from", dest="start", metavar="DATE", help="first day (default: the 1st of last month)")
    fetch.add_argument("--to", dest="end", metavar="DATE", help="last day (default: yesterday)")
    fetch.add_argument("--what", metavar="prices,spot,stocks", help="which series (default: all three)")
    fetch_target = fetch.add_mutually_exclusive_group()
    fetch_target.add_argument("--store", metavar="URL", help="load the figures into this store, one transaction")
    fetch_target.add_argument("--out", type=Path, help="folder for the month file (default: the current folder)")


def _add_store_parsers(commands) -> None:
    """The commands that read or write a desk's store (docs/store.md): load, history, withdraw, init-store."""
    load = commands.add_parser("load", help="check month files and load their figures into a store")
    load.add_argument("files", nargs="*", help="month files (.csv or .xlsx)")
    load.add_argument("--bundled", action="store_true", help="load the data shipped with znnial (the report's "
                                                             "months and the public monthly prices)")
    load.add_argument("--store", metavar="URL", default=DEFAULT_STORE,
                      help=f"SQLAlchemy URL (default {DEFAULT_STORE}; postgresql+psycopg://user@host/db "
                           "for a team; passwords only from PGPASSWORD or ~/.pgpass)")
    load.add_argument("--mapping", help="column mapping for wide (Wind/SMM) files")
    history = commands.add_parser("history", help="list every revision of one figure in a store")
    history.add_argument("figure", help="metal.item, e.g. al.full_cost")
    history.add_argument("month", help="e.g. 2019-11")
    history.add_argument("--store", metavar="URL", default=DEFAULT_STORE, help=f"default {DEFAULT_STORE}")
    withdraw = commands.add_parser("withdraw", help="withdraw a month, or some of its figures, from a workbook "
                                                    "(rebuilt keeping your edits) or a store (as a revision)",
                                   usage="znnial withdraw (WORKBOOK | --store URL) MONTH [ITEM …]")
    withdraw.add_argument("words", nargs="*", metavar="WORKBOOK MONTH ITEM",
                          help="the workbook (unless --store), the month (e.g. 2035-06), items as metal.item "
                               "(default: every figure of the month)")
    withdraw.add_argument("--store", metavar="URL", help="withdraw in this store instead of a workbook")
    init_store = commands.add_parser("init-store", help="create or upgrade a store's tables (the database "
                                                        "owner runs this once on a server)")
    init_store.add_argument("--store", metavar="URL", default=DEFAULT_STORE, help=f"default {DEFAULT_STORE}")


def _parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per job (README.md, Command line)."""
    parser = argparse.ArgumentParser(prog="znnial", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="build from the bundled data, refresh with December, print the hedge plan")
    build = commands.add_parser("build", help="build the template workbook from month files")
    build.add_argument("files", nargs="*", type=Path, help="month files (default: the bundled data)")
    build.add_argument("--out", type=Path, help=f"target .xlsm (default: {DEFAULT_BUILD} in the current folder)")
    build.add_argument("--force", action="store_true", help="replace an existing workbook (kept as WORKBOOK.bak)")
    build.add_argument("--template", action="store_true", help="developers: regenerate the package's template "
                       "workbooks/znnial.xlsm from the bundled data")
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
    _add_store_parsers(commands)
    _add_fetch_parser(commands)
    export = commands.add_parser("export", help="write a values-only copy")
    export.add_argument("--values", action="store_true", required=True)
    export.add_argument("workbook")
    export.add_argument("target", help="the copy, a new .xlsx")
    export.add_argument("--force", action="store_true", help="replace an existing copy (kept as COPY.bak)")
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
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # keep our lines in order with the progress bar on stderr
        sys.stdout.reconfigure(line_buffering=True)
    handlers = {"run": _cmd_run, "build": _cmd_build, "refresh": _cmd_refresh, "export": _cmd_export,
                "screenshots": _cmd_screenshots, "addin": _cmd_addin, "load": _cmd_load, "history": _cmd_history,
                "init-store": _cmd_init_store, "fetch": _cmd_fetch, "withdraw": _cmd_withdraw}
    try:
        return handlers[args.command](args)
    except ZnnialError as problem:
        return _fail(str(problem))
    except OSError as problem:  # a file the checks could not foresee (a full disk, a folder without access)
        where = f"{problem.filename}: " if problem.filename else ""
        return _fail(f"{where}{problem.strerror or problem}. Nothing was changed.")


def _fail(message: str) -> int:
    end_progress_line(sys.stderr)  # the message on its own line, not after a progress bar
    print(f"znnial: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""The Refresh button: the month's workbook made by the headless refresh from a copy of the open book.

The button writes no cell into the open workbook (issue 17 lets it choose this design: an in-place writer
through COM could not be made to agree with `znnial refresh`). It makes the analyst's monthly copy:

1. `Workbook.SaveCopyAs` saves the open book's in-memory state, unsaved edits included, to a temporary
   file and leaves the open book as it is (learn.microsoft.com/office/vba/api/excel.workbook.savecopyas);
2. the settings are read from that copy without Excel (the store and Wind mapping on the xlwings.conf
   sheet, the month file typed on the Guide); only when neither a month file nor a store is named does it
   ask, through `Application.GetOpenFilename` (False when cancelled);
3. `addin.refresh.refresh` — what `znnial refresh` runs: the same plan, edit rule and merge — rebuilds the
   copy, so the result is the command line's cell for cell;
4. the result is moved beside the open book as `<name> <latest month>.xlsm` (never over a file) and
   opened with `Workbooks.Open`.

On any failure nothing is written beside the book, the temporary files go, the status bar is given back
to Excel, and one message names what failed. COM calls: Workbooks(name) and Hwnd (xlwings' Book.caller),
FullName, SaveCopyAs, GetOpenFilename, StatusBar, Workbooks.Open, and xlwings' alert.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from workbooks.errors import ZnnialError
from workbooks.sheets import conf
from workbooks.sheets.guide import MONTH_FILE_NAME

from .refresh import RefreshResult, refresh
from .workbook_data import WorkbookError

FILE_FILTER = "Month files (*.csv;*.xlsx),*.csv;*.xlsx"
TRAILING_MONTH = re.compile(r"[\s_-]*\d{4}[-_]\d{2}$")  # "znnial 2020-01" and "znnial_2020_01" → "znnial"


@dataclass(frozen=True)
class ButtonSettings:
    """What the button reads from the workbook: each is None when its cell is blank or absent."""

    store_url: str | None
    month_file: Path | None
    mapping: Path | None
    fetch: str | None = None  # the `znnial fetch` key: blank is off (addin.fetch.fetch_for_refresh)


def _text(value) -> str | None:
    text = "" if value is None else str(value).strip().strip('"').strip()
    return text or None


def _path_beside(text: str | None, book_folder: Path) -> Path | None:
    """A path typed into the workbook; a relative one is taken from the workbook's folder."""
    return None if text is None else book_folder / Path(text)


def read_settings(copy: Path, book_folder: Path) -> ButtonSettings:
    """The store URL and mapping (keys in column A of the xlwings.conf sheet, from A1 down to the first blank,
    as xlwings reads it) and the month file typed on the Guide (its defined name), from the saved copy."""
    book = openpyxl.load_workbook(copy, read_only=True, data_only=True, keep_links=False)
    try:
        keys: dict[str, str | None] = {}
        if conf.SHEET in book.sheetnames:
            for key, value, *_ in book[conf.SHEET].iter_rows(max_col=2, values_only=True):
                if _text(key) is None:
                    break
                keys[str(key).strip().casefold()] = _text(value)
        month_file = None
        if MONTH_FILE_NAME in book.defined_names:
            (sheet, ref), = book.defined_names[MONTH_FILE_NAME].destinations
            month_file = _text(book[sheet][ref.replace("$", "")].value)
    finally:
        book.close()
    return ButtonSettings(keys.get(conf.STORE_KEY), _path_beside(month_file, book_folder),
                          _path_beside(keys.get(conf.MAPPING_KEY), book_folder), keys.get(conf.FETCH_KEY))


def monthly_copy_name(book: Path, latest_month: str | None) -> str:
    stem = TRAILING_MONTH.sub("", book.stem) or book.stem
    return f"{stem} {latest_month}.xlsm" if latest_month else f"{stem}.xlsm"


def place_beside(result: Path, folder: Path, name: str) -> Path:
    """Move the refreshed file into `folder` under `name`, or `name (2)`, `(3)`…: never over a file."""
    part = Path(tempfile.mkstemp(dir=folder, prefix=".znnial-button-", suffix=".part")[1])
    try:
        shutil.copyfile(result, part)
        stem, suffix = name.rsplit(".", 1)
        for n in range(1, 1000):
            target = folder / (name if n == 1 else f"{stem} ({n}).{suffix}")
            try:
                if os.name == "nt":
                    os.rename(part, target)  # Windows refuses to rename onto an existing file
                else:
                    os.link(part, target)  # refuses an existing target; `part` is removed below
                return target
            except FileExistsError:
                continue
        raise WorkbookError(f"{folder}: {name} and 998 numbered copies of it exist; move some away")
    finally:
        part.unlink(missing_ok=True)


def _status(app):
    return lambda step, total, what: setattr(app, "status_bar", f"znnial: {what} ({step}/{total})")


def _store_figures(url: str, app):
    from .store import open_existing_store

    app.status_bar = "znnial: reading the store"
    with open_existing_store(url, where=f"the '{conf.SHEET}' sheet") as store:  # reads; never creates one
        return store.figures(), f"store {store.name}"


def _fetched(settings: ButtonSettings, work: Path, app) -> list[Path]:
    """Fetch through yesterday first when the conf sheet asks (into the store when one is named, else a month
    file in the temporary folder); AKShare is imported only then (docs/data.md, "Fetched data")."""
    if settings.fetch is None:
        return []
    from .fetch import fetch_for_refresh

    return fetch_for_refresh(settings.fetch, settings.store_url, folder=work,
                             progress=lambda text: setattr(app, "status_bar", f"znnial: {text}"))


def make_monthly_copy(book, work: Path) -> str | None:
    """The button's work inside the temporary folder `work`; the message to show, or None when cancelled."""
    app = book.app
    original = Path(book.fullname)
    if not original.parent.is_dir():
        raise WorkbookError(f"{book.name} has not been saved yet: save it, then press Refresh")
    copy = work / original.name
    app.status_bar = f"znnial: copying {original.name}"
    try:
        book.api.SaveCopyAs(str(copy))
    except Exception as problem:  # pywintypes.com_error: a full disk, a path Excel cannot write
        raise WorkbookError(f"Excel could not save a copy of {original.name} ({problem})") from None
    settings = read_settings(copy, original.parent)
    fetched = _fetched(settings, work, app)
    month_file = settings.month_file
    if month_file is None and settings.store_url is None and not fetched:
        chosen = app.api.GetOpenFilename(FILE_FILTER)
        if not chosen:
            return None  # the user cancelled the file dialog
        month_file = Path(chosen)
    if settings.store_url is not None:
        base, source = _store_figures(settings.store_url, app)
    else:
        named = ([month_file.name] if month_file is not None else []) + (["fetched data"] if fetched else [])
        base, source = None, " and ".join(named)
    result = refresh(copy, ([month_file] if month_file else []) + fetched, mapping=settings.mapping,
                     progress=_status(app),
                     keep_backup=False, base=base)
    target = place_beside(copy, original.parent, monthly_copy_name(original, result.latest_month))
    try:
        app.books.open(str(target))
    except Exception as problem:  # Excel refused to open it: take it away again, nothing stays beside the book
        target.unlink(missing_ok=True)
        raise WorkbookError(f"{target.name} could not be opened in Excel ({problem}); nothing was saved") from None
    return _message(result, source, original, target)


def _message(result: RefreshResult, source: str, original: Path, target: Path) -> str:
    left_out = (f" {result.left_out} figures of the workbook are not in {source} and were left out."
                if result.left_out else "")
    return (f"{source}: {len(result.added)} figures added, {len(result.replaced)} replaced. Latest month "
            f"{result.latest_month}.{left_out} Saved as {target.name} beside {original.name} and opened; "
            f"{original.name} is unchanged.")


def refresh_from_button() -> None:
    """What the Refresh button runs (znnial.py): one message, the status bar always given back."""
    import xlwings as xw

    book = xw.Book.caller()
    app = book.app
    work = Path(tempfile.mkdtemp(prefix="znnial-refresh-"))  # per process: two buttons never share it
    try:
        message = make_monthly_copy(book, work)
    except (ZnnialError, OSError) as problem:  # every refusal (workbooks/errors.py), or an unreadable file
        app.alert(str(problem), title="znnial: nothing was changed")
        return
    except Exception as problem:  # a fault of znnial's own: one message still, not xlwings' traceback dialog
        app.alert(f"znnial could not refresh ({type(problem).__name__}: {problem}). Nothing was changed: this "
                  "workbook is as it was and no copy was saved beside it. Please report this message with the "
                  "month file.", title="znnial: nothing was changed")
        return
    finally:
        app.status_bar = False
        shutil.rmtree(work, ignore_errors=True)
    if message:
        app.alert(message, title="znnial: refreshed")

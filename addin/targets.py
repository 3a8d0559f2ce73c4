"""What a command may write where: the checks that keep `build` and `export` from destroying a file.

Each check raises WorkbookError naming the file and what to do, before anything is computed or written:
a workbook that exists is replaced only with `--force` (and then kept as NAME.bak, under the
workbook's lock: addin/workbook_lock.py); a copy is never written onto its source; the extension says
what the file holds (.xlsm: macros, what `build` and `refresh` write; .xlsx: none, what
`export --values` writes), because Excel refuses to open a file whose extension does not match.
"""

from __future__ import annotations

from pathlib import Path

from workbooks.atomic_file import write_atomically

from .workbook_data import WorkbookError
from .workbook_lock import holding

MACRO_ENABLED, VALUES_ONLY = ".xlsm", ".xlsx"


def source_workbook(path: Path) -> Path:
    """A workbook a command reads: it must exist and be a file."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError(f"{path}: no such workbook. Nothing was written.")
    if not path.is_file():
        raise WorkbookError(f"{path}: is a folder, not a workbook. Nothing was written.")
    return path


def new_file(target: Path, suffix: str, *, force: bool, what: str, instead: str) -> Path:
    """Check a file a command is about to write: its folder exists, its extension is `suffix`, and it either
    does not exist or `force` replaces it. `what` names the file's kind, `instead` the command that updates
    an existing one without replacing it."""
    target = Path(target)
    if target.is_dir():
        raise WorkbookError(f"{target}: is a folder; name the file to write in it. Nothing was written.")
    if target.suffix.lower() != suffix:
        kind = "macros (Excel opens it only as .xlsm)" if suffix == MACRO_ENABLED else "no macros (.xlsx)"
        raise WorkbookError(f"{target}: {what} holds {kind}; name it {target.with_suffix(suffix).name}. "
                            "Nothing was written.")
    if not target.parent.is_dir():
        raise WorkbookError(f"{target}: the folder {target.parent} does not exist; create it first "
                            f"(mkdir {target.parent}). Nothing was written.")
    if target.exists() and not force:
        raise WorkbookError(f"{target} exists and may hold your work: {instead}, choose another name, or add "
                            f"--force to replace it (the old file is kept as {target.name}.bak). Nothing was "
                            "written.")
    return target


def not_onto_source(source: Path, target: Path) -> None:
    if Path(target).exists() and Path(source).resolve() == Path(target).resolve():
        raise WorkbookError(f"{target} is the workbook being copied: name a new file for the copy (e.g. "
                            f"{Path(source).stem}-values{VALUES_ONLY}). Nothing was written.")


def replace(data: bytes, target: Path, doing: str) -> Path | None:
    """Write `data` to target; an existing target is kept as NAME.bak first, both under its lock. Returns the
    backup's path, or None when there was no file to keep."""
    target = Path(target)
    if not target.exists():
        write_atomically(data, target)
        return None
    backup = target.with_name(target.name + ".bak")
    with holding(target, doing):
        write_atomically(target.read_bytes(), backup)
        write_atomically(data, target)
    return backup

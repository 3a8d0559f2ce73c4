"""What a user sees: each sheet rendered by LibreOffice (values-only copy → PDF → one PNG per sheet).

Beside the pictures, MANIFEST.json records for each PNG the digest of what its sheet shows
(`shown_digest`) and the digest of the PNG's bytes, so a test without LibreOffice can tell
when a committed picture no longer shows the committed workbook (tests/test_screenshots.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from workbooks.plan import SheetPlan, WorkbookPlan
from workbooks.sheets.conf import SHEET as CONF_SHEET
from workbooks.xlsx_writer import render, write_atomically

from .export import values_plan

MANIFEST = "MANIFEST.json"

# LibreOffice shows #NAME? for functions it does not know, so the picture is taken of the values copy.


def _picture(sheet: SheetPlan) -> str:
    """The picture name the sheet declares with itself (SheetSpec.picture, SheetPlan.picture)."""
    if not sheet.picture:
        raise ValueError(f"sheet {sheet.name!r} declares no picture name (SheetPlan.picture): its screenshot "
                         "would have none")
    return sheet.picture


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")


def to_pdf(workbook: Path, out_dir: Path) -> Path:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(workbook)], check=True, capture_output=True, timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / (workbook.stem + ".pdf")


def _first_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=120).stdout
    return [(page.strip().splitlines() or [""])[0].split("  ")[0].strip() for page in text.split("\f")[:-1]]


def _titles(workbook: Path, sheets: list[str]) -> list[str]:
    book = CalamineWorkbook.from_path(str(workbook))
    return [str(book.get_sheet_by_name(name).to_python()[0][0]).split("  ")[0].strip() for name in sheets]


def pictures(plan: WorkbookPlan) -> list[tuple[str, SheetPlan]]:
    """(PNG file name, sheet) for every sheet of the values-only copy, in workbook order."""
    sheets = [sheet for sheet in plan.sheets if sheet.name != CONF_SHEET]  # the copy leaves it out (xlsx_writer)
    return [(f"{index:02d}-{_picture(sheet)}.png", sheet) for index, sheet in enumerate(sheets, start=1)]


def shown_digest(plan: WorkbookPlan, sheet: SheetPlan) -> str:
    """sha256 of what the picture of `sheet` shows: the sheet alone, written as in the values-only copy.

    Every part of that one-sheet file is hashed except docProps/ (file properties: the latest month
    and the content digest of the whole workbook), so the digest changes with the sheet's values,
    number formats, styles, widths, charts, colour scales and print settings — and with nothing on
    another sheet. A new XlsxWriter may write the same sheet differently: then `make screenshots` once.
    """
    alone = dataclasses.replace(plan, sheets=[sheet], names={}, active_sheet=None)
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(render(alone, values_only=True))) as book:
        for name in sorted(book.namelist()):
            if not name.startswith("docProps/"):
                digest.update(name.encode("utf-8") + b"\0" + book.read(name) + b"\0")
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """PNG file name -> {"sheet", "shown", "png"} as `render_screenshots` recorded them; {} without one."""
    path = out_dir / MANIFEST
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["pictures"]


def _write_manifest(out_dir: Path, plan: WorkbookPlan, written: list[Path]) -> None:
    sheets = dict(pictures(plan))
    entries = {png.name: {"sheet": sheets[png.name].name, "shown": shown_digest(plan, sheets[png.name]),
                          "png": hashlib.sha256(png.read_bytes()).hexdigest()} for png in written}
    text = json.dumps({"about": "written by `make screenshots` (addin/screenshots.py): for each picture, the "
                                "sha256 of what its sheet shows and of the PNG; tests/test_screenshots.py checks both",
                       "pictures": entries}, ensure_ascii=False, indent=2, sort_keys=True)
    (out_dir / MANIFEST).write_text(text + "\n", encoding="utf-8")


def render_screenshots(workbook: Path, out_dir: Path, resolution: int = 100) -> list[Path]:
    """One PNG per sheet of the values-only copy of `workbook` into `out_dir`, and their MANIFEST.json.

    Pictures an earlier run recorded in the manifest that no sheet gives any more are removed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = values_plan(workbook)
    named = pictures(plan)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        values = write_atomically(render(plan, values_only=True), work / "znnial-values.xlsx")
        sheets = CalamineWorkbook.from_path(str(values)).sheet_names
        if sheets != [sheet.name for _, sheet in named]:
            raise RuntimeError(f"the values-only copy has sheets {sheets}, the plan {[s.name for _, s in named]}")
        pdf = to_pdf(values, work)
        firsts = _first_lines(pdf)
        titles = _titles(values, sheets)
        starts = []
        for page, first in enumerate(firsts, start=1):
            if len(starts) < len(sheets) and first.startswith(titles[len(starts)]):
                starts.append(page)
        if len(starts) != len(sheets):
            raise RuntimeError(f"found the first page of {len(starts)} of {len(sheets)} sheets in the PDF")
        written = []
        for (png, _), page in zip(named, starts):
            target = out_dir / png
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(target.with_suffix(""))], check=True, timeout=120)
            written.append(target)
    for gone in set(read_manifest(out_dir)) - {png.name for png in written}:
        if Path(gone).name == gone and gone.endswith(".png"):  # only a picture of this folder
            (out_dir / gone).unlink(missing_ok=True)
    _write_manifest(out_dir, plan, written)
    return written

"""What a user sees: each sheet rendered by LibreOffice (values-only copy → PDF → one PNG per sheet)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from .export import export_values

# LibreOffice shows #NAME? for functions it does not know, so the picture is taken of the values copy.


SLUGS = {"说明 Guide": "guide", "表1 产量": "table1-production", "表2 锌": "table2-zinc", "表3 镍": "table3-nickel",
         "表4 铝": "table4-aluminium", "表5 保值": "table5-hedge-plan", "价差": "spreads-carry",
         "表6 情景": "table6-scenarios", "回测": "backtest", "日线回测": "daily-backtest", "历史 History": "history", "数据 Data": "data"}


def _slug(name: str) -> str:
    if name in SLUGS:
        return SLUGS[name]
    ascii_part = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    return ascii_part or re.sub(r"\W+", "", name)


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


def render_screenshots(workbook: Path, out_dir: Path, resolution: int = 100) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        values = export_values(workbook, work / "znnial-values.xlsx")
        sheets = CalamineWorkbook.from_path(str(values)).sheet_names
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
        for index, (sheet, page) in enumerate(zip(sheets, starts), start=1):
            target = out_dir / f"{index:02d}-{_slug(sheet)}.png"
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(target.with_suffix(""))], check=True, timeout=120)
            written.append(target)
        return written

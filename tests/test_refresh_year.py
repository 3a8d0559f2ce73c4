"""A year of monthly refreshes the way an analyst works (issue 12), in one test.

From the committed template: twelve month files for 2020, each from two sources, refreshed
alternately on the command line and with the Refresh button (xlwings' own Windows engine over the Excel
fake, doubles/excel_com.py), with the user editing between months, one revision of an earlier month,
one bad file, and one LibreOffice save. After every step (the button's monthly copy kept under the old
name) the workbook is exactly a fresh build
from the same data and the same edits (but for the VBA project it keeps), nothing the user typed is lost, and the aluminium hedge
zones (表5) follow the month's full cost from the winning source.

Survey figures here are MADE UP for this test (sources "TEST-SMM (made up)" and "TEST-Antaike
(made up)"); the prices are the bundled 2020 SHFE/LME series (workbooks/data/prices).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from oletools import olevba
from openpyxl.worksheet.formula import ArrayFormula
from python_calamine import CalamineWorkbook

from addin import bundled
from addin.cli import main as cli
from doubles.excel_button import open_in_excel, press_refresh, xl
from workbooks.build import TEMPLATE, plan_workbook
from workbooks.monthdata import merge, read_month_files
from workbooks.sheets.data import SHEET as DATA_SHEET, order_as_edits, source_order_key
from workbooks.user_edits import Formula, UserEdits
from workbooks.vba_wrappers import module_source
from workbooks.xlsx_writer import render

pytestmark = pytest.mark.slow

SMM, ANTAIKE = "TEST-SMM (made up)", "TEST-Antaike (made up)"
NOTE = "made up for tests/test_refresh_year.py, not data"
MONTHS = [f"2020-{m:02d}" for m in range(1, 13)]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEDGE, ALUMINIUM = "表5 保值", "表4 铝"


def smm_cost(month: str) -> int:
    """Made up: SMM's aluminium full cost, 13,000 CNY/t + 50 a month (a multiple of the 5 CNY/t tick)."""
    return 13000 + 50 * int(month[5:])


def antaike_cost(month: str) -> int:
    """Made up: Antaike's, 200 CNY/t above SMM's."""
    return smm_cost(month) + 200


SMM_SILENT = "2020-11"  # SMM's file gives no full cost this month (Antaike's is then used, whatever the order)
ANTAIKE_SILENT = "2020-10"  # Antaike's gives none this month


def write_month(folder: Path, month: str, smm_full_cost: int | None = None, name: str | None = None) -> Path:
    """One month file: both sources' made-up survey rows and the bundled prices of that month."""
    i = int(month[5:])
    rows = []
    if month != SMM_SILENT:
        rows.append((month, "al", "full_cost", smm_full_cost or smm_cost(month), "CNY/t", SMM))
    rows += [(month, "al", "spot_price", 14000 + 40 * i, "CNY/t", SMM),
             (month, "al", "primary_output", 300 + i, "10kt", SMM),
             (month, "zn", "refined_output", 50 + i / 2, "10kt", SMM)]
    if month != ANTAIKE_SILENT:
        rows.append((month, "al", "full_cost", antaike_cost(month), "CNY/t", ANTAIKE))
    rows.append((month, "al", "alumina_cost", 2400 + 10 * i, "CNY/t", ANTAIKE))  # Antaike only
    path = folder / (name or f"{month}.csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["month", "metal", "item", "value", "unit", "source", "note"])
        out.writerows(row + (NOTE,) for row in rows)
        for obs in PRICES_2020:
            if obs.month == month:
                out.writerow([obs.month, obs.metal, obs.item, obs.value, obs.unit, obs.source, "bundled series"])
    return path


PRICES_2020 = [o for o in read_month_files(bundled.price_files()) if o.month.startswith("2020")]


# --------------------------------------------------------------------------- the user's applications


def libreoffice_save(path: Path, folder: Path) -> None:
    """Open and save the workbook in LibreOffice (as tests/test_workbook_libreoffice.py runs it)."""
    out = folder / "libreoffice"
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "xlsm", "--outdir", str(out), str(path)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    shutil.copyfile(out / path.name, path)


def type_into_file(path: Path, sheet: str, row: int, col: int, value) -> None:
    """A user's edit saved by openpyxl (0-based row and column): every cached value is dropped."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[sheet].cell(row + 1, col + 1, value)
    book.save(path)


# --------------------------------------------------------------------------- what the workbook must be


def position_of(plan, sheet: str, key: str) -> tuple[int, int]:
    return next((c.row, c.col) for c in plan.sheet(sheet).cells if c.key == key or c.name == key)


def file_values(path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def value_at(values: dict[str, list[list]], sheet: str, row: int, col: int):
    rows = values[sheet]
    return rows[row][col] if row < len(rows) and col < len(rows[row]) else ""


class Year:
    """The test's own record of what the user did: data accepted so far and the edits typed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.workbook = folder / "znnial.xlsm"
        shutil.copyfile(TEMPLATE, self.workbook)
        self.observations = bundled.all_observations()
        self.edits = UserEdits()

    def accept(self, *files: Path) -> None:
        self.observations, _ = merge(self.observations, read_month_files(list(files)))

    def assume(self, sheet: str, key: str, value) -> None:
        self.edits.assumptions.setdefault(sheet, {})[key] = value

    def note(self, sheet: str, row: int, col: int, content) -> None:
        self.edits.cells.setdefault(sheet, {})[(row, col)] = content

    def plan(self):
        return plan_workbook(self.observations, self.edits)


def zip_parts(data: bytes) -> dict[str, bytes]:
    """A workbook's parts, byte for byte. Not the zip's own bytes: its host-system field follows sys.platform
    (zipfile writes 0 under "win32", which the button's run as on Windows sets; doubles/win32_stubs.py)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def check_file(year: Year, month: str, cost: int, source: str) -> None:
    """After a command-line step: the file is the fresh build, byte for byte, and shows the month.

    All but its VBA project: a refresh keeps the workbook's own (LibreOffice rewrites it when it saves the file
    in March), with the functions' wrappers current.
    """
    plan = year.plan()
    ours, fresh = zip_parts(year.workbook.read_bytes()), zip_parts(render(plan))
    assert list(ours) == list(fresh), month
    for name in fresh:
        if name != "xl/vbaProject.bin":
            assert ours[name] == fresh[name], f"{month}: {name} is not the fresh build's"
    project = olevba.VBA_Parser("vbaProject.bin", data=ours["xl/vbaProject.bin"])
    assert {n: c for _, _, n, c in project.extract_macros()}["xlwings_udfs.bas"] == module_source(), month
    values = file_values(year.workbook)
    for sheet, cells in year.edits.cells.items():  # what the user typed beside the tables is there
        for (row, col), content in cells.items():
            if not isinstance(content, Formula):
                assert value_at(values, sheet, row, col) == content
    for sheet, keys in year.edits.assumptions.items():
        for key, value in keys.items():
            assert value_at(values, sheet, *position_of(plan, sheet, key)) == value
    check_zones(plan, month, cost, source, lambda sheet, row, col: value_at(values, sheet, row, col))


def check_zones(plan, month: str, cost: int, source: str, shown) -> None:
    """The aluminium zones are the month's winning full cost + the 表5 margins 1,415 / 1,615 / 415."""
    assert plan.latest_month == month
    assert shown(HEDGE, *position_of(plan, HEDGE, "out_al_sell_low")) == cost + 1415
    assert shown(HEDGE, *position_of(plan, HEDGE, "out_al_sell_high")) == cost + 1615
    assert shown(HEDGE, *position_of(plan, HEDGE, "out_al_cover_below")) == cost + 415
    row, col = position_of(plan, ALUMINIUM, "in_al_full_cost")
    assert shown(ALUMINIUM, row, col) == cost
    assert shown(ALUMINIUM, row, col + 2) == month and shown(ALUMINIUM, row, col + 3) == source  # as of, source


def refresh_cli(year: Year, *files: Path, options=()) -> None:
    assert cli(["refresh", str(year.workbook), *map(str, files), *options]) == 0


def refresh_in_excel(year: Year, month_file: Path, edit=None) -> str:
    """Open the workbook in Excel (the fake under xlwings, doubles/excel_com.py), let `edit` type into it, press
    Refresh and choose `month_file`; the analyst then keeps the new month's workbook under the old name."""
    app, book = open_in_excel(year.workbook)
    if edit:
        edit(xl(book))
    title, message = press_refresh(app, book, answer=month_file)
    assert title == "znnial: refreshed", message
    made, = year.folder.glob("znnial 20*.xlsm")
    os.replace(made, year.workbook)
    return message


# --------------------------------------------------------------------------- the year


def test_a_year_of_monthly_refreshes(tmp_path, capsys):
    year = Year(tmp_path)
    files = {m: write_month(tmp_path, m) for m in MONTHS}
    template = plan_workbook(year.observations)
    anode = position_of(template, ALUMINIUM, "al.anode_price")
    zn_exposure = position_of(template, HEDGE, "zn.exposure_t")

    # January, command line. No order names the TEST sources: the two rank A to Z, Antaike first.
    refresh_cli(year, files["2020-01"])
    year.accept(files["2020-01"])
    check_file(year, "2020-01", antaike_cost("2020-01"), ANTAIKE)

    # The user changes an assumption (表4 prebaked anode 3,000 → 3,200) and writes a note beside 表4,
    # saved by openpyxl (no cached values at all).
    type_into_file(year.workbook, ALUMINIUM, *anode, 3200)
    year.assume(ALUMINIUM, "al.anode_price", 3200)
    type_into_file(year.workbook, ALUMINIUM, 2, 7, "anode quote from our supplier, Jan")
    year.note(ALUMINIUM, 2, 7, "anode quote from our supplier, Jan")

    # February, Refresh button in Excel.
    assert refresh_in_excel(year, files["2020-02"]).startswith("2020-02.csv: ")
    year.accept(files["2020-02"])
    check_file(year, "2020-02", antaike_cost("2020-02"), ANTAIKE)

    # March, command line, with the user's source order: SMM first from now on (kept on the Data sheet).
    refresh_cli(year, files["2020-03"], options=["--source-order", "TEST-SMM,TEST-Antaike"])
    year.accept(files["2020-03"])
    for key, value in order_as_edits(["TEST-SMM", "TEST-Antaike"]).items():
        year.assume(DATA_SHEET, key, value)
    check_file(year, "2020-03", smm_cost("2020-03"), SMM)
    values = file_values(year.workbook)
    # alumina cost comes from Antaike alone: used although SMM ranks first (SMM is silent on it)
    row, col = position_of(year.plan(), ALUMINIUM, "in_al_alumina_cost")
    assert value_at(values, ALUMINIUM, row, col) == 2400 + 10 * 3
    assert value_at(values, ALUMINIUM, row, col + 3) == ANTAIKE

    # April, Excel: the user types an exposure on 表5 (zinc 5,000 → 8,000 t), then refreshes.
    def type_exposure(book):  # not saved: the button takes it from Excel's memory (SaveCopyAs)
        book.sheets[HEDGE].range((zn_exposure[0] + 1, zn_exposure[1] + 1)).value = 8000

    refresh_in_excel(year, files["2020-04"], edit=type_exposure)
    year.assume(HEDGE, "zn.exposure_t", 8000)
    year.accept(files["2020-04"])
    check_file(year, "2020-04", smm_cost("2020-04"), SMM)
    lots = {c.name: c.value for c in year.plan().sheet(HEDGE).cells if c.name}
    assert lots["out_zn_lots"] == 800  # 8,000 t × ratio 0.5 / 5 t a lot

    # May, command line; then the user opens and saves the workbook in LibreOffice.
    refresh_cli(year, files["2020-05"])
    year.accept(files["2020-05"])
    check_file(year, "2020-05", smm_cost("2020-05"), SMM)
    if SOFFICE:
        libreoffice_save(year.workbook, tmp_path)
        assert year.workbook.read_bytes() != render(year.plan())  # LibreOffice wrote its own file

    # June, command line: June, and SMM's revised March (full cost 13,150 → 13,175).
    revised = write_month(tmp_path, "2020-03", smm_full_cost=smm_cost("2020-03") + 25, name="2020-03-revised.csv")
    capsys.readouterr()
    refresh_cli(year, files["2020-06"], revised)
    assert f"changed 2020-03 al.full_cost: 13150 → 13175 CNY/t  ({SMM})" in capsys.readouterr().out  # with its unit (issue 19)
    year.accept(files["2020-06"], revised)
    check_file(year, "2020-06", smm_cost("2020-06"), SMM)
    march = year.plan().sheet("2020-03")
    assert any(c.value == 13175 for c in march.cells)  # the month's own sheet shows the revision

    # July: a bad file first (a full cost of 1,308.5: a slipped decimal point), refused, nothing written.
    bad = tmp_path / "2020-07-bad.csv"
    bad.write_text(f"month,metal,item,value,unit,source\n2020-07,al,full_cost,1308.5,CNY/t,{SMM}\n", encoding="utf-8")
    before = year.workbook.read_bytes()
    backup = (tmp_path / "znnial.xlsm.bak").read_bytes()
    capsys.readouterr()
    assert cli(["refresh", str(year.workbook), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "2020-07-bad.csv" in err and "full_cost" in err and "1308.5" in err
    assert year.workbook.read_bytes() == before and (tmp_path / "znnial.xlsm.bak").read_bytes() == backup
    # then the good July file, in Excel
    refresh_in_excel(year, files["2020-07"])
    year.accept(files["2020-07"])
    check_file(year, "2020-07", smm_cost("2020-07"), SMM)

    # August, command line, putting Antaike first (a source order typed over the Data sheet's list is refused
    # by both refreshes while 表4 and the month sheets hold literal copies of the winning figure: issue 19's
    # "one copy of each figure"); then the user notes a number beside 表5 (openpyxl saves).
    refresh_cli(year, files["2020-08"], options=["--source-order", "TEST-Antaike,TEST-SMM"])
    year.accept(files["2020-08"])
    year.assume(DATA_SHEET, source_order_key(0), "TEST-Antaike")
    year.assume(DATA_SHEET, source_order_key(1), "TEST-SMM")
    check_file(year, "2020-08", antaike_cost("2020-08"), ANTAIKE)
    type_into_file(year.workbook, HEDGE, 4, 8, 42)
    year.note(HEDGE, 4, 8, 42)

    # September, Excel: Antaike's figure wins now.
    refresh_in_excel(year, files["2020-09"])
    year.accept(files["2020-09"])
    check_file(year, "2020-09", antaike_cost("2020-09"), ANTAIKE)

    # October, command line: Antaike is silent on the full cost, so SMM's is used.
    refresh_cli(year, files["2020-10"])
    year.accept(files["2020-10"])
    check_file(year, "2020-10", smm_cost("2020-10"), SMM)

    # November, Excel: SMM is silent, Antaike ranks first anyway.
    refresh_in_excel(year, files["2020-11"])
    year.accept(files["2020-11"])
    check_file(year, "2020-11", antaike_cost("2020-11"), ANTAIKE)

    # December, command line: the year is complete.
    refresh_cli(year, files["2020-12"])
    year.accept(files["2020-12"])
    check_file(year, "2020-12", antaike_cost("2020-12"), ANTAIKE)
    months = [s.name for s in year.plan().sheets if s.month_sheet]
    assert months == ["2019-11", "2019-12", *MONTHS]

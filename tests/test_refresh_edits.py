"""What the user typed is carried by a refresh, whichever application saved the file; what cannot be
carried is refused by name, leaving the file byte-identical; and sources rank in the user's order."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from oletools import olevba

from addin import bundled
from addin.cli import main as cli
from addin.refresh import backup_path, refresh
from addin.workbook_contents import read_contents, sheet_formulas
from addin.workbook_data import WorkbookError
from workbooks.build import plan_workbook
from workbooks.dataset import Dataset, source_matches
from workbooks.monthdata import Observation, read_month_files
from workbooks.sheets.data import SHEET as DATA_SHEET, order_as_edits, source_order_key
from workbooks.user_edits import Formula, UserEdits
from workbooks.vba_wrappers import module_source
from workbooks.xlsx_writer import render

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ALUMINIUM, HEDGE = "表4 铝", "表5 保值"


def december(edits: UserEdits | None = None) -> bytes:
    """The fresh build from November, December and the prices, with these edits."""
    return render(plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]), edits))


def _position(workbook: Path, name: str) -> tuple[str, str, int]:
    """(sheet, A1 address, 1-based sheet index in the file) of a defined name."""
    book = openpyxl.load_workbook(workbook)
    sheet, cell = next(iter(book.defined_names[name].destinations))
    return sheet, cell.replace("$", ""), book.sheetnames.index(sheet) + 1


def _rewrite_sheet(source: Path, target: Path, index: int, change) -> None:
    """Rewrite one sheet's XML (as another application's save would), every other part as it was."""
    member = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)


# --------------------------------------------------------------------------- carried


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_notes_numbers_and_formulas_beside_the_tables_keep_their_cells(november):
    book = openpyxl.load_workbook(november, keep_vba=True)  # openpyxl saves no cached values at all
    book[ALUMINIUM]["H3"] = "ask the smelter about anode"
    book[ALUMINIUM]["H4"] = 42
    book[HEDGE]["I2"] = "=1+1"
    book.save(november)
    result = refresh(november, [DECEMBER])
    edits = UserEdits(cells={ALUMINIUM: {(2, 7): "ask the smelter about anode", (3, 7): 42.0},
                             HEDGE: {(1, 8): Formula("=1+1")}})
    assert result.edits == edits
    assert november.read_bytes() == december(edits)
    again = openpyxl.load_workbook(november)
    assert again[ALUMINIUM]["H3"].value == "ask the smelter about anode" and again[HEDGE]["I2"].value == "=1+1"


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_file_excel_saved_without_our_functions_refreshes(tmp_path, november):
    """Excel without the add-in shows #NAME? in every cell calling our functions; that is no edit."""
    sheet, address, index = _position(november, "out_al_other_backsolved")
    saved = tmp_path / "saved.xlsm"

    def name_errors(xml: str) -> str:
        # every formula cell's cached value becomes the error Excel shows
        return re.sub(r'(<c r="[A-Z]+\d+"[^>]*?)(?: t="\w+")?(>(?:<f[^>]*>[^<]*</f>|<f[^>]*/>))<v>[^<]*</v>',
                      r'\1 t="e"\2<v>#NAME?</v>', xml)

    _rewrite_sheet(november, saved, index, name_errors)
    assert "#NAME?" in zipfile.ZipFile(saved).read(f"xl/worksheets/sheet{index}.xml").decode()
    refresh(saved, [DECEMBER])
    assert saved.read_bytes() == december()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")
@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_file_libreoffice_saved_refreshes_with_the_edit_it_holds(tmp_path, november):
    book = openpyxl.load_workbook(november, keep_vba=True)
    sheet, address, _ = _position(november, "in_al_anode_price")
    book[sheet][address] = 3200  # report default 3,000 CNY/t
    book.save(november)
    # LibreOffice cannot run our functions: it calls the project's VBA wrapper (its VBA support finds
    # xlwings_udfs), whose call into xlwings fails, so every such cell is saved showing #VALUE!
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                          "--norestore", "--convert-to", "xlsm", "--outdir", str(tmp_path / "lo"), str(november)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    saved = tmp_path / "lo" / november.name
    assert b"#VALUE!" in b"".join(zipfile.ZipFile(saved).read(n) for n in zipfile.ZipFile(saved).namelist()
                                 if n.startswith("xl/worksheets/"))
    result = refresh(saved, [DECEMBER])
    assert result.edits == UserEdits({sheet: {"al.anode_price": 3200.0}})
    # the workbook is a fresh build's, but for its VBA project: LibreOffice rewrote that one (its own export,
    # which drops the wizard descriptions), and a refresh keeps a workbook's project, rewriting only the wrappers
    refreshed, fresh = zipfile.ZipFile(saved), zipfile.ZipFile(io.BytesIO(december(result.edits)))
    assert refreshed.namelist() == fresh.namelist()
    for name in fresh.namelist():
        if name != "xl/vbaProject.bin":
            assert refreshed.read(name) == fresh.read(name), name
    wrappers = olevba.VBA_Parser("vbaProject.bin", data=refreshed.read("xl/vbaProject.bin"))
    assert {n: c for _, _, n, c in wrappers.extract_macros()}["xlwings_udfs.bas"] == module_source()
    values = openpyxl.load_workbook(saved, data_only=True)
    component_sheet, component = next(iter(values.defined_names["out_al_cost_anode"].destinations))
    # anode in the cost breakdown: 0.45 t/t × 3,200 CNY/t = 1,440 CNY/t (was 0.45 × 3,000 = 1,350)
    assert values[component_sheet][component.replace("$", "")].value == pytest.approx(1440)


def test_shared_formulas_excel_writes_are_read_cell_by_cell():
    # Excel stores a filled-down formula once (the master) and refers to it from the cells below
    xml = ('<sheetData><row r="1"><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>'
           '<row r="2"><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>'
           '<row r="3"><c r="B3"><f t="shared" si="0"/><v>6</v></c><c r="C3" t="s"><v>0</v></c></row></sheetData>')
    assert sheet_formulas(xml) == {(0, 1): "=A1*2", (1, 1): "=A2*2", (2, 1): "=A3*2"}


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_source_order_list_is_read_from_the_workbook(november):
    book = openpyxl.load_workbook(november, keep_vba=True)
    sheet = book[DATA_SHEET]
    sheet["H2"], sheet["H3"] = "Antaike", ""  # the user's list: Antaike only (default SMM, Antaike)
    book.save(november)
    result = refresh(november, [DECEMBER])
    assert result.edits.assumptions == {DATA_SHEET: {source_order_key(0): "Antaike", source_order_key(1): ""}}


# --------------------------------------------------------------------------- refused


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_changed_formula_in_our_cell_is_refused_by_name_and_nothing_changes(tmp_path, november):
    sheet, address, index = _position(november, "out_zn_lots")
    edited = tmp_path / "edited.xlsm"
    _rewrite_sheet(november, edited, index,
                   lambda xml: re.sub(rf'(<c r="{address}"[^>]*><f[^>]*>)[^<]*(</f>)', r"\g<1>in_zn_exposure_t/5\g<2>", xml))
    before = edited.read_bytes()
    with pytest.raises(WorkbookError, match=rf"'{sheet}'!{address} holds =in_zn_exposure_t/5, znnial's formula "
                                            r"there is =hedge_lots\(in_zn_exposure_t"):
        refresh(edited, [DECEMBER])
    assert edited.read_bytes() == before and not backup_path(edited).exists()
    # --discard-edits rebuilds anyway and keeps the old file
    refresh(edited, [DECEMBER], discard_edits=True)
    assert edited.read_bytes() == december() and backup_path(edited).read_bytes() == before


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_figure_typed_over_and_an_added_sheet_are_each_named(tmp_path, november, capsys):
    book = openpyxl.load_workbook(november, keep_vba=True)
    book.create_sheet("my notes").append(["keep me"])
    sheet, address, _ = _position(november, "in_al_full_cost")
    book[sheet][address] = 13000  # a data figure (from the Data sheet), not an assumption
    book.save(november)
    before = november.read_bytes()
    assert cli(["refresh", str(november), str(DECEMBER)]) == 2
    err = capsys.readouterr().err
    assert "sheet 'my notes' is not one znnial builds" in err
    # the figure lives on the Data sheet (al full_cost 2019-11, report Table 4: 13,085): the message says where
    data_row = next(r for r in openpyxl.load_workbook(november)["数据 Data"].iter_rows()
                    if [c.value for c in r[:3]] == ["2019-11", "al", "full_cost"])[0].row
    assert (f"'{sheet}'!{address} holds 13000.0, znnial's formula there is ='数据 Data'!$D${data_row} (a figure: it "
            f"lives on the sheet '数据 Data', row {data_row}; correct it there)") in err
    assert "--discard-edits" in err
    assert november.read_bytes() == before
    assert cli(["refresh", "--discard-edits", "--no-backup", str(november), str(DECEMBER)]) == 2
    assert november.read_bytes() == before


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_text_in_a_number_assumption_is_refused(november):
    book = openpyxl.load_workbook(november, keep_vba=True)
    sheet, address, _ = _position(november, "in_al_anode_price")
    book[sheet][address] = "about 3200"
    book.save(november)
    before = november.read_bytes()
    with pytest.raises(WorkbookError, match=rf"'{sheet}'!{address} \(an assumption\) holds 'about 3200', not a number"):
        refresh(november, [DECEMBER])
    assert november.read_bytes() == before


# --------------------------------------------------------------------------- source order


def _obs(source: str, value: float, month: str = "2019-12", item: str = "full_cost") -> Observation:
    return Observation(month, "al", item, value, "CNY/t", source, "test", 2)


def test_the_first_listed_source_wins_and_a_lower_one_fills_only_silences():
    # made-up figures: two sources for the same month and item, a third only for another item
    observations = [_obs("SMM survey", 13100), _obs("Antaike", 13300), _obs("Antaike", 2500, item="alumina_cost")]
    smm_first = Dataset(observations, ("SMM", "Antaike"))
    assert smm_first.exact("al", "full_cost", "2019-12").source == "SMM survey"
    assert smm_first.exact("al", "alumina_cost", "2019-12").value == 2500  # SMM is silent on it
    antaike_first = Dataset(observations, ("Antaike", "SMM"))
    assert antaike_first.exact("al", "full_cost", "2019-12").value == 13300


def test_unlisted_sources_rank_after_the_listed_ones_a_to_z():
    observations = [_obs("Wind", 13000), _obs("mysteel", 13050), _obs("Antaike", 13300)]
    assert Dataset(observations, ("Antaike",)).exact("al", "full_cost", "2019-12").value == 13300
    # neither listed: A to Z with case ignored, so "mysteel" before "Wind"
    assert Dataset(observations[:2], ("SMM",)).exact("al", "full_cost", "2019-12").source == "mysteel"


def test_an_entry_names_a_source_by_its_first_words():
    assert source_matches("SMM", "SMM December estimate") and source_matches("smm", "SMM; survey")
    assert source_matches("TEST-SMM", "TEST-SMM (made up)")
    assert not source_matches("SMM", "SMMX") and not source_matches("SMM", "TEST-SMM (made up)")
    assert not source_matches("", "SMM")


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_source_order_on_the_command_line_is_kept_in_the_workbook(november):
    refresh(november, [DECEMBER], source_order=["Antaike", "SMM", "Mysteel"])
    values = read_contents(november.read_bytes()).values[DATA_SHEET]
    assert [values[row][7] for row in range(1, 5)] == ["Antaike", "SMM", "Mysteel", ""]
    edits = UserEdits({DATA_SHEET: order_as_edits(["Antaike", "SMM", "Mysteel"])})
    assert november.read_bytes() == december(edits)
    with pytest.raises(WorkbookError, match="at most 10"):
        refresh(november, [DECEMBER], source_order=[f"S{i}" for i in range(11)])


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_the_values_only_copy_shows_the_users_assumptions(tmp_path, november):
    book = openpyxl.load_workbook(november, keep_vba=True)
    sheet, address, _ = _position(november, "in_al_anode_price")
    book[sheet][address] = 3200
    book[sheet]["H3"] = "our anode quote"
    book.save(november)
    copy = tmp_path / "values.xlsx"
    assert cli(["export", "--values", str(november), str(copy)]) == 0
    values = openpyxl.load_workbook(copy)
    component_sheet, component = next(iter(values.defined_names["out_al_cost_anode"].destinations))
    # 0.45 t/t × 3,200 CNY/t = 1,440 CNY/t (the default 3,000 would give 1,350)
    assert values[component_sheet][component.replace("$", "")].value == pytest.approx(1440)
    assert values[sheet]["H3"].value == "our anode quote"

"""The headless refresh: merge, rebuild, atomic write, backup — and what it refuses."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin import bundled
from addin.cli import main as cli
from addin.refresh import backup_path, refresh
from addin.workbook_data import WorkbookError, read_observations
from addin.workbook_lock import excel_lock_file
from workbooks.build import plan_workbook
from workbooks.monthdata import MonthFileError, read_month_files
from workbooks.xlsx_writer import render

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_refresh_equals_a_build_from_all_the_data(november):
    result = refresh(november, [DECEMBER])
    expected = render(plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()])))
    assert november.read_bytes() == expected
    # the bundled December file: alumina 572, primary 305, zinc 53.81, nickel 1.61 (report Table 1)
    assert sorted((c.item, c.new_value) for c in result.added) == [
        ("alumina_output", 572.0), ("cathode_output", 1.61), ("primary_output", 305.0), ("refined_output", 53.81)]
    assert result.months == ["2019-11", "2019-12"] and result.latest_month == "2019-12"


@pytest.mark.slow
def test_refreshing_the_same_file_twice_gives_the_same_workbook(november):
    refresh(november, [DECEMBER])
    once = november.read_bytes()
    second = refresh(november, [DECEMBER])
    assert november.read_bytes() == once
    assert second.changes == [] and second.backup is None


@pytest.mark.slow
def test_replaced_values_are_reported_and_the_old_file_is_kept(tmp_path, november):
    refresh(november, [DECEMBER])
    before = november.read_bytes()
    revised = tmp_path / "2019-12-revised.csv"
    text = DECEMBER.read_text(encoding="utf-8-sig").replace(",572,", ",575,")  # SMM revises alumina 572 → 575
    revised.write_text(text, encoding="utf-8")
    result = refresh(november, [revised])
    assert [(c.item, c.old_value, c.new_value) for c in result.replaced] == [("alumina_output", 572.0, 575.0)]
    assert backup_path(november).read_bytes() == before
    values = openpyxl.load_workbook(november, data_only=True)
    name = values.defined_names["in_al_alumina_output"]
    sheet, cell = next(iter(name.destinations))
    assert values[sheet][cell.replace("$", "")].value == 575


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_several_months_at_once_with_progress(tmp_path, november):
    january = tmp_path / "2020-01.csv"
    # an invented revision is not data: a test file with one plausible figure, to exercise two files at once
    january.write_text("month,metal,item,value,unit,source\n2020-01,zn,tc_domestic,5900,CNY/t,test fixture\n",
                       encoding="utf-8")
    steps = []
    result = refresh(november, [DECEMBER, january], progress=lambda s, t, what: steps.append((s, t)))
    assert result.months == ["2019-11", "2019-12", "2020-01"]
    assert steps == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_a_bad_month_file_leaves_the_workbook_byte_identical(tmp_path, november):
    before = november.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("month,metal,item,value,unit,source\n2019-12,al,full_cost,1308.5,CNY/t,typo\n", encoding="utf-8")
    with pytest.raises(MonthFileError, match="bad.csv"):
        refresh(november, [DECEMBER, bad])  # one good file and one bad: nothing is written
    assert november.read_bytes() == before
    assert not backup_path(november).exists()


def test_a_workbook_open_in_excel_is_refused(november):
    before = november.read_bytes()
    excel_lock_file(november).write_bytes(b"owner")
    with pytest.raises(WorkbookError, match="open in Excel"):
        refresh(november, [DECEMBER])
    assert november.read_bytes() == before


@pytest.mark.slow
def test_a_sheet_the_user_added_is_named_and_nothing_is_written(tmp_path, november):
    edited = tmp_path / "edited.xlsm"
    book = openpyxl.load_workbook(november)
    book.create_sheet("my notes").append(["keep me"])
    book.save(edited)
    before = edited.read_bytes()
    with pytest.raises(WorkbookError, match="'my notes' is not one znnial builds"):
        refresh(edited, [DECEMBER])
    assert edited.read_bytes() == before


def _edit_cell_value(source: Path, target: Path, sheet_index: int, address: str, value: str) -> None:
    """Change one cached value in the sheet XML, as a user's edit saved by Excel would (openpyxl would drop
    every cached formula value, which is not what a user's file looks like)."""
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == member:
                text, count = re.subn(rf'(<c r="{address}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value}\g<2>",
                                      data.decode("utf-8"))
                assert count == 1, f"{address} has no value in {member}"
                data = text.encode("utf-8")
            new.writestr(info, data)


@pytest.mark.slow
def test_an_edited_assumption_is_carried_and_what_shows_from_it_is_not_an_edit(tmp_path, november):
    book = openpyxl.load_workbook(november)
    sheet, cell = next(iter(book.defined_names["in_zn_exposure_t"].destinations))
    address = cell.replace("$", "")
    edited = tmp_path / "edited.xlsm"
    # as Excel saves it: the typed value, and the lots' cached value still the old 500
    _edit_cell_value(november, edited, book.sheetnames.index(sheet) + 1, address, "8000")  # default 5,000 t
    result = refresh(edited, [DECEMBER])
    assert result.edits.assumptions == {sheet: {"zn.exposure_t": 8000.0}}
    expected = plan_workbook(read_month_files([NOVEMBER, DECEMBER, *bundled.price_files()]), result.edits)
    assert edited.read_bytes() == render(expected)
    values = openpyxl.load_workbook(edited, data_only=True)
    lots_sheet, lots_cell = next(iter(values.defined_names["out_zn_lots"].destinations))
    # 8,000 t × hedge ratio 0.5 / 5 t per SHFE zinc lot = 800 lots (was 5,000 × 0.5 / 5 = 500)
    assert values[lots_sheet][lots_cell.replace("$", "")].value == 800


def test_the_data_table_round_trips(november):
    observations = read_observations(november)
    original = read_month_files([NOVEMBER, *bundled.price_files()])
    assert sorted((o.month, o.metal, o.item, o.value, o.source) for o in observations) == \
        sorted((o.month, o.metal, o.item, o.value, o.source) for o in original)


@pytest.mark.slow
def test_command_line_refresh_and_export(tmp_path, november, capsys):
    assert cli(["refresh", str(november), str(DECEMBER)]) == 0
    out = capsys.readouterr().out
    assert "4 figures added, 0 replaced" in out and "2019-12" in out
    copy = tmp_path / "values.xlsx"
    assert cli(["export", "--values", str(november), str(copy)]) == 0
    values = openpyxl.load_workbook(copy)
    assert "xlwings.conf" not in values.sheetnames
    formulas = [c for ws in values for row in ws.iter_rows() for c in row if isinstance(c.value, str)
                and c.value.startswith("=")]
    assert formulas == []
    sheet, cell = next(iter(values.defined_names["out_al_sell_low"].destinations))
    assert values[sheet][cell.replace("$", "")].value == 14500  # report Table 5: sell hedge from 14,500


def test_command_line_names_a_bad_file_and_exits_2(tmp_path, november, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("month,metal,item,value,unit,source\n2019-12,al,no_such_item,1,CNY/t,x\n", encoding="utf-8")
    assert cli(["refresh", str(november), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "no_such_item" in err


def test_committed_template_is_what_the_bundled_data_builds():
    from workbooks.build import TEMPLATE

    fresh = render(plan_workbook(bundled.all_observations()))
    assert TEMPLATE.read_bytes() == fresh, "stale: run `make regenerate`"


def test_plan_has_one_cell_per_position():
    for sheet in plan_workbook(bundled.all_observations()).sheets:
        seen = set()
        for cell in sheet.cells:
            spans = [(cell.row + i, cell.col + j) for i in range(cell.spill[0]) for j in range(cell.spill[1])] \
                if cell.spill else [(cell.row, cell.col)]
            for position in spans:
                assert position not in seen, (sheet.name, position)
                seen.add(position)


def test_an_unchanged_workbook_skips_the_rebuild_for_the_edit_check(monkeypatch, november):
    import addin.refresh as refresh_module

    plans = []
    real = refresh_module.plan_workbook
    monkeypatch.setattr(refresh_module, "plan_workbook", lambda *a, **k: plans.append(1) or real(*a, **k))
    refresh(november, [DECEMBER])
    assert len(plans) == 1  # only the refreshed workbook is planned: the digest vouched for the old one


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_temporary_files_of_a_killed_refresh_are_cleared(november):
    stale = november.with_name(f".{november.name}.4242-abc123.tmp")
    stale.write_bytes(b"half a workbook")
    refresh(november, [DECEMBER])
    assert not stale.exists()

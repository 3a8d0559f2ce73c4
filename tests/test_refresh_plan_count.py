"""How many times a refresh plans a workbook the user edited (issue 22: about 90 ms a plan), and that the
plan of the file as znnial wrote it uses the assumptions it was written with (a source order changed in
Excel is the user's, not a conflict)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import openpyxl
import pytest

import addin.refresh as refresh_module
from addin import bundled
from addin.refresh import refresh
from workbooks.assumption_property import PART_LENGTH, property_parts, stored_assumptions
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.sheets.data import SHEET as DATA_SHEET, source_order_key
from workbooks.xlsx_writer import write_workbook

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]
ALUMINIUM = "表4 铝"


def _counting(monkeypatch) -> list:
    plans = []
    real = refresh_module.plan_workbook
    monkeypatch.setattr(refresh_module, "plan_workbook", lambda *a, **k: plans.append(1) or real(*a, **k))
    return plans


def _edit_anode_and_a_note(workbook) -> tuple[str, str]:
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    sheet, cell = next(iter(book.defined_names["in_al_anode_price"].destinations))
    book[sheet][cell.replace("$", "")] = 3200  # default 3,000 CNY/t (workbooks/sheets/tables.py)
    book[ALUMINIUM]["H3"] = "our anode quote"  # beside 表4's tables
    book.save(workbook)
    return sheet, cell


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_an_edited_workbook_is_planned_twice_as_written_and_as_rebuilt(monkeypatch, november):
    """Twice, not once: the file's own cells are checked against a plan from its own Data sheet (a month file
    moves the Data rows its figure cells refer to, so the rebuild's formulas differ from the file's); the
    rebuild is the second. Before issue 22 a third plan found where the assumptions sit."""
    sheet, cell = _edit_anode_and_a_note(november)
    plans = _counting(monkeypatch)
    result = refresh(november, [DECEMBER])
    assert len(plans) == 2
    assert result.edits.assumptions == {sheet: {"al.anode_price": 3200.0}}
    assert result.edits.cells == {ALUMINIUM: {(2, 7): "our anode quote"}}
    values = openpyxl.load_workbook(november, data_only=True)
    component_sheet, component = next(iter(values.defined_names["out_al_cost_anode"].destinations))
    # 0.45 t of anode per tonne × 3,200 CNY/t = 1,440 CNY/t (the default 3,000 would give 1,350)
    assert values[component_sheet][component.replace("$", "")].value == pytest.approx(1440)
    assert values[ALUMINIUM]["H3"].value == "our anode quote"
    # the second refresh reads the carried edit back from the values the file says it was written with
    assert stored_assumptions(november.read_bytes()) == {sheet: {"al.anode_price": 3200.0}}


def _with_properties(data: bytes, change) -> bytes:
    """The file with its custom properties' XML changed, every other part as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            part = old.read(info.filename)
            new.writestr(info, change(part) if info.filename == "docProps/custom.xml" else part)
    return out.getvalue()


def _without_stored_assumptions(data: bytes) -> bytes:
    """The file as a save that drops our custom properties would leave it (an older znnial wrote none)."""
    return _with_properties(data, lambda xml: re.sub(rb'<property [^>]*name="znnial assumptions [^"]*"[^>]*>.*?</property>',
                                                     b"", xml))


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_file_without_the_stored_assumptions_takes_the_long_way_to_the_same_edits(monkeypatch, november):
    sheet, _ = _edit_anode_and_a_note(november)
    november.write_bytes(_without_stored_assumptions(november.read_bytes()))
    assert stored_assumptions(november.read_bytes()) is None
    plans = _counting(monkeypatch)
    result = refresh(november, [DECEMBER])
    assert len(plans) == 3  # where the assumptions sit, the file with the user's values, the rebuild
    assert result.edits.assumptions == {sheet: {"al.anode_price": 3200.0}}
    assert result.edits.cells == {ALUMINIUM: {(2, 7): "our anode quote"}}


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_source_order_changed_in_excel_is_carried_not_refused(tmp_path):
    """The figures the file shows were picked with the order it was written with; the user's new order
    picks others in the rebuild. Planning the file with its new order called every such figure a conflict."""
    observations = read_month_files([NOVEMBER, *bundled.price_files()])
    smm = next(o for o in observations if (o.month, o.metal, o.item) == ("2019-11", "al", "full_cost"))
    smm = dataclasses.replace(smm, source="SMM survey")  # report Table 4: 13,085 CNY/t
    antaike = dataclasses.replace(smm, value=13500.0, source="Antaike survey")  # made up, for the order
    observations = [smm if o is not None and o.key == smm.key else o for o in observations] + [antaike]
    workbook = tmp_path / "znnial.xlsm"
    write_workbook(plan_workbook(observations), workbook)
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    book[DATA_SHEET]["H2"], book[DATA_SHEET]["H3"] = "Antaike", "SMM"  # was SMM, Antaike
    book.save(workbook)
    result = refresh(workbook, [DECEMBER])
    assert result.edits.assumptions == {DATA_SHEET: {source_order_key(0): "Antaike", source_order_key(1): "SMM"}}
    values = openpyxl.load_workbook(workbook, data_only=True)
    monthly = values["2019-11"]
    shown = [row[2].value for row in monthly.iter_rows() if row[1].value == "primary aluminium weighted full cost, tax incl."]
    assert shown == [13500]  # Antaike, listed first, wins on November's sheet (SMM's is 13,085)


def test_assumptions_are_stored_in_parts_excel_accepts_and_read_back_whole():
    assumptions = {DATA_SHEET: {source_order_key(i): f"source number {i} 来源" for i in range(10)},
                   ALUMINIUM: {"al.anode_price": 3200.0, "al.flag": True}}
    parts = property_parts(assumptions)
    assert len(parts) > 1 and all(len(text) <= PART_LENGTH for _, text in parts)
    plan = plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()]))
    plan.assumptions = assumptions
    from workbooks.xlsx_writer import render

    data = render(plan)
    assert stored_assumptions(data) == assumptions
    # a part lost (another application's save) reads as nothing, never as part of the values
    lost = _with_properties(data, lambda xml: xml.replace(b"znnial assumptions 2 of", b"znnial assumptions 9 of"))
    assert stored_assumptions(lost) is None

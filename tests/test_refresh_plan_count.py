"""How many times a refresh plans a workbook the user edited (issue 22: about 90 ms a plan; it was three),
and that the file is read as znnial wrote it: against the layout it stores, or planned with the assumptions
it was written with (a source order changed in Excel is the user's, not a conflict)."""

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
from workbooks.plan_property import ASSUMPTIONS, PART_LENGTH, assumptions_text, property_parts, stored_assumptions
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.sheets.data import SHEET as DATA_SHEET, source_order_key
from workbooks.user_edits import UserEdits
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
def test_an_edited_workbook_is_planned_once_for_the_rebuild(monkeypatch, november):
    """Once: the file's own cells are checked against the layout and digest it stores, not a plan of it."""
    sheet, cell = _edit_anode_and_a_note(november)
    plans = _counting(monkeypatch)
    result = refresh(november, [DECEMBER])
    assert len(plans) == 1
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


def _without_stored(data: bytes, record: str) -> bytes:
    """The file as a save that drops our custom properties would leave it (an older znnial wrote none)."""
    pattern = rb'<property [^>]*name="' + record.encode() + rb' [^"]*"[^>]*>.*?</property>'
    return _with_properties(data, lambda xml: re.sub(pattern, b"", xml))


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_figure_corrected_on_the_data_sheet_plans_the_file_as_written_once_more(monkeypatch, november):
    """A Data figure is znnial's cell as written (the digest differs) and the user's correction: only a plan
    of the file from its corrected Data sheet can tell the figure cells still refer to it."""
    book = openpyxl.load_workbook(november, keep_vba=True)
    data = book[DATA_SHEET]
    row = next(r for r in data.iter_rows(min_row=2) if [c.value for c in r[:3]] == ["2019-11", "al", "full_cost"])
    row[3].value = 13100  # report Table 4: 13,085 CNY/t, corrected by the user
    book.save(november)
    plans = _counting(monkeypatch)
    result = refresh(november, [DECEMBER])
    assert len(plans) == 2  # the file as written (from its Data sheet), the rebuild
    assert result.edits.assumptions == {} and result.edits.cells == {}
    values = openpyxl.load_workbook(november, data_only=True)
    assert [r[3].value for r in values[DATA_SHEET].iter_rows(min_row=2)
            if [c.value for c in r[:3]] == ["2019-11", "al", "full_cost"]] == [13100]


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_a_file_without_the_stored_records_takes_the_long_way_to_the_same_edits(monkeypatch, november):
    sheet, _ = _edit_anode_and_a_note(november)
    november.write_bytes(_without_stored(_without_stored(november.read_bytes(), "znnial layout"), ASSUMPTIONS))
    assert stored_assumptions(november.read_bytes()) is None
    plans = _counting(monkeypatch)
    result = refresh(november, [DECEMBER])
    assert len(plans) == 3  # where the assumptions sit, the file with the user's values, the rebuild
    assert result.edits.assumptions == {sheet: {"al.anode_price": 3200.0}}
    assert result.edits.cells == {ALUMINIUM: {(2, 7): "our anode quote"}}


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
@pytest.mark.parametrize("way", ["by its layout", "planned as written"])
def test_a_source_order_changed_in_excel_is_carried_not_refused(tmp_path, way):
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
    if way == "planned as written":
        workbook.write_bytes(_without_stored(workbook.read_bytes(), "znnial layout"))
    result = refresh(workbook, [DECEMBER])
    assert result.edits.assumptions == {DATA_SHEET: {source_order_key(0): "Antaike", source_order_key(1): "SMM"}}
    values = openpyxl.load_workbook(workbook, data_only=True)
    monthly = values["2019-11"]
    shown = [row[2].value for row in monthly.iter_rows() if row[1].value == "primary aluminium weighted full cost, tax incl."]
    assert shown == [13500]  # Antaike, listed first, wins on November's sheet (SMM's is 13,085)


def test_assumptions_are_stored_in_parts_excel_accepts_and_read_back_whole():
    assumptions = {DATA_SHEET: {source_order_key(i): f"source number {i} 来源" for i in range(10)},
                   ALUMINIUM: {"al.anode_price": 3200.0, "al.flag": True}}
    parts = property_parts(ASSUMPTIONS, assumptions_text(assumptions))
    assert len(parts) > 1 and all(len(text) <= PART_LENGTH for _, text in parts)
    plan = plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()]))
    plan.assumptions = assumptions
    from workbooks.xlsx_writer import render

    data = render(plan)
    assert stored_assumptions(data) == assumptions
    # a part lost (another application's save) reads as nothing, never as part of the values
    lost = _with_properties(data, lambda xml: xml.replace(b"znnial assumptions 2 of", b"znnial assumptions 9 of"))
    assert stored_assumptions(lost) is None


def _tiny_plan() -> "P.WorkbookPlan":
    from workbooks import plan as P

    sheet = P.SheetPlan("表", cells=[
        P.Cell(0, 0, "anode price"), P.Cell(0, 2, 3000.0, assumption=True, key="al.anode_price"),
        P.Cell(1, 2, 1350.0, formula="=0.45*C1"), P.Cell(2, 2, [[1.0], [2.0]], formula="=SEQUENCE(2)", spill=(2, 1)),
        P.Cell(5, 0, 13085.0)])
    return P.WorkbookPlan([sheet], {}, "2019-11", defaults={("表", "al.anode_price"): 3000.0})


def _as_written() -> dict:
    from workbooks.user_edits import Formula

    # as another application reads it back: its own spelling of our formula, the spill's result under it
    return {"表": {(0, 0): "anode price", (0, 2): 3000.0, (1, 2): Formula("=0.45 * c1"),
                  (2, 2): Formula("=_xlfn.SEQUENCE(2)", (2, 1), [[1.0], [2.0]]), (5, 0): 13085.0}}


def test_the_written_layout_reads_an_assumption_and_a_cell_beside_without_a_plan():
    from workbooks.written_layout import edits_by_layout, layout_text

    text = layout_text(_tiny_plan())
    assert edits_by_layout(text, _as_written(), {}) == UserEdits()
    found = _as_written()
    found["表"][(0, 2)] = 3200.0  # the user's anode price
    found["表"][(0, 4)] = "our quote"  # beside: column E is no cell of the plan
    assert edits_by_layout(text, found, {}) == UserEdits({"表": {"al.anode_price": 3200.0}}, {"表": {(0, 4): "our quote"}})


@pytest.mark.parametrize("change", ["a figure typed over", "a formula changed", "a chart added", "a sheet added",
                                    "text in the price"])
def test_the_written_layout_gives_way_to_a_plan_when_a_cell_of_ours_changed(change):
    from workbooks.user_edits import Formula
    from workbooks.written_layout import edits_by_layout, layout_text

    found, charts = _as_written(), {}
    if change == "a figure typed over":
        found["表"][(5, 0)] = 13100.0
    elif change == "a formula changed":
        found["表"][(1, 2)] = Formula("=0.5*C1")
    elif change == "a chart added":
        charts = {"表": ["my chart"]}
    elif change == "a sheet added":
        found["notes"] = {}
    else:
        found["表"][(0, 2)] = "about 3200"
    assert edits_by_layout(layout_text(_tiny_plan()), found, charts) is None

"""The build: deterministic, committed file up to date, names, print setup, panes, one formula per column."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

from addin.bundled import all_observations
from tests.excel_eval import TEMPLATE, a1, bundled_plan, function_calls
from workbooks import plan as P
from workbooks.build import plan_workbook
from workbooks.sheets import conf, data, guide, history
from workbooks.xlsx_writer import render

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def plan():
    return bundled_plan()


@pytest.fixture(scope="module")
def sheet_xml() -> dict[str, ET.Element]:
    """sheet name -> parsed xl/worksheets/sheetN.xml of the committed file (via workbook.xml and its rels)."""
    with zipfile.ZipFile(TEMPLATE) as book:
        workbook = ET.fromstring(book.read("xl/workbook.xml"))
        rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{REL}Relationship")}
        found = {}
        for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
            target = targets[sheet.get(f"{{{NS['r']}}}id")].lstrip("/")
            found[sheet.get("name")] = ET.fromstring(book.read(target if target.startswith("xl/") else f"xl/{target}"))
    return found


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_build_is_deterministic(plan):
    again = plan_workbook(all_observations())
    assert render(plan) == render(again)


def _template_sheets(plan):
    """Sheets laid out from specs (表1 …): not the monthly copies, History, Data or the xlwings config."""
    return [s for s in plan.sheets if not s.month_sheet and s.name not in (history.SHEET, data.SHEET, conf.SHEET)]


def test_every_input_cell_has_an_in_name(plan):
    # History and Data hold the data table (rewritten by a refresh), the config holds xlwings' settings;
    # every other input cell — a figure or an assumption the user may change — is named in_….
    unnamed = []
    for sheet in _template_sheets(plan):
        for cell in sheet.cells:
            if cell.style != P.INPUT:
                continue
            inside = [name for name, (s, r1, c1, r2, c2) in plan.names.items()
                      if s == sheet.name and r1 <= cell.row <= r2 and c1 <= cell.col <= c2]
            if not any(name.startswith("in_") for name in inside):
                unnamed.append(f"'{sheet.name}'!{a1(cell.row, cell.col)} ({cell.value!r})")
    assert not unnamed, unnamed[:20]
    assert all(name.startswith(("in_", "out_")) for name in plan.names)


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_every_defined_name_points_to_a_cell_of_the_plan(plan):
    book = openpyxl.load_workbook(TEMPLATE)
    in_file = dict(book.defined_names.items())
    assert sorted(in_file) == sorted(plan.names)
    for name, defined in in_file.items():
        destinations = list(defined.destinations)
        assert len(destinations) == 1, name
        sheet, ref = destinations[0]
        assert sheet in book.sheetnames, f"{name} -> missing sheet {sheet}"
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        assert (sheet, min_row - 1, min_col - 1, max_row - 1, max_col - 1) == tuple(plan.names[name]), name
        laid = {(c.row, c.col) for c in plan.sheet(sheet).cells}
        cells = [(r, c) for r in range(min_row - 1, max_row) for c in range(min_col - 1, max_col)]
        assert [a1(*rc) for rc in cells if rc not in laid] == [], f"{name}: cells the plan does not lay out"


def test_every_sheet_prints_landscape_one_page_wide(plan, sheet_xml):
    assert sorted(sheet_xml) == sorted(s.name for s in plan.sheets)
    for sheet in plan.sheets:
        root = sheet_xml[sheet.name]
        setup = root.find("m:pageSetup", NS)
        fit = root.find("m:sheetPr/m:pageSetUpPr", NS)
        assert setup is not None and setup.get("orientation") == "landscape", sheet.name
        assert fit is not None and fit.get("fitToPage") == "1", sheet.name
        assert setup.get("fitToWidth", "1") == "1", sheet.name  # absent means 1 (ECMA-376 default)
        assert setup.get("fitToHeight", "1") == str(sheet.pages_tall), sheet.name


def test_panes_are_frozen_on_the_table_sheets(plan, sheet_xml):
    frozen = []
    for sheet in plan.sheets:
        if sheet.name in (guide.SHEET, conf.SHEET):
            continue
        assert sheet.freeze, f"{sheet.name}: no frozen panes planned"
        pane = sheet_xml[sheet.name].find("m:sheetViews/m:sheetView/m:pane", NS)
        assert pane is not None and pane.get("state") == "frozen", sheet.name
        rows, cols = sheet.freeze
        assert (int(pane.get("ySplit", 0)), int(pane.get("xSplit", 0))) == (rows, cols), sheet.name
        frozen.append(sheet.name)
    assert len(frozen) >= 6  # 表1–表5 and 价差 at least


@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_history_computed_columns_are_one_dynamic_array_formula_each(plan):
    ws = openpyxl.load_workbook(TEMPLATE)[history.SHEET]
    months = sum(1 for c in plan.sheet(history.SHEET).cells if c.col == 0 and c.row >= history.FIRST_ROW)
    assert months > 12  # hand: the bundled prices run monthly from 2019-01
    computed = [(col, spec) for col, spec in enumerate(history.COLUMNS) if spec.spill is not None]
    assert computed, "History has no computed columns"
    for col, spec in computed:
        formulas = []
        for row in range(history.FIRST_ROW + 1, history.FIRST_ROW + months + 1):
            value = ws.cell(row, col + 1).value
            text = value.text if isinstance(value, ArrayFormula) else value
            if isinstance(text, str) and text.startswith("="):
                formulas.append((row, text, value))
        udf = [f for f in formulas if any(not call.builtin for call in function_calls(f[1]))]
        assert len(formulas) == len(udf) == 1, f"{spec.key}: {len(formulas)} formulas, {len(udf)} calling ours"
        row, text, value = formulas[0]
        assert isinstance(value, ArrayFormula), f"{spec.key}: not a dynamic-array formula"
        anchor = a1(row - 1, col)
        first = history.FIRST_ROW + 1 + spec.offset
        assert anchor == a1(first - 1, col)
        assert ws.array_formulae[anchor] == f"{anchor}:{a1(history.FIRST_ROW + months - 1, col)}", spec.key
    # the constant lines (from 表2/表5) are per-row references — #N/A (a chart gap) where the level is blank —
    # and call none of our functions
    for col, spec in enumerate(history.COLUMNS):
        if spec.line:
            texts = {ws.cell(r, col + 1).value for r in range(history.FIRST_ROW + 1, history.FIRST_ROW + months + 1)}
            assert all(re.fullmatch(r"=IF\(ISNUMBER\((\w+)\),\1,NA\(\)\)", t) for t in texts), (spec.key, texts)

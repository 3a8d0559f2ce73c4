"""The template opened by a real spreadsheet application (LibreOffice), not by our own reader.

LibreOffice converts the committed workbooks/znnial.xlsm and its values-only
export (addin/export.py) to one CSV per sheet, and the report's figures must show
in the cells the plan (workbooks.build.plan_workbook) puts them in.

LibreOffice shows the cached value of an ordinary formula cell, but `#VALUE!` over
the whole range of a dynamic-array formula calling one of ours: it runs the VBA wrapper,
which cannot reach Python there. So in the original only cells outside spilled ranges are
compared; in the values-only export every cell is, spilled History columns included.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import shutil
import subprocess

import pytest

from workbooks.plan import calls_znnial_function

from addin.export import export_values
from tests.excel_eval import TEMPLATE, bundled_plan, excel_serial, name_location, plan_grid, spill_area
from workbooks.sheets import conf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")]

# Field separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8), from line 1, default cell formats,
# language 0, quoted fields as text: false, detect special numbers: true, save as shown: false (raw
# values; percent-formatted cells still carry their "%"), export formulas: false, remove spaces: false,
# sheet -1: every sheet, each to <stem>-<sheet name>.csv.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
ORIGINAL, VALUES = "znnial", "values"  # stems of the two converted files


@pytest.fixture(scope="module")
def plan():
    return bundled_plan()


@pytest.fixture(scope="module")
def sheets_csv(tmp_path_factory):
    """stem -> sheet name -> rows of text, from ONE LibreOffice run over both files."""
    work = tmp_path_factory.mktemp("libreoffice")
    original = work / f"{ORIGINAL}.xlsm"
    shutil.copyfile(TEMPLATE, original)
    values = export_values(TEMPLATE, work / f"{VALUES}.xlsx")
    profile = work / "profile"  # a throwaway user profile: no clash with a running LibreOffice
    out = work / "csv"
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                          "--convert-to", CSV_FILTER, "--outdir", str(out), str(original), str(values)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    found: dict[str, dict[str, list[list[str]]]] = {ORIGINAL: {}, VALUES: {}}
    for path in out.glob("*.csv"):
        stem, _, sheet = path.stem.partition("-")
        with path.open(encoding="utf-8", newline="") as handle:
            found[stem][sheet] = list(csv.reader(handle))
    return found


def shown(rows: list[list[str]], row: int, col: int) -> str:
    """The text LibreOffice shows at a 0-based (row, col); "" beyond the used range."""
    if row < len(rows) and col < len(rows[row]):
        return rows[row][col]
    return ""


def number(text: str) -> float | None:
    text = text.strip().replace(",", "")
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    try:
        return float(text) * scale
    except ValueError:
        return None


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def shows(text: str, value, rel: float = 1e-9) -> bool:
    """Does the CSV text show this value: numbers (raw or percent), booleans, text, blanks.

    The #N/A a chart column shows for a gap is a blank in the values export (workbooks/xlsx_writer.py)."""
    if value is None or value == "" or value == "#N/A" or (isinstance(value, float) and math.isnan(value)):
        return text == ""
    if isinstance(value, bool):
        return text == ("TRUE" if value else "FALSE")
    if isinstance(value, (int, float)):
        if ISO_DATE.fullmatch(text):  # a number under a date format shows as the date (价差's limit_from)
            return excel_serial(dt.date.fromisoformat(text)) == value
        got = number(text)
        return got is not None and math.isclose(got, value, rel_tol=rel, abs_tol=1e-9)
    return text == str(value)


def test_one_csv_per_sheet(plan, sheets_csv):
    names = [s.name for s in plan.sheets]
    assert sorted(sheets_csv[ORIGINAL]) == sorted(names)
    assert sorted(sheets_csv[VALUES]) == sorted(n for n in names if n != conf.SHEET)  # export drops the config


# (defined name, value the report gives, tolerance, source)
REPORT_FIGURES = [
    ("in_al_full_cost", 13085, 0, "FIGURES.md Table 4: weighted full cost 13,085 CNY/t"),
    ("in_al_spot_price", 13800, 0, "FIGURES.md Table 4: spot ≥ 13,800"),
    ("out_al_profit_at_spot", 715, 1e-9, "hand: 13,800 − 13,085 = 715 (> 600, Table 4)"),
    ("out_al_utilisation", 0.8626, 5e-5, "hand: 3,510 / 4,069 = 86.26 % (Table 4 capacity)"),
    ("in_al_operating_rate_quoted", 0.868, 0, "FIGURES.md Table 4: average operating rate 86.8 %"),
    ("out_al_sell_low", 14500, 1e-9, "FIGURES.md Table 5: aluminium sell hedge from 14,500"),
    ("out_al_sell_high", 14700, 1e-9, "FIGURES.md Table 5: … up to 14,700"),
    ("out_al_cover_below", 13500, 1e-9, "FIGURES.md Table 5: reduce sell hedges below 13,500"),
    ("in_zn_cost_support_quoted", 16000, 0, "FIGURES.md Table 2: cost support ≈ 16,000"),
    ("out_zn_support_fixed_tc", 15950, 1e-9, "hand: Dec-2019 SHFE zinc close 17,950 (bundled prices) − 2,000"),
    ("in_zn_chain_cost_pre2015", 14500, 0, "FIGURES.md Table 2: pre-2015 chain cost 14,500"),
    ("in_zn_tc_domestic", 6100, 0, "FIGURES.md Table 2: domestic TC 6,100"),
    ("out_al_alumina_output_mom", 0.0486, 5e-5, "hand: 572 / 545.5 − 1 = +4.86 % (Table 1)"),
    ("out_al_primary_output_mom", 0.0392, 5e-5, "hand: 305 / 293.5 − 1 = +3.92 % (Table 1)"),
    ("out_zn_refined_output_mom", 0.0138, 5e-5, "hand: 53.81 / 53.08 − 1 = +1.38 % (Table 1)"),
    ("out_ni_cathode_output_mom", 0.1418, 5e-5, "hand: 1.61 / 1.41 − 1 = +14.18 % (Table 1)"),
    ("out_ni_npi_cost_quoted_tonne", 130000, 1e-9, "hand: 1,300 CNY per nickel point × 100 (Table 3)"),
]


def _stems(name: str) -> list[str]:
    """Where a named figure can be read: inputs in both files; results (``out_…``, formulas) in the values
    export only — LibreOffice recalculates array formulas on load and cannot call our functions."""
    return [ORIGINAL, VALUES] if name.startswith("in_") else [VALUES]


@pytest.mark.parametrize(("name", "value", "tolerance", "source", "stem"),
                         [(*f, stem) for f in REPORT_FIGURES for stem in _stems(f[0])],
                         ids=[f"{f[0]}-{stem}" for f in REPORT_FIGURES for stem in _stems(f[0])])
def test_report_figure_shows_where_the_plan_puts_it(plan, sheets_csv, stem, name, value, tolerance, source):
    sheet, row, col = name_location(plan, name)
    text = shown(sheets_csv[stem][sheet], row, col)
    got = number(text)
    assert got is not None, f"{sheet}!{name} shows {text!r}, expected {value} ({source})"
    assert abs(got - value) <= tolerance * max(1.0, abs(value)), f"{sheet}!{name} shows {text!r} ({source})"


# Text the report's conclusions turn into (actions and checks), where the plan says.
REPORT_TEXT = [
    ("out_al_profit_check", "✓", "Table 4: profit at 13,800 is over 600"),
    ("out_zn_support_check", "✓", "Table 2: computed support within ±500 of 16,000"),
    ("out_al_idle_check", "✓", "Table 4: 4,069 − 3,510 = 559 idle"),
    ("out_al_utilisation_check", "⚠", "hand: |86.26 % − 86.8 %| = 0.54 pp > 0.3 pp"),
    ("out_al_action", "HOLD", "hand: 13,500 ≤ 14,110 (SHFE close, 2019-12) < 14,500 (Table 5 zones)"),
]


@pytest.mark.parametrize(("name", "prefix", "source"), REPORT_TEXT, ids=[t[0] for t in REPORT_TEXT])
def test_report_reading_shows_where_the_plan_puts_it(plan, sheets_csv, name, prefix, source):
    sheet, row, col = name_location(plan, name)
    text = shown(sheets_csv[VALUES][sheet], row, col)
    assert text.startswith(prefix), f"{sheet}!{name} shows {text!r} ({source})"


def _blank_formulas(sheet) -> set[tuple[int, int]]:
    """Formula cells (not spilled) whose cached result is blank."""
    return {(c.row, c.col) for c in sheet.cells
            if c.formula and not c.spill and (c.value is None or c.value == "")}


def _formula_cells(sheet) -> set[tuple[int, int]]:
    """Every cell a formula fills: its anchor and, for a spilled table, the whole range."""
    return spill_area(sheet) | {(c.row, c.col) for c in sheet.cells if c.formula}


def _compare(plan, rows_by_sheet, skip_formulas: bool = False):
    """Compare every plan cell with what LibreOffice shows, or only the cells no formula fills."""
    checked, wrong = 0, []
    for sheet in plan.sheets:
        if sheet.name not in rows_by_sheet:
            continue
        rows = rows_by_sheet[sheet.name]
        left_out = _formula_cells(sheet) if skip_formulas else set()
        for (row, col), value in sorted(plan_grid(sheet).items()):
            if (row, col) in left_out:
                continue
            checked += 1
            text = shown(rows, row, col)
            if not shows(text, value):
                wrong.append(f"'{sheet.name}' row {row + 1} col {col + 1}: shows {text!r}, plan {value!r}")
    return checked, wrong


def test_every_literal_cell_shows_the_plan_in_the_original(plan, sheets_csv):
    # LibreOffice 7.4 recalculates every array formula when it opens a file, and every formula that reads
    # one; it cannot call our functions (they live in Python), so those cells show #VALUE! there. Every
    # formula calling a znnial function is a dynamic array (workbooks/plan.py, Cell.dynamic_array), so only
    # the cells no formula fills are compared here; the values export below is compared cell by cell.
    checked, wrong = _compare(plan, sheets_csv[ORIGINAL], skip_formulas=True)
    print(f"\nLibreOffice, {ORIGINAL}.xlsm: {checked} literal cells checked")
    assert checked > 1000
    assert not wrong, "\n".join(wrong[:40])


def test_our_functions_are_unknown_to_libreoffice_not_silently_wrong(plan, sheets_csv):
    anchors = [(sheet.name, c) for sheet in plan.sheets if sheet.name in sheets_csv[ORIGINAL]
               for c in sheet.cells if c.formula and calls_znnial_function(c.formula)]
    shown_there = {shown(sheets_csv[ORIGINAL][name], c.row, c.col) for name, c in anchors}
    # LibreOffice runs the workbook's VBA wrappers (xlwings_udfs, issue 18): they cannot reach Python there,
    # so every such cell is an error, #VALUE!, never a number (tests/test_vba_libreoffice.py runs one)
    assert len(anchors) > 100 and shown_there == {"#VALUE!"}


def test_no_formula_outside_a_spill_has_a_blank_result(plan, sheets_csv):
    # XlsxWriter stores a blank cached formula result as an untyped <v></v> (to force a recalculation), which
    # LibreOffice recalculates to #NAME? for our functions: the builder must say "not found" in words instead.
    blanks = [(sheet.name, row + 1, col + 1) for sheet in plan.sheets for row, col in sorted(_blank_formulas(sheet))]
    assert blanks == []


def test_every_cell_shows_the_plan_in_the_values_export(plan, sheets_csv):
    checked, wrong = _compare(plan, sheets_csv[VALUES])
    spilled = sum(len(spill_area(s)) for s in plan.sheets if s.name in sheets_csv[VALUES])
    print(f"\nLibreOffice, {VALUES}.xlsx: {checked} cells checked, {spilled} of them in spilled ranges")
    assert spilled > 0
    assert not wrong, "\n".join(wrong[:40])


def test_values_export_shows_no_error_anywhere(sheets_csv):
    errors = [(sheet, r + 1, c + 1, text) for sheet, rows in sheets_csv[VALUES].items()
              for r, row in enumerate(rows) for c, text in enumerate(row)
              if text in ("#NAME?", "#VALUE!", "#REF!", "#N/A", "#DIV/0!", "Err:502", "Err:504")]
    assert errors == []


def test_history_spilled_columns_show_in_the_values_export(plan, sheets_csv):
    from workbooks.sheets import history

    sheet = plan.sheet(history.SHEET)
    rows = sheets_csv[VALUES][history.SHEET]
    spills = [c for c in sheet.cells if c.spill]
    assert spills
    for cell in spills:
        for i, row in enumerate(cell.value):
            assert shows(shown(rows, cell.row + i, cell.col), row[0]), (cell.formula, i)
    # and in the original LibreOffice cannot compute them (our functions live in Python)
    original = sheets_csv[ORIGINAL][history.SHEET]
    assert {shown(original, c.row, c.col) for c in spills} == {"#VALUE!"}  # the VBA wrapper's error, as above

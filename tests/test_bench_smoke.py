"""The bench runs (tiny sizes): no time is asserted anywhere, only that every metric is measured
and docs/performance.md keeps its prose while its generated part is replaced.

Also the two facts the refresh's speed rests on, checked for correctness, not speed: the edit
check reads a rebuild's values from its plan (`shown_values`), which must be exactly what the
rendered file holds; and the builder calls each worksheet function once per formula, never
once per row.
"""

from __future__ import annotations

import io
import shutil

import pytest

from bench import run
from bench.recalc import count_build_calls
from bench.section import TINY, Row, Section
from bench.synthetic import synthetic_observations

PAGE = run.DOC  # docs/performance.md: its prose must survive a run, its generated part be replaced


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    doc = tmp_path_factory.mktemp("bench") / "performance.md"
    shutil.copyfile(PAGE, doc)
    rows = run.main(TINY, doc=doc, stream=io.StringIO())
    return rows, doc


@pytest.mark.slow
def test_every_metric_is_measured(smoke):
    rows, _ = smoke
    metrics = [r.metric for r in rows]
    for name in ("profit", "hedge_action", "ni_npi_cost", "sma"):
        assert any(m.startswith(f"array call, {name},") for m in metrics)
        assert any(m.startswith(f"one cell per call, {name},") for m in metrics)
    assert any("History" in m for m in metrics)
    assert sum(m.startswith("refresh of one month") for m in metrics) == len(TINY.months)
    assert any(m.startswith("cold import udfs") for m in metrics)
    # 2020 with real basis (bench/basis.py, ../shared/data): a timing and a price row per metal, or one
    # row saying the shared files are absent
    basis = [m for m in metrics if m.startswith("basis: ")]
    assert len(basis) in (1, 6), basis
    # a year of refreshes (bench/year.py): TINY sizes run three months, each against the same file's floor
    assert sum(m.startswith("year: refresh of") for m in metrics) == 3
    assert any(m.startswith("year: ratio to the floor") for m in metrics)
    # the Refresh button (doubles/excel_com.py counts COM round trips): the same count at the shortest and longest
    # history, and no function evaluated when Excel opens the workbook it made (calcId kept, no fullCalcOnLoad)
    com = [r for r in rows if r.metric.startswith("Refresh button into")]
    assert len(com) == 2 and com[0].ours == com[1].ours and all(r.met for r in com)
    on_open = [r for r in rows if r.metric.strip().startswith("function evaluations in Excel on opening")]
    assert [r.ours for r in on_open] == ["0 (saved values)"] * 2 and all(r.met for r in on_open)
    for r in rows:
        assert r.ours and r.baseline and r.ratio and r.target


@pytest.mark.slow
def test_the_page_is_written_with_the_machine(smoke):
    rows, doc = smoke
    text = doc.read_text(encoding="utf-8")
    assert "| metric | ours | baseline | ratio | target | met |" in text
    assert "Machine: CPU" in text and "numpy" in text and "Python" in text
    assert "## Where a refresh spends its time" in text  # the refresh section's details
    for r in rows:
        assert f"| {r.metric} | {r.ours} |" in text
    # the hand-written prose around the markers is kept as it was
    before, after = PAGE.read_text(encoding="utf-8"), text
    for heading in ("## What each row measures", "## What we found and changed"):
        assert before[before.index(heading):] == after[after.index(heading):]
    assert text.count("<!-- bench:begin") == 1 and text.count("<!-- bench:end -->") == 1


def test_a_new_section_is_one_line_and_keeps_its_place(tmp_path):
    """Sections run in list order except run_last ones, which run after; rows keep the list's order."""
    ran, folders = [], set()

    def section(name):
        def measure(sizes, folder):
            ran.append(name)
            assert folder.is_dir() and not any(folder.iterdir())  # a scratch folder of its own, empty
            folders.add(folder)
            (folder / "scratch.txt").write_text(name)
            return [Row(f"row {name}", "1 ms", "floor 1 ms", "1.00×", "≤ 1×", True)]
        return measure

    doc = tmp_path / "page.md"
    doc.write_text("# Performance\n\nintro\n\n<!-- bench:begin -->\nold\n<!-- bench:end -->\n\nprose\n", encoding="utf-8")
    rows = run.main(TINY, doc=doc, stream=io.StringIO(),
                    sections=[Section(section("a")), Section(section("b"), run_last=True), Section(section("c"))])
    assert ran == ["a", "c", "b"] and len(folders) == 3
    assert not any(folder.exists() for folder in folders)  # removed after the run
    assert [r.metric for r in rows] == ["row a", "row b", "row c"]
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nintro\n\n<!-- bench:begin") and text.endswith("<!-- bench:end -->\n\nprose\n")
    assert "old" not in text and "| row b | 1 ms | floor 1 ms | 1.00× | ≤ 1× | yes |" in text


def test_a_page_without_markers_is_refused(tmp_path):
    doc = tmp_path / "page.md"
    doc.write_text("# Performance\n\nhand-written only\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no <!-- bench:begin"):
        run.main(TINY, doc=doc, stream=io.StringIO(), sections=[])
    assert doc.read_text(encoding="utf-8") == "# Performance\n\nhand-written only\n"


def test_calls_do_not_grow_with_the_months():
    few, _, _ = count_build_calls(synthetic_observations(3))
    many, sites, plan = count_build_calls(synthetic_observations(30))
    assert few == many  # the same calls for 3 and 30 months of History
    for sheet in plan.sheets:
        assert many[sheet.name] <= sites[sheet.name], sheet.name  # at most one call per formula call


@pytest.mark.parametrize("months", [0, 5])
@pytest.mark.slow  # about a second or more: left out of `make check`, run by `make test`
def test_shown_values_are_what_the_rendered_file_holds(months):
    from addin.bundled import all_observations
    from addin.refresh import _sheet_values
    from workbooks.build import plan_workbook
    from workbooks.xlsx_writer import render, shown_values

    observations = all_observations() if months == 0 else synthetic_observations(months)
    plan = plan_workbook(observations)
    expected = _sheet_values(render(plan))
    shown = shown_values(plan)
    assert list(shown) == list(expected)
    for name, grid in expected.items():
        assert len(shown[name]) == len(grid), name
        for r, (ours, theirs) in enumerate(zip(shown[name], grid)):
            assert [(type(v), v) for v in ours] == [(type(v), v) for v in theirs], (name, r)

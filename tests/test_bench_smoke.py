"""The bench runs (tiny sizes): no time is asserted anywhere, only that every metric is measured.

Also the two facts the refresh's speed rests on, checked for correctness, not speed: the edit
check reads a rebuild's values from its plan (`shown_values`), which must be exactly what the
rendered file holds; and the builder calls each worksheet function once per formula, never
once per row.
"""

from __future__ import annotations

import io

import pytest

from bench import run


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    doc = tmp_path_factory.mktemp("bench") / "performance.md"
    rows = run.main(run.TINY, doc=doc, stream=io.StringIO())
    return rows, doc


def test_every_metric_is_measured(smoke):
    rows, _ = smoke
    metrics = [r.metric for r in rows]
    for name in ("profit", "hedge_action", "ni_npi_cost", "sma"):
        assert any(m.startswith(f"array call, {name},") for m in metrics)
        assert any(m.startswith(f"one cell per call, {name},") for m in metrics)
    assert any("History" in m for m in metrics)
    assert sum(m.startswith("refresh of one month") for m in metrics) == len(run.TINY.months)
    assert any(m.startswith("cold import udfs") for m in metrics)
    for r in rows:
        assert r.ours and r.baseline and r.ratio and r.target


def test_the_page_is_written_with_the_machine(smoke):
    rows, doc = smoke
    text = doc.read_text(encoding="utf-8")
    assert "| metric | ours | baseline | ratio | target | met |" in text
    assert "Machine: CPU" in text and "numpy" in text and "Python" in text
    assert "## What we found and changed" in text
    for r in rows:
        assert f"| {r.metric} | {r.ours} |" in text


def test_calls_do_not_grow_with_the_months():
    few, _, _ = run.count_build_calls(run.synthetic_observations(3))
    many, sites, plan = run.count_build_calls(run.synthetic_observations(30))
    assert few == many  # the same calls for 3 and 30 months of History
    for sheet in plan.sheets:
        assert many[sheet.name] <= sites[sheet.name], sheet.name  # at most one call per formula call


@pytest.mark.parametrize("months", [0, 5])
def test_shown_values_are_what_the_rendered_file_holds(months):
    from addin.bundled import all_observations
    from addin.refresh import _sheet_values
    from workbooks.build import plan_workbook
    from workbooks.xlsx_writer import render, shown_values

    observations = all_observations() if months == 0 else run.synthetic_observations(months)
    plan = plan_workbook(observations)
    expected = _sheet_values(render(plan))
    shown = shown_values(plan)
    assert list(shown) == list(expected)
    for name, grid in expected.items():
        assert len(shown[name]) == len(grid), name
        for r, (ours, theirs) in enumerate(zip(shown[name], grid)):
            assert [(type(v), v) for v in ours] == [(type(v), v) for v in theirs], (name, r)

"""docs/functions.md is generated from the registry (its staleness: tests/test_generated_files.py)."""

from __future__ import annotations

import re

import udfs
from udfs import docs
from udfs.catalogue import FUNCTIONS



def test_render_is_deterministic():
    assert docs.functions_markdown() == docs.functions_markdown()


def test_every_function_example_and_source_is_on_the_page():
    page = docs.functions_markdown()
    for spec in FUNCTIONS:
        assert f"### `{spec.name}`" in page
        assert spec.description in page
        for arg in spec.args:
            assert f"| `{arg.name}` | {arg.help} |" in page
        for example in spec.examples:
            assert f"`{example.formula(spec.name)}`" in page
            assert example.source in page
        if spec.notes:
            assert spec.notes in page
        for what, fields, source in spec.sources:
            assert f"| {what} | {fields} | {source} |" in page
    assert "#VALUE!" not in page.split("## Contents")[1]  # no example renders as an error


def test_contents_links_resolve_to_headings():
    page = docs.functions_markdown()
    anchors = {docs._slug(h.strip("`")) for h in re.findall(r"^#{2,3} (.+)$", page, flags=re.MULTILINE)}
    links = re.findall(r"\]\(#([^)]+)\)", page)
    assert len(links) == len(FUNCTIONS) + len({s.group for s in FUNCTIONS})
    assert set(links) <= anchors


def test_results_are_formatted_for_readers():
    # al_full_cost example: hand 12,899.02 (catalogue); breakeven 100,000.00000000003 shows as 100,000
    assert docs.format_number(12899.02) == "12,899.02"
    assert docs.format_number(100000.00000000003) == "100,000"
    assert docs.format_number(0.08806035108080669) == "0.0880604"
    assert docs.format_cell(float("nan")) == "" and docs.format_cell(None) == ""
    spec = udfs.catalogue.BY_NAME["sma"]
    lines = docs.format_result(spec, udfs.sma([1, 2, 3, 4], 2))
    assert lines[2:] == ["| spill |", "|---:|", "|  |", "| 1.5 |", "| 2.5 |", "| 3.5 |"]


def test_main_writes_the_page(tmp_path):
    target = tmp_path / "out" / "functions.md"
    assert docs.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == docs.functions_markdown()

"""Every generated file is up to date, or the test names each stale one and the one command that rewrites it.

The checks are addin/regenerate.py's own fast ones (no LibreOffice, no slow tests); what they compare
against is stated here by hand where the code could agree with itself: a registry of a different size
makes docs/reliability.md stale, and an edited vocabulary row makes docs/data.md stale.
"""

from __future__ import annotations

import dataclasses

import pytest

from addin import regenerate
from addin.generated import readme, reliability
from udfs.catalogue import FUNCTIONS
from workbooks.monthdata import vocabulary


def test_every_generated_file_is_up_to_date():
    stale = regenerate.stale_files()
    assert not stale, f"stale: {', '.join(stale)}: run `make regenerate` (python -m addin.regenerate) and commit"


def test_the_command_covers_each_generated_file():
    # by hand: the six generated files of issue 22, in the order one reads the one before
    assert [g.path for g in regenerate.GENERATED] == [
        "docs/functions.md", "docs/data.md", "workbooks/znnial.xlsm", "docs/screenshots", "README.md",
        "docs/reliability.md"]


def test_the_makefile_target_runs_the_command():
    makefile = (regenerate.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "regenerate: $(VENV)/.installed\n\t$(PY) -m addin.regenerate\n" in makefile


def test_a_table_counted_with_another_registry_is_stale():
    counts = {("worksheet functions", "random Excel-like arguments", "refused"): 7}
    doc = reliability.fill("<!-- counts:begin -->\n<!-- counts:end -->\n",
                           reliability.table(counts, len(FUNCTIONS) - 2))
    assert "| worksheet functions | random Excel-like arguments | refused | 7 |" in doc
    assert reliability.counted_functions(doc) == len(FUNCTIONS) - 2
    assert reliability.counted_functions("<!-- counts:begin -->\nno line\n<!-- counts:end -->") is None
    with pytest.raises(ValueError, match="counts:begin"):
        reliability.block("no markers")


def test_an_edited_vocabulary_row_makes_docs_data_stale(monkeypatch):
    doc = (regenerate.ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    key = ("zn", "shfe_close")
    edited = dataclasses.replace(vocabulary.ITEMS[key], high=70000.0)
    monkeypatch.setitem(vocabulary.ITEMS, key, edited)
    assert vocabulary.fill_generated(doc) != doc
    assert "| zn | `shfe_close` | CNY/t | 5,000 … 70,000 |" in vocabulary.fill_generated(doc)


def test_the_readme_list_has_one_line_per_sheet_picture():
    plan = regenerate._fresh_plan()
    lines = readme.picture_list(plan).splitlines()
    # by hand: the first picture is the guide, the last the Data sheet (the xlwings config sheet has none)
    assert lines[0] == "![guide](docs/screenshots/01-guide.png)"
    assert lines[-1].startswith("![data](docs/screenshots/") and lines[-1].endswith("-data.png)")
    assert len(lines) == len(plan.sheets) - 1
    with pytest.raises(ValueError, match="pictures:begin"):
        readme.fill("no markers", plan)

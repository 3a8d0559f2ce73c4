"""docs/screenshots: one PNG per sheet, rendered by LibreOffice from the values-only copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from addin.screenshots import render_screenshots
from workbooks.build import TEMPLATE

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                                reason="LibreOffice and poppler-utils are installed by .ci/run")


def test_one_picture_per_sheet_and_the_committed_ones_are_current(tmp_path):
    written = render_screenshots(TEMPLATE, tmp_path)
    sheets = [name for name in CalamineWorkbook.from_path(str(TEMPLATE)).sheet_names if name != "xlwings.conf"]
    assert len(written) == len(sheets)
    for png in written:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000, png.name
    # the committed set has the same pictures (names); their pixels depend on the LibreOffice build
    assert sorted(p.name for p in written) == sorted(p.name for p in DOCS.glob("*.png")), \
        "stale: run `make screenshots`"
    readme = (DOCS.parent.parent / "README.md").read_text(encoding="utf-8")
    assert all(f"docs/screenshots/{p.name}" in readme for p in written)

"""docs/screenshots: one PNG per sheet, rendered by LibreOffice from the values-only copy.

The fast tests need no LibreOffice: docs/screenshots/MANIFEST.json, written by `make regenerate`,
records for each picture the digest of what its sheet shows (`addin.screenshots.shown_digest`) and
of the PNG; recomputed from the committed workbooks/znnial.xlsm, the first tells a picture that no
longer shows the workbook, the second a picture replaced without the manifest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from addin.export import values_plan
from addin.screenshots import MANIFEST, pictures, read_manifest, render_screenshots, shown_digest
from workbooks.build import TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "screenshots"
STALE = "run `make regenerate` and commit docs/screenshots"


@pytest.fixture(scope="module")
def manifest():
    recorded = read_manifest(DOCS)
    assert recorded, f"docs/screenshots/{MANIFEST} is missing: {STALE}"
    return recorded


@pytest.fixture(scope="module")
def plan():
    """The plan the values-only copy of the committed workbook is written from (what the pictures show)."""
    return values_plan(TEMPLATE)


@pytest.fixture(scope="module")
def shown(plan):
    """PNG file name -> digest of what its sheet shows, recomputed from the committed workbook."""
    return {png: shown_digest(plan, sheet) for png, sheet in pictures(plan)}


def test_every_committed_picture_is_in_the_manifest(manifest):
    assert sorted(p.name for p in DOCS.glob("*.png")) == sorted(manifest), STALE


def test_each_picture_shows_the_committed_workbook(manifest, shown):
    assert sorted(shown) == sorted(manifest), f"the workbook's sheets and the pictures differ: {STALE}"
    stale = [f"{png} ({manifest[png]['sheet']})" for png in shown if shown[png] != manifest[png]["shown"]]
    assert not stale, f"these pictures no longer show workbooks/znnial.xlsm: {', '.join(stale)}: {STALE}"


def test_each_picture_is_the_one_rendered(manifest):
    changed = [png for png, entry in manifest.items()
               if hashlib.sha256((DOCS / png).read_bytes()).hexdigest() != entry["png"]]
    assert not changed, f"changed since they were rendered: {', '.join(changed)}: {STALE}"


def test_the_readme_shows_every_picture(manifest):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [png for png in manifest if f"docs/screenshots/{png}" not in readme]
    assert not missing, missing


def test_the_digest_follows_what_a_sheet_shows(plan, shown):
    """A changed value on one sheet changes that sheet's digest and no other's."""
    named = pictures(plan)
    assert shown_digest(plan, named[0][1]) == shown[named[0][0]]  # the same sheet, the same digest
    png, sheet = named[1]
    cell = next(c for c in sheet.cells if isinstance(c.value, (int, float)) and not isinstance(c.value, bool))
    edited = dataclasses.replace(sheet, cells=[dataclasses.replace(cell, value=cell.value + 1.0) if c is cell else c
                                               for c in sheet.cells])
    changed = dataclasses.replace(plan, sheets=[edited if s is sheet else s for s in plan.sheets])
    after = {name: shown_digest(changed, s) for name, s in pictures(changed)}
    assert [name for name in after if after[name] != shown[name]] == [png]


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="LibreOffice and poppler-utils are installed by .ci/run")
def test_rendering_gives_one_picture_per_sheet_and_the_manifest(tmp_path, manifest):
    written = render_screenshots(TEMPLATE, tmp_path)
    sheets = [name for name in CalamineWorkbook.from_path(str(TEMPLATE)).sheet_names if name != "xlwings.conf"]
    assert len(written) == len(sheets)
    for png in written:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000, png.name
    fresh = read_manifest(tmp_path)
    assert sorted(fresh) == sorted(p.name for p in written)
    for png in written:
        assert fresh[png.name]["png"] == hashlib.sha256(png.read_bytes()).hexdigest()
    # pixels depend on the LibreOffice build; what the pictures show must be what is committed
    assert {png: e["shown"] for png, e in fresh.items()} == {png: e["shown"] for png, e in manifest.items()}, STALE

"""docs/methods.md is what the code, the sheet notes and the tests cite: every citation resolves."""

from __future__ import annotations

import re
from pathlib import Path

from addin.bundled import all_observations
from workbooks.build import plan_workbook

ROOT = Path(__file__).resolve().parent.parent
METHODS = ROOT / "docs" / "methods.md"
CITATION = re.compile(r"docs/methods\.md §(\d+(?:\.\d+)?)")


def _sections() -> set[str]:
    return set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", METHODS.read_text(encoding="utf-8"), flags=re.MULTILINE))


def _sources():
    for folder in ("udfs", "workbooks", "addin", "tests", "bench"):
        yield from (ROOT / folder).rglob("*.py")


def test_every_cited_section_exists():
    sections = _sections()
    assert {"0", "1.1", "2.4", "3.2", "4.2", "5"} <= sections
    cited = {}
    for path in _sources():
        for number in CITATION.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(number, path.relative_to(ROOT).as_posix())
    assert len(cited) >= 10
    assert {n: where for n, where in cited.items() if n not in sections} == {}


def test_the_sheets_cite_methods_not_notes_users_never_get():
    plan = plan_workbook(all_observations())
    notes = [c.value for s in plan.sheets for c in s.cells if isinstance(c.value, str)]
    assert not [n for n in notes if "DOMAIN-NOTES" in n]
    cited = {m for n in notes for m in CITATION.findall(n)}
    # 表4's unit consumptions (§1.1), 表2's cost support variants (§2.4), 表5's zones (§4.2), 价差's carry (§5)
    assert {"1.1", "2.4", "4.2", "5"} <= cited <= _sections()


def test_no_source_file_cites_domain_notes():
    offenders = [p.relative_to(ROOT).as_posix() for p in _sources()
                 if p != Path(__file__).resolve() and "DOMAIN-NOTES" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_the_function_reference_links_the_methods():
    assert "[methods.md](methods.md)" in (ROOT / "docs" / "functions.md").read_text(encoding="utf-8")

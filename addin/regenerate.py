"""`make regenerate` (``python -m addin.regenerate``): every generated file of the repository from one command.

    python -m addin.regenerate            # rewrite each generated file the fast checks find stale, in order
    python -m addin.regenerate --all      # rewrite every one (LibreOffice for the pictures, ~3 min of tests)
    python -m addin.regenerate --check    # only list the stale ones (exit status 1 when any)

The files, in the order they are written (a later one reads an earlier one): the function reference, the
vocabulary tables of docs/data.md, the template, the screenshots and their manifest, the README's picture
list, the counts of docs/reliability.md. Each has a fast staleness check without LibreOffice
(tests/test_generated_files.py runs them all and names each stale file and this command).
"""

from __future__ import annotations

import functools
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "make regenerate"


@functools.cache
def _fresh_plan():
    """The template's plan from the bundled data, as `make regenerate` writes it."""
    from workbooks.build import plan_workbook

    from .bundled import all_observations

    return plan_workbook(all_observations())


def _committed_values_plan():
    """The plan the values-only copy of the committed template is written from (what the pictures show)."""
    from workbooks.build import TEMPLATE

    from .export import values_plan

    return values_plan(TEMPLATE)


def _read(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def _write(relative: str, text: str) -> None:
    (ROOT / relative).write_text(text, encoding="utf-8")


# --- the function reference -------------------------------------------------------------------------------
def _functions_stale() -> bool:
    from udfs.docs import functions_markdown

    path = ROOT / "docs" / "functions.md"
    return not path.is_file() or path.read_text(encoding="utf-8") != functions_markdown()


def _write_functions() -> None:
    from udfs.docs import functions_markdown

    _write("docs/functions.md", functions_markdown())


# --- the vocabulary in docs/data.md ----------------------------------------------------------------------
def _vocabulary_stale() -> bool:
    from workbooks.monthdata.vocabulary import fill_generated

    doc = _read("docs/data.md")
    return fill_generated(doc) != doc


def _write_vocabulary() -> None:
    from workbooks.monthdata.vocabulary import fill_generated

    _write("docs/data.md", fill_generated(_read("docs/data.md")))


# --- the template -----------------------------------------------------------------------------------------
def _template_stale() -> bool:
    from workbooks.build import TEMPLATE
    from workbooks.xlsx_writer import render

    return not TEMPLATE.is_file() or TEMPLATE.read_bytes() != render(_fresh_plan())


def _write_template() -> None:
    from workbooks.build import TEMPLATE
    from workbooks.xlsx_writer import write_workbook

    write_workbook(_fresh_plan(), TEMPLATE)


# --- the screenshots and their manifest -------------------------------------------------------------------
SCREENSHOTS = ROOT / "docs" / "screenshots"


def _screenshots_stale() -> bool:
    """A picture missing, extra, replaced since it was rendered, or no longer showing the committed template."""
    from .screenshots import pictures, read_manifest, shown_digest

    manifest = read_manifest(SCREENSHOTS)
    plan = _committed_values_plan()
    shown = {png: shown_digest(plan, sheet) for png, sheet in pictures(plan)}
    on_disk = sorted(p.name for p in SCREENSHOTS.glob("*.png"))
    if not manifest or sorted(manifest) != sorted(shown) or on_disk != sorted(manifest):
        return True
    return any(manifest[png]["shown"] != shown[png]
               or manifest[png]["png"] != hashlib.sha256((SCREENSHOTS / png).read_bytes()).hexdigest()
               for png in manifest)


def _write_screenshots() -> None:
    from workbooks.build import TEMPLATE

    from .screenshots import render_screenshots

    render_screenshots(TEMPLATE, SCREENSHOTS)


# --- the README's picture list ----------------------------------------------------------------------------
def _readme_stale() -> bool:
    from .generated import readme

    text = _read("README.md")
    return readme.fill(text, _committed_values_plan()) != text


def _write_readme() -> None:
    from .generated import readme

    _write("README.md", readme.fill(_read("README.md"), _committed_values_plan()))


# --- the counts in docs/reliability.md --------------------------------------------------------------------
def _reliability_stale() -> bool:
    """Fast: the table was counted with another registry (the counts themselves need the slow run)."""
    from udfs.catalogue import FUNCTIONS

    from .generated import reliability

    return reliability.counted_functions(_read("docs/reliability.md")) != len(FUNCTIONS)


def _write_reliability() -> None:
    from udfs.catalogue import FUNCTIONS

    from .generated import reliability

    counts, seconds = reliability.run_counts()
    text = reliability.table(counts, len(FUNCTIONS), seconds)
    _write("docs/reliability.md", reliability.fill(_read("docs/reliability.md"), text))


@dataclass(frozen=True)
class Generated:
    """One generated file (or folder): where it is, how to tell it is stale, how to write it."""

    path: str
    stale: Callable[[], bool]
    write: Callable[[], None]


GENERATED = (
    Generated("docs/functions.md", _functions_stale, _write_functions),
    Generated("docs/data.md", _vocabulary_stale, _write_vocabulary),
    Generated("workbooks/znnial.xlsm", _template_stale, _write_template),
    Generated("docs/screenshots", _screenshots_stale, _write_screenshots),
    Generated("README.md", _readme_stale, _write_readme),
    Generated("docs/reliability.md", _reliability_stale, _write_reliability),
)


def stale_files() -> list[str]:
    """The paths of the generated files the fast checks find stale, in `GENERATED` order."""
    return [generated.path for generated in GENERATED if generated.stale()]


def regenerate(every: bool = False, say: Callable[[str], None] = print) -> list[str]:
    """Rewrite each stale generated file (each one with `every`), in order; the paths written."""
    written = []
    for generated in GENERATED:
        if every or generated.stale():
            say(f"writing {generated.path}")
            generated.write()
            written.append(generated.path)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    unknown = [a for a in argv if a not in ("--all", "--check")]
    if unknown:
        print(f"unknown option {unknown[0]!r}: use --all or --check", file=sys.stderr)
        return 2
    if "--check" in argv:
        stale = stale_files()
        print(f"stale: {', '.join(stale)}: run `{COMMAND}`" if stale else "every generated file is up to date")
        return 1 if stale else 0
    written = regenerate(every="--all" in argv)
    print(f"wrote {', '.join(written)}" if written else "every generated file is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

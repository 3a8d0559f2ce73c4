"""The README's picture list: one line per screenshot, derived from the workbook's sheets (addin/screenshots.py).

The list sits between the ``<!-- pictures:begin -->`` and ``<!-- pictures:end -->`` markers of README.md;
`make regenerate` rewrites it, so a new sheet needs no README edit by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbooks.plan import WorkbookPlan

from ..screenshots import pictures

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"
_BLOCK = re.compile(r"(<!-- pictures:begin[^>]*-->\n)(.*?)(<!-- pictures:end -->)", re.S)


def picture_list(plan: WorkbookPlan) -> str:
    """One Markdown image line per picture of `plan`, in workbook order."""
    lines = []
    for png, _ in pictures(plan):
        lines.append(f"![{png[3:-4]}](docs/screenshots/{png})")  # "01-guide.png" -> alt text "guide"
    return "\n".join(lines) + "\n"


def fill(readme: str, plan: WorkbookPlan) -> str:
    """`readme` with the text between the picture markers replaced by the list for `plan`."""
    if not _BLOCK.search(readme):
        raise ValueError("README.md has no pictures:begin/pictures:end markers")
    return _BLOCK.sub(lambda m: m.group(1) + picture_list(plan) + m.group(3), readme, count=1)

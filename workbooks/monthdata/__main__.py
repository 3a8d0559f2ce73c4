"""``python -m workbooks.monthdata [docs/data.md]``: print the unit and item tables, or refresh them in a file.

With a path, rewrites only the text between the ``units``/``items`` begin/end
markers of that Markdown file (how docs/data.md is kept in step with ITEMS).
"""

import sys
from pathlib import Path

from .vocabulary import fill_generated, units_markdown, vocabulary_markdown

if len(sys.argv) > 1:
    target = Path(sys.argv[1])
    target.write_text(fill_generated(target.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {target}")
else:
    print(units_markdown())
    print(vocabulary_markdown())

"""`safe_text`: a file's text made fit for a worksheet cell.

The workbook writer stores every text from a month file (sources, notes) with
XlsxWriter's ``write_string``, which always writes a string cell — never a
formula, whatever the text starts with (``=``, ``+``, ``-``, ``@``). So this
helper does not escape formula prefixes; it only removes what a cell should not
hold: control characters (tab, CR and LF become one space; the others are
dropped) and anything past 255 characters (a source note, not a document).
Do not pass its result to ``worksheet.write()``: that guesses the type and
would turn ``=...`` into a formula.
"""

from __future__ import annotations

import re

MAX_TEXT = 255

_SPACES = re.compile(r"[\t\r\n\v\f]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_text(s) -> str:
    """``s`` as a plain, single-line str of at most 255 characters (None -> "")."""
    if s is None:
        return ""
    text = _CONTROLS.sub("", _SPACES.sub(" ", str(s)))
    return text[:MAX_TEXT]

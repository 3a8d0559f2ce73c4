"""Reading a number from a month-file cell: numeric cells as they are, text through the one parser.

`parse_number` returns ``(value, had_percent_sign)`` and leaves the percent
rule (divide by 100) to the caller, which knows the unit. Text is read by
`udfs.number_text.read_number_text`, the parser worksheet cells use too (its
accepted spellings are listed in docs/data.md, section "Numbers"). It raises
ValueError with a short reason; the caller adds file/row.
"""

from __future__ import annotations

import math

from udfs.number_text import read_number_text


def parse_number(cell) -> tuple[float, bool]:
    """``(float, had_percent_sign)`` for a numeric cell or text; ValueError otherwise."""
    if isinstance(cell, bool):
        raise ValueError("TRUE/FALSE is not a number")
    if isinstance(cell, (int, float)):
        value = float(cell)
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value, False
    if cell is None:
        raise ValueError("blank value")
    try:
        return read_number_text(cell)
    except ValueError as reason:  # "is not a number" reads "unparsable number (not a number)" in a message
        raise ValueError(str(reason).removeprefix("is ").replace("blank", "blank value")) from None


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")

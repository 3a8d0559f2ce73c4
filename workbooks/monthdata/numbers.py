"""Reading a number from a cell: ``13,085``, `` 5 ``, ``86.8%``, ``-1.84%``, full-width digits.

`parse_number` returns ``(value, had_percent_sign)`` and leaves the percent
rule (divide by 100) to the caller, which knows the unit. It raises
ValueError with a short reason for anything else; the caller adds file/row.
"""

from __future__ import annotations

import math
import re
import unicodedata

# Thousands groups must be whole (13,085 yes; 13,08 no) so a decimal comma is never misread.
_NUMBER = re.compile(
    r"""^[+-]?
        (?: \d{1,3}(?:,\d{3})+ (?:\.\d*)?   # 13,085 / 13,085.5
          | \d+ (?:\.\d*)?                  # 13085 / 13085. / 13085.0
          | \.\d+ )                         # .5
        (?:[eE][+-]?\d+)?                   # 1.3085e4 (Excel writes large numbers so)
        %?$""",
    re.VERBOSE,
)
_DASHES = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


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
    text = unicodedata.normalize("NFKC", str(cell)).translate(_DASHES)
    text = "".join(text.split())  # also drops spaces inside: "13 085"
    if text == "":
        raise ValueError("blank value")
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    percent = text.endswith("%")
    value = float(text.rstrip("%").replace(",", ""))
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value, percent


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")

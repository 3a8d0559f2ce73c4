"""Reading a number written as text: the one parser for worksheet cells and month files.

The accepted spellings are listed once, in docs/data.md (section "Numbers"),
and the function reference (docs/functions.md) points there; tests/test_number_text.py
pins them for both callers. A trailing ``%`` is reported, not applied: the
caller knows the percent rule (a cell divides by 100; a month file does too,
and also divides a value whose unit is ``%``).

`udfs.coercion` (cells) and `workbooks.monthdata.numbers` (month files) both
call `read_number_text`; it lives in udfs so both layers can import it.
"""

from __future__ import annotations

import math
import re
import unicodedata

_NUMBER = re.compile(
    r"""^[+-]?
        (?: \d{1,3}(?:,\d{3})+ (?:\.\d*)?   # 13,085 / 13,085.5
          | \d+ (?:\.\d*)?                  # 13085 / 13085. / 13085.0
          | \.\d+ )                         # .5
        (?:[eE][+-]?\d+)?                   # 1.3085e4 (Excel writes large numbers so)
        %?$""",
    re.VERBOSE,
)
# After NFKC (which turns the full-width ＋－，％￥ into +-,%¥): the dashes NFKC keeps, read as a minus.
_DASHES = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"})
_CURRENCY = re.compile(r"^([+-]?)¥")  # ¥13,085, -¥5 (and ¥-5, handled by stripping the sign first)

NOT_A_NUMBER = "is not a number"
BAD_COMMAS = "is not a number (commas only between thousands: 13,085)"
NOT_FINITE = "is not a finite number"
BLANK = "is blank"


def read_number_text(text: str) -> tuple[float, bool]:
    """``(value, had_percent_sign)`` for number text; ValueError with one of the reasons above otherwise.

    The percent sign is reported, not applied: ``"86.8%"`` → ``(86.8, True)``.
    """
    text = unicodedata.normalize("NFKC", str(text)).translate(_DASHES)
    text = "".join(text.split())  # spaces around and inside: " 5 ", "13 085", non-breaking spaces
    if text == "":
        raise ValueError(BLANK)
    text = _CURRENCY.sub(r"\1", text, count=1)
    if not _NUMBER.match(text):
        raise ValueError(BAD_COMMAS if "," in text and _NUMBER.match(text.replace(",", "")) else NOT_A_NUMBER)
    percent = text.endswith("%")
    value = float(text.rstrip("%").replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(NOT_FINITE)
    return value, percent

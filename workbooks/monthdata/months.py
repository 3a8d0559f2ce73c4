"""Reading the month of a row: ``2019-11``, ``2019/11``, ``2019.11``, ``201911``, ``2019年11月``,
``2019-11-30``, Excel date serials (43799) and date cells -> ``"2019-11"``.

``2019.1`` is refused as ambiguous: it is how Excel shows the number 2019.10
(October) as well as a January written with a dot.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MIN_YEAR, MAX_YEAR = 1990, 2100
# Excel serials for 1990-01-01 .. 2100-12-31 (1900 date system).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN = (dt.date(MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days

_PATTERNS = [
    re.compile(r"^(\d{4})[-/](\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{2})$"),
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
]
_DATE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
    r"|^(\d{4})年(\d{1,2})月(\d{1,2})日$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def _month(year: int, month: int) -> str:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        raise ValueError(f"year {year} outside {MIN_YEAR}–{MAX_YEAR}")
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1–12")
    return f"{year:04d}-{month:02d}"


def _from_serial(serial: float) -> str:
    if not (_SERIAL_MIN <= serial <= _SERIAL_MAX + 1):
        raise ValueError("not a month")
    day = _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    return _month(day.year, day.month)


def parse_month(cell) -> str:
    """``"YYYY-MM"`` for a month cell; ValueError with a short reason otherwise."""
    if isinstance(cell, bool) or cell is None:
        raise ValueError("not a month")
    if isinstance(cell, (dt.date, dt.datetime)):
        return _month(cell.year, cell.month)
    if isinstance(cell, (int, float)):
        return _number_month(float(cell))
    spaced = " ".join(unicodedata.normalize("NFKC", str(cell)).split())
    text = spaced.replace(" ", "")
    if text == "":
        raise ValueError("blank month")
    if re.fullmatch(r"\d{4}\.\d", text):
        raise ValueError("ambiguous: 2019.1 may be January or October (2019.10); write 2019-01 or 2019-10")
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            return _month(int(m.group(1)), int(m.group(2)))
    m = _DATE.match(text) or _DATE.match(spaced)
    if m:
        y, mo, d = [int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:])]
        try:
            dt.date(y, mo, d)
        except ValueError:
            raise ValueError("not a valid date") from None
        return _month(y, mo)
    if _SERIAL.match(text):
        return _from_serial(float(text))
    raise ValueError("not a month")


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(cell) -> str | None:
    """``"YYYY-MM-DD"`` for a trading date written as ISO text (``2020-01-02``), None for any other cell (a month,
    a date cell, an Excel serial); ValueError for a date that does not exist (``2020-02-30``).

    Only the rows of an item that takes daily quotes ask (vocabulary.DAILY_TOO); any other item reads such a
    date as its month, as before. Only text counts: Excel turns a typed ``2020-01`` into the date cell
    2020-01-01, which must stay a month (docs/data.md, "Daily quotes")."""
    if not isinstance(cell, str):
        return None
    m = _DAY.match(unicodedata.normalize("NFKC", cell).strip())
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    _month(year, month)  # the year range and the month, as for a month
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{year:04d}-{month:02d} has no day {day}") from None


def _number_month(value: float) -> str:
    """A numeric cell: Excel serial (43799), yyyymm (201911) or yyyy.mm (2019.11)."""
    if value.is_integer():
        n = int(value)
        if 190001 <= n <= 210012:
            return _month(n // 100, n % 100)
        return _from_serial(value)
    if MIN_YEAR <= value < MAX_YEAR + 1:
        # 2019.11 as a number; 2019.1 cannot be told from 2019.10.
        text = f"{value:.6f}".rstrip("0")
        year, frac = text.split(".")
        if len(frac) == 1:
            raise ValueError("ambiguous: 2019.1 may be January or October (2019.10); write 2019-01 or 2019-10")
        if len(frac) == 2:
            return _month(int(year), int(frac))
        raise ValueError("not a month")
    return _from_serial(value)  # a serial with a time of day


# A month file describes a month that has happened, or the one under way: a month more than this many months
# after today's is most likely mistyped (2035-06 for 2020-06, issue 19). It is not refused — a desk may file
# an outlook under a coming month — but every load and refresh says so, with the way back (`znnial withdraw`).
FUTURE_MONTHS_WARNED = 2


def future_month_warnings(months, today: dt.date) -> list[str]:
    """One warning per month more than FUTURE_MONTHS_WARNED months after `today`'s month, oldest first (a daily
    quote, "2035-06-02", counts as its month)."""
    now = today.year * 12 + today.month - 1
    warnings = []
    for month in sorted({month[:7] for month in months}):
        ahead = int(month[:4]) * 12 + int(month[5:7]) - 1 - now
        if ahead > FUTURE_MONTHS_WARNED:
            warnings.append(f"month {month} is {ahead} months after this month ({today:%Y-%m}): mistyped? "
                            f"`znnial withdraw` takes it back")
    return warnings

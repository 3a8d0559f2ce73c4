"""Turning a file's rows into raw records, for either file shape (the long or the wide layout).

Long layout: a header with ``month, metal, item, value, unit, source`` (any
case; or 月份, 品种, 指标, 数值, 单位, 来源) and an optional ``note`` (备注),
which is ignored. Wide layout (a Wind/SMM export): first column a month/date,
every other column a series named by its header and mapped by a mapping.
A header with at least three long-layout column names is read as long.

The records keep cells as read; `validate` turns them into observations.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem
from .mapping import MappedSeries, header_key
from .months import parse_month
from .numbers import is_blank

LONG_COLUMNS = ("month", "metal", "item", "value", "unit", "source")
_LONG_ALIASES = {
    "month": ("month", "月份", "月度", "date", "日期"),
    "metal": ("metal", "品种", "金属"),
    "item": ("item", "指标", "项目"),
    "value": ("value", "数值", "值"),
    "unit": ("unit", "单位"),
    "source": ("source", "来源", "数据来源"),
    "note": ("note", "notes", "备注", "说明"),
}
_HEADER_NAMES = {header_key(a): col for col, names in _LONG_ALIASES.items() for a in names}

# First cells of Wind export rows that describe the series rather than hold data.
_WIDE_META = {header_key(t) for t in (
    "频率", "单位", "指标ID", "指标id", "来源", "更新时间", "指标名称", "时间区间", "frequency", "unit", "source",
    "ID", "update time")}
_WIDE_TRAILER_PREFIXES = ("数据来源", "来源", "source")


@dataclass(frozen=True)
class RawRecord:
    row: int  # 1-based, header = 1
    month: object
    metal: object
    item: object
    value: object
    unit: object
    source: object


def _blank_row(cells) -> bool:
    return all(is_blank(c) for c in cells)


def _cell(cells: list, i: int):
    return cells[i] if i < len(cells) else ""


def _first_row(table: list[list]) -> int | None:
    for i, cells in enumerate(table):
        if not _blank_row(cells):
            return i
    return None


def is_long(header: list) -> bool:
    names = {_HEADER_NAMES.get(header_key(c)) for c in header if not is_blank(c)}
    return len(names & set(LONG_COLUMNS)) >= 3


def records(table: list[list], file: str, mapping: dict[str, MappedSeries] | None) -> tuple[list[RawRecord], list[Problem]]:
    """Raw records and structural problems (missing/unknown/unmapped columns, no data)."""
    start = _first_row(table)
    if start is None:
        return [], [Problem(file, None, "no observations (the file is empty)")]
    header = table[start]
    body = [(i + 1, cells) for i, cells in enumerate(table[start + 1:], start=start + 1)]
    if is_long(header):
        recs, problems = _long(header, start + 1, body, file)
    elif mapping is None:
        return [], [Problem(file, start + 1,
                            "missing required columns " + ", ".join(LONG_COLUMNS)
                            + f" (header is {', '.join(repr(str(c)) for c in header if not is_blank(c))}); "
                              "for a wide Wind/SMM export pass a mapping file (--mapping FILE on the "
                              "command line; 'znnial mapping' on the xlwings.conf sheet for the Refresh button)")]
    else:
        recs, problems = _wide(header, start + 1, body, file, mapping)
    if not recs and not problems:
        only = "only a header row" if all(_blank_row(c) for _, c in body) else "no values"
        problems.append(Problem(file, None, f"no observations ({only})"))
    return recs, problems


def _long(header, header_row, body, file):
    problems: list[Problem] = []
    where: dict[str, int] = {}
    for i, cell in enumerate(header):
        if is_blank(cell):
            if any(not is_blank(_cell(cells, i)) for _, cells in body):
                problems.append(Problem(file, header_row, f"column {i + 1} has values but no header"))
            continue
        col = _HEADER_NAMES.get(header_key(cell))
        if col is None:
            problems.append(Problem(file, header_row, f"unknown column {str(cell)!r}; the long layout has "
                                                      + ", ".join(LONG_COLUMNS) + " and an optional note"))
        elif col in where:
            problems.append(Problem(file, header_row, f"column {col!r} appears twice"))
        else:
            where[col] = i
    missing = [c for c in LONG_COLUMNS if c not in where]
    if missing:
        problems.insert(0, Problem(file, header_row, "missing required column"
                                   + ("s " if len(missing) > 1 else " ") + ", ".join(missing)))
    if problems:
        return [], problems
    recs = []
    for row, cells in body:
        values = [_cell(cells, where[c]) for c in LONG_COLUMNS]
        if not _blank_row(values):  # blank rows, and rows with only a note, are skipped
            recs.append(RawRecord(row, *values))
    return recs, []


def _wide(header, header_row, body, file, mapping):
    problems: list[Problem] = []
    columns: list[tuple[int, str, MappedSeries]] = []
    unmapped = []
    for i, cell in enumerate(header[1:], start=1):
        if is_blank(cell):
            if any(not is_blank(_cell(cells, i)) for _, cells in body):
                problems.append(Problem(file, header_row, f"column {i + 1} has values but no header"))
            continue
        col = mapping.get(header_key(cell))
        if col is None:
            unmapped.append(str(cell).strip())
        else:
            columns.append((i, str(cell).strip(), col))
    if unmapped:
        problems.append(Problem(file, header_row, "unmapped columns " + ", ".join(repr(u) for u in unmapped)
                                + ": add them to the mapping file (column,metal,item,unit)"))
    if problems:
        return [], problems
    recs = []
    for row, cells in body:
        if _blank_row(cells):
            continue
        first = _cell(cells, 0)
        if _is_metadata(first):
            continue
        for i, header_text, col in columns:
            value = _cell(cells, i)
            if is_blank(value):  # a grid: a blank cell is "no figure this month"
                continue
            recs.append(RawRecord(row, first, col.metal, col.item, value, col.unit, col.source or header_text))
    return recs, []


def _is_metadata(first) -> bool:
    if not isinstance(first, str) or is_blank(first):
        return False
    try:
        parse_month(first)
        return False
    except ValueError:
        pass
    key = header_key(first)
    return key in _WIDE_META or key.startswith(tuple(header_key(p) for p in _WIDE_TRAILER_PREFIXES))

"""Reading month files into validated observations.

`read_month_file` / `read_month_files` read CSV (UTF-8 or GBK) and XLSX files
in the long or the wide layout (see docs/data.md), check every row, and either
return all observations or raise one `MonthFileError` listing every problem.
They only read: nothing is written, no cell text is ever evaluated.
"""

from __future__ import annotations

import os
from typing import Iterable

from .errors import MonthFileError, Problem
from .file_shapes import records
from .mapping import MappedSeries, load_mapping
from .observation import Observation
from .file_cells import read_table
from .validate import check_records, find_duplicates

__all__ = ["Observation", "read_month_file", "read_month_files"]


def _read_one(path, mapping: dict[str, MappedSeries] | None) -> tuple[list[Observation], list[Problem]]:
    file = os.fspath(path)
    try:
        table = read_table(path)
    except MonthFileError as exc:
        return [], exc.problems
    raw, problems = records(table, file, mapping)
    observations, found = check_records(raw, file)
    return observations, problems + found


def read_month_files(paths: Iterable, mapping=None) -> list[Observation]:
    """All observations of ``paths`` (file order, then row order); one MonthFileError for all problems.

    ``mapping`` (a mapping CSV path or a dict, see `mapping.load_mapping`) is used
    for the files in the wide layout. Duplicates of (month, metal, item, source)
    are refused within a file and across the files of one call.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    columns = load_mapping(mapping) if mapping is not None else None
    observations: list[Observation] = []
    problems: list[Problem] = []
    for path in paths:
        obs, found = _read_one(path, columns)
        observations.extend(obs)
        problems.extend(found)
    problems.extend(find_duplicates(observations))
    if problems:
        order = {}
        for p in problems:
            order.setdefault(p.file, len(order))
        problems.sort(key=lambda p: (order[p.file], p.row or 0))
        raise MonthFileError(problems)
    return observations


def read_month_file(path, mapping=None) -> list[Observation]:
    """The observations of one month file; MonthFileError listing every problem."""
    return read_month_files([path], mapping)

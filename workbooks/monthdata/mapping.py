"""The column mapping of a wide (Wind/SMM export) file: column header -> (metal, item, unit[, source]).

A mapping is a CSV file with the header ``column,metal,item,unit`` and an
optional ``source`` column (UTF-8 or GBK, like month files), or a dict
``{header: (metal, item, unit[, source])}`` / ``{header: {"metal": .., "item": .., "unit": .., "source": ..}}``.
Headers are matched after Unicode NFKC normalisation (full-width brackets =
half-width) and trimming. Each entry is checked against the vocabulary here,
so a bad mapping is reported once, not once per row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import MonthFileError, Problem
from .file_cells import read_table
from .vocabulary import PERCENT, UNITS, find_item, normalise_metal, normalise_unit


@dataclass(frozen=True)
class MappedSeries:
    """What one column of a wide file holds: which item of which metal, in which unit, from which source."""

    metal: str
    item: str
    unit: str  # as written in the mapping ("万吨", "%", ...); checked per cell like a long file's unit
    source: str | None


def header_key(text) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _entry(raw, where: str) -> tuple:
    if isinstance(raw, dict):
        return raw.get("metal"), raw.get("item"), raw.get("unit"), raw.get("source")
    if isinstance(raw, (tuple, list)) and len(raw) in (3, 4):
        return tuple(raw) + ((None,) if len(raw) == 3 else ())
    raise TypeError(f"{where}: a mapping entry is (metal, item, unit[, source]), got {raw!r}")


def load_mapping(mapping) -> dict[str, MappedSeries]:
    """A checked mapping keyed by `header_key` of the column header; MonthFileError when bad."""
    if isinstance(mapping, dict):
        name = "mapping"
        rows = [(None, str(k), *_entry(v, name)) for k, v in mapping.items()]
    else:
        name = str(mapping)
        rows = _rows_from_file(Path(mapping))
    problems: list[Problem] = []
    out: dict[str, MappedSeries] = {}
    for row, column, metal_text, item_text, unit_text, source in rows:
        label = f"{metal_text}/{item_text}"
        metal = normalise_metal(metal_text)
        key = header_key(column or "")
        if not key:
            problems.append(Problem(name, row, "blank column header in the mapping", label, column))
            continue
        if key in out:
            problems.append(Problem(name, row, f"column {column!r} is mapped twice", label, column))
            continue
        if metal is None:
            problems.append(Problem(name, row, "unknown metal (use al, zn or ni)", label, metal_text))
            continue
        item = find_item(metal, item_text)
        if item is None:
            problems.append(Problem(name, row, f"unknown item for {metal} (see docs/data.md)", label, item_text))
            continue
        unit = normalise_unit(unit_text)
        if unit != item.unit and not (unit == PERCENT and item.unit == "fraction"):
            problems.append(Problem(name, row, f"unit not accepted for {item.name}; expected {item.unit} "
                                               f"({UNITS[item.unit].zh})", label, unit_text))
            continue
        src = None if source is None or str(source).strip() == "" else str(source).strip()
        out[key] = MappedSeries(metal, item.key, str(unit_text), src)
    if problems:
        raise MonthFileError(problems)
    return out


def _rows_from_file(path: Path) -> list[tuple]:
    table = read_table(path)
    if not table or not any(str(c).strip() for c in table[0]):
        raise MonthFileError([Problem(str(path), None, "empty mapping file")])
    header = [header_key(c) for c in table[0]]
    need = ["column", "metal", "item", "unit"]
    missing = [c for c in need if c not in header]
    if missing:
        raise MonthFileError([Problem(str(path), 1, f"mapping file lacks the column(s) {', '.join(missing)} "
                                                    "(header must be column,metal,item,unit[,source])")])
    idx = {c: header.index(c) for c in need + (["source"] if "source" in header else [])}
    rows = []
    for i, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        cells = list(cells) + [""] * (len(header) - len(cells))
        get = lambda c: str(cells[idx[c]]).strip() if c in idx else None  # noqa: E731
        rows.append((i, get("column"), get("metal"), get("item"), get("unit"), get("source")))
    if not rows:
        raise MonthFileError([Problem(str(path), None, "mapping file has no entries")])
    return rows

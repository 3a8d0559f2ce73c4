"""Where znnial's cells sit in a workbook it wrote, and a digest of what they hold: how a refresh reads the
user's edits without planning the file again (addin/refresh.py `read_workbook`).

The writer stores, for every sheet, the positions of the cells it wrote (a spilled table's whole range),
the assumption cells with their keys and defaults, and one digest of the contents of all its other cells
(formula text as `find_edits` compares it, literals) and of its charts' titles (workbooks/plan_property.py
keeps it in the file's custom properties). A file whose cells at those positions still give that digest
holds znnial's cells as znnial wrote them; what differs is the user's: the assumption cells' values, and
any cell outside the positions. Any other difference — a formula or figure typed over, a Data figure
corrected, a row inserted, a sheet or chart added — gives another digest, and the refresh takes the long
way, which plans the file and names each cell (workbooks/user_edits.py `find_edits`).

The digest is sound against that check: a float is written to 12 significant digits, so two figures that
give one digest differ by less than `find_edits`'s tolerance (1e-9 of the value); the converse may fail
(two figures within the tolerance, on either side of a rounding), and costs only the long way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib

from . import plan as P
from .user_edits import ErrorValue, Formula, SheetContents, UserEdits, assumption_edits, formula_key, literal


def _canonical(content) -> str:
    """A cell's content as the digest takes it (see the module's docstring for floats)."""
    kind = type(content)
    if kind is str:  # most cells: labels, notes, the Data sheet's text
        return "s" + content
    if kind is float:
        return "n" + format(content + 0.0, ".12g")  # + 0.0: -0.0 is 0
    value = literal(content)
    if isinstance(value, Formula):
        return "=" + formula_key(value.text)
    if isinstance(value, ErrorValue):
        return "#" + value.code
    if isinstance(value, bool):
        return "b" + str(value)
    if isinstance(value, float):
        return "n" + format(value + 0.0, ".12g")
    return "s" + str(value)


def _digest(sheets: list[str], contents: dict[str, list[str]], charts: dict[str, list[str]]) -> str:
    """One digest of every sheet's canonical contents (in the order of its positions) and chart titles."""
    digest = hashlib.sha256()
    for name in sheets:
        digest.update(repr((name, contents.get(name, ()), sorted(charts.get(name, ())))).encode("utf-8"))
    return digest.hexdigest()


def _runs(cells: list[P.Cell]) -> list[list]:
    """A sheet's cell positions (cells sorted by row, col) as runs of rows:
    [first row, rows, [[col] or [col, spill rows, spill cols]…]]."""
    runs: list[list] = []
    row, pattern = None, []
    for cell in cells:
        if cell.row != row:
            _extend(runs, row, pattern)
            row, pattern = cell.row, []
        pattern.append([cell.col, *cell.spill] if cell.spill else [cell.col])
    _extend(runs, row, pattern)
    return runs


def _extend(runs: list[list], row: int | None, pattern: list) -> None:
    if row is None:
        return
    if runs and runs[-1][2] == pattern and runs[-1][0] + runs[-1][1] == row:
        runs[-1][1] += 1
    else:
        runs.append([row, 1, pattern])


def layout_text(workbook_plan: P.WorkbookPlan) -> str:
    """The record of a plan's layout, as the ASCII text the writer stores (zlib-compressed JSON, base64)."""
    owned, assumptions, contents = {}, {}, {}
    for sheet in workbook_plan.sheets:
        cells = sorted((cell for cell in sheet.cells if not cell.kept),  # a kept cell is the user's
                       key=lambda cell: (cell.row, cell.col))
        owned[sheet.name] = _runs(cells)
        assumptions[sheet.name] = [[c.row, c.col, c.key, workbook_plan.defaults.get((sheet.name, c.key), c.value)]
                                   for c in cells if c.assumption]
        contents[sheet.name] = [_canonical(c.value) if c.formula is None else "=" + formula_key(c.formula)
                                for c in cells if not c.assumption]
    names = [sheet.name for sheet in workbook_plan.sheets]
    charts = {sheet.name: [chart.title for chart in sheet.charts] for sheet in workbook_plan.sheets}
    record = {"sheets": names, "owned": owned, "assumptions": assumptions,
              "digest": _digest(names, contents, charts)}
    packed = zlib.compress(json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii"), 9)
    return base64.b64encode(packed).decode("ascii")


def _record(text: str) -> dict | None:
    try:
        record = json.loads(zlib.decompress(base64.b64decode(text, validate=True)))
    except (ValueError, zlib.error):
        return None
    return record if isinstance(record, dict) and {"sheets", "owned", "assumptions", "digest"} <= set(record) else None


def _positions(runs: list[list]) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """The cells' own positions (by row, then column), and every position they take (a spill's range)."""
    cells, spills = [], []
    for first, rows, pattern in runs:
        cols = [col for col, *_ in pattern]
        for row in range(first, first + rows):
            cells.extend((row, col) for col in cols)
        spills.extend((row, col, height, width) for col, *spill in pattern if spill
                      for height, width in (spill,) for row in range(first, first + rows))
    taken = set(cells)
    for row, col, height, width in spills:
        taken.update((row + i, col + j) for i in range(height) for j in range(width))
    return cells, taken


def edits_by_layout(text: str, found: dict[str, SheetContents], charts: dict[str, list[str]]) -> UserEdits | None:
    """The user's edits in a workbook's contents, read against the layout it was written with; None when
    its cells are not znnial's as written (or the record is unreadable): then only a plan can tell."""
    record = _record(text)
    if record is None or sorted(record["sheets"]) != sorted(found):
        return None
    edits, contents, problems = UserEdits(), {}, []
    for name in record["sheets"]:
        cells, taken = _positions(record["owned"][name])
        sheet = found[name]
        assumption_at = {(row, col): (key, default) for row, col, key, default in record["assumptions"][name]}
        get = sheet.get
        contents[name] = [_canonical(get(at)) for at in cells if at not in assumption_at]
        skeleton = P.SheetPlan(name, [P.Cell(row, col, default, assumption=True, key=key)
                                      for (row, col), (key, default) in assumption_at.items()])
        kept = assumption_edits(skeleton, lambda row, col: sheet.get((row, col)), problems)
        if kept:
            edits.assumptions[name] = kept
        beside = {at: content for at, content in sheet.items() if at not in taken}
        if beside:
            edits.cells[name] = dict(sorted(beside.items()))
    if problems or _digest(record["sheets"], contents, charts) != record["digest"]:
        return None
    return edits

"""数据 Data: every observation the workbook was built from, as an Excel table."""

from __future__ import annotations

from ..monthdata import safe_text
from .. import plan as P
from ..dataset import Dataset

SHEET = "数据 Data"
TABLE = "Observations"
COLUMNS = ("month", "metal", "item", "value", "unit", "source")


def data_sheet(dataset: Dataset) -> P.SheetPlan:
    sheet = P.SheetPlan(SHEET, widths={0: 10, 1: 7, 2: 32, 3: 14, 4: 11, 5: 90}, freeze=(1, 0), pages_tall=0)
    for col, header in enumerate(COLUMNS):
        sheet.cells.append(P.Cell(0, col, header, style=P.HEADER))
    for row, obs in enumerate(dataset.observations, start=1):
        values = (obs.month, obs.metal, obs.item, obs.value, obs.unit, safe_text(obs.source))
        for col, value in enumerate(values):
            style = P.INPUT if col == 3 else P.TEXT
            sheet.cells.append(P.Cell(row, col, value, style=style, num_format="General" if col == 3 else "@"))
    last = max(len(dataset.observations), 1)
    sheet.table = P.Table(TABLE, 0, 0, last, len(COLUMNS) - 1, list(COLUMNS))
    return sheet

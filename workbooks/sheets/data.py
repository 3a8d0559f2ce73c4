"""数据 Data: every observation the workbook was built from, as an Excel table, and the source order."""

from __future__ import annotations

from ..monthdata import safe_text
from .. import plan as P
from ..dataset import Dataset
from ..errors import ZnnialInputError
from ..user_edits import UserEdits

SHEET = "数据 Data"
TABLE = "Observations"
COLUMNS = ("month", "metal", "item", "value", "unit", "source")

# Which source wins when several give the same figure for the same month: a list the user edits
# in the workbook (blue cells beside the table) or passes as `znnial refresh --source-order`.
# The rule is in docs/data.md ("Sources in your order"). SMM first: the report's production
# survey (表1) is SMM's; Antaike is the other survey house a Chinese analyst reads.
DEFAULT_SOURCE_ORDER = ("SMM", "Antaike")
SOURCE_ORDER_SLOTS = 10
ORDER_COL = len(COLUMNS) + 1  # one empty column between the table and the list
ORDER_NOTE = (  # short lines down the column beside the list: a long one would widen the printed page
    "同一月份同一指标有多个来源时，排在前面的来源胜出。",
    "Several sources for a month's figure: the first listed wins.",
    "未列出的来源排在后面，按字母顺序。",
    "Sources not listed rank after them, A to Z.",
    "\"SMM\" names any source starting with it (\"SMM December…\").",
)


VALUE_COL = COLUMNS.index("value")


def value_reference(row: int) -> str:
    """The formula of a cell showing the figure on the Data sheet's `row` (0-based): ``='数据 Data'!$D$58``.

    Every figure lives on the Data sheet alone; the tables, the monthly sheets and History refer to it,
    so a figure corrected there flows into every table at once in Excel and through both refreshes."""
    return f"='{SHEET}'!{P.cell_address(row, VALUE_COL, absolute=True)}"


def source_order_key(slot: int) -> str:
    return f"source_order[{slot}]"


def _slot_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def source_order(edits: UserEdits | None = None) -> tuple[str, ...]:
    """The order the workbook's source list gives: its non-blank slots, top to bottom."""
    edits = edits or UserEdits()
    slots = (edits.assumption(SHEET, source_order_key(i), default) for i, default in enumerate(_defaults()))
    return tuple(text for text in map(_slot_text, slots) if text)


def _defaults() -> list[str]:
    return list(DEFAULT_SOURCE_ORDER) + [""] * (SOURCE_ORDER_SLOTS - len(DEFAULT_SOURCE_ORDER))


def order_as_edits(order: list[str]) -> dict[str, str]:
    """A source order (the command line's) as the values of the list's cells."""
    order = [entry.strip() for entry in order if entry.strip()]
    if len(order) > SOURCE_ORDER_SLOTS:
        raise ZnnialInputError(f"source order of {len(order)} sources; the workbook's list holds at most "
                               f"{SOURCE_ORDER_SLOTS}")
    values = order + [""] * (SOURCE_ORDER_SLOTS - len(order))
    return {source_order_key(i): value for i, value in enumerate(values)}


def data_sheet(dataset: Dataset, edits: UserEdits | None = None) -> P.SheetPlan:
    edits = edits or UserEdits()
    sheet = P.SheetPlan(SHEET, widths={0: 10, 1: 7, 2: 32, 3: 14, 4: 11, 5: 90, ORDER_COL: 24, ORDER_COL + 1: 52},
                        freeze=(1, 0), pages_tall=0, picture="data")
    for col, header in enumerate(COLUMNS):
        sheet.cells.append(P.Cell(0, col, header, style=P.HEADER))
    for row, obs in enumerate(dataset.observations, start=1):
        values = (obs.month, obs.metal, obs.item, obs.value, obs.unit, safe_text(obs.source))
        for col, value in enumerate(values):
            style = P.INPUT if col == VALUE_COL else P.TEXT
            sheet.cells.append(P.Cell(row, col, value, style=style, num_format="General" if col == VALUE_COL else "@"))
    last = max(len(dataset.observations), 1)
    sheet.table = P.Table(TABLE, 0, 0, last, len(COLUMNS) - 1, list(COLUMNS))
    sheet.cells.append(P.Cell(0, ORDER_COL, "source order 来源优先级", style=P.HEADER))
    for row, line in enumerate(ORDER_NOTE, start=1):
        sheet.cells.append(P.Cell(row, ORDER_COL + 1, line, style=P.NOTE))
    for slot, default in enumerate(_defaults()):
        key = source_order_key(slot)
        value = edits.assumption(SHEET, key, default)
        sheet.cells.append(P.Cell(1 + slot, ORDER_COL, value, style=P.INPUT, num_format="@", assumption=True, key=key))
    return sheet

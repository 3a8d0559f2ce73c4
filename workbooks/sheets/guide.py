"""说明 Guide: what the workbook is, its data month, how to use it, and the buttons."""

from __future__ import annotations

from .. import plan as P
from .. import vba
from ..dataset import Dataset
from ..user_edits import UserEdits
from ..book import defined_name

SHEET = "说明 Guide"
MONTH_FILE_NAME = defined_name("month_file", computed=False)  # in_month_file: the user types a path
LATEST_MONTH_NAME = defined_name("latest_month", computed=True)  # out_latest_month
# The month file's path is the user's input (docs/windows.md, "Monthly refresh"): an assumption, kept by
# every refresh like any other (workbooks/user_edits.py), never a conflict.
MONTH_FILE_KEY = "month_file"

BUTTONS = (
    ("导入函数  Import functions", vba.IMPORT_FUNCTIONS,
     "Optional: the functions are built in, with each argument's help in the function wizard. Re-imports "
     "them; needs Trust access to the VBA project object model."),
    ("刷新月度数据  Refresh a month", vba.REFRESH,
     "Reads the month file named below (or asks for one), checks it, and opens the new month's workbook, saved "
     "beside this one (this one is unchanged)."),
    ("重启 Python  Restart Python", vba.RESTART_PYTHON,
     "Ends the Python process behind the functions; the next calculation starts a fresh one."),
)

STEPS = (
    "1. 安装 Install: pip install znnial, then enable macros for this file (docs/windows.md).",
    "2. 打开、启用内容，即可使用 Open, Enable Content, done: the znnial functions are built into this workbook — no "
    "import, no VBA-trust setting. The numbers shown are the saved ones; Ctrl+Alt+F9 recalculates them in Python "
    "and none changes.",
    "3. 蓝色单元格为输入 Blue cells are inputs (named ranges): change them and the tables follow.",
    "4. 每月：在下方填入月度文件路径，按“刷新月度数据” Monthly: type the month file's path below, press Refresh: "
    "the new month's workbook is saved beside this one as \"<name> <month>.xlsm\" and opened; this one is unchanged.",
    "5. 无 Excel 时 Without Excel: znnial refresh znnial.xlsm month.csv  (same checks, same sheets; your own macros "
    "are kept).",
    "6. 发给无 Python 的同事 For colleagues without Python: znnial export --values znnial.xlsm copy.xlsx",
)


def guide_sheet(dataset: Dataset, sheet_names: list[str], edits: UserEdits | None = None) -> P.SheetPlan:
    sheet = P.SheetPlan(SHEET, widths={0: 34, 1: 30, 2: 70}, picture="guide")
    cells = sheet.cells
    row = 0

    def put(col, value, style=P.TEXT, name=None):
        cells.append(P.Cell(row, col, value, style=style, name=name))

    put(0, "锌镍铝保值工作簿  znnial — zinc, nickel and aluminium hedge workbook", P.TITLE)
    row += 1
    put(0, "倍特期货《2019年报·锌镍铝》(2019-12-20) 的表格，以 znnial 函数实时计算。", P.TEXT)
    row += 1
    put(0, "The tables of the 2019 zinc–nickel–aluminium annual report, rebuilt as live znnial formulas.", P.TEXT)
    row += 2
    put(0, "最新数据月份 Latest data month", P.LABEL)
    put(1, dataset.latest_month or "", P.CALC, name=LATEST_MONTH_NAME)
    row += 1
    prices = dataset.price_months
    put(0, "价格数据 Price months", P.LABEL)
    put(1, f"{prices[0]} – {prices[-1]}" if prices else "none", P.TEXT)
    row += 1
    put(0, "观测数 Observations", P.LABEL)
    put(1, len(dataset.observations), P.TEXT)
    row += 2
    put(0, "使用方法 How to use", P.SECTION)
    row += 1
    for step in STEPS:
        put(0, step)
        row += 1
    row += 1
    put(0, "月度文件 Month file (path)", P.LABEL)
    typed = edits.assumption(SHEET, MONTH_FILE_KEY, "") if edits is not None else ""
    cells.append(P.Cell(row, 1, typed, style=P.INPUT, name=MONTH_FILE_NAME, assumption=True, key=MONTH_FILE_KEY))
    put(2, "blank: the Refresh button asks for a file", P.NOTE)
    row += 2
    put(0, "按钮 Buttons", P.SECTION)
    row += 1
    for caption, macro, what in BUTTONS:
        sheet.buttons.append(P.Button(row, 0, caption, macro))
        put(1, what, P.BUTTON_NOTE)
        row += 2
    put(0, "工作表 Sheets", P.SECTION)
    row += 1
    for name in sheet_names:
        put(0, name, P.TEXT)
        row += 1
    row += 1
    put(0, "函数说明见 docs/functions.md · Function reference: docs/functions.md", P.NOTE)
    return sheet

"""The hedge plan as a terminal table, read from a workbook plan's named results."""

from __future__ import annotations

from workbooks import plan as P

# (metal, price name, [(label, name)…])
PLAN_ROWS = (
    ("aluminium 铝", "in_al_spot_price", (("sell from", "out_al_sell_low"), ("sell to", "out_al_sell_high"),
                                          ("cover below", "out_al_cover_below")),
     "out_al_action", "out_al_hedge_ratio", "out_al_lots"),
    ("zinc 锌", "in_zn_shfe_close", (("support", "out_zn_support_fixed_tc"), ("no-chase", "out_zn_buy_zone_top"),
                                     ("resistance", "in_zn_resistance")),
     "out_zn_action", "in_zn_hedge_ratio", "out_zn_lots"),
    ("nickel 镍", "in_ni_shfe_close", (("buy level", "in_ni_support"), ("band", "in_ni_buy_band"),
                                       ("resistance", "in_ni_resistance")),
     "out_ni_action", "in_ni_hedge_ratio", "out_ni_lots"),
)


def named_values(workbook_plan: P.WorkbookPlan) -> dict[str, object]:
    values = {}
    for sheet in workbook_plan.sheets:
        for cell in sheet.cells:
            if cell.name:
                values[cell.name] = cell.value
    return values


def _number(value) -> str:
    if isinstance(value, float) and value < 1 and value > 0:
        return f"{value:.0%}"
    if isinstance(value, (int, float)):
        return f"{value:,.0f}"
    return str(value)


def hedge_plan_table(workbook_plan: P.WorkbookPlan) -> str:
    values = named_values(workbook_plan)
    header = ("metal", "price", "levels", "action", "ratio", "lots")
    rows = []
    for metal, price, levels, action, ratio, lots in PLAN_ROWS:
        level_text = ", ".join(f"{label} {_number(values.get(name))}" for label, name in levels)
        rows.append((metal, _number(values.get(price)), level_text, str(values.get(action)),
                     _number(values.get(ratio)) if values.get(ratio) else "0", _number(values.get(lots))))
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)) for row in (header, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))

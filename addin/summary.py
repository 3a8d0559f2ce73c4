"""The hedge plan as a terminal table, read from a workbook plan's named results."""

from __future__ import annotations

from workbooks import plan as P
from workbooks.build import template_name, template_specs

# (metal, price key, [(label, key)…], action key, ratio key, lots key): keys of the template's spec rows;
# their defined names come from `workbooks.build.template_name`, the rule every sheet uses.
PLAN_ROWS = (
    ("aluminium 铝", "al.price_now", (("sell from", "al.sell_low"), ("sell to", "al.sell_high"),
                                       ("cover below", "al.cover_below")),
     "al.action", "al.hedge_ratio", "al.lots"),
    ("zinc 锌", "zn.shfe_close", (("support", "zn.support_fixed_tc"), ("no-chase", "zn.buy_zone_top"),
                                  ("resistance", "zn.resistance")),
     "zn.action", "zn.hedge_ratio", "zn.lots"),
    ("nickel 镍", "ni.shfe_close", (("buy level", "ni.support"), ("band", "ni.buy_band"),
                                    ("resistance", "ni.resistance")),
     "ni.action", "ni.hedge_ratio", "ni.lots"),
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
    named = named_values(workbook_plan)

    def value(key):
        return named.get(template_name(key))

    price_unit = _shared_unit(price for _, price, *_ in PLAN_ROWS)
    level_unit = _shared_unit(key for row in PLAN_ROWS for _, key in row[2])
    header = ("metal", f"price {price_unit}", f"levels {level_unit}", "action", "ratio",
              f"{_shared_unit(row[5] for row in PLAN_ROWS)} (contracts)")
    rows = []
    for metal, price, levels, action, ratio, lots in PLAN_ROWS:
        level_text = ", ".join(f"{label} {_number(value(key))}" for label, key in levels)
        rows.append((metal, _number(value(price)), level_text, str(value(action)),
                     _number(value(ratio)) if value(ratio) else "0", _number(value(lots))))
    widths = [max(_width(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths)) for row in (header, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def unit_of(key: str) -> str:
    """The unit a template key is declared with: its spec row's, or for a figure its vocabulary row's."""
    from workbooks.monthdata import lookup
    from workbooks.spec_check import declarations

    unit = getattr(declarations(template_specs())[key].node, "unit", None)
    if unit is None:
        metal, _, item = key.partition(".")
        unit = lookup(metal, item).unit
    return unit


def _shared_unit(keys) -> str:
    """The one unit of these keys; a table column mixing units would be misread, so that is an error."""
    units = {unit_of(key) for key in keys}
    if len(units) != 1:
        raise ValueError(f"the hedge plan's column mixes units {sorted(units)}: give each its own column")
    return units.pop()


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))

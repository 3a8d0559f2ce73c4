"""Render docs/functions.md, the function reference, from the registry.

Every example result is computed by calling the Excel wrapper, so the page shows
what a cell would show. The output is deterministic: `tests/test_docs.py` fails
when the committed page differs from a fresh render.

    python -m udfs.docs [path]      # writes docs/functions.md (or path)
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

from . import wrapper as excel_function
from .catalogue import FUNCTIONS
from .registry import (ANY, BELOW_ONE, CONTRACT, DATE_OR_NUMBER, FRACTION, INTEGER, NONNEG, NUMBER, POSITIVE,
                       SERIES, TEXT, Arg, Function)

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "functions.md"

GROUP_TITLES = {
    "market": "Market: margins, capacity, growth, balances, imports",
    "aluminium": "Aluminium",
    "zinc": "Zinc",
    "nickel": "Nickel",
    "stainless": "Stainless steel",
    "carry": "Carry, spreads and virtual inventory",
    "hedge": "Hedging",
    "basis": "Basis and hedge results",
    "account": "Futures account settlement (逐日盯市)",
    "technical": "Technical levels",
    "scenarios": "Scenario grids",
    "backtest": "Hedge back-tests",
}

_KINDS = {
    NUMBER: "number or range",
    SERIES: "one row or column",
    TEXT: "text",
    INTEGER: "whole number",
    CONTRACT: "contract",
}
_CHECKS = {
    ANY: "",
    POSITIVE: "> 0",
    NONNEG: "≥ 0",
    FRACTION: "0 to 1",
    BELOW_ONE: "0 to below 1",
    DATE_OR_NUMBER: "date or number",
}
_RETURNS = {
    "number": "a number",
    "fraction": "a fraction (format the cell as %)",
    "text": "a text label",
    "table": "a spilled table",
}

INTRO = """\
Worksheet functions for zinc, nickel and aluminium hedgers. They appear in
Excel's Insert Function dialog under the category **znnial** and are typed like
any built-in function, e.g. `=profit(B2, C2)` or `=sma(B2:B200, 20)`.

* **Ranges.** A number argument may be a single cell or a range; ranges of the
  same size are matched cell by cell and a single cell is used for every row,
  so `=profit(B2:B10, C2)` spills nine results. A one-cell result never spills.
* **Errors.** A bad input gives one short text in the cell,
  `#VALUE! argument: value reason`, e.g. `#VALUE! price: -5 must be > 0`.
  Ranges of different sizes give `#VALUE! ranges differ in size: ...`.
* **Blanks.** A blank single cell for a required argument is an error
  (`#VALUE! price: is blank`); a blank optional argument takes its default.
  A blank inside a range gives a blank result on that row only.
* **Empty cells in results.** Where a spilled result has no value (NaN, e.g.
  a moving average before its window fills) the cell is left empty.
* **Text.** Numbers typed as text are read: `"13,085"`, `" 5 "`, `"86.8%"`
  (= 0.868); the full list of spellings, the same as for month files, is in
  [data.md, Numbers](data.md#numbers). TRUE/FALSE and Excel errors such as
  `#N/A` are refused.

Results below are computed by calling each function with the example's
arguments; each example names the source of its reference value. How each
figure is computed — the methods, their assumptions and the report's figures
worked through by hand — is in [methods.md](methods.md).
"""


# --------------------------------------------------------------------------- formatting


def _slug(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return text.replace(" ", "-")


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def format_number(value: float) -> str:
    """A number as a reader wants it: thousands separators, no float noise."""
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    value = float(f"{value:.12g}")  # drop the 1e-16 noise of float sums
    if value.is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 1000:
        return f"{value:,.2f}"
    return f"{value:.6g}"


def format_cell(value) -> str:
    """One cell of a result: blank and NaN show as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(float(value))
    return _escape(value)


def format_result(spec: Function, result) -> list[str]:
    """Markdown lines for a wrapper result: a scalar inline, a list of rows as a table."""
    if not isinstance(result, list):
        shown = format_cell(result) or "(empty cell)"
        if spec.returns == "fraction" and isinstance(result, (int, float)) and math.isfinite(result):
            shown += f" ({result * 100:.2f} %)"
        return [f"Result: **{shown}**"]
    rows = [list(row) for row in result]
    if spec.header and rows and tuple(rows[0]) == tuple(spec.header):
        header, rows = [_escape(h) for h in rows[0]], rows[1:]
    else:
        width = len(rows[0]) if rows else 1
        header = ["spill"] if width == 1 else [f"column {i + 1}" for i in range(width)]
    lines = ["Result (spills):", "", "| " + " | ".join(header) + " |",
             "|" + "|".join("---:" for _ in header) + "|"]
    lines += ["| " + " | ".join(format_cell(v) for v in row) + " |" for row in rows]
    return lines


def format_default(arg: Arg) -> str:
    if not arg.optional:
        return "required"
    if isinstance(arg.default, str):
        return f'"{arg.default}"'
    return format_cell(arg.default)


def format_accepts(arg: Arg) -> str:
    if arg.kind == TEXT and arg.choices:
        return "text: " + " / ".join(f"`{c}`" for c in arg.choices)
    if arg.kind == CONTRACT:
        return "text: " + " / ".join(f"`{c}`" for c in arg.choices) + "; or a lot size in t, > 0"
    if arg.check == DATE_OR_NUMBER:
        return "date or number, or a range"
    parts = [_KINDS.get(arg.kind, arg.kind), _CHECKS.get(arg.check, arg.check)]
    return ", ".join(p for p in parts if p)


def signature(spec: Function) -> str:
    names = [f"[{a.name}]" if a.optional else a.name for a in spec.args]
    return f"{spec.name}({', '.join(names)})"


# --------------------------------------------------------------------------- page


def _groups() -> list[tuple[str, list[Function]]]:
    groups: dict[str, list[Function]] = {}
    for spec in FUNCTIONS:
        groups.setdefault(spec.group, []).append(spec)
    return list(groups.items())


def _group_title(group: str) -> str:
    return GROUP_TITLES.get(group, group.capitalize())


def function_section(spec: Function) -> list[str]:
    lines = [f"### `{spec.name}`", "", spec.description, "",
             f"`{signature(spec)}` returns {_RETURNS.get(spec.returns, spec.returns)}.", "",
             "| Argument | Description and unit | Accepts | Default |",
             "|---|---|---|---|"]
    for arg in spec.args:
        lines.append(f"| `{arg.name}` | {_escape(arg.help)} | {format_accepts(arg)} | {format_default(arg)} |")
    lines.append("")
    function = excel_function(spec.name)
    for number, example in enumerate(spec.examples, 1):
        label = "Example" if len(spec.examples) == 1 else f"Example {number}"
        lines += [f"**{label}:** `{example.formula(spec.name)}`", ""]
        lines += format_result(spec, function(*example.args))
        lines += ["", f"Source: {_escape(example.source)}", ""]
    if spec.notes:
        lines += [f"Note: {spec.notes}", ""]
    if spec.sources:
        lines += ["Sources:", "", "| Applies to | Fields | Source |", "|---|---|---|"]
        lines += [f"| {_escape(what)} | {_escape(fields)} | {_escape(source)} |" for what, fields, source in spec.sources]
        lines.append("")
    return lines


def functions_markdown() -> str:
    """The whole reference page, from the registry."""
    groups = _groups()
    lines = ["# znnial worksheet functions", "",
             "<!-- Generated from udfs/catalogue by `python -m udfs.docs` (make docs); do not edit. -->", "",
             INTRO.rstrip("\n"), "", "## Contents", ""]
    for group, specs in groups:
        title = _group_title(group)
        links = ", ".join(f"[`{s.name}`](#{_slug(s.name)})" for s in specs)
        lines.append(f"* [{title}](#{_slug(title)}): {links}")
    lines.append("")
    for group, specs in groups:
        lines += [f"## {_group_title(group)}", ""]
        for spec in specs:
            lines += function_section(spec)
    text = "\n".join(line.rstrip() for line in lines)
    return text.rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else DEFAULT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(functions_markdown(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""历史 History: one row per month of prices, each computed column one array formula, and charts."""

from __future__ import annotations

from dataclasses import dataclass

from .. import plan as P
from ..colours import highlight_colours
from ..dataset import Dataset
from ..formula import Call, HistoryRange, Ref, gap_formula, gap_value
from ..layout import Book, axis_floor, cell_value
from ..plan import range_address
from .data import value_reference
from ..units import UNITS, unit as unit_of

SHEET = "历史 History"
FIRST_ROW = 4  # 0-based row of the first month


@dataclass(frozen=True)
class Col:
    key: str
    zh: str
    en: str
    unit: str  # a unit of the units table (workbooks/units.py); a data column's is its item's
    data: tuple[str, str] | None = None  # (metal, item) from the Data sheet
    spill: object = None  # formula tree over whole columns, evaluated once
    offset: int = 0  # first month the spill starts at (MoM starts one row down)
    line: str | None = None  # a defined name drawn as a constant line

    @property
    def fmt(self) -> str:
        """The column's number format, from the units table."""
        return unit_of(self.unit).num_format


COLUMNS = (
    Col("month", "月份", "month", "text"),
    Col("zn_avg", "沪锌均价", "SHFE zinc avg", "CNY/t", data=("zn", "shfe_avg")),
    Col("zn_close", "沪锌收盘", "SHFE zinc close", "CNY/t", data=("zn", "shfe_close")),
    Col("zn_support", "锌成本支撑", "zinc cost support", "CNY/t", line="zn.support_fixed_tc"),
    Col("zn_no_chase", "不追空线", "don't-chase line", "CNY/t", line="zn.buy_zone_top"),
    Col("zn_resistance", "锌反压位", "zinc resistance", "CNY/t", line="zn.resistance"),
    Col("zn_action", "锌区间判断", "zinc range reading", "text",
        spill=Call("range_action", HistoryRange("zn_avg"), Ref("zn.support_fixed_tc"), Ref("zn.buy_band"),
                   Ref("zn.resistance"))),
    Col("zn_cushion", "高于支撑", "zinc above support", "CNY/t",
        spill=Call("profit", HistoryRange("zn_avg"), Ref("zn.support_fixed_tc"))),
    Col("zn_mom", "锌环比", "zinc MoM", "MoM",
        spill=Call("pct_change", HistoryRange("zn_avg", offset=1), HistoryRange("zn_avg", trim=1)), offset=1),
    Col("ni_avg", "沪镍均价", "SHFE nickel avg", "CNY/t", data=("ni", "shfe_avg")),
    Col("ni_close", "沪镍收盘", "SHFE nickel close", "CNY/t", data=("ni", "shfe_close")),
    Col("ni_support", "镍买保位", "nickel buy level", "CNY/t", line="ni.support"),
    Col("ni_resistance", "镍反压位", "nickel resistance", "CNY/t", line="ni.resistance"),
    Col("ni_action", "镍区间判断", "nickel range reading", "text",
        spill=Call("range_action", HistoryRange("ni_avg"), Ref("ni.support"), Ref("ni.buy_band"), Ref("ni.resistance"))),
    Col("ni_sma3", "镍3月均线", "nickel 3-month SMA", "CNY/t", spill=Call("sma", HistoryRange("ni_avg"), 3)),
    Col("ni_mom", "镍环比", "nickel MoM", "MoM",
        spill=Call("pct_change", HistoryRange("ni_avg", offset=1), HistoryRange("ni_avg", trim=1)), offset=1),
    Col("al_avg", "沪铝均价", "SHFE aluminium avg", "CNY/t", data=("al", "shfe_avg")),
    Col("al_close", "沪铝收盘", "SHFE aluminium close", "CNY/t", data=("al", "shfe_close")),
    Col("al_sell_low", "铝卖保下沿", "aluminium sell hedge from", "CNY/t", line="al.sell_low"),
    Col("al_sell_high", "铝卖保上沿", "aluminium sell hedge up to", "CNY/t", line="al.sell_high"),
    Col("al_cover_below", "铝减平线", "aluminium reduce below", "CNY/t", line="al.cover_below"),
    Col("al_margin", "高于完全成本", "aluminium above full cost", "CNY/t",
        spill=Call("profit", HistoryRange("al_avg"), Ref("al.full_cost"))),
    Col("al_mom", "铝环比", "aluminium MoM", "MoM",
        spill=Call("pct_change", HistoryRange("al_avg", offset=1), HistoryRange("al_avg", trim=1)), offset=1),
    Col("al_lme", "伦铝现货均价", "LME aluminium cash avg, USD/t", "USD/t", data=("al", "lme_cash_avg")),
    Col("zn_lme", "伦锌现货均价", "LME zinc cash avg, USD/t", "USD/t", data=("zn", "lme_cash_avg")),
    Col("ni_lme", "伦镍现货均价", "LME nickel cash avg, USD/t", "USD/t", data=("ni", "lme_cash_avg")),
)


def check_columns(declared: dict) -> None:
    """Every unit, template key and earlier column the History columns refer to exists, and a data column's unit
    is its item's (SpecError naming the sheet and column otherwise)."""
    from ..monthdata.vocabulary import ITEMS
    from ..spec_check import SpecError, walk

    problems, earlier = [], set()
    for spec in COLUMNS:
        where = f"sheet '{SHEET}', column '{spec.key}' ({spec.en})"
        if spec.unit not in UNITS:
            problems.append(f"{where}: unknown unit '{spec.unit}': not in the units table (workbooks/units.py)")
        if spec.data and tuple(spec.data) not in ITEMS:
            problems.append(f"{where}: unknown data item '{'.'.join(spec.data)}': not an item of the month-file "
                            "vocabulary (workbooks/monthdata/vocabulary.py)")
        elif spec.data and ITEMS[tuple(spec.data)].unit != spec.unit:
            problems.append(f"{where}: unit '{spec.unit}' is not its item's unit '{ITEMS[tuple(spec.data)].unit}'")
        keys = [spec.line] if spec.line else []
        for part in walk(spec.spill) if spec.spill is not None else ():
            if isinstance(part, Ref):
                keys.append(part.key)
            elif isinstance(part, HistoryRange) and part.key not in earlier:
                problems.append(f"{where}: reference to column '{part.key}', which is not an earlier History column")
        problems += [f"{where}: reference to unknown key '{key}': no template sheet lays it out"
                     for key in keys if key not in declared]
        earlier.add(spec.key)
    if problems:
        raise SpecError(problems)


class HistoryContext:
    """formula.Context for History: columns by key, everything else by defined name."""

    def __init__(self, book: Book, columns: dict[str, tuple[int, list]], rows: int):
        self.book = book
        self.columns = columns
        self.rows = rows

    def address(self, key):
        return self.book.entries[key].name

    def value(self, key):
        return self.book.value(key)

    def column(self, key):
        return self.columns[key]

    def column_text(self, key, offset, trim):
        col, _ = self.columns[key]
        return range_address(FIRST_ROW + offset, col, FIRST_ROW + self.rows - 1 - trim, col)


def history_sheet(dataset: Dataset, book: Book) -> P.SheetPlan:
    months = dataset.price_months
    sheet = P.SheetPlan(SHEET, widths={0: 9}, freeze=(FIRST_ROW, 1), heights={FIRST_ROW - 1: 30}, picture="history")
    sheet.cells.append(P.Cell(0, 0, "历史  History — one row per month; each computed column is one formula",
                              style=P.TITLE))
    sheet.cells.append(P.Cell(1, 0, "Prices: the SHFE main continuous contract and the LME cash price, monthly, from the Data "
                                    "sheet (its source column says who published each); lines come from 表2/表4/表5.",
                              style=P.NOTE))
    columns: dict[str, tuple[int, list]] = {}
    ctx = HistoryContext(book, columns, len(months))
    for col, spec in enumerate(COLUMNS):
        sheet.cells.append(P.Cell(FIRST_ROW - 2, col, spec.zh, style=P.HEADER))
        sheet.cells.append(P.Cell(FIRST_ROW - 1, col, spec.en, style=P.HEADER))
        sheet.widths.setdefault(col, 13)
        if spec.key == "month":
            values = list(months)
        elif spec.data:  # prices live on the Data sheet: each cell shows its Data row (or is blank)
            points = dataset.series_points(*spec.data, months)
            values = [None if point is None else point.value for point in points]
            for i, point in enumerate(points):
                sheet.cells.append(P.Cell(FIRST_ROW + i, col, values[i],
                                          None if point is None else value_reference(point.row),
                                          style=P.CALC, num_format=spec.fmt))
            columns[spec.key] = (col, values)
            continue
        elif spec.line:
            entry = book.entries[spec.line]
            values = [entry.value] * len(months)
            for i in range(len(months)):  # a level with no value is a gap in the chart, not a line at 0
                sheet.cells.append(P.Cell(FIRST_ROW + i, col, gap_value(entry.value), "=" + gap_formula(entry.name),
                                          style=P.CALC, num_format=spec.fmt))
            columns[spec.key] = (col, values)
            continue
        else:
            result = spec.spill.evaluate(ctx)
            rows = result if isinstance(result, list) else [[result]]
            values = [row[0] for row in rows]
            sheet.cells.append(P.Cell(FIRST_ROW + spec.offset, col, [[cell_value(v)] for v in values],
                                      "=" + spec.spill.render(ctx), spill=(len(rows), 1), style=P.CALC,
                                      num_format=spec.fmt))
            columns[spec.key] = (col, values)
            continue
        for i, value in enumerate(values):
            sheet.cells.append(P.Cell(FIRST_ROW + i, col, value, style=P.TEXT,
                                      num_format=spec.fmt))
        columns[spec.key] = (col, values)
    last = FIRST_ROW + len(months) - 1
    _chart_columns(sheet, columns, len(months))
    sheet.charts = [_chart("沪锌：价格、成本支撑与区间 SHFE zinc: price, cost support and range", columns, last,
                           CHARTED[0], (last + 3, 0)),
                    _chart("沪镍：价格、买保位与反压 SHFE nickel: price, buy level and resistance", columns, last,
                           CHARTED[1], (last + 3, 9)),
                    _chart("沪铝：价格与卖保区间 SHFE aluminium: price and sell-hedge zones", columns, last,
                           CHARTED[2], (last + 3, 18))]
    sheet.highlights = [P.Highlight(FIRST_ROW, 0, last, len(COLUMNS) - 1, word, colour)
                        for word, colour in highlight_colours("SELL", "BUY", "HOLD")]
    return sheet


_COLOURS = ("#1F4E79", "#C00000", "#70AD47", "#ED7D31")
CHARTED = (("zn_avg", "zn_support", "zn_no_chase", "zn_resistance"), ("ni_avg", "ni_sma3", "ni_support", "ni_resistance"),
           ("al_avg", "al_sell_low", "al_sell_high", "al_cover_below"))


def _chart_columns(sheet: P.SheetPlan, columns: dict, months: int) -> None:
    """For each charted column a function fills (a spill, whose blanks arrive as "" text, which Excel plots as 0)
    or that refers to the Data sheet (a reference to a cleared Data cell shows 0), a column beside the table that
    the chart draws instead: the number, or #N/A (a gap) — one formula per row."""
    charted = {key for keys in CHARTED for key in keys}
    col = len(COLUMNS) + 1
    for spec in COLUMNS:
        if spec.key not in charted or (spec.spill is None and spec.data is None):
            continue
        source, values = columns[spec.key]
        sheet.cells.append(P.Cell(FIRST_ROW - 2, col, "图表用", style=P.HEADER))
        sheet.cells.append(P.Cell(FIRST_ROW - 1, col, f"{spec.en}, for the chart (gaps as #N/A)", style=P.HEADER))
        sheet.widths[col] = 16
        for i in range(months):
            value = values[i - spec.offset] if 0 <= i - spec.offset < len(values) else None
            sheet.cells.append(P.Cell(FIRST_ROW + i, col, gap_value(value),
                                      "=" + gap_formula(P.cell_address(FIRST_ROW + i, source)),
                                      style=P.CALC, num_format=spec.fmt))
        columns[spec.key] = (col, [gap_value(v) for v in values])
        col += 1


def _chart(title, columns, last, keys, anchor) -> P.Chart:
    series = []
    for key, colour in zip(keys, _COLOURS):
        col, _ = columns[key]
        spec = next(c for c in COLUMNS if c.key == key)
        series.append(P.Series(f"{spec.zh} {spec.en}", (FIRST_ROW, 0, last, 0), (FIRST_ROW, col, last, col), colour,
                               None if key.endswith("avg") else "dash"))
    values = [v for key in keys for v in columns[key][1] if isinstance(v, (int, float))]
    return P.Chart(title, anchor, series, "CNY/t 元/吨", y_min=axis_floor(values))


"""Charts in the Excel fake (doubles/excel_com.py): ChartObjects, Chart, SeriesCollection, Series, read-only.

Loaded from the workbook file as openpyxl parses its drawings (a combination chart is one chart per axis
group, primary first). What each returns follows Excel's object model:
[ChartObjects] learn.microsoft.com/office/vba/api/excel.worksheet.chartobjects — `ChartObjects()` is the
collection, `ChartObjects(i)` one embedded chart (1-based); [SeriesCollection] …/excel.chart.seriescollection —
every series of the chart; [Series.Formula] …/excel.series.formula — `=SERIES(name, categories, values,
plot order)`; [Series.PlotOrder] …/excel.series.plotorder — "the plot order for the selected series within
the chart group", so it counts within an axis group; [AxisGroup] …/excel.series.axisgroup — xlPrimary = 1,
xlSecondary = 2. Nothing here is written: the Refresh button writes no chart (addin/excel.py).
"""

from __future__ import annotations

from doubles.excel_com import Collection, Com

XL_PRIMARY, XL_SECONDARY = 1, 2


def _reference(data) -> str:
    """A series part's reference as SERIES shows it, or its literal text, or "" when absent."""
    if data is None:
        return ""
    for ref in ("strRef", "numRef"):
        if getattr(data, ref, None) is not None:
            return data.__getattribute__(ref).f
    return f'"{data.v}"' if getattr(data, "v", None) is not None else ""


class Series(Com):
    def __init__(self, application, source, order: int, group: int):
        for key, value in (("_application", application), ("_source", source), ("_order", order),
                           ("_group", group)):
            object.__setattr__(self, key, value)

    PlotOrder = property(lambda self: self._order)
    AxisGroup = property(lambda self: self._group)

    @property
    def Formula(self):  # noqa: N802
        s = self._source
        return f"=SERIES({_reference(s.tx)},{_reference(s.cat)},{_reference(s.val)},{self._order})"

    Name = property(lambda self: _reference(self._source.tx).strip('"'))


class Chart(Com):
    def __init__(self, application, source):
        object.__setattr__(self, "_application", application)
        series = []
        for group_index, group in enumerate(getattr(source, "_charts", None) or [source]):
            axis_group = XL_PRIMARY if group_index == 0 else XL_SECONDARY
            series += [Series(application, s, order, axis_group) for order, s in enumerate(group.series, start=1)]
        object.__setattr__(self, "_series", series)
        object.__setattr__(self, "_has_title", source.title is not None)

    HasTitle = property(lambda self: self._has_title)

    def SeriesCollection(self, index=None):  # noqa: N802
        collection = Collection(self._application, self._series, "series")
        return collection if index is None else collection(index)


class ChartObject(Com):
    def __init__(self, application, name: str, source):
        for key, value in (("_application", application), ("_name", name), ("_chart", Chart(application, source))):
            object.__setattr__(self, key, value)

    Name = property(lambda self: self._name)
    _label = lambda self: self._name  # noqa: E731
    Chart = property(lambda self: self._chart)


def chart_objects(application, sources) -> list[ChartObject]:
    return [ChartObject(application, f"Chart {n}", source) for n, source in enumerate(sources, start=1)]

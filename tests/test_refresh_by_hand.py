"""A refresh's effect stated by hand, not by a fresh build through the same plan_workbook and render: the
November workbook refreshed with the bundled December file (report Table 1's December estimates) shows
exactly the figures and sheets the month should change."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from addin import bundled
from addin.refresh import refresh
from workbooks.build import plan_workbook
from workbooks.monthdata import read_month_files
from workbooks.xlsx_writer import write_workbook

NOVEMBER, DECEMBER = bundled.month_files()[0], bundled.month_files()[1]
# report Table 1: (row label, November, December) output in 10kt, from workbooks/data/months/2019-1{1,2}.csv
TABLE1 = (("冶金级氧化铝", 545.5, 572.0), ("电解铝", 293.5, 305.0), ("精炼锌", 53.08, 53.81), ("电解镍", 1.41, 1.61))


def _table1(path) -> dict[str, list]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表1 产量").to_python()
    return {row[0]: row for row in rows if row and row[0]} | {"as of": rows[1], "header": rows[4]}


@pytest.mark.slow  # builds and refreshes a whole workbook
def test_december_moves_table_1_by_the_hand_worked_figures(tmp_path):
    workbook = tmp_path / "znnial.xlsm"
    write_workbook(plan_workbook(read_month_files([NOVEMBER, *bundled.price_files()])), workbook)
    before = _table1(workbook)
    data_rows = len(CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name("数据 Data").to_python())
    refresh(workbook, [DECEMBER])
    after = _table1(workbook)
    book = CalamineWorkbook.from_path(str(workbook))

    assert before["as of"][0] == "as of 截至 2019-11" and after["as of"][0] == "as of 截至 2019-12"
    assert after["header"][3].startswith("上月产量 2019-11") and after["header"][4].startswith("本月产量 2019-12")
    for label, november, december in TABLE1:
        # columns: YTD YoY, last month, this month, MoM, year estimate
        assert before[label][3:6] == ["", november, "— no data 无数据"]  # no October figure: no MoM
        assert after[label][3:5] == [november, december]
        assert after[label][5] == pytest.approx(december / november - 1, rel=1e-12)  # e.g. 572 / 545.5 − 1 = 4.86 %
        assert after[label][2] == before[label][2] and after[label][6] == before[label][6]  # December gives none
    # one sheet more, after November's and before the Data sheet; four rows more on the Data sheet
    assert book.sheet_names[11:14] == ["2019-11", "2019-12", "数据 Data"]
    assert len(book.get_sheet_by_name("数据 Data").to_python()) == data_rows + 4

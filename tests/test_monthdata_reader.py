"""Reading the fixture month files: encodings, layouts, number/month quirks, XLSX, formula-like text."""

import importlib.util
from pathlib import Path

import pytest

from workbooks.monthdata import BUNDLED_DATA, MonthFileError, Observation, read_month_file, read_month_files
from workbooks.monthdata.file_cells import read_table

FIX = Path(__file__).resolve().parent / "fixtures" / "monthfiles"
WIND_MAPPING = BUNDLED_DATA / "mappings" / "wind_example.csv"


def by_item(observations):
    return {(o.metal, o.item): o for o in observations}


def test_gbk_export_with_chinese_headers_and_units():
    raw = (FIX / "gbk_export.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GB18030, as Chinese Excel writes it
    obs = by_item(read_month_file(FIX / "gbk_export.csv"))
    # FIGURES.md Table 4: weighted full cost end Nov 2019 = 13,085 CNY/t; alumina 2,474; power 0.3092 CNY/kWh
    assert obs["al", "full_cost"].value == 13085.0 and obs["al", "full_cost"].unit == "CNY/t"
    assert obs["al", "alumina_cost"].value == 2474.0  # item given by its Chinese label
    assert obs["al", "power_price"].value == 0.3092 and obs["al", "power_price"].unit == "CNY/kWh"
    # Table 4: built capacity 4,069 万吨/年; operating rate 86.8 % (unit "%": 86.8 -> 0.868)
    assert obs["al", "capacity_built"].value == 4069.0 and obs["al", "capacity_built"].unit == "10kt/yr"
    assert obs["al", "operating_rate_quoted"].value == 0.868
    assert obs["zn", "refined_output"].value == 53.08  # Table 1: Nov refined zinc 53.08 万吨
    assert obs["ni", "npi_cost_quoted"].value == 1300.0 and obs["ni", "npi_cost_quoted"].unit == "CNY/point"  # Table 3
    assert {o.month for o in obs.values()} == {"2019-11"}  # "2019年11月"
    assert obs["al", "full_cost"].source == "上海金属网/百川盈孚，倍特期货2019年报"
    assert obs["al", "full_cost"].row == 2


def test_utf8_bom():
    assert (FIX / "utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    obs = read_month_file(FIX / "utf8_bom.csv")
    assert obs[0] == Observation("2019-11", "zn", "tc_domestic", 6100.0, "CNY/t", "行业统计, 倍特期货2019年报",
                                 str(FIX / "utf8_bom.csv"), 2)  # Table 2: domestic TC 6,100
    assert obs[1].value == 1.41  # Table 1: Nov electrolytic nickel 1.41 万吨


def test_thousands_separators():
    obs = by_item(read_month_file(FIX / "thousands_separators.csv"))
    assert obs["al", "full_cost"].value == 13085.0  # "13,085", Table 4
    assert obs["al", "capacity_built"].value == 4069.0  # "4,069", Table 4
    assert obs["al", "capacity_running"].value == 3510.0  # "3,510.0", Table 4
    assert obs["al", "alumina_cost"].value == 2474.0  # "２，４７４" full-width, Table 4
    assert obs["al", "power_price"].value == 0.3092
    assert obs["zn", "domestic_mine_new_capacity_next"].value == 10.0  # " 10 ", Table 2 (2020 ≈ 10 万吨)
    assert obs["zn", "mine_profit_peak_2018"].value == 10000.0  # "10,000", Table 2
    assert obs["zn", "chain_cost_pre2015"].value == 14500.0  # "14500.0", Table 2
    assert obs["ni", "shfe_avg"].value == 121067.1  # "121,067.1": shared data 2019-11 ni shfe_avg


def test_percent_values():
    obs = by_item(read_month_file(FIX / "percent_values.csv"))
    # FIGURES.md Tables 1, 3, 4
    assert obs["al", "operating_rate_quoted"].value == 0.868  # "86.8%", unit fraction
    assert obs["al", "alumina_output_ytd_yoy"].value == -0.0184  # "-1.84%", unit % (divided once)
    assert obs["al", "primary_output_ytd_yoy"].value == -0.0214  # "−2.14%" with a Unicode minus
    assert obs["zn", "refined_output_ytd_yoy"].value == 0.0871  # "8.71", unit % (exactly 0.0871, not 0.08710000000000001)
    assert obs["ni", "cathode_output_ytd_yoy"].value == 0.0513  # "0.0513", unit fraction
    assert obs["ni", "sulphate_output_ytd_yoy"].value == 0.2429  # "２４．２９％"
    assert obs["ni", "npi_output_ytd_yoy"].value == 0.2903  # "29.03 %"
    assert obs["ni", "china_indonesia_share_next"].value == 0.5  # "50", unit "％" (full-width)
    assert {o.unit for o in obs.values()} == {"fraction"}


def test_month_formats():
    obs = read_month_file(FIX / "month_formats.csv")
    # zn lme_cash_avg 2019-01..11 (2019-05 absent) from ../shared/data/shfe_monthly_2019_2020.csv (IMF PZINC)
    assert [(o.month, o.value) for o in obs] == [
        ("2019-11", 2425.48), ("2019-10", 2451.65), ("2019-09", 2331.56), ("2019-08", 2273.01),
        ("2019-07", 2446.51), ("2019-06", 2601.22), ("2019-04", 2932.65), ("2019-03", 2850.6),
        ("2019-02", 2707.19), ("2019-01", 2569.7),
    ]


def test_excel_serial_months_xlsx():
    obs = read_month_file(FIX / "excel_serial_months.xlsx")
    # ni shfe_avg from ../shared/data/shfe_monthly_2019_2020.csv; months written as serial 43799, a date cell,
    # the number 201909 and the text "2019-08"
    assert [(o.month, o.metal, o.item, o.value, o.row) for o in obs[:4]] == [
        ("2019-11", "ni", "shfe_avg", 121067.1, 2), ("2019-10", "ni", "shfe_avg", 132746.1, 3),
        ("2019-09", "ni", "shfe_avg", 139786.0, 4), ("2019-08", "ni", "shfe_avg", 122924.1, 5),
    ]
    rate = obs[4]  # serial 43799.75 (with a time of day); 86.8 % stored as 0.868 in a %-formatted cell, Table 4
    assert (rate.month, rate.item, rate.value, rate.unit) == ("2019-11", "operating_rate_quoted", 0.868, "fraction")
    assert rate.source == "SMM"  # a formula cell: its cached value, never evaluated by us


def test_formula_text_stays_plain_text():
    obs = read_month_file(FIX / "formula_text.csv")
    assert [o.source for o in obs] == ['=HYPERLINK("x")', "+1", "@SUM(A1)", "-SMM", "=1+1"]
    assert all(type(o.source) is str for o in obs)
    assert obs[0].value == 13085.0  # Table 4


def test_wind_wide_export_with_mapping():
    assert (FIX / "wind_wide.csv").read_bytes()[:4] != b"\xef\xbb\xbf"  # GB18030, no BOM
    obs = read_month_file(FIX / "wind_wide.csv", mapping=WIND_MAPPING)
    got = {(o.month, o.metal, o.item): o for o in obs}
    # values from ../shared/data/shfe_monthly_2019_2020.csv
    assert got["2019-01", "zn", "shfe_close"].value == 22180.0
    assert got["2019-06", "zn", "shfe_close"].value == 19775.0
    assert got["2019-02", "ni", "shfe_close"].value == 102690.0  # header with full-width brackets matched
    assert got["2019-05", "zn", "lme_cash_avg"].value == 2742.81
    assert ("2019-06", "zn", "lme_cash_avg") not in got  # blank cell in a wide grid: no figure that month
    assert len(obs) == 17  # 6 months x 3 series - 1 blank; metadata rows and the trailer skipped
    assert got["2019-01", "zn", "shfe_close"].source == "期货收盘价(活跃合约):锌"  # header is the default source
    assert got["2019-01", "zn", "shfe_close"].row == 5


def test_wide_mapping_as_dict_with_source():
    mapping = {
        "期货收盘价(活跃合约):锌": ("zn", "shfe_close", "元/吨", "Wind"),
        "期货收盘价(活跃合约):镍": {"metal": "ni", "item": "shfe_close", "unit": "CNY/t"},
        "LME锌现货结算价:月平均": ("zn", "lme_cash_avg", "USD/t"),
    }
    obs = read_month_file(FIX / "wind_wide.csv", mapping=mapping)
    assert {o.source for o in obs if o.metal == "zn" and o.item == "shfe_close"} == {"Wind"}


def test_wide_unmapped_columns_are_named():
    with pytest.raises(MonthFileError) as err:
        read_month_file(FIX / "wind_unmapped.csv", mapping=WIND_MAPPING)
    msg = str(err.value)
    assert msg.startswith("1 problem in ")
    assert "wind_unmapped.csv row 1" in msg and "'期货收盘价(活跃合约):铜'" in msg and "'库存:锌'" in msg


def test_wide_file_without_mapping_says_so():
    with pytest.raises(MonthFileError, match="pass a mapping file"):
        read_month_file(FIX / "wind_wide.csv")


def test_bad_mapping_is_reported_once(tmp_path):
    m = tmp_path / "map.csv"
    m.write_text("column,metal,item,unit\nA,zn,shfe_close,kt\nB,cu,x,元/吨\nC,zn,nope,元/吨\n", encoding="utf-8")
    with pytest.raises(MonthFileError) as err:
        read_month_file(FIX / "wind_wide.csv", mapping=m)
    lines = str(err.value).splitlines()
    assert lines[0] == f"3 problems in {m}"
    assert "map.csv row 2" in lines[1] and "expected CNY/t" in lines[1]
    assert "map.csv row 3" in lines[2] and "unknown metal" in lines[2]
    assert "map.csv row 4" in lines[3] and "unknown item" in lines[3]


def test_several_files_keep_order_and_the_long_layout_note_is_ignored():
    obs = read_month_files([FIX / "utf8_bom.csv", FIX / "gbk_export.csv"])
    assert [o.file for o in obs][:2] == [str(FIX / "utf8_bom.csv")] * 2
    assert len(obs) == 2 + 7


def test_tab_delimited_and_blank_rows_and_column_order(tmp_path):
    p = tmp_path / "tabs.txt"
    p.write_text("source\tunit\tvalue\titem\tmetal\tmonth\n\nSMM\t万吨\t53.08\trefined_output\tzn\t2019-11\n\t\t\t\t\t\n",
                 encoding="utf-8")
    (o,) = read_month_file(p)
    assert (o.month, o.metal, o.item, o.value, o.unit, o.row) == ("2019-11", "zn", "refined_output", 53.08, "10kt", 3)


def test_fixtures_are_reproducible(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert written
    for path in written:
        if path.suffix == ".xlsx":  # compare cell values (zip metadata may differ between XlsxWriter versions)
            assert read_table(path) == read_table(FIX / path.name), path.name
        else:
            assert path.read_bytes() == (FIX / path.name).read_bytes(), path.name


def test_rows_with_only_a_note_are_skipped(tmp_path):
    p = tmp_path / "notes.csv"
    p.write_text("month,metal,item,value,unit,source,note\n,,,,,,a comment row\n"
                 "2019-11,zn,tc_domestic,6100,元/吨,行业统计,Table 2\n", encoding="utf-8")
    (o,) = read_month_file(p)
    assert (o.item, o.value, o.row) == ("tc_domestic", 6100.0, 3)  # FIGURES.md Table 2: TC 6,100

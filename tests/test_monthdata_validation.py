"""Every validation rule: the error names file, row, item and value; problems are collected; merge."""

from pathlib import Path

import pytest

from workbooks.monthdata import Change, MonthFileError, Observation, merge, read_month_file, read_month_files

FIX = Path(__file__).resolve().parent / "fixtures" / "monthfiles"


def problems_of(*paths, **kw) -> list[str]:
    with pytest.raises(MonthFileError) as err:
        read_month_files(list(paths), **kw)
    lines = str(err.value).splitlines()
    n = len(err.value.problems)
    assert lines[0].startswith(f"{n} problem{'s' if n != 1 else ''} in ")
    return lines[1:]


def assert_names(line: str, file: str, row: int, item: str, value: str):
    assert line.strip().startswith(f"{file} row {row}, {item} = {value}:"), line


def test_duplicate_item():
    (line,) = problems_of(FIX / "duplicate_item.csv")
    assert_names(line, "duplicate_item.csv", 4, "zn/tc_domestic", "6100")  # "6,100" repeats row 2's 6100
    assert "duplicate of row 2" in line and "2019-11" in line and "行业统计" in line
    # row 5: the same figure from another source is not a duplicate


def test_duplicates_across_the_files_of_one_call(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    body = "month,metal,item,value,unit,source\n2019-11,al,full_cost,13085,CNY/t,SMM\n"
    a.write_text(body, encoding="utf-8")
    b.write_text(body.replace("13085", "13100"), encoding="utf-8")
    (line,) = problems_of(a, b)
    assert_names(line, "b.csv", 2, "al/full_cost", "13100")
    assert f"duplicate of {a} row 2" in line and "first value 13085" in line


def test_unknown_item_and_metal():
    lines = problems_of(FIX / "unknown_item.csv")
    assert len(lines) == 2  # row 2 (full_cost) is fine
    assert_names(lines[0], "unknown_item.csv", 3, "al/full_costs", '"13085"')
    assert "unknown item 'full_costs' for al; did you mean full_cost?" in lines[0]
    assert_names(lines[1], "unknown_item.csv", 4, "cu/shfe_avg", '"47000"')
    assert "unknown metal 'cu'" in lines[1]


def test_wrong_unit_names_the_expected_unit():
    lines = problems_of(FIX / "wrong_unit.csv")
    assert_names(lines[0], "wrong_unit.csv", 2, "zn/refined_output", '"530.8"')
    assert "unit 'kt' is not accepted" in lines[0] and "expected 10kt (万吨)" in lines[0]  # never ÷10
    assert_names(lines[1], "wrong_unit.csv", 3, "al/power_price", '"0.3092"')
    assert "'元/吨'" in lines[1] and "expected CNY/kWh" in lines[1]
    assert_names(lines[2], "wrong_unit.csv", 4, "al/full_cost", '"13.085"')
    assert "'元/千克'" in lines[2] and "expected CNY/t" in lines[2]
    assert_names(lines[3], "wrong_unit.csv", 5, "al/full_cost", '"13%"')
    assert "percent value" in lines[3] and "CNY/t" in lines[3]


def test_out_of_range():
    lines = problems_of(FIX / "out_of_range.csv")
    # 130,850: FIGURES.md Table 4's 13,085 with a slipped digit
    assert_names(lines[0], "out_of_range.csv", 2, "al/full_cost", '"130850"')
    assert "outside the plausible range 8,000 … 30,000" in lines[0]
    assert_names(lines[1], "out_of_range.csv", 3, "al/operating_rate_quoted", '"86.8"')
    assert "0 … 1" in lines[1] and "86.8%" in lines[1]  # hints at the percent rule
    # 130,000 CNY per tonne of Ni = 1,300 CNY per nickel point (Table 3) in the wrong unit
    assert_names(lines[2], "out_of_range.csv", 4, "ni/npi_cost_quoted", '"130000"')
    assert "300 … 3,000" in lines[2]


def test_blank_value_source_and_unit():
    lines = problems_of(FIX / "blank_value.csv")
    assert_names(lines[0], "blank_value.csv", 2, "ni/cathode_output", "blank")
    assert lines[0].endswith("blank value")
    assert_names(lines[1], "blank_value.csv", 3, "ni/cathode_output_ytd_yoy", '"5.13"')
    assert "blank source" in lines[1]
    assert_names(lines[2], "blank_value.csv", 4, "ni/npi_output_ytd_yoy", '"29.03"')
    assert "blank unit; expected fraction or %" in lines[2]


def test_unparsable_number_and_month():
    lines = problems_of(FIX / "unparsable.csv")
    assert_names(lines[0], "unparsable.csv", 2, "zn/tc_domestic", '"61OO"')
    assert "unparsable number" in lines[0]
    assert_names(lines[1], "unparsable.csv", 3, "zn/smelter_profit", '"2000"')
    assert 'unparsable month "Nov-19"' in lines[1]
    assert_names(lines[2], "unparsable.csv", 4, "zn/smelter_profit_high", '"3000"')
    assert "January or October" in lines[2]
    assert_names(lines[3], "unparsable.csv", 5, "zn/mine_profit_low", '"1500"')
    assert "month 13" in lines[3]
    assert_names(lines[4], "unparsable.csv", 6, "zn/mine_profit_high", '"2,00"')


def test_missing_required_columns():
    lines = problems_of(FIX / "missing_columns.csv")
    assert lines[0].strip() == "missing_columns.csv row 1: missing required column unit"
    assert "unknown column 'remarks'" in lines[1]


@pytest.mark.parametrize("name,why", [("empty.csv", "the file is empty"), ("header_only.csv", "only a header row")])
def test_no_observations(name, why):
    (line,) = problems_of(FIX / name)
    assert line.strip() == f"{name}: no observations ({why})"


def test_all_problems_collected_twenty_listed():
    with pytest.raises(MonthFileError) as err:
        read_month_file(FIX / "many_problems.csv")
    e = err.value
    lines = str(e).splitlines()
    assert lines[0] == f"25 problems in {FIX / 'many_problems.csv'}"
    assert len(lines) == 1 + 20 + 1 and lines[-1].strip() == "... and 5 more"
    assert len(e.problems) == 25 and e.problems[-1].row == 26
    assert isinstance(e, ValueError)


def test_problems_of_several_files_in_one_error():
    with pytest.raises(MonthFileError) as err:
        read_month_files([FIX / "unknown_item.csv", FIX / "utf8_bom.csv", FIX / "out_of_range.csv"])
    first = str(err.value).splitlines()[0]
    assert first.startswith("5 problems in ") and "unknown_item.csv" in first and "out_of_range.csv" in first
    assert "utf8_bom.csv" not in first


def test_reading_writes_nothing():
    before = {p: p.stat().st_mtime_ns for p in FIX.iterdir()}
    for p in FIX.glob("*.csv"):
        try:
            read_month_file(p)
        except MonthFileError:
            pass
    assert {p: p.stat().st_mtime_ns for p in FIX.iterdir()} == before


def ob(month, item, value, source="SMM", metal="al"):
    return Observation(month, metal, item, value, "CNY/t", source, "f.csv", 2)


def test_merge_replaces_and_reports_changes():
    existing = [ob("2019-11", "full_cost", 13085.0), ob("2019-11", "alumina_cost", 2474.0),
                ob("2019-10", "full_cost", 13300.0)]
    new = [ob("2019-11", "full_cost", 13100.0), ob("2019-11", "alumina_cost", 2474.0),
           ob("2019-12", "full_cost", 12900.0), ob("2019-11", "full_cost", 13085.0, source="Wind")]
    merged, changes = merge(existing, new)
    assert [(o.month, o.item, o.source, o.value) for o in merged] == [
        ("2019-10", "full_cost", "SMM", 13300.0),
        ("2019-11", "alumina_cost", "SMM", 2474.0),
        ("2019-11", "full_cost", "SMM", 13100.0),
        ("2019-11", "full_cost", "Wind", 13085.0),
        ("2019-12", "full_cost", "SMM", 12900.0),
    ]
    assert changes == [
        ("2019-11", "al", "full_cost", "SMM", 13085.0, 13100.0),
        ("2019-11", "al", "full_cost", "Wind", None, 13085.0),
        ("2019-12", "al", "full_cost", "SMM", None, 12900.0),
    ]
    assert all(isinstance(c, Change) for c in changes)


def test_merge_is_deterministic_and_idempotent():
    obs = read_month_file(FIX / "thousands_separators.csv")
    merged, changes = merge([], list(reversed(obs)))
    assert merged == sorted(obs, key=lambda o: o.key) and len(changes) == len(obs)
    again, none = merge(merged, obs)
    assert again == merged and none == []

"""Numbers, months and safe_text, cell by cell."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbooks.monthdata import safe_text
from workbooks.monthdata.months import parse_month
from workbooks.monthdata.numbers import parse_number


@pytest.mark.parametrize("cell,expected", [
    ("13,085", (13085.0, False)),  # FIGURES.md Table 4, al full cost
    ("13085.0", (13085.0, False)),
    (" 5 ", (5.0, False)),
    ("86.8%", (86.8, True)),  # Table 4 operating rate; the caller divides by 100
    ("-1.84%", (-1.84, True)),  # Table 1 alumina YoY
    ("\u22122.14%", (-2.14, True)),  # Unicode minus, as FIGURES.md writes it
    ("１３，０８５", (13085.0, False)),  # full-width digits and comma
    ("２４．２９％", (24.29, True)),
    ("0.3092", (0.3092, False)),
    (".5", (0.5, False)),
    ("+19", (19.0, False)),
    ("1.3085E4", (13085.0, False)),
    ("4,069,000", (4069000.0, False)),
    (13085, (13085.0, False)),
    (0.868, (0.868, False)),
])
def test_numbers(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", ["", "  ", None, "13o85", "2,00", "13,0850", "1,3,085", "abc", "#N/A", "--",
                                  True, float("nan"), float("inf"), "1e999", "=1+1", "13,085元", "%"])
def test_not_numbers(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_number_round_trip_via_text(x):
    assert parse_number(repr(x)) == (x, False)
    assert parse_number(f"{x:,.2f}")[0] == pytest.approx(round(x, 2), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("cell", [
    "2019-11", "2019/11", "2019.11", "201911", "2019年11月", "2019年11月30日", "2019-11-30", "2019/11/30",
    "2019-11-30 00:00:00", "2019-11-30T16:00", " 2019 - 11 ", "２０１９年１１月",
    43799, 43799.0, 43799.75, "43799",  # Excel serial of 2019-11-30
    201911, 2019.11, dt.date(2019, 11, 30), dt.datetime(2019, 11, 1, 9, 30),
])
def test_months_all_mean_november_2019(cell):
    assert parse_month(cell) == "2019-11"


def test_single_digit_months():
    assert parse_month("2019-1") == "2019-01"
    assert parse_month("2019/9") == "2019-09"
    assert parse_month("2019年9月") == "2019-09"
    assert parse_month(43466) == "2019-01"  # 2019-01-01


@pytest.mark.parametrize("cell", ["2019.1", 2019.1, "2019-13", "2019-00", "Nov-19", "11/2019", "2019-02-30",
                                  "1899-12", "", None, True, "2019", 12, 2019, 2019.111, "20191"])
def test_not_months(cell):
    with pytest.raises(ValueError):
        parse_month(cell)


def test_ambiguous_dot_month_explains_itself():
    with pytest.raises(ValueError, match="January or October"):
        parse_month("2019.1")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_form_gives_its_month(d):
    want = f"{d.year:04d}-{d.month:02d}"
    serial = (d - dt.date(1899, 12, 30)).days
    for cell in (d, f"{d:%Y-%m-%d}", f"{d:%Y/%m/%d}", f"{d:%Y%m}", f"{d.year}年{d.month}月", serial, str(serial)):
        assert parse_month(cell) == want


def test_safe_text():
    assert safe_text('=HYPERLINK("x")') == '=HYPERLINK("x")'  # kept: write_string stores it as text
    assert safe_text("\t@SUM(A1)\r\n") == " @SUM(A1) "
    assert safe_text("a\x00b\x1bc\x7f") == "abc"
    assert safe_text(None) == ""
    assert safe_text(13085) == "13085"
    assert len(safe_text("字" * 1000)) == 255


def test_safe_text_is_stored_as_text_by_write_string(tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    openpyxl = pytest.importorskip("openpyxl")
    texts = ['=HYPERLINK("x")', "+1", "-SMM", "@SUM(A1)", "\t=1+1", "\r=2"]
    path = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for r, t in enumerate(texts):
        ws.write_string(r, 0, safe_text(t))
    wb.close()
    sheet = openpyxl.load_workbook(path).active
    for r, t in enumerate(texts, start=1):
        cell = sheet.cell(r, 1)
        assert cell.data_type == "s" and cell.value == safe_text(t)

"""One parser of number text: a worksheet cell and a month file accept and refuse the same spellings."""

from __future__ import annotations

import pytest

import udfs
from udfs.coercion import parse_number as cell_number
from udfs.number_text import read_number_text
from workbooks.monthdata.numbers import parse_number as month_file_number


@pytest.mark.parametrize(("text", "value", "percent"), [
    ("\u22125", -5.0, False),  # Unicode minus, as FIGURES.md writes negative figures
    ("¥13,085", 13085.0, False),  # FIGURES.md Table 4: aluminium full cost 13,085 CNY/t
    ("13,085", 13085.0, False),
    (" 5 ", 5.0, False),
    ("86.8%", 86.8, True),  # FIGURES.md Table 4: operating rate 86.8 %; the caller divides by 100
    ("１３，０８５", 13085.0, False),  # full-width digits and comma
    ("￥13,085", 13085.0, False),  # full-width yen sign
    ("-¥2,474", -2474.0, False),
    ("13 085", 13085.0, False),
    ("1.3085e4", 13085.0, False),
])
def test_the_same_spellings_are_read_everywhere(text, value, percent):
    assert read_number_text(text) == (value, percent)
    assert month_file_number(text) == (value, percent)
    assert cell_number(text) == pytest.approx(value / 100 if percent else value, rel=1e-12)
    assert udfs.balance(text, 0) == pytest.approx(value / 100 if percent else value, rel=1e-12)  # hand: x − 0 = x


@pytest.mark.parametrize("text", ["13,08", "1,2,3", "13,0850", "13,085元", "61OO", "%", "--", "1_000", "1e999"])
def test_the_same_spellings_are_refused_everywhere(text):
    with pytest.raises(ValueError):
        read_number_text(text)
    with pytest.raises(ValueError):
        month_file_number(text)
    with pytest.raises(ValueError):
        cell_number(text)


def test_a_decimal_comma_is_named_in_both_messages():
    with pytest.raises(ValueError, match=r"^is not a number \(commas only between thousands: 13,085\)$"):
        cell_number("13,08")
    with pytest.raises(ValueError, match=r"^not a number \(commas only between thousands: 13,085\)$"):
        month_file_number("13,08")

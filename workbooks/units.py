"""The one units table: every unit a sheet spec or a month file may name.

Each unit says what the unit column shows and how a value in it is formatted.
The units a month file may carry also have a Chinese name, a meaning and the
other spellings accepted in files (docs/data.md's units table is generated from
them by `workbooks.monthdata.vocabulary.units_markdown`). A spec naming a unit
that is not here fails the build (`workbooks.spec_check`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    label: str  # shown in the unit column
    num_format: str  # Excel number format of a value in this unit
    zh: str = ""  # set for a unit a month file may carry
    meaning: str = ""
    file_spellings: tuple[str, ...] = ()  # other spellings accepted in a month file

    @property
    def in_month_files(self) -> bool:
        return bool(self.meaning)


UNITS = {
    "CNY/t": Unit("CNY/t 元/吨", "#,##0", "元/吨", "yuan per tonne", ("元/吨", "元/t", "RMB/t", "yuan/t")),
    "USD/t": Unit("USD/t 美元/吨", "#,##0.00", "美元/吨", "US dollars per tonne", ("美元/吨", "美元/t", "$/t", "US$/t")),
    "CNY/kWh": Unit("CNY/kWh 元/千瓦时", "0.0000", "元/千瓦时", "yuan per kilowatt-hour", ("元/千瓦时", "元/kWh", "元/度")),
    "CNY/point": Unit("CNY/point 元/镍点", "#,##0.0", "元/镍点", "yuan per nickel point (1 % Ni in a tonne of NPI)",
                      ("元/镍点",)),
    "10kt": Unit("10kt 万吨", "#,##0.00", "万吨",
                 "10,000 tonnes (a quantity; for Ni chain items, of contained nickel)", ("万吨", "万t", "万镍吨", "万金属吨")),
    "10kt/yr": Unit("10kt/yr 万吨/年", "#,##0.0", "万吨/年", "10,000 tonnes per year (capacity)", ("万吨/年", "万t/年", "万吨/a")),
    "fraction": Unit("%", "0.00%", "比例", "a ratio: 86.8 % is stored as 0.868"),
    "USD/wmt": Unit("USD/wmt 美元/湿吨", "#,##0.0", "美元/湿吨", "US dollars per wet metric tonne (ore)", ("美元/湿吨",)),
    "CNY/USD": Unit("CNY/USD 元/美元", "0.0000", "元/美元", "yuan per US dollar", ("元/美元",)),
    # Units of assumptions and results only (no month-file item is measured in them).
    "t": Unit("t 吨", "#,##0"),
    "t/t": Unit("t/t 吨/吨", "0.00"),
    "kWh/t": Unit("kWh/t 千瓦时/吨", "#,##0"),
    "lots": Unit("lots 手", "#,##0"),
    "days": Unit("days 天", "0"),
    "CNY/t/day": Unit("CNY/t/day 元/吨/天", "0.00"),
    "CNY": Unit("CNY 元", "#,##0"),  # a total in yuan (a back-test's hedge P&L, a hedge result)
    "text": Unit("", "@"),
    "pp": Unit("pp 百分点", "0.00"),
    "MoM": Unit("% MoM 环比", "0.0%"),  # a month-on-month change as a fraction, one decimal (History)
    "General": Unit("", "General"),
    "date": Unit("date 日期", "yyyy-mm-dd"),  # an Excel date serial (contract_spec's limit_from)  # a column of labels or plain numbers, in Excel's General format
}


def unit(name: str) -> Unit:
    """The unit called `name`; KeyError naming it when the table has no such unit."""
    try:
        return UNITS[name]
    except KeyError:
        raise KeyError(f"unknown unit {name!r} (the units table is workbooks/units.py)") from None

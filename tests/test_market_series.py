"""A market series is a property of its vocabulary row (kind "market"): the dataset reads it from there."""

from __future__ import annotations

import pytest

from workbooks.dataset import MARKET_SERIES, Dataset
from workbooks.monthdata import Observation
from workbooks.monthdata.vocabulary import ROW_FIELDS, item_from_row

# by hand: the bundled price files (workbooks/data/prices) carry these six series for each metal; `znnial fetch`
# adds (addin/fetch/series.py, docs/data.md "Fetched data") AO and SS main contracts, 100ppi spot and basis, SHFE
# and LME stocks; and one's own spot series is the back-tests' physical leg (issue 20, docs/backtest.md)
HAND_SERIES = {(metal, item) for metal in ("al", "zn", "ni")
               for item in ("shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg", "lme_cash_avg",
                            "spot", "basis_avg", "shfe_stocks", "lme_stocks")} | {
    ("al", f"alumina_shfe_{k}") for k in ("avg", "close", "settle_avg")} | {
    ("ni", f"stainless_shfe_{k}") for k in ("avg", "close", "settle_avg")}


def test_the_market_series_are_the_exchange_rows():
    assert MARKET_SERIES == HAND_SERIES


def _obs(metal, item, month, value):
    return Observation(month=month, metal=metal, item=item, value=value, unit="CNY/t", source="test", file="hand", row=2)


def test_a_month_of_market_series_only_is_no_survey_month():
    data = Dataset([_obs("zn", "smelter_profit", "2019-11", 1000.0), _obs("zn", "shfe_close", "2019-12", 18000.0),
                    _obs("al", "lme_cash_avg", "2020-01", 1800.0)])
    assert data.survey_months == ["2019-11"]
    assert data.price_months == ["2019-12", "2020-01"]
    assert data.latest_month == "2019-11"


def test_a_survey_price_is_not_a_market_series():
    # 电解铝现货价格(参考) is a price the report quotes, not an exchange's series: its month is a survey month
    data = Dataset([_obs("al", "spot_price", "2019-12", 13900.0)])
    assert data.survey_months == ["2019-12"] and data.price_months == []


def test_a_vocabulary_row_is_checked_when_declared():
    assert ROW_FIELDS == ("metal", "key", "unit", "label_zh", "label_en", "low", "high", "kind")
    with pytest.raises(ValueError, match="has 7 fields, not 8"):
        item_from_row(("zn", "x", "CNY/t", "锌", "zinc", 1, 2))
    with pytest.raises(ValueError, match="unknown kind 'exchange' for x"):
        item_from_row(("zn", "x", "CNY/t", "锌", "zinc", 1, 2, "exchange"))
    assert item_from_row(("zn", "x", "CNY/t", "锌", "zinc", 1, 2, "market")).market

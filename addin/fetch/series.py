"""What `znnial fetch` fetches, declared together: each series' AKShare function, publisher, columns and items.

Column names are those of AKShare 1.19.5's own code (read from its source, akfamily/akshare):
`get_futures_daily` (futures/futures_daily_bar.py: `cons.OUTPUT_COLUMNS`), `futures_spot_price`
(futures/futures_basis.py: `_check_information`), `futures_inventory_em` (futures/futures_inventory_em.py), `macro_euro_lme_stock` (economic/macro_euro.py: a
column METAL-库存 per metal; its documented example, docs/data/macro/macro.md, shows 铝-库存 … 镍-注销仓单).
"""

from __future__ import annotations

from dataclasses import dataclass

AKSHARE_RANGE = ">=1.19.5,<1.20"  # the versions whose code the columns below were read from (pyproject's [data])
INSTALL = "pip install \"znnial[data]\""


@dataclass(frozen=True)
class Series:
    kind: str  # prices | spot | stocks: what `--what` names
    function: str  # the AKShare function called
    publisher: str
    columns: tuple[str, ...]  # the columns the transform reads; anything else AKShare returns is ignored

    @property
    def source(self) -> str:
        """The month-file source of every figure from this series (at most 255 characters)."""
        return f"{self.publisher} via AKShare {self.function}"


PRICES = Series("prices", "get_futures_daily", "上海期货交易所 SHFE daily quotes (market='SHFE'); main contract = "
                "most open interest each day",
                ("symbol", "date", "high", "low", "close", "settle", "open_interest", "variety"))
SPOT = Series("spot", "futures_spot_price", "生意社 100ppi spot and basis",
              ("date", "symbol", "spot_price", "dominant_contract", "dominant_contract_price"))
STOCKS = Series("stocks", "futures_inventory_em", "东方财富 Eastmoney, SHFE stocks", ("日期", "库存"))
LME_STOCKS = Series("stocks", "macro_euro_lme_stock", "金十数据 Jin10, LME stocks report",
                    ("日期", "铝-库存", "锌-库存", "镍-库存"))
SERIES = {s.kind: s for s in (PRICES, SPOT, STOCKS)}  # `--what stocks` fetches STOCKS and LME_STOCKS


@dataclass(frozen=True)
class Contract:
    """An SHFE contract and the items its main contract's monthly figures go to."""
    code: str  # AKShare's `variety`: the SHFE product code, upper case
    metal: str
    prefix: str  # items are PREFIX_close, PREFIX_avg, PREFIX_settle_avg (and PREFIX_high/_low)
    extremes: bool  # the vocabulary has PREFIX_high and PREFIX_low


CONTRACTS = (Contract("AL", "al", "shfe", True), Contract("ZN", "zn", "shfe", True),
             Contract("NI", "ni", "shfe", True), Contract("AO", "al", "alumina_shfe", False),
             Contract("SS", "ni", "stainless_shfe", False))
SPOT_SYMBOLS = {"AL": "al", "ZN": "zn", "NI": "ni"}  # futures_spot_price's `symbol` -> metal
STOCK_SYMBOLS = {"al": "al", "zn": "zn", "ni": "ni"}  # futures_inventory_em's `symbol` argument -> metal
LME_STOCK_COLUMNS = {"铝-库存": "al", "锌-库存": "zn", "镍-库存": "ni"}  # macro_euro_lme_stock's column -> metal

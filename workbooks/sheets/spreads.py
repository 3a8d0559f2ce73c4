"""价差: spreads, carry and contract terms, as a sheet spec (laid out with 表1–表5, workbooks/sheets/tables.py)."""

from __future__ import annotations

from ..formula import Call, Pick, Ref
from ..spec import Calc, Matrix, Param, Section, Title

NOTES = "docs/methods.md"  # how each figure is computed: sheet notes cite its sections

# contract_spec gives a blank for these: say so in words rather than show an empty formula result.
_UNPUBLISHED = {(symbol, "storage_per_day") for symbol in ("AL", "ZN", "AO", "SS", "CU", "PB", "SN")}

SPREADS = (
    Title("价差与持仓成本", "Spreads and carry"),
    Section("正向套利（示例报价，请改为当日报价）", "Positive carry (example quotes: type today's)"),
    Param("sp.near", "近月价格", "near contract", 13900, "CNY/t", f"example, {NOTES} §5"),
    Param("sp.far", "远月价格", "far contract", 14000, "CNY/t", "example"),
    Param("sp.days", "间隔天数", "days between deliveries", 30, "days", "example"),
    Param("sp.rate", "资金成本", "financing rate", 0.05, "fraction", "example"),
    Param("sp.storage", "仓储费", "storage", 0.4, "CNY/t/day", f"Al/Zn storage not confirmed ({NOTES} §5)"),
    Param("sp.fees", "出入库及交割费", "load-in, delivery and trading fees", 10, "CNY/t", "example"),
    Param("sp.flat_band", "平水区间", "spread counted as flat", 5, "CNY/t", "one tick"),
    Calc("sp.structure", "结构", "structure", Call("spread_structure", Ref("sp.near"), Ref("sp.far"), Ref("sp.flat_band")),
         "text"),
    Calc("sp.annualised", "年化价差", "spread as an annual rate",
         Call("annualised_carry", Ref("sp.near"), Ref("sp.far"), Ref("sp.days")), "fraction"),
    Calc("sp.carry_cost", "持仓成本", "carry cost",
         Call("carry_cost", Ref("sp.near"), Ref("sp.days"), Ref("sp.rate"), Ref("sp.storage"), Ref("sp.fees")),
         "CNY/t", f"{NOTES} §5 example: 79.1"),
    Calc("sp.theoretical", "理论期货价格（持有成本）", "theoretical futures price, near as spot",
         Call("theoretical_futures_price", Ref("sp.near"), Ref("sp.days"), Ref("sp.rate"), 0, Ref("sp.storage")),
         "CNY/t", f"{NOTES} §5.1: 13,900 + 57.12 + 12 = 13,969.12"),
    Calc("sp.arbitrage", "正向套利空间", "positive-carry room",
         Call("carry_arbitrage", Ref("sp.near"), Ref("sp.far"), Ref("sp.days"), Ref("sp.rate"), Ref("sp.storage"),
              Ref("sp.fees")), "CNY/t", "after VAT on the spread (13/113)"),
    Calc("sp.carry_cost_360", "持仓成本（按360天计息）", "carry cost, interest on actual/360",
         Call("carry_cost", Ref("sp.near"), Ref("sp.days"), Ref("sp.rate"), Ref("sp.storage"), Ref("sp.fees"),
              "actual/360"), "CNY/t", "13,900 × 5 % × 30 / 360 + 12 + 10"),
    Calc("sp.arbitrage_simple_vat", "正向套利空间（增值税按价差×13%）", "positive-carry room, VAT as spread × 13 %",
         Call("carry_arbitrage", Ref("sp.near"), Ref("sp.far"), Ref("sp.days"), Ref("sp.rate"), Ref("sp.storage"),
              Ref("sp.fees"), 0.13, "actual/365", -1, "simplified"), "CNY/t",
         "the simplified VAT of exam questions"),
    Section("基差与套保结果（示例）", "Basis and hedge result (example: type yours)"),
    Param("bs.side", "套保方向", "hedge side: sell or buy", "sell", "text", "sell: producer or stock holder; buy: consumer"),
    Param("bs.spot_open", "建仓时现货价", "spot when the hedge was opened", 20000, "CNY/t", "textbook example (docs/basis.md)"),
    Param("bs.futures_open", "建仓时期货价", "futures when the hedge was opened", 20500, "CNY/t", "textbook example"),
    Param("bs.spot_close", "平仓时现货价", "spot when the hedge was closed", 19000, "CNY/t", "textbook example"),
    Param("bs.futures_close", "平仓时期货价", "futures when the hedge was closed", 19200, "CNY/t", "textbook example"),
    Param("bs.tonnes", "现货吨数", "physical tonnes", 100, "t", "textbook example"),
    Param("bs.lots", "期货手数", "futures lots", 20, "lots", "textbook example: 20 × 5 t = 100 t"),
    Param("bs.symbol", "合约", "contract (for its lot size)", "AL", "text", "AL ZN NI AO SS CU PB SN, LME_AL LME_ZN LME_NI, or a lot size in t"),
    Calc("bs.basis_open", "建仓基差", "basis at the open", Call("basis", Ref("bs.spot_open"), Ref("bs.futures_open")),
         "CNY/t", "spot − futures"),
    Calc("bs.basis_close", "平仓基差", "basis at the close", Call("basis", Ref("bs.spot_close"), Ref("bs.futures_close")),
         "CNY/t", "spot − futures"),
    Calc("bs.basis_change", "基差变化", "basis change", Call("basis_change", Ref("bs.basis_open"), Ref("bs.basis_close")),
         "CNY/t", "close − open"),
    Calc("bs.reading", "基差走势", "reading", Call("basis_reading", Ref("bs.basis_open"), Ref("bs.basis_close")), "text",
         "strengthening helps a sell hedge, weakening a buy hedge"),
    Calc("bs.effective_price", "锁定价格（卖保售价/买保采购价）", "effective price: sale (sell) or purchase (buy)",
         Call("sell_hedge_price", Ref("bs.spot_close"), Ref("bs.futures_open"), Ref("bs.futures_close")), "CNY/t",
         "futures open + closing basis, either side"),
    *(Calc(f"bs.{key}", zh, en, Pick(Call("hedge_result", Ref("bs.side"), Ref("bs.spot_open"), Ref("bs.spot_close"),
                                          Ref("bs.futures_open"), Ref("bs.futures_close"), Ref("bs.tonnes"),
                                          Ref("bs.lots"), Ref("bs.symbol")), 2, col), unit, note)
      for key, zh, en, col, unit, note in (
          ("physical_leg", "现货盈亏", "physical leg", 1, "CNY", "for the side chosen"),
          ("futures_leg", "期货盈亏", "futures leg", 2, "CNY", "lots × lot size × futures move"),
          ("net", "套保净盈亏", "net result", 3, "CNY", "sell hedge: tonnes × basis change when fully hedged"),
          ("net_per_t", "每吨净盈亏", "net per physical tonne", 4, "CNY/t", ""))),
    Section("虚拟库存（示例报价）", "Virtual inventory (example quotes)"),
    Param("vi.spot", "现货价格", "spot", 18000, "CNY/t", "example"),
    Param("vi.futures", "期货价格", "futures", 18050, "CNY/t", "example"),
    Param("vi.days", "持有天数", "days held", 90, "days", "example: an off-season quarter"),
    Param("vi.rate", "资金成本", "financing rate", 0.05, "fraction", "example"),
    Param("vi.storage", "仓储费", "storage", 0.5, "CNY/t/day", "example"),
    Param("vi.margin", "保证金比例", "margin ratio", 0.1, "fraction", "example: broker margin"),
    Calc("vi.benefit", "虚拟库存节省", "saving from holding futures",
         Call("virtual_inventory_benefit", Ref("vi.spot"), Ref("vi.futures"), Ref("vi.days"), Ref("vi.rate"),
              Ref("vi.storage"), Ref("vi.margin")), "CNY/t", "physical carry − (premium paid + margin financing)"),
    Matrix(
        headers=(("每手", "lot, t"), ("最小变动", "tick, CNY/t"), ("交割单位", "delivery unit, t"),
                 ("最低保证金", "min. margin"), ("涨跌停板（交易所）", "SHFE limit"),
                 ("涨跌停板生效", "limit from"), ("合约涨跌停板", "contract limit"),
                 ("仓储费", "storage, CNY/t/day")),
        rows=tuple(
            (zh, f"SHFE {symbol}", tuple(
                Calc(f"spec.{symbol}.{field}", "", "", Call("contract_spec", symbol, field), unit)
                if (symbol, field) not in _UNPUBLISHED else "— not found 未查到"
                for field, unit in (("lot_size", "t"), ("tick", "CNY/t"), ("delivery_unit", "t"),
                                    ("min_margin", "fraction"), ("daily_limit", "fraction"), ("limit_from", "date"),
                                    ("contract_limit", "fraction"), ("storage_per_day", "CNY/t/day"))))
            for zh, symbol in (("沪铝", "AL"), ("沪锌", "ZN"), ("沪镍", "NI"), ("氧化铝", "AO"), ("不锈钢", "SS"),
                               ("沪铜", "CU"), ("沪铅", "PB"), ("沪锡", "SN"))),
        note="交易所涨跌停板：上期所通知（上期发〔2026〕56号）所定，节假日前会上调，请按当日通知核对 · SHFE's standing "
             "limit from its notice of 2026-02-05; raised before holidays: check the day's notice. Margin and "
             "contract limit: contract-text floors. Blank storage: no public figure found.",
    ),
)

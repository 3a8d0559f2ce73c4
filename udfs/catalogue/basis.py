"""Basis and hedge-result worksheet functions: basis, the prices a buy or sell hedge locks in, the hedge's result,
the change and reading of the basis (udfs/core/basis.py).
"""

from __future__ import annotations

from ..core import basis, contracts
from ..registry import CONTRACT, NONNEG, POSITIVE, TEXT, Arg, Example, Function

GROUP = "basis"

# The textbook sell hedge used in the examples (hand): an aluminium holder in March, spot 20,000 and
# futures 20,500 (basis −500); in June spot 19,000 and futures 19,200 (basis −200): the basis strengthens by 300.
_SIDE = Arg("side", "sell (producer or stock holder: short futures) or buy (consumer: long futures); text",
            kind=TEXT, choices=basis.SIDES)
_FUTURES_OPEN = Arg("futures_open", "Futures price when the hedge was opened, CNY/t", check=POSITIVE)
_FUTURES_CLOSE = Arg("futures_close", "Futures price when the hedge was closed, CNY/t", check=POSITIVE)

SPECS = (
    Function(
        "basis", basis.basis,
        "Basis = spot − futures, CNY/t (negative when futures trade above spot).",
        (Arg("spot", "Spot (physical) price, CNY/t", check=POSITIVE),
         Arg("futures", "Futures price, CNY/t (the contract hedged)", check=POSITIVE)),
        GROUP,
        (Example((19000, 19200), -200, "hand: 19,000 − 19,200 = −200 (textbook sell hedge, June)"),),
    ),
    Function(
        "buy_hedge_price", basis.buy_hedge_price,
        "Effective purchase price of a buy hedge, CNY/t: spot paid − futures gain (futures_close − futures_open).",
        (Arg("spot_paid", "Spot price paid for the metal, CNY/t", check=POSITIVE), _FUTURES_OPEN, _FUTURES_CLOSE),
        GROUP,
        (Example((21000, 20300, 21100), 20200,
                 "hand, textbook buy hedge: March futures 20,300; June spot 21,000, futures 21,100: gain 800, "
                 "21,000 − 800 = 20,200 = 20,300 + closing basis −100"),),
        notes="spot_paid − (futures_close − futures_open) = futures_open + closing basis: the buy hedge locks the "
              "opening futures price, and the basis at the close decides the rest. The formula is the same as "
              "sell_hedge_price's; the two names say whose price it is.",
    ),
    Function(
        "sell_hedge_price", basis.sell_hedge_price,
        "Effective sale price of a sell hedge, CNY/t: spot received + futures gain (futures_open − futures_close).",
        (Arg("spot_received", "Spot price received for the metal, CNY/t", check=POSITIVE),
         _FUTURES_OPEN, _FUTURES_CLOSE),
        GROUP,
        (Example((19000, 20500, 19200), 20300,
                 "hand, textbook sell hedge: futures 20,500 → 19,200, gain 1,300; 19,000 + 1,300 = 20,300 "
                 "= 20,500 + closing basis −200"),),
        notes="spot_received + (futures_open − futures_close) = futures_open + closing basis: a stronger basis "
              "at the close means a better sale price.",
    ),
    Function(
        "hedge_result", basis.hedge_result,
        "Net result of a hedge, CNY: spills physical leg, futures leg (lots × the contract's lot size), net "
        "and net per physical tonne, from open/close spot and futures prices.",
        (_SIDE,
         Arg("spot_open", "Spot price when the hedge was opened, CNY/t", check=POSITIVE),
         Arg("spot_close", "Spot price when the hedge was closed (metal sold or bought), CNY/t", check=POSITIVE),
         _FUTURES_OPEN, _FUTURES_CLOSE,
         Arg("tonnes", "Physical tonnes hedged, t", check=POSITIVE),
         Arg("lots", "Futures lots held, lots of the contract (lot size in t from symbol)", check=NONNEG),
         Arg("symbol", "Contract, for its lot size in t: " + ", ".join(contracts.SYMBOLS) + " (text), or the lot "
                       "size itself, t per lot, for any other contract", kind=CONTRACT, choices=contracts.SYMBOLS)),
        GROUP,
        (Example(("sell", 20000, 19000, 20500, 19200, 100, 20, "AL"),
                 [list(basis.RESULT_HEADER), [-100000, 130000, 30000, 300]],
                 "hand, textbook sell hedge: physical 100 t × (19,000 − 20,000) = −100,000; futures 20 lots × 5 t × "
                 "(20,500 − 19,200) = 130,000; net 30,000 = 100 t × basis change +300"),
         Example(("buy", 20000, 21000, 20300, 21100, 100, 20, "ZN"),
                 [list(basis.RESULT_HEADER), [-100000, 80000, -20000, -200]],
                 "hand, textbook buy hedge: physical 100 t × (20,000 − 21,000) = −100,000; futures 20 × 5 t × "
                 "(21,100 − 20,300) = 80,000; net −20,000: the basis strengthened by 200 (−300 → −100)"),
         Example(("sell", 100000, 98000, 101000, 98500, 10, 10, "NI"),
                 [list(basis.RESULT_HEADER), [-20000, 25000, 5000, 500]],
                 "hand: SHFE Ni 1 t lots: 10 t × (98,000 − 100,000) = −20,000; 10 × 1 t × 2,500 = 25,000; net 5,000"),
         Example(("sell", 20000, 19000, 20500, 19200, 100, 20, 5), [list(basis.RESULT_HEADER),
                                                                     [-100000, 130000, 30000, 300]],
                 "hand: the first example with the lot size typed as 5 t instead of AL gives the same result"),
         Example(("sell", 60000, 58000, 60500, 58200, 25, 5, "CU"), [list(basis.RESULT_HEADER),
                                                                      [-50000, 57500, 7500, 300]],
                 "hand, SHFE copper 5 t lots: 25 t × (58,000 − 60,000) = −50,000; 5 × 5 t × 2,300 = 57,500; "
                 "net 7,500 = 25 t × basis change +300")),
        returns="table",
        header=basis.RESULT_HEADER,
        notes="sell: physical = tonnes × (spot_close − spot_open), futures = lots × lot size × (futures_open − "
              "futures_close). buy: physical = tonnes × (spot_open − spot_close) (a higher purchase price is a loss), "
              "futures = lots × lot size × (futures_close − futures_open). When lots × lot size = tonnes the net is "
              "tonnes × basis change for a sell hedge and −tonnes × basis change for a buy hedge. Fees, margin "
              "financing and taxes are not included. See docs/basis.md.",
    ),
    Function(
        "basis_change", basis.basis_change,
        "Basis change, CNY/t: basis_close − basis_open; positive is a strengthening basis (基差走强).",
        (Arg("basis_open", "Basis (spot − futures) when the hedge was opened, CNY/t"),
         Arg("basis_close", "Basis (spot − futures) when the hedge was closed, CNY/t")),
        GROUP,
        (Example((-500, -200), 300, "hand, textbook sell hedge: −200 − (−500) = +300, strengthening"),),
    ),
    Function(
        "basis_reading", basis.basis_reading,
        "Reading of a basis move: strengthening 基差走强 (helps a sell hedge, hurts a buy hedge), weakening "
        "基差走弱 (the opposite) or unchanged, within flat_band CNY/t.",
        (Arg("basis_open", "Basis (spot − futures) when the hedge was opened, CNY/t"),
         Arg("basis_close", "Basis (spot − futures) when the hedge was closed, CNY/t"),
         Arg("flat_band", "Change counted as unchanged, CNY/t (default 0)", check=NONNEG, default=0.0)),
        GROUP,
        (Example((-500, -200), basis.STRENGTHENING, "hand: −500 → −200 is +300: the sell hedger nets +300/t, a buy hedger would lose 300/t"),
         Example((-300, -400), basis.WEAKENING, "hand: −300 → −400 is −100: a buy hedger nets +100/t, a sell hedger loses 100/t"),
         Example((-300, -295, 10), basis.UNCHANGED, "hand: +5 is within the 10 band")),
        returns="text",
    ),
)

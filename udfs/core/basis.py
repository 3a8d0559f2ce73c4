"""Hedge results with basis: what a hedger really pays or receives (docs/basis.md).

basis = spot − futures. A hedge that holds the same tonnage in futures as in
physical locks in the opening futures price plus the closing basis:

* buy hedge (a consumer buys futures now, buys metal later): effective purchase
  price = spot paid − futures gain, futures gain = F_close − F_open;
* sell hedge (a producer sells futures now, sells metal later): effective sale
  price = spot received + futures gain, futures gain = F_open − F_close.

The basis change b_close − b_open is the whole net result per hedged tonne:
a strengthening basis (基差走强, the change > 0) adds to a sell hedge and costs a
buy hedge; a weakening basis (基差走弱) does the opposite.
"""

from __future__ import annotations

import numpy as np

from . import contracts

SELL, BUY = "sell", "buy"
SIDES = (SELL, BUY)

# Which hedge a move hurts (the other one gains as much): short labels, so they fit a cell.
STRENGTHENING = "strengthening 基差走强: hurts buy hedge"
WEAKENING = "weakening 基差走弱: hurts sell hedge"
UNCHANGED = "unchanged 基差不变"

RESULT_HEADER = ("physical leg CNY 现货盈亏", "futures leg CNY 期货盈亏", "net CNY 净盈亏",
                 "net CNY/t 每吨净盈亏")


def basis(spot, futures):
    """Spot − futures, CNY/t (negative: futures above spot)."""
    return np.subtract(spot, futures)


def buy_hedge_price(spot_paid, futures_open, futures_close):
    """Effective purchase price of a buy hedge: spot paid − (F_close − F_open)."""
    return np.subtract(spot_paid, np.subtract(futures_close, futures_open))


def sell_hedge_price(spot_received, futures_open, futures_close):
    """Effective sale price of a sell hedge: spot received + (F_open − F_close)."""
    return np.add(spot_received, np.subtract(futures_open, futures_close))


def _side(side) -> float:
    key = str(side).strip().lower()
    if key not in SIDES:
        raise ValueError(f"side: {side!r} is not one of {'/'.join(SIDES)}")
    return 1.0 if key == SELL else -1.0


def hedge_result(side, spot_open, spot_close, futures_open, futures_close, tonnes, lots, symbol):
    """Rows of (physical leg, futures leg, net, net per physical tonne), CNY.

    sell: physical = t × (S_close − S_open), futures = lots × lot size × (F_open − F_close);
    buy:  physical = t × (S_open − S_close), futures = lots × lot size × (F_close − F_open).
    The lot size is the contract's (contracts.lot_size(symbol)).
    """
    sign = _side(side)
    lot = contracts.lot_size(symbol)
    spot_move = np.subtract(spot_close, spot_open)
    futures_move = np.subtract(futures_close, futures_open)
    physical = sign * np.multiply(tonnes, spot_move) + 0.0  # + 0.0 turns −0.0 into 0.0
    futures = -sign * np.multiply(np.multiply(lots, lot), futures_move) + 0.0
    net = physical + futures
    per_tonne = np.divide(net, tonnes)
    parts = np.broadcast_arrays(physical, futures, net, per_tonne)
    return np.stack([p.astype(float) for p in parts], axis=-1).reshape(-1, 4)


def basis_change(basis_open, basis_close):
    """b_close − b_open, CNY/t: positive is a strengthening basis (基差走强)."""
    return np.subtract(basis_close, basis_open)


def basis_reading(basis_open, basis_close, flat_band=0.0):
    """The reading of a basis move, bilingual, and which hedge it helps; same shape as the inputs."""
    change = basis_change(basis_open, basis_close)
    band = np.abs(flat_band)
    label = np.where(change > band, STRENGTHENING, np.where(change < -band, WEAKENING, UNCHANGED))
    return np.where(np.isnan(change + band), None, label).astype(object)  # a blank input stays blank

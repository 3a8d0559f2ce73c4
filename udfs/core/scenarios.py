"""Scenario grids: a profit or cost over two drivers, spilled as one table.

Each grid is one call of the existing scalar model on a broadcast pair
(row drivers as a column vector × column drivers as a row vector), so a cell
is exactly what the one-cell function returns at the same drivers. The table is
(n + 1) × (m + 1): the top-left cell is a bilingual "rows \\ columns" label, the
first row holds the column drivers, the first column the row drivers.
"""

from __future__ import annotations

import inspect

import numpy as np

from . import aluminium, nickel, zinc

AL_GRID_LABEL = "alumina CNY/t \\ power CNY/kWh 氧化铝\\电价"
ZN_GRID_LABEL = "zinc CNY/t \\ TC CNY/t 锌价\\加工费"
NI_GRID_LABEL = "ore CIF USD/wmt \\ CNY per USD 矿价\\汇率"

SMELTER, MINE = "smelter", "mine"
ZN_SIDES = (SMELTER, MINE)


def data_rows(name, values):
    """A series up to its last number: trailing blanks (NaN) are dropped, any other blank is refused."""
    values = np.asarray(values, dtype=float).ravel()
    present = np.flatnonzero(~np.isnan(values))
    if present.size == 0:
        raise ValueError(f"{name}: no numbers")
    stop = int(present[-1]) + 1
    gaps = np.flatnonzero(np.isnan(values[:stop]))
    if gaps.size:
        raise ValueError(f"{name}: blank at position {int(gaps[0]) + 1}, before the last value; "
                         "fill it or start the range at the first value")
    return values[:stop]


def single(name, value) -> float:
    """A parameter that must be one number (a single cell)."""
    array = np.asarray(value, dtype=float)
    if array.size != 1:
        raise ValueError(f"{name}: needs a single cell, got {array.size} cells")
    number = float(array.reshape(-1)[0])
    if np.isnan(number):
        raise ValueError(f"{name}: is blank")
    return number


def grid_table(label, row_values, column_values, body):
    """The (n + 1) × (m + 1) object table: label, column drivers, row drivers, body."""
    body = np.asarray(body, dtype=float)
    table = np.empty((row_values.size + 1, column_values.size + 1), dtype=object)
    table[0, 0] = label
    table[0, 1:] = column_values.tolist()
    table[1:, 0] = row_values.tolist()
    table[1:, 1:] = body.tolist()
    return table


def al_profit_grid(price, alumina_prices, power_prices, anode_price, other_cost,
                   alumina_per_t=aluminium.ALUMINA_PER_T, kwh_per_t=aluminium.KWH_PER_T,
                   anode_per_t=aluminium.ANODE_PER_T, fluoride_cost=aluminium.FLUORIDE_COST):
    """Smelter profit = price − al_full_cost over alumina price (rows) × power price (columns)."""
    rows = data_rows("alumina_prices", alumina_prices)
    cols = data_rows("power_prices", power_prices)
    cost = aluminium.al_full_cost(
        rows[:, None], cols[None, :], single("anode_price", anode_price), single("other_cost", other_cost),
        single("alumina_per_t", alumina_per_t), single("kwh_per_t", kwh_per_t),
        single("anode_per_t", anode_per_t), single("fluoride_cost", fluoride_cost))
    return grid_table(AL_GRID_LABEL, rows, cols, single("price", price) - cost)


def zn_profit_grid(zinc_prices, tcs, mine_cost, processing_cost, byproduct_credit=0.0, side=SMELTER,
                   share=0.0, base_price=zinc.SHARING_BASE):
    """Smelter or mine margin over zinc price (rows) × TC (columns), CNY per metal tonne.

    The TC of a column is the effective TC (share 0, the default) or, with a share,
    zn_effective_tc(TC, zinc price, base_price, share); both sides use that same TC.
    smelter: zn_smelter_profit(TC, processing_cost, byproduct_credit) — mine_cost unused;
    mine: zn_mine_profit(zinc price, TC, mine_cost) — processing_cost and byproduct_credit unused.
    """
    key = str(side).strip().lower()
    if key not in ZN_SIDES:
        raise ValueError(f"side: {side!r} is not one of {'/'.join(ZN_SIDES)}")
    rows = data_rows("zinc_prices", zinc_prices)
    cols = data_rows("tcs", tcs)
    mine_cost = single("mine_cost", mine_cost)
    processing_cost = single("processing_cost", processing_cost)
    byproduct_credit = single("byproduct_credit", byproduct_credit)
    share = single("share", share)
    base_price = single("base_price", base_price)
    price = rows[:, None]
    # share 0: TC + 0 × (price − base) is the TC itself, exactly.
    tc = zinc.zn_effective_tc(cols[None, :], price, base_price, share)
    if key == SMELTER:
        body = zinc.zn_smelter_profit(tc, processing_cost, byproduct_credit)
    else:
        body = zinc.zn_mine_profit(price, tc, mine_cost)
    return grid_table(ZN_GRID_LABEL, rows, cols, body)


def ni_npi_cost_grid(ore_cifs, fxs, *options, **named):
    """NPI cost per nickel point over ore CIF (rows) × CNY/USD (columns).

    The optional arguments are ni_npi_cost's (ore_grade, moisture, recovery, power_price,
    kwh_per_dry_t, reductant_per_point, other_per_point, import_vat), by position or name.
    """
    bound = inspect.signature(nickel.ni_npi_cost).bind(None, None, *options, **named)
    kwargs = {name: single(name, value) for name, value in list(bound.arguments.items())[2:]}
    rows = data_rows("ore_cifs", ore_cifs)
    cols = data_rows("fxs", fxs)
    body = nickel.ni_npi_cost(rows[:, None], cols[None, :], **kwargs)
    return grid_table(NI_GRID_LABEL, rows, cols, body)

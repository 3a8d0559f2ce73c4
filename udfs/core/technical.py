"""Moving averages, trendlines and converging ranges (docs/methods.md §4.5)."""

from __future__ import annotations

import numpy as np


def _filled_block(prices):
    """The contiguous non-blank block of a series; blanks inside it are refused."""
    prices = np.asarray(prices, dtype=float).ravel()
    present = np.flatnonzero(~np.isnan(prices))
    if present.size == 0:
        raise ValueError("prices: no numbers")
    first, last = present[0], present[-1]
    gaps = np.flatnonzero(np.isnan(prices[first:last + 1]))
    if gaps.size:
        raise ValueError(f"prices: blank inside the series (position {first + gaps[0] + 1})")
    return prices, first, last + 1


def sma(prices, window):
    """Simple moving average; blank until the window fills."""
    prices, start, stop = _filled_block(prices)
    out = np.full(prices.shape, np.nan)
    block = prices[start:stop]
    if window < 1:
        raise ValueError(f"window: {window} must be at least 1")
    if block.size >= window:
        sums = np.cumsum(np.concatenate(([0.0], block)))
        out[start + window - 1:stop] = (sums[window:] - sums[:-window]) / window
    return out


def ema(prices, span):
    """Exponential moving average, α = 2 / (span + 1), seeded with the SMA of the first span prices."""
    prices, start, stop = _filled_block(prices)
    if span < 1:
        raise ValueError(f"span: {span} must be at least 1")
    out = np.full(prices.shape, np.nan)
    block = prices[start:stop]
    if block.size < span:
        return out
    seeded = np.concatenate(([block[:span].mean()], block[span:]))
    import pandas as pd  # only EMA needs it: keeps `import udfs` light

    smoothed = pd.Series(seeded).ewm(alpha=2.0 / (span + 1.0), adjust=False).mean().to_numpy()
    out[start + span - 1:stop] = smoothed
    return out


def trendline(x1, y1, x2, y2, x):
    """Value at x of the straight line through (x1, y1) and (x2, y2)."""
    if np.any(np.equal(x1, x2)):
        raise ValueError("x1 and x2 must differ")
    slope = np.divide(np.subtract(y2, y1), np.subtract(x2, x1))
    return np.add(y1, slope * np.subtract(x, x1))


def range_apex(upper_points, lower_points):
    """Where the upper and lower lines of a converging range meet: (x, y).

    Each argument is two points as a 2×2 range: x1 y1 on the first row, x2 y2 on the second.
    """
    upper = np.asarray(upper_points, dtype=float)
    lower = np.asarray(lower_points, dtype=float)
    for name, points in (("upper_points", upper), ("lower_points", lower)):
        if points.shape != (2, 2):
            raise ValueError(f"{name}: needs 2 rows × 2 columns (x, y), got {points.shape[0]}×{points.shape[1]}")
        if points[0, 0] == points[1, 0]:
            raise ValueError(f"{name}: the two x values must differ")
    slope_u = (upper[1, 1] - upper[0, 1]) / (upper[1, 0] - upper[0, 0])
    slope_l = (lower[1, 1] - lower[0, 1]) / (lower[1, 0] - lower[0, 0])
    if np.isclose(slope_u, slope_l):
        raise ValueError("the lines are parallel: no apex")
    # y_u(x) = y_l(x)  ⇒  x = (b_l − b_u) / (m_u − m_l), with b = y1 − m·x1
    intercept_u = upper[0, 1] - slope_u * upper[0, 0]
    intercept_l = lower[0, 1] - slope_l * lower[0, 0]
    x = (intercept_l - intercept_u) / (slope_u - slope_l)
    return np.array([[x, intercept_u + slope_u * x]])

"""udfs.core.technical: moving averages, trendlines and the apex of a converging range."""

from __future__ import annotations

import numpy as np
import pytest

from udfs.core import technical

NAN = np.nan


def hand_ema(values, span):
    """Reference EMA: seed with the mean of the first span values, then x_t = x_{t−1} + α (p_t − x_{t−1})."""
    alpha = 2.0 / (span + 1.0)
    out = [None] * len(values)
    level = sum(values[:span]) / span
    out[span - 1] = level
    for t in range(span, len(values)):
        level = level + alpha * (values[t] - level)
        out[t] = level
    return out


def test_sma_hand():
    # hand: (1+2)/2, (2+3)/2, (3+4)/2
    got = technical.sma(np.array([1.0, 2.0, 3.0, 4.0]), 2)
    np.testing.assert_allclose(got, [NAN, 1.5, 2.5, 3.5])


def test_sma_leading_and_trailing_blanks():
    # hand: the block 10, 20, 30 at positions 2–4; window 2 → 15 at 3, 25 at 4; blanks stay blank
    got = technical.sma(np.array([NAN, 10.0, 20.0, 30.0, NAN]), 2)
    assert got.shape == (5,)
    np.testing.assert_allclose(got, [NAN, NAN, 15.0, 25.0, NAN])


def test_sma_window_longer_than_the_series():
    assert np.isnan(technical.sma(np.array([1.0, 2.0]), 3)).all()


@pytest.mark.parametrize("function", [technical.sma, technical.ema])
def test_blank_inside_the_series_is_refused(function):
    with pytest.raises(ValueError, match=r"blank inside the series \(position 3\)"):
        function(np.array([NAN, 1.0, NAN, 3.0, 4.0]), 2)
    with pytest.raises(ValueError, match="no numbers"):
        function(np.array([NAN, NAN]), 2)


def test_ema_equals_a_hand_loop():
    prices = [10.0, 11.0, 13.0, 12.0, 15.0, 14.0]
    expected = hand_ema(prices, 3)
    # hand: α = 0.5; seed (10 + 11 + 13) / 3 = 11.333; 11.333 + 0.5 × (12 − 11.333) = 11.667; …
    assert expected[2] == pytest.approx(34 / 3) and expected[3] == pytest.approx(35 / 3)
    got = technical.ema(np.array(prices), 3)
    np.testing.assert_allclose(got, [NAN if e is None else e for e in expected], rtol=1e-12)


def test_ema_leading_and_trailing_blanks():
    prices = [10.0, 11.0, 13.0, 12.0, 15.0, 14.0]
    got = technical.ema(np.array([NAN, *prices, NAN]), 3)
    expected = [NAN] + [NAN if e is None else e for e in hand_ema(prices, 3)] + [NAN]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_ema_span_one_is_the_price():
    # hand: α = 1 → the EMA is the price itself
    np.testing.assert_allclose(technical.ema(np.array([3.0, 5.0, 4.0]), 1), [3.0, 5.0, 4.0])


def test_trendline():
    # hand: through (1, 2,140) and (11, 2,040): slope −10 per bar; at 21 → 1,940
    assert technical.trendline(1, 2140, 11, 2040, 21) == pytest.approx(1940)
    got = technical.trendline(1, 2140, 11, 2040, np.array([[1.0], [6.0], [11.0]]))
    assert got.shape == (3, 1)
    np.testing.assert_allclose(got, [[2140], [2090], [2040]])  # hand: at 6, 2,140 − 10 × 5 = 2,090
    with pytest.raises(ValueError, match="x1 and x2 must differ"):
        technical.trendline(1, 2140, 1, 2040, 5)


def test_range_apex():
    # hand: upper 20,000 − 100x, lower 17,000 + 50x → 150x = 3,000 → x = 20, price 18,000
    got = technical.range_apex([[0, 20000], [10, 19000]], [[0, 17000], [10, 17500]])
    np.testing.assert_allclose(got, [[20.0, 18000.0]])


def test_range_apex_errors():
    with pytest.raises(ValueError, match="parallel"):
        technical.range_apex([[0, 2], [1, 3]], [[0, 1], [1, 2]])
    with pytest.raises(ValueError, match="upper_points: the two x values must differ"):
        technical.range_apex([[0, 2], [0, 3]], [[0, 1], [1, 2]])
    with pytest.raises(ValueError, match="lower_points: needs 2 rows × 2 columns"):
        technical.range_apex([[0, 2], [1, 3]], [[0, 1, 2], [1, 2, 3]])

"""Technical-level worksheet functions: simple and exponential moving averages, the trendline and the apex of a
price range (udfs/core/technical.py).
"""

from __future__ import annotations

from ..core import technical
from ..registry import DATE_OR_NUMBER, INTEGER, NUMBER, POSITIVE, SERIES, Arg, Example, Function

GROUP = "technical"

SPECS = (
    Function(
        "sma", technical.sma,
        "Simple moving average of a price column; blank until the window fills. Spills like the input.",
        (Arg("prices", "Prices, CNY/t or USD/t (one column or row)", kind=SERIES, check=POSITIVE),
         Arg("window", "Number of periods, whole number", kind=INTEGER, check=POSITIVE)),
        GROUP,
        (Example(([1, 2, 3, 4], 2), [[None], [1.5], [2.5], [3.5]], "hand: (1+2)/2, (2+3)/2, (3+4)/2"),),
        orient_like_series=True, returns="table",
    ),
    Function(
        "ema", technical.ema,
        "Exponential moving average, alpha = 2/(span+1), seeded with the first span-period average; blank "
        "until then.",
        (Arg("prices", "Prices, CNY/t or USD/t (one column or row)", kind=SERIES, check=POSITIVE),
         Arg("span", "Span, periods (whole number)", kind=INTEGER, check=POSITIVE)),
        GROUP,
        (Example(([1, 2, 3, 4], 2), [[None], [1.5], [2.5], [3.5]],
                 "hand: alpha 2/3; seed (1+2)/2 = 1.5; 1.5 + 2/3 × 1.5 = 2.5; 2.5 + 2/3 × 1.5 = 3.5"),),
        orient_like_series=True, returns="table",
    ),
    Function(
        "trendline", technical.trendline,
        "Value at x of the line through two pivots (x1, y1) and (x2, y2); x may be dates or bar numbers.",
        (Arg("x1", "First pivot's date or bar number", check=DATE_OR_NUMBER),
         Arg("y1", "First pivot's price, CNY/t or USD/t"),
         Arg("x2", "Second pivot's date or bar number", check=DATE_OR_NUMBER),
         Arg("y2", "Second pivot's price, same unit"),
         Arg("x", "Where to read the line, date or bar number", check=DATE_OR_NUMBER)),
        GROUP,
        (Example((1, 2140, 11, 2040, 21), 1940, "hand: slope −10 per bar; 2,140 − 10 × 20 = 1,940"),),
    ),
    Function(
        "range_apex", technical.range_apex,
        "Where a converging range's upper and lower lines meet: spills x and price. Each line is two points as "
        "a 2×2 range (x, price).",
        (Arg("upper_points", "Two points of the upper line: x1 y1 / x2 y2, price in CNY/t or USD/t",
             kind=NUMBER),
         Arg("lower_points", "Two points of the lower line: x1 y1 / x2 y2, same units", kind=NUMBER)),
        GROUP,
        (Example(([[0, 20000], [10, 19000]], [[0, 17000], [10, 17500]]), [[20, 18000]],
                 "hand: 20,000 − 100x = 17,000 + 50x → x = 20, price 18,000"),),
        returns="table",
    ),
)

"""Fuzzing every worksheet function with what Excel can put in a cell (hypothesis).

Arguments are what xlwings hands a UDF declared with ``ndim=2, err_to_str=True``:
None (blank), "", text, numbers typed as text ("13,085", " 5 ", "86.8%"),
TRUE/FALSE, NaN, ±inf, huge and tiny floats, negatives, cell errors as text
("#N/A", "#DIV/0!"), dates (datetime), 1×1, n×m and ragged lists of rows, flat
lists and empty lists — in random combinations, so shapes mismatch too.

Three properties, each run for every function in the registry:

* chaos: any arguments at all → the wrapper never raises; the cell gets either
  one short ``#VALUE!`` line that names an argument, or values a cell can show
  (finite numbers, NaN/None as an empty cell, short label text).
* one bad argument: the worked example with one argument replaced by a value
  that argument can never take → ``#VALUE! <that argument>: ...``.
* valid input: every argument valid on its own, written as Excel users write it
  → finite numbers (or a documented blank), unless a rule *between* arguments is
  broken (sell_low above sell_high ...), which is refused naming them.

The runs are derandomized and use no example database, so CI is reproducible;
``EXAMPLES`` per function and property give > 10,000 cases in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import udfs
from tests.reliability_report import count
from udfs.catalogue import FUNCTIONS
from udfs.coercion import parse_number
from udfs.registry import (ANY, BELOW_ONE, CONTRACT, DATE_OR_NUMBER, FRACTION, INTEGER, NONNEG, POSITIVE, SERIES,
                           TEXT)

EXAMPLES = {"chaos": 150, "one_bad": 60, "valid": 60}  # × 51 functions = 13,770 cases
PREFIX = "#VALUE! "
MAX_MESSAGE = 150 + len(PREFIX)  # udfs/wrappers.py _MAX_MESSAGE

PROFILE = settings(deadline=None, database=None, derandomize=True, print_blob=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much])

NAN, INF = float("nan"), float("inf")
CELL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
               "#GETTING_DATA", "#n/a")

# Rules between arguments the cores enforce; the message names the arguments involved (or the lines).
CROSS_ARGUMENT_RULES = re.compile(
    r"must not exceed|must be below|must differ|lines are parallel|add up to zero|has \d+ values but"
    r"|needs at least 2 prices|ranges differ in size"
    r"|when day_count is months/12")  # carry: storage_days must be typed when days holds months

# --------------------------------------------------------------------------- cells and ranges

plausible = st.one_of(st.floats(0, 1), st.floats(0, 20_000), st.integers(0, 30).map(float),
                      st.floats(-1e6, 1e6))
numeric_text = st.one_of(
    st.sampled_from(["13,085", " 5 ", "86.8%", "-1.84%", "1e5", "+3", "2,474", "1 000", " 0 ", "100%",
                     "１２３", "¥13,085", "0.5", "1.5e3", "−5"]),
    st.floats(-1e9, 1e9).map(lambda x: f"{x:,.2f}"),
    st.integers(-10**6, 10**6).map(lambda n: f" {n} "),
)
odd_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["abc", "x" * 300, "五", "nan", "inf", "-inf", "1e999", "TRUE", "=1+1", "@SUM(A1)",
                     "13,08", "1,2,3", "\t", "\r\n", " ", "fixed_tc", "Chain", " ni ", "TICK", "mine"]),
)
special = st.sampled_from([NAN, INF, -INF, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, -5e-324,
                           1e-300, -0.0, 0.0, 1e15, -1.0, 2.5])
dates = st.one_of(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
                  st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
cell = st.one_of(
    st.none(), st.just(""), st.booleans(), st.sampled_from(CELL_ERRORS), numeric_text, odd_text,
    st.floats(), special, st.integers(-10**15, 10**15), dates, plausible, plausible, plausible,
)


def _grid(cells, max_rows=6, max_cols=4):
    return st.integers(1, max_rows).flatmap(lambda n: st.integers(1, max_cols).flatmap(
        lambda m: st.lists(st.lists(cells, min_size=m, max_size=m), min_size=n, max_size=n)))


excel_argument = st.one_of(
    cell,  # a scalar, as a UDF without ndim=2 would get it
    cell.map(lambda c: [[c]]),  # a single cell with ndim=2
    _grid(cell),  # n×m
    st.lists(st.lists(cell, max_size=4), max_size=5),  # ragged, [] and [[]]
    st.lists(cell, max_size=6),  # a flat list (what a 1-D array looks like)
    _grid(plausible, max_rows=30, max_cols=1),  # a long column of numbers
)

# --------------------------------------------------------------------------- what a cell may show


def _names_an_argument(spec, text: str) -> bool:
    return any(re.search(rf"(?<![A-Za-z_]){re.escape(a.name)}(?![A-Za-z_])", text) for a in spec.args) \
        or "lines are parallel" in text


def _check_cell(value, where) -> None:
    if value is None:  # an empty cell
        return
    assert not isinstance(value, bool), (where, value)
    if isinstance(value, (int, float)):
        assert not math.isinf(value), (where, "an infinite number reaches the cell", value)
        return  # NaN shows as an empty cell
    assert isinstance(value, str), (where, type(value))
    assert value and len(value) <= 80 and "\n" not in value and value[0] not in "#=+@", (where, value)


def outcome(spec, got) -> str:
    """'refused' or 'value', after checking the result is something a cell can show."""
    if isinstance(got, str) and got.startswith("#"):
        assert got.startswith(PREFIX), got
        assert len(got) <= MAX_MESSAGE and "\n" not in got, got
        assert "failed:" not in got and "Traceback" not in got, got
        assert _names_an_argument(spec, got), got
        return "refused"
    if isinstance(got, list):
        assert got and all(isinstance(row, list) and row for row in got), got
        assert len({len(row) for row in got}) == 1, f"ragged result {got}"
        for row in got:
            for value in row:
                _check_cell(value, spec.name)
    else:
        _check_cell(got, spec.name)
    return "value"


def _call(spec, args):
    try:
        return getattr(udfs, spec.name)(*args)
    except BaseException as problem:  # noqa: BLE001 - the property is that nothing escapes
        pytest.fail(f"{spec.name}{tuple(args)!r} raised {type(problem).__name__}: {problem}")


IDS = [spec.name for spec in FUNCTIONS]

# --------------------------------------------------------------------------- 1. chaos


@pytest.mark.slow
@pytest.mark.parametrize("spec", FUNCTIONS, ids=IDS)
def test_any_arguments_never_crash_a_cell(spec):
    arguments = st.lists(excel_argument, min_size=spec.required_count, max_size=len(spec.args))

    @settings(PROFILE, max_examples=EXAMPLES["chaos"])
    @given(arguments)
    def run(args):
        count("worksheet functions", "random Excel-like arguments", outcome(spec, _call(spec, args)))

    run()


# --------------------------------------------------------------------------- 2. one bad argument


def _base(spec) -> list:
    example = spec.examples[0]
    return list(example.args) + [a.default for a in spec.args[len(example.args):]]


def _numeric(text) -> bool:
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


def _never_valid(arg):
    """Values this argument can never take, alone or as one cell of a range."""
    common = [st.sampled_from(CELL_ERRORS), st.booleans(), st.sampled_from(["abc", "x" * 300, "13,08", "=1+1"]),
              st.sampled_from([INF, -INF])]
    if arg.check != DATE_OR_NUMBER:
        common.append(dates)
    if arg.check in (POSITIVE, NONNEG, FRACTION, BELOW_ONE):
        common.append(st.floats(-1e12, -1e-9))
    if arg.check in (FRACTION, BELOW_ONE):
        common.append(st.floats(1.001, 1e6))
    if arg.check == POSITIVE:
        common.append(st.just(0.0))
    if arg.kind == CONTRACT:  # neither a symbol nor a number > 0
        wrong = st.text(min_size=1, max_size=10).filter(
            lambda t: t.strip() and t.strip().lower() not in {c.lower() for c in arg.choices} and not _numeric(t))
        return st.one_of(wrong, st.sampled_from(CELL_ERRORS), st.floats(-1e6, 0), st.booleans(), dates,
                         st.just([["AL", "ZN"]]), st.just(INF))
    if arg.kind == TEXT:
        wrong = st.text(min_size=1, max_size=10).filter(
            lambda t: t.strip() and t.strip().lower() not in {c.lower() for c in arg.choices})
        return st.one_of(wrong, st.sampled_from(CELL_ERRORS), st.floats(-10, 10), st.booleans(),
                         st.just([["AL", "ZN"]]))
    bad_cell = st.one_of(*common)
    alone = [bad_cell, bad_cell.map(lambda c: [[c]]), st.just(NAN),
             st.just([[1.0], [2.0, 3.0]]), st.just([[1.0], 2.0]), st.just([[]]), st.just([])]
    # a bad cell at a random place in an otherwise fine column
    good = {POSITIVE: 5.0, NONNEG: 5.0, FRACTION: 0.5, BELOW_ONE: 0.5}.get(arg.check, 5.0)
    alone.append(st.tuples(st.integers(0, 4), bad_cell).map(
        lambda t: [[good]] * t[0] + [[t[1]]] + [[good]] * (4 - t[0])))
    if not arg.optional:
        alone.append(st.sampled_from([None, "", "  ", [[None]], [[None], [""]]]))
    if arg.kind == SERIES:
        alone.append(st.just([[1.0, 2.0], [3.0, 4.0]]))
    if arg.kind == INTEGER:
        alone.append(st.sampled_from([2.5, 1e-3, [[1.0], [2.0]]]))
    return st.one_of(*alone)


@pytest.mark.slow
@pytest.mark.parametrize("spec", FUNCTIONS, ids=IDS)
def test_one_bad_argument_is_named(spec):
    base = _base(spec)
    cases = st.integers(0, len(spec.args) - 1).flatmap(
        lambda i: st.tuples(st.just(i), _never_valid(spec.args[i])))

    @settings(PROFILE, max_examples=EXAMPLES["one_bad"])
    @given(cases)
    def run(case):
        index, bad = case
        args = list(base)
        args[index] = bad
        got = _call(spec, args)
        name = spec.args[index].name
        assert isinstance(got, str) and got.startswith(f"{PREFIX}{name}: "), (name, bad, got)
        assert outcome(spec, got) == "refused"
        count("worksheet functions", "one argument invalid, the rest the worked example", "refused naming it")

    run()


# --------------------------------------------------------------------------- 3. valid input

_RANGE = {POSITIVE: (1e-3, 1e6), NONNEG: (0.0, 1e6), ANY: (-1e6, 1e6), DATE_OR_NUMBER: (-1e6, 1e6)}


def _spell(value_and_style) -> object:
    """A number as an Excel user writes it; every spelling reads back as exactly that number."""
    value, style = value_and_style
    if style == 1:
        return f" {value!r} "
    if style == 2 and abs(value) >= 1000 and value == int(value):
        return f"{int(value):,}"
    return value


@functools.lru_cache(maxsize=None)
def _valid_number(arg):
    if arg.check in (FRACTION, BELOW_ONE):
        top = 1000 if arg.check == FRACTION else 990
        return st.tuples(st.integers(0, top), st.integers(0, 2)).map(
            lambda t: (t[0] / 1000, f"{t[0] / 10}%", f" {t[0] / 1000!r}")[t[1]])
    low, high = _RANGE[arg.check]
    number = st.one_of(st.floats(low, high), st.integers(int(max(low, 1)), 30_000).map(float))
    spelled = st.tuples(number, st.integers(0, 2)).map(_spell)
    if arg.check == DATE_OR_NUMBER:
        return st.one_of(spelled, st.datetimes(min_value=dt.datetime(1990, 1, 1),
                                               max_value=dt.datetime(2100, 1, 1)))
    return spelled


@st.composite
def _account_arguments(draw):
    """futures_account: ordered days, a settlement price for each, trades on some of those days."""
    n = draw(st.integers(1, 15))
    first = draw(st.integers(40000, 46000))
    days = sorted(draw(st.sets(st.integers(first, first + 60), min_size=n, max_size=n)))
    prices = st.floats(100, 200_000)
    k = draw(st.integers(1, 10))
    lots = st.integers(-50, 50).filter(bool).map(float)
    args = [[[d] for d in days], [[draw(prices)] for _ in days],
            [[draw(st.sampled_from(days))] for _ in range(k)], [[draw(lots)] for _ in range(k)],
            [[draw(prices)] for _ in range(k)],
            draw(st.one_of(st.sampled_from(["AL", "ni", " CU "]), st.floats(0.01, 100))),
            draw(st.one_of(st.floats(0, 1), st.just([[draw(st.floats(0, 1))] for _ in days])))]
    optional = [draw(st.floats(0, 100)), draw(st.floats(0, 1e9)),
                draw(st.one_of(st.floats(-1e6, 1e6), st.just([[draw(st.floats(-1e6, 1e6))] for _ in days])))]
    return args + optional[:draw(st.integers(0, 3))]


@functools.lru_cache(maxsize=None)
def _text_choice(arg):
    return st.tuples(st.sampled_from(arg.choices), st.sampled_from([str.lower, str.upper, str.title]),
                     st.sampled_from(["", " ", "  "])).map(lambda t: t[2] + t[1](t[0]) + t[2])


@functools.lru_cache(maxsize=None)
def _valid_or_blank(arg):
    return st.one_of(_valid_number(arg), _valid_number(arg), st.none())


@st.composite
def valid_arguments(draw, spec):
    if spec.name == "futures_account":  # its series are tied together (days in order, trades on those days)
        return draw(_account_arguments())
    has_series = any(a.kind == SERIES for a in spec.args)
    shape = "scalar" if has_series else draw(st.sampled_from(["scalar", "column", "row", "grid"]))
    n = draw(st.integers(2, 12))
    m = draw(st.integers(2, 4))
    series_len = draw(st.integers(2, 24))
    series_row = draw(st.booleans())
    given_count = draw(st.integers(spec.required_count, len(spec.args)))
    args = []
    for arg in spec.args[:given_count]:
        if arg.optional and draw(st.integers(0, 4)) == 0:
            args.append(None)  # a blank optional argument takes its default
        elif arg.kind == TEXT:
            args.append(draw(_text_choice(arg)))
        elif arg.kind == CONTRACT:  # a symbol, or a lot size in t
            args.append(draw(st.one_of(_text_choice(arg), st.floats(0.001, 1000), st.sampled_from([" 5 ", [[25.0]]]))))
        elif arg.kind == INTEGER:
            k = draw(st.integers(1, 12))
            args.append(draw(st.sampled_from([k, float(k), f" {k} ", [[float(k)]]])))
        elif arg.kind == SERIES:
            values = draw(st.lists(_valid_number(arg), min_size=series_len, max_size=series_len))
            args.append([values] if series_row else [[v] for v in values])
        elif spec.name == "range_apex":  # two points per argument: a 2×2 range of (x, y)
            args.append([[draw(_valid_number(arg)) for _ in range(2)] for _ in range(2)])
        elif shape == "scalar" or draw(st.integers(0, 3)) == 0:
            value = draw(_valid_number(arg))
            args.append(value if draw(st.booleans()) else [[value]])
        else:
            rows, cols = {"column": (n, 1), "row": (1, n), "grid": (n, m)}[shape]
            cells = draw(st.lists(_valid_or_blank(arg), min_size=rows * cols - 1, max_size=rows * cols - 1))
            cells.insert(0, draw(_valid_number(arg)))  # blanks inside a range leave that row blank
            grid = [cells[r * cols:(r + 1) * cols] for r in range(rows)]
            args.append(grid)
    return args


INFINITE = "result is infinite (division by zero or overflow)"
# exp(x) exceeds the largest double (1.797e308) above x = ln(1.797e308) = 709.78 (IEEE 754 binary64).
EXP_OVERFLOW = math.log(sys.float_info.max)


def _continuous_carry_overflows(spec, args) -> bool:
    """theoretical_futures_price compounded continuously: spot × exp((rate + storage_rate) × years) has no finite
    value once the exponent passes 709.78 — e.g. 99.9 % a year over 259,331 days (710 years). The bound takes the
    largest rate and days in the call and the smallest year fraction (days / 365; months / 12 only makes it larger)."""
    if spec.name != "theoretical_futures_price" or len(args) < 7 or not isinstance(args[6], str) \
            or args[6].strip().lower() != "continuous":
        return False

    def largest(arg):
        cells = [c for row in arg for c in row] if isinstance(arg, list) else [arg]
        numbers = [float(str(c).strip().rstrip("%")) / (100 if str(c).strip().endswith("%") else 1)
                   for c in cells if c not in (None, "")]
        return max(numbers, default=0.0)

    rate = largest(args[2]) + largest(args[3])
    return rate * largest(args[1]) / 365 > EXP_OVERFLOW


def _has_edge_value(args) -> bool:
    """Whether some argument is 0 or 1, the ends of a fraction's range a formula may divide by (1 − x)."""
    cells = []
    for a in args:
        cells += [c for row in a for c in row] if isinstance(a, list) else [a]
    return any(c in (0, 1) or (isinstance(c, str) and c.strip() in ("0.0%", "0.0", "0", "100.0%", "1.0", "1"))
               for c in cells if not isinstance(c, (bool, dt.date)))


@pytest.mark.slow
@pytest.mark.parametrize("spec", FUNCTIONS, ids=IDS)
def test_valid_input_gives_numbers(spec):
    @settings(PROFILE, max_examples=EXAMPLES["valid"])
    @given(valid_arguments(spec))
    def run(args):
        got = _call(spec, args)
        result = outcome(spec, got)
        if result == "refused":
            if INFINITE in got:  # a fraction of 0 (recovery, grade) that the formula divides by, or exp's overflow
                assert _has_edge_value(args) or _continuous_carry_overflows(spec, args), \
                    f"valid arguments refused: {spec.name}{tuple(args)!r} → {got}"
                count("worksheet functions", "valid arguments (Excel spellings, blanks in ranges)",
                      "refused: infinite result (÷ a fraction of 0)")
                return
            assert CROSS_ARGUMENT_RULES.search(got), f"valid arguments refused: {spec.name}{tuple(args)!r} → {got}"
            count("worksheet functions", "valid arguments (Excel spellings, blanks in ranges)",
                  "refused: a rule between arguments")
        else:
            count("worksheet functions", "valid arguments (Excel spellings, blanks in ranges)",
                  "finite numbers or a documented blank")

    run()


# --------------------------------------------------------------------------- pinned cases the fuzzing found


@pytest.mark.parametrize(("name", "args", "culprits"), [
    ("ni_point_to_tonne", (1e308,), "price_per_point"),  # 1e308 × 100 overflows
    ("margin_on_cost", (0.5, 5e-324), "price, cost"),  # ÷ the smallest positive double
    ("utilisation", ([[1e308], [2.0]], 0.5), "running, built"),  # one row overflows: the whole call is refused
    ("balance", (-1e308, 1e308), "supply, demand"),
    ("trendline", (10, 1e-300, 20, 1e308, 100000), "x1, y1, x2, y2, x"),
    # hand: 0.999 × 259,331 / 365 = 709.8 > ln(1.797e308) = 709.78, so exp overflows (the case the fuzzing found)
    ("theoretical_futures_price", (0.5, 259331, 0.999, None, None, None, "continuous"),
     "spot, days, rate, storage_rate, storage_per_day, convenience_yield"),
])
def test_overflow_is_refused_not_shown_as_infinity(name, args, culprits):
    got = getattr(udfs, name)(*args)
    assert got == f"{PREFIX}{INFINITE}; check {culprits}"


def test_examples_total_at_least_ten_thousand():
    assert len(FUNCTIONS) * sum(EXAMPLES.values()) >= 10_000


@pytest.mark.parametrize("text", ["13,08", "1,2,3", "13,0850", "1,234,56"])
def test_comma_that_is_not_a_thousands_separator_is_refused(text):
    # "13,08" was read as 1308: a decimal comma (13.08) taken for a thousands separator is 100× off
    assert udfs.profit(text, 1) == f'{PREFIX}price: "{text}" is not a number (commas only between thousands: 13,085)'


@pytest.mark.parametrize(("text", "number"), [("13,085", 13085.0), ("1,234,567.5", 1234567.5), ("-2,474", -2474.0),
                                              ("¥13,085", 13085.0), ("13，085", 13085.0), ("86.8%", 0.868)])
def test_thousands_separators_still_read(text, number):
    assert udfs.balance(text, 0) == pytest.approx(number, rel=1e-12)  # hand: x − 0 = x

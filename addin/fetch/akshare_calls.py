"""Calling AKShare: imported only here and only when a fetch runs (never by udfs/ or the template), and every
way a call can break — not installed, a network error, renamed columns, no rows — turned into one FetchError
that names the function and the columns it returned."""

from __future__ import annotations

import importlib

from .errors import FetchError
from .series import AKSHARE_RANGE, INSTALL, Series


def akshare():
    """The akshare module, or a FetchError saying which pip line installs it."""
    try:
        return importlib.import_module("akshare")
    except ImportError:
        raise FetchError(f"fetching needs AKShare, which is not installed: run  {INSTALL}") from None


def _arguments(kwargs: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def call(series: Series, module=None, **kwargs):
    """``series.function(**kwargs)`` as a DataFrame holding every column the transform reads."""
    import pandas as pd

    module = module if module is not None else akshare()
    where = f"AKShare {series.function}({_arguments(kwargs)})"
    function = getattr(module, series.function, None)
    if function is None:
        raise FetchError(f"AKShare {getattr(module, '__version__', '?')} has no function {series.function}: "
                         f"znnial was tested with akshare{AKSHARE_RANGE}; run  {INSTALL}")
    try:
        frame = function(**kwargs)
    except Exception as problem:  # the site is down, refused us, or sent a page AKShare cannot parse
        detail = (str(problem).strip().splitlines() or [""])[0][:200]
        raise FetchError(f"{where} failed ({type(problem).__name__}: {detail}); nothing was written") from problem
    if frame is None:
        frame = pd.DataFrame()
    if not isinstance(frame, pd.DataFrame):
        raise FetchError(f"{where} returned a {type(frame).__name__}, not a table; nothing was written")
    if frame.empty:  # a day without trading, or a site that sent nothing: the caller counts the rows
        return pd.DataFrame(columns=list(series.columns))
    missing = [c for c in series.columns if c not in frame.columns]
    if missing:
        raise FetchError(f"{where} returned the columns {[str(c) for c in frame.columns]}, without "
                         f"{missing}: the source has changed; nothing was written (znnial reads akshare"
                         f"{AKSHARE_RANGE})")
    return frame


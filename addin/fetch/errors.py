"""The one error a fetch raises: it names the AKShare function and what it returned; nothing was written."""

from workbooks.errors import ZnnialInputError


class FetchError(ZnnialInputError):
    """A fetch failed before anything was written (no month file, no load, the workbook untouched): the data a
    source returned is input to znnial, like a month file (workbooks/errors.py)."""

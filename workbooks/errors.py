"""The one root of every error znnial reports to a user, with its three branches.

As XlsxWriter's `exceptions.py` (XlsxWriterException → XlsxInputError, XlsxFileError) and httpx's
`_exceptions.py` do it: the command line (addin/cli.py) and the Excel button (addin/excel.py) catch
`ZnnialError` alone and show its message; a new error derives from the branch that says whose move it is.
It lives in `workbooks`, below `addin`, so every layer that raises one can import it
(tests/test_architecture.py).
"""

from __future__ import annotations


class ZnnialError(Exception):
    """Something znnial will not do, for a reason its message states; nothing was changed unless it says so."""


class ZnnialInputError(ZnnialError, ValueError):
    """What the user gave is wrong: a month file, an option, an edit in the workbook, a sheet spec."""


class ZnnialFileError(ZnnialError):
    """A file cannot be read, or written safely: missing, locked, open in Excel, of the wrong kind."""


class StoreError(ZnnialError, RuntimeError):
    """The store cannot do what was asked; nothing was written unless the message says so."""

"""The one error a fetch raises: it names the AKShare function and what it returned; nothing was written."""


class FetchError(RuntimeError):
    """A fetch failed before anything was written (no month file, no load, the workbook untouched)."""

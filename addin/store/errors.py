"""The one error the store raises (the store branch of workbooks/errors.py): its message says what happened
and what was (not) written."""

from workbooks.errors import StoreError

__all__ = ["StoreError"]

"""The one error the store raises: its message says what happened and what was (not) written."""


class StoreError(RuntimeError):
    """The store cannot do what was asked; nothing was written unless the message says so."""

"""The one error this layer raises, and the problems it lists.

Every problem names the file, the row as the user sees it (1-based, header =
row 1; ``None`` for a problem with the whole file), the item and the value, so
a user can find the cell without reading code. All problems of a read are
collected first and raised together as one `MonthFileError`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import ZnnialInputError

MAX_LISTED = 20


def show_value(value) -> str:
    """A cell value as the user typed it, quoted and shortened for a message."""
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return repr(value)
        return f"{value:.10g}"
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return str(value)
    text = str(value)
    if text.strip() == "":
        return "blank"
    if len(text) > 40:
        text = text[:37] + "..."
    return f'"{text}"'


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row (or with the whole file when ``row`` is None)."""

    file: str
    row: int | None
    message: str
    item: str | None = None  # "metal/item" as written in the file
    value: object = None  # the cell as read, shown with `show_value`

    def render(self) -> str:
        name = PurePath(self.file).name
        if self.row is None:
            where = name
        else:
            where = f"{name} row {self.row}"
        if self.item is not None:
            where += f", {self.item} = {show_value(self.value)}"
        return f"{where}: {self.message}"


class MonthFileError(ZnnialInputError):
    """A month file (or a set of them) that cannot be used; lists every problem found.

    ``problems`` holds the `Problem` records; ``str(error)`` starts with
    "N problems in FILE" and lists at most 20 of them.
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("MonthFileError needs at least one problem")
        self.problems = list(problems)
        files = list(dict.fromkeys(p.file for p in self.problems))
        self.files = files
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {', '.join(files)}"
        lines = [head] + ["  " + p.render() for p in self.problems[:MAX_LISTED]]
        if n > MAX_LISTED:
            lines.append(f"  ... and {n - MAX_LISTED} more")
        super().__init__("\n".join(lines))


def fail(file: str, message: str) -> MonthFileError:
    """A one-problem error about the whole file."""
    return MonthFileError([Problem(str(file), None, message)])

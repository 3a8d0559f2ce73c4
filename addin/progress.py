"""What the command line shows while it works: a progress bar on a terminal only, counts in plain words."""

from __future__ import annotations

from typing import Callable, TextIO

Progress = Callable[[int, int, str], None]
WIDTH = 24
_open_lines: set[int] = set()  # the streams (by id) whose last line is an unfinished progress bar


def counted(number: int, noun: str) -> str:
    """'1 figure', '2 figures', '0 figures'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def progress_for(stream: TextIO) -> Progress | None:
    """A progress bar drawn on `stream` when it is a terminal; None (no bar) when it is a file or a pipe,
    where the carriage returns that redraw a bar would pile up as text."""
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return None
    return lambda step, total, what: text_progress(step, total, what, stream)


def text_progress(step: int, total: int, what: str, stream: TextIO) -> None:
    filled = round(WIDTH * step / total)
    stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {step}/{total} {what:<40}")
    if step == total:
        stream.write("\n")
        _open_lines.discard(id(stream))
    else:
        _open_lines.add(id(stream))
    stream.flush()


def end_progress_line(stream: TextIO) -> None:
    """End a progress bar a failure interrupted, so the message that follows starts its own line."""
    if id(stream) in _open_lines:
        stream.write("\n")
        stream.flush()
        _open_lines.discard(id(stream))

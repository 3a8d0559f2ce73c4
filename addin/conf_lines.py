"""The user's xlwings.conf as lines of bytes, kept byte for byte (for `znnial addin install`, addin/install.py).

Lines are `"KEY","value"` as VBA's Write # writes them (xlwings/addin/Config.bas SaveConfigToFile).
"""

from __future__ import annotations

import locale
import re

from workbooks.errors import ZnnialFileError


class AddinInstallError(ZnnialFileError):
    """Something that stops install or remove before it changes anything; the message says what to do."""


# Lines are `"KEY","value"` as VBA's Write # writes them (Config.bas SaveConfigToFile). Both readers — the
# add-in's Input # and xlwings' Python `read_user_config` — read the file in the Windows ANSI code page,
# so new lines are written in it and existing lines are never decoded and re-encoded.

# A UTF-8 byte-order mark before the first line (Notepad saves one) does not hide the first key.
LINE = re.compile(rb'^(?:\xef\xbb\xbf)?\s*"([^"]*)"\s*,\s*"([^"]*)"')


def conf_encoding() -> str:
    return locale.getencoding()  # the ANSI code page on Windows, whatever Python's UTF-8 mode says


def split_lines(data: bytes) -> list[bytes]:
    """The file's lines, each with its own line ending (the last may have none)."""
    return data.splitlines(keepends=True)


def body(line: bytes) -> bytes:
    return line.rstrip(b"\r\n")


def key_and_value(line: bytes) -> tuple[str, bytes] | None:
    match = LINE.match(line)
    if not match:
        return None
    return match.group(1).decode("ascii", "replace").upper(), match.group(2)


def find(lines: list[bytes], key: str) -> int | None:
    """The line xlwings reads for `key`: the first one, keys compared case-blind (GetConfigFromFile)."""
    for index, line in enumerate(lines):
        parsed = key_and_value(line)
        if parsed and parsed[0] == key:
            return index
    return None


def encode_line(key: str, value: str) -> bytes:
    encoding = conf_encoding()
    try:
        return f'"{key}","{value}"'.encode(encoding)
    except UnicodeEncodeError:
        raise AddinInstallError(
            f"{value} cannot be written in this machine's code page ({encoding}), the one xlwings reads "
            "xlwings.conf in: install Python in a folder whose path has only characters of that code page "
            "(for example C:\\Python311)") from None


def show(value: bytes) -> str:
    return value.decode(conf_encoding(), "replace")


def modules(value: bytes) -> list[bytes]:
    """UDF Modules is a `;`-separated list (xlwings/addin/Main.bas GetUdfModules)."""
    return [part.strip() for part in value.split(b";")]


def newline_of(data: bytes) -> bytes:
    """The file's own line ending; CRLF for a new file, as VBA's Write # ends lines."""
    if b"\r\n" in data:
        return b"\r\n"
    return b"\n" if b"\n" in data else b"\r\n"


def state_text(line: bytes) -> str:
    return line.decode(conf_encoding(), "surrogateescape")  # JSON escapes what the code page cannot hold


def state_bytes(text: str) -> bytes:
    return text.encode(conf_encoding(), "surrogateescape")



def is_set(line: bytes) -> bool:
    return bool(key_and_value(line)[1].strip())

"""The user's assumption values a workbook was computed with, kept in its custom document properties.

A refresh plans the file it reads once, as znnial wrote it, to tell the user's edits from znnial's cells
(addin/refresh.py `read_workbook`). Some of those cells depend on the assumptions, not only their cached
values: the source order on the Data sheet picks which Data row a figure cell refers to. Planning with the
values the file now holds would take the user's new source order for a conflict; planning with the
defaults would take a source order carried by an earlier refresh for one. So the writer stores the values
it computed with, and the refresh reads them back.

Excel keeps custom properties it does not know through a save and limits a text property to 255
characters (XlsxWriter refuses a longer one, `Workbook.set_custom_property`): the values are JSON (ASCII,
so a character is one UTF-16 unit) in numbered parts, ``znnial assumptions 1 of 3``, … A file missing a
part, or holding text that is not what the writer wrote, reads as None: the refresh then takes the long way.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from xml.etree import ElementTree

PROPERTY = "znnial assumptions"
PART_LENGTH = 255  # Excel's limit for a text custom property (XlsxWriter warns and writes nothing above it)
_PART = re.compile(rf"{re.escape(PROPERTY)} (\d+) of (\d+)")
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def property_parts(assumptions: dict[str, dict[str, object]]) -> list[tuple[str, str]]:
    """(name, text) of each custom property holding `assumptions` (sheet -> key -> value)."""
    text = json.dumps(assumptions, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    chunks = [text[at:at + PART_LENGTH] for at in range(0, len(text), PART_LENGTH)]
    return [(f"{PROPERTY} {i} of {len(chunks)}", chunk) for i, chunk in enumerate(chunks, start=1)]


def stored_assumptions(data: bytes) -> dict[str, dict[str, object]] | None:
    """The assumption values a workbook was written with, or None when it does not hold them whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            root = ElementTree.fromstring(book.read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    parts, total = {}, None
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        named = _PART.fullmatch(prop.get("name", ""))
        text = prop.find(f"{_VT_NS}lpwstr")
        if named and text is not None:
            parts[int(named.group(1))] = text.text or ""
            total = int(named.group(2)) if total in (None, int(named.group(2))) else -1
    if total is None or sorted(parts) != list(range(1, total + 1)):
        return None
    try:
        found = json.loads("".join(parts[i] for i in sorted(parts)))
    except ValueError:
        return None
    well_formed = isinstance(found, dict) and all(
        isinstance(keys, dict) and all(isinstance(v, (str, float, int, bool)) for v in keys.values())
        for keys in found.values())
    return found if well_formed else None

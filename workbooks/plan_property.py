"""What a workbook was planned with, kept in its custom document properties for the next refresh.

A refresh must tell the user's edits from znnial's cells (addin/refresh.py `read_workbook`). Two records
let it do so without planning the file again, or by planning it once as it was written:

* **the assumption values** it was computed with (``znnial assumptions``, JSON). Some of znnial's cells
  depend on them, not only their cached values: the source order on the Data sheet picks which Data row a
  figure cell refers to. Planning the file with the values it now holds would take the user's new source
  order for a conflict; planning it with the defaults would take a source order carried by an earlier
  refresh for one;
* **its layout** (``znnial layout``, workbooks/written_layout.py): where znnial's cells and the assumption
  cells sit, and a digest of znnial's cells' contents.

Excel keeps custom properties it does not know through a save and limits a text property to 255
characters (XlsxWriter refuses a longer one, `Workbook.set_custom_property`): each record is ASCII text
(so a character is one UTF-16 unit) in numbered parts, ``znnial assumptions 1 of 3``, … A file missing a
part, or holding text that is not what the writer wrote, reads as None: the refresh then takes the long way.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from defusedxml import DefusedXmlException, ElementTree

ASSUMPTIONS = "znnial assumptions"
LAYOUT = "znnial layout"
PART_LENGTH = 255  # Excel's limit for a text custom property (XlsxWriter warns and writes nothing above it)
_PART = re.compile(r"(.+) (\d+) of (\d+)")
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def assumptions_text(assumptions: dict[str, dict[str, object]]) -> str:
    """The assumption values (sheet -> key -> value) as the property's text; a whole number is written as
    the float a cell reads back (3200 and 3200.0 are one value to a plan, so they are one text)."""
    as_read = {sheet: {key: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
                       for key, v in keys.items()} for sheet, keys in assumptions.items()}
    return json.dumps(as_read, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def property_parts(name: str, text: str) -> list[tuple[str, str]]:
    """(property name, text) of each part of one record; `text` is ASCII."""
    chunks = [text[at:at + PART_LENGTH] for at in range(0, len(text), PART_LENGTH)] or [""]
    return [(f"{name} {i} of {len(chunks)}", chunk) for i, chunk in enumerate(chunks, start=1)]


def stored_text(data: bytes, name: str) -> str | None:
    """The text of record `name` a workbook holds, its parts joined; None when any part is missing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            root = ElementTree.fromstring(book.read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, DefusedXmlException):
        return None
    parts, totals = {}, set()
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        named = _PART.fullmatch(prop.get("name", ""))
        text = prop.find(f"{_VT_NS}lpwstr")
        if named and named.group(1) == name and text is not None:
            parts[int(named.group(2))] = text.text or ""
            totals.add(int(named.group(3)))
    if len(totals) != 1 or sorted(parts) != list(range(1, totals.pop() + 1)):
        return None
    return "".join(parts[i] for i in sorted(parts))


def stored_assumptions(data: bytes) -> dict[str, dict[str, object]] | None:
    """The assumption values a workbook was written with, or None when it does not hold them whole."""
    text = stored_text(data, ASSUMPTIONS)
    try:
        found = None if text is None else json.loads(text)
    except ValueError:
        return None
    well_formed = isinstance(found, dict) and all(
        isinstance(keys, dict) and all(isinstance(v, (str, float, int, bool)) for v in keys.values())
        for keys in found.values())
    return found if well_formed else None

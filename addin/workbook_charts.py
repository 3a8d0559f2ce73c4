"""The charts a workbook file holds, by sheet: each chart's title, read from the package's parts.

A sheet's charts sit in its drawing: sheet → (its `_rels`) drawing part → (the drawing's `_rels`)
chart parts (ECMA-376 Part 1, 12.3.8 Drawings Part, 12.3.3 Chart Part). A chart's title is its
`<c:title>` rich text (`<a:t>` runs, as Excel and XlsxWriter write a typed title) or, for a title
taken from a cell, the text cached in its `<c:strRef>`.
"""

from __future__ import annotations

import posixpath
import zipfile

from defusedxml import ElementTree

_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_DRAWING_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _targets(book: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """The parts `part` relates to with a relationship type ending in "/kind", in the order listed."""
    try:
        rels = ElementTree.fromstring(book.read(_rels_part(part)))
    except KeyError:  # a part without relationships
        return []
    folder = posixpath.dirname(part)
    found = []
    for rel in rels.iter(_PACKAGE_REL):
        if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            found.append(target.lstrip("/") if target.startswith("/") else
                         posixpath.normpath(posixpath.join(folder, target)))
    return found


def chart_title(xml: bytes) -> str:
    """A chart part's title text, "" when the chart has none."""
    chart = ElementTree.fromstring(xml).find(f"{_CHART}chart")
    title = chart.find(f"{_CHART}title") if chart is not None else None
    if title is None:
        return ""
    runs = "".join(t.text or "" for t in title.iter(_DRAWING_TEXT))
    return runs or "".join(v.text or "" for v in title.iter(f"{_CHART}v"))


def sheet_charts(book: zipfile.ZipFile, sheet_part: str) -> list[str]:
    """The titles of the charts drawn on one sheet, in the drawing's order."""
    return [chart_title(book.read(chart))
            for drawing in _targets(book, sheet_part, "drawing")
            for chart in _targets(book, drawing, "chart")]

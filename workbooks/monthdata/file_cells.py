"""Reading a CSV or XLSX file into rows of cells, within safe limits.

CSV: at most 20 MB and 1,000,000 cells; decoded as UTF-8 (with or without BOM) when that succeeds
strictly, else as GB18030 (a superset of the GBK Chinese Excel writes).
Delimiter: comma, or tab / semicolon when the header line has those and no comma.
XLSX: read with python-calamine (first worksheet, values only — formulas give
their cached value, never run). Refused before parsing when the zip's
uncompressed size exceeds 50 MB or uncompressed/compressed exceeds 100 (a zip
bomb); the sizes are measured by decompressing, not taken from the zip header.
While decompressing, every XML part is fed to defusedxml (a DTD, entity or
external reference is refused: an entity bomb never reaches calamine), and the
cells holding a value are located: calamine builds the block from A1 to the last
such cell in memory, so a sheet whose block exceeds 1,000,000 cells (one value
at XFD1048576 is 17 billion) is refused before calamine sees it.
A CSV that mixes UTF-8 lines with lines in another encoding is refused rather
than read as GB18030, which would turn the UTF-8 text into mojibake silently.
Nothing is written anywhere.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from .errors import MonthFileError, fail

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_BYTES = MAX_XLSX_UNCOMPRESSED  # a file bigger than this cannot be within the limits
# Cells in a CSV (a blank line counts as one), or rows × columns from A1 to the last value of an XLSX sheet:
# a month file has a few thousand; 20 MB of bare line breaks would otherwise take 3.5 GB of lists.
MAX_CELLS = 1_000_000
_CHUNK = 1 << 20

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx",)


def read_table(path) -> list[list]:
    """The file's rows as lists of cells (str for CSV; str/float/date/bool for XLSX).

    Row ``i`` of the result is row ``i + 1`` as the user sees it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise fail(path, "file not found")
    if suffix in CSV_SUFFIXES:
        return _read_csv(path)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path)
    raise fail(path, f"unsupported file type {suffix or '(none)'!r}: save the month file as .csv or .xlsx")


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    size = os.path.getsize(path)
    if size > limit:
        raise fail(path, f"{what} is {size / 1e6:.1f} MB; the limit is {limit // (1024 * 1024)} MB "
                         "(a month file is a few KB: is this the right file?)")
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we looked
        raise fail(path, f"{what} is larger than {limit // (1024 * 1024)} MB")
    return data


def decode_csv(data: bytes, path) -> str:
    """UTF-8 (BOM optional) when the bytes are valid UTF-8, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(path, "file is UTF-16 ('Unicode text'); save it as 'CSV UTF-8' or plain 'CSV'")
    if b"\x00" in data:
        raise fail(path, "file contains NUL bytes: not a text CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_encodings(data)
    if mixed:
        raise fail(path, f"mixed encodings: line {mixed[0]} is UTF-8 but line {mixed[1]} is not (GBK?); "
                         "save the whole file in one encoding, e.g. as 'CSV UTF-8'")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise fail(path, f"file is neither UTF-8 nor GBK/GB18030 text (bad byte at offset {exc.start})") from None


# What UTF-8 Chinese text decodes to; GBK bytes that happen to be valid UTF-8 almost never give only these.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _mixed_encodings(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a non-UTF-8 line), 1-based, for a file that is not valid UTF-8 as a whole."""
    utf8 = other = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            wide = "".join(c for c in text.lstrip("\ufeff") if not c.isascii())
            if (number == 1 and text.startswith("\ufeff")) or (wide and _CJK.fullmatch(wide)):
                utf8 = utf8 or number
        if utf8 and other:
            return utf8, other
    return None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    for d in ("\t", ";"):
        if d in first:
            return d
    return ","


def _read_csv(path: Path) -> list[list]:
    text = decode_csv(_read_bytes(path, MAX_CSV_BYTES, "CSV file"), path)
    delimiter = _delimiter(text)
    # At most this many cells (a blank line is one); counted in C before csv builds any list.
    bound = text.count(delimiter) + text.count("\n") + text.count("\r") + 1
    if bound > MAX_CELLS:
        raise fail(path, f"up to {bound:,} cells (delimiters and line breaks); the limit is {MAX_CELLS:,}: "
                         "a month file has a few thousand, is this the right file?")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)]
    except csv.Error as exc:
        raise fail(path, f"cannot parse CSV: {exc}") from None


def check_zip(data: bytes, path) -> None:
    """Refuse a zip whose real uncompressed size or compression ratio is over the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise fail(path, "not an XLSX file (not a zip archive); save it as .xlsx or .csv") from None
    total = 0
    with zf:
        for info in zf.infolist():
            if info.file_size > MAX_XLSX_UNCOMPRESSED:
                break
            scan = _XmlScan(info.filename) if info.filename.lower().endswith((".xml", ".rels")) else None
            try:
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_XLSX_UNCOMPRESSED:
                            break
                        if scan:
                            scan.feed(chunk)
                if scan and total <= MAX_XLSX_UNCOMPRESSED:
                    scan.finish()
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                raise fail(path, f"damaged or encrypted XLSX ({exc})") from None
            except DefusedXmlException:
                raise fail(path, f"XLSX part {info.filename} declares a DTD or XML entities, which Excel never "
                                 "writes (an entity bomb or an external-entity attack); refused") from None
            except ParseError as exc:
                raise fail(path, f"damaged XLSX: {info.filename} is not well-formed XML ({exc})") from None
            if scan and scan.cells > MAX_CELLS:
                raise fail(path, f"XLSX sheet {info.filename} spans {scan.rows:,} rows × {scan.cols:,} columns "
                                 f"from A1 to its last value; the limit is {MAX_CELLS:,} cells: delete stray "
                                 "cells far below or right of the table, or copy the table to a new file")
            if total > MAX_XLSX_UNCOMPRESSED:
                break
        else:
            ratio = total / max(len(data), 1)
            if ratio > MAX_XLSX_RATIO:
                raise fail(path, f"XLSX compression ratio {ratio:.0f} exceeds {MAX_XLSX_RATIO} "
                                 "(looks like a zip bomb); refused")
            return
    raise fail(path, f"XLSX uncompressed size exceeds {MAX_XLSX_UNCOMPRESSED // (1024 * 1024)} MB "
                     "(a month file is a few KB; possibly a zip bomb); refused")


_SHEET_NAMESPACES = ("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
                     "{http://purl.oclc.org/ooxml/spreadsheetml/main}")
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


class _XmlScan:
    """One XML part through defusedxml (no DTD, no entities, no external references), noting how far
    right and down its worksheet cells with a value reach — wherever in the zip the sheet is."""

    def __init__(self, name: str):
        self.name = name
        self.parser = DefusedXMLParser(target=self, forbid_dtd=True)
        self.row = self.col = -1  # position of the current row / cell, 0-based
        self.pending = None  # the open cell's position until a value shows up in it
        self.rows = self.cols = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    def feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)

    def finish(self) -> None:
        self.parser.close()

    def start(self, tag: str, attrib: dict) -> None:
        namespace, _, name = tag.rpartition("}")
        if namespace + "}" not in _SHEET_NAMESPACES:
            return
        if name == "row":  # calamine's rule: r when given, else the row after the last
            r = attrib.get("r", "")
            self.row = int(r) - 1 if r.isdigit() else self.row + 1
            self.col = -1
        elif name == "c":
            ref = _CELL_REF.fullmatch(attrib.get("r", ""))
            if ref:
                letters, digits = ref.groups()
                self.col = 0
                for letter in letters:
                    self.col = self.col * 26 + ord(letter) - 64
                self.col -= 1
                self.pending = (int(digits) - 1, self.col)
            else:
                self.col += 1
                self.pending = (self.row, self.col)
        elif name in ("v", "is") and self.pending:
            row, col = self.pending
            self.rows, self.cols = max(self.rows, row + 1), max(self.cols, col + 1)
            self.pending = None

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass


def _read_xlsx(path: Path) -> list[list]:
    data = _read_bytes(path, MAX_XLSX_BYTES, "XLSX file")
    check_zip(data, path)
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            if not wb.sheet_names:
                return []
            rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            wb.close()
    except MonthFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken/encrypted files
        raise fail(path, f"cannot read XLSX: {type(exc).__name__}: {exc}") from None
    return [list(r) for r in rows]

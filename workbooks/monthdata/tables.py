"""Reading a CSV or XLSX file into rows of cells, within safe limits.

CSV: at most 20 MB; decoded as UTF-8 (with or without BOM) when that succeeds
strictly, else as GB18030 (a superset of the GBK Chinese Excel writes).
Delimiter: comma, or tab / semicolon when the header line has those and no comma.
XLSX: read with python-calamine (first worksheet, values only — formulas give
their cached value, never run). Refused before parsing when the zip's
uncompressed size exceeds 50 MB or uncompressed/compressed exceeds 100 (a zip
bomb); the sizes are measured by decompressing, not taken from the zip header.
Nothing is written anywhere.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

from .errors import MonthFileError, fail

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_BYTES = MAX_XLSX_UNCOMPRESSED  # a file bigger than this cannot be within the limits
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
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise fail(path, f"file is neither UTF-8 nor GBK/GB18030 text (bad byte at offset {exc.start})") from None


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
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)]
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
            try:
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_XLSX_UNCOMPRESSED:
                            break
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                raise fail(path, f"damaged or encrypted XLSX ({exc})") from None
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

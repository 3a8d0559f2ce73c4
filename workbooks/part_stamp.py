"""A stamp in the zip comment of every file `render` writes: the digest of its parts' names, CRC-32s and sizes.

It lets a refresh tell, from the zip's central directory alone (~1 ms), that a workbook is exactly as znnial
wrote it, and skip reading every sheet for the edit check (addin/refresh.py `read_workbook`; the content
digest in the document properties is the check for any other save). Excel and LibreOffice write no zip
comment, so a file either saved goes the full way. A part changed in place changes its CRC-32 or size.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

PREFIX = b"znnial parts sha256 "


def _parts_digest(archive: zipfile.ZipFile) -> bytes:
    digest = hashlib.sha256()
    for info in archive.infolist():
        digest.update(f"{info.filename}\0{info.CRC:08x}\0{info.file_size}\n".encode("utf-8"))
    return digest.hexdigest().encode("ascii")


def stamped(data: bytes) -> bytes:
    """The zip `data` with its parts' digest as its comment (only the end records are rewritten)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = PREFIX + _parts_digest(archive)
    return buffer.getvalue()


def unchanged_since_written(data: bytes) -> bool:
    """Whether every part of the zip is as it was when `stamped` stamped it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.comment == PREFIX + _parts_digest(archive)
    except (zipfile.BadZipFile, ValueError):
        return False

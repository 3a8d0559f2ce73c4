"""The zip-comment stamp (workbooks/part_stamp.py) that lets a refresh skip the edit check of a file exactly as
znnial wrote it: it must hold for the template and fail for any change of any part."""

from __future__ import annotations

import io
import zipfile

from workbooks.build import TEMPLATE
from workbooks.part_stamp import stamped, unchanged_since_written


def _rezipped(data: bytes, change: dict[str, bytes] | None = None, comment: bytes | None = None) -> bytes:
    """The same zip written again, with some parts' bytes replaced (as any other program saving it would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, (change or {}).get(info.filename, source.read(info.filename)))
        target.comment = source.comment if comment is None else comment
    return out.getvalue()


def test_the_template_is_stamped_and_a_rezip_of_the_same_parts_still_matches():
    data = TEMPLATE.read_bytes()
    assert unchanged_since_written(data)
    assert unchanged_since_written(_rezipped(data))  # the stamp is of the parts, not of the compressed bytes


def test_a_changed_part_or_a_missing_stamp_fails():
    data = TEMPLATE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        custom = book.read("docProps/custom.xml")
        sheet = book.read("xl/worksheets/sheet1.xml")
    # one byte of a sheet (a user's typed value), and only the edit count in the properties
    assert not unchanged_since_written(_rezipped(data, {"xl/worksheets/sheet1.xml": sheet.replace(b"<v>", b"<v>1", 1)}))
    assert not unchanged_since_written(_rezipped(data, {"docProps/custom.xml": custom + b" "}))
    assert not unchanged_since_written(_rezipped(data, comment=b""))  # Excel and LibreOffice write no comment
    assert not unchanged_since_written(b"not a zip")
    assert unchanged_since_written(stamped(_rezipped(data, comment=b"")))

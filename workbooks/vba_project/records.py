"""The records of a VBA project's `dir` stream (MS-OVBA 2.3.4.2) and its `PROJECTwm` stream (2.3.3).

Every `dir` record is Id (2 bytes), Size (4 bytes), then Size bytes — except PROJECTVERSION (0x0009), whose
Size field is Reserved (always 4) followed by 6 bytes of version (2.3.4.2.1.11). Records are kept as read,
so a project's references and modules survive byte for byte; only module records are added or replaced.
"""

from __future__ import annotations

import struct

PROJECTCODEPAGE = 0x0003  # 2.3.4.2.1.4
PROJECTVERSION = 0x0009  # 2.3.4.2.1.11
PROJECTMODULES = 0x000F  # 2.3.4.2.3
MODULENAME = 0x0019  # 2.3.4.2.3.2.1
MODULE_TERMINATOR = 0x002B  # 2.3.4.2.3.2
PROCEDURAL, DOCUMENT = 0x0021, 0x0022  # 2.3.4.2.3.2.8 MODULETYPE
NO_COOKIE = 0xFFFF  # 2.3.4.2.3.1 ProjectCookie / 2.3.4.2.3.2.7 MODULECOOKIE: "MUST be 0xFFFF on write"

Record = tuple[int, bytes]


def parse(data: bytes) -> list[Record]:
    records, at = [], 0
    while at < len(data):
        ident, size = struct.unpack_from("<HI", data, at)
        if ident == PROJECTVERSION:
            size = 6
        records.append((ident, data[at + 6:at + 6 + size]))
        at += 6 + size
    if at != len(data):
        raise ValueError(f"dir stream: a record runs past the end ({at} of {len(data)} bytes)")
    return records


def serialize(records: list[Record]) -> bytes:
    out = bytearray()
    for ident, payload in records:
        size = 4 if ident == PROJECTVERSION else len(payload)
        out += struct.pack("<HI", ident, size) + payload
    return bytes(out)


def codec(records: list[Record]) -> str:
    """Python's name of the project's code page: MBCS names and module source use it."""
    return f"cp{struct.unpack('<H', dict(records)[PROJECTCODEPAGE])[0]}"


def module_spans(records: list[Record]) -> dict[str, tuple[int, int]]:
    """Module name -> (first, last + 1) index of its records, from MODULENAME to its Terminator."""
    spans, start = {}, None
    for index, (ident, _) in enumerate(records):
        if ident == MODULENAME:
            start = index
        elif ident == MODULE_TERMINATOR and start is not None:
            spans[records[start][1]] = (start, index + 1)
            start = None
    return spans


def module_records(name: str, encoding: str, kind: int) -> list[Record]:
    """2.3.4.2.3.2 MODULE: name, stream name, empty doc string, offset 0 (source only), cookie, type."""
    mbcs, unicode = name.encode(encoding), name.encode("utf-16-le")
    return [(MODULENAME, mbcs), (0x0047, unicode), (0x001A, mbcs), (0x0032, unicode), (0x001C, b""),
            (0x0048, b""), (0x0031, struct.pack("<I", 0)), (0x001E, struct.pack("<I", 0)),
            (0x002C, struct.pack("<H", NO_COOKIE)), (kind, b""), (MODULE_TERMINATOR, b"")]


def with_module(records: list[Record], name: str, encoding: str, kind: int) -> list[Record]:
    """The records with module `name` added, or its records replaced when it is there already."""
    new = module_records(name, encoding, kind)
    spans = module_spans(records)
    key = name.encode(encoding)
    if key in spans:
        first, last = spans[key]
        return records[:first] + new + records[last:]
    end = max(last for _, last in spans.values()) if spans else \
        next(i for i, (ident, _) in enumerate(records) if ident == 0x0013) + 1  # after PROJECTCOOKIE
    count = next(i for i, (ident, _) in enumerate(records) if ident == PROJECTMODULES)
    records = list(records)
    records[count] = (PROJECTMODULES, struct.pack("<H", struct.unpack("<H", records[count][1])[0] + 1))
    return records[:end] + new + records[end:]


def projectwm_with(data: bytes, name: str, encoding: str) -> bytes:
    """2.3.3 PROJECTwm: (MBCS name NUL, UTF-16 name NUL NUL) per module, then a 0x0000 terminator."""
    if not data.endswith(b"\x00\x00"):
        raise ValueError("PROJECTwm stream does not end with its 0x0000 terminator")
    entry = name.encode(encoding) + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
    if entry in data:
        return data
    return data[:-2] + entry + b"\x00\x00"


def with_module_last(records: list[Record], name: str, encoding: str) -> list[Record]:
    """The records with module `name`'s group moved after every other module (no change if it is absent)."""
    spans = module_spans(records)
    key = name.encode(encoding)
    if key not in spans:
        return records
    first, last = spans[key]
    end = max(stop for _, stop in spans.values())
    return records[:first] + records[last:end] + records[first:last] + records[end:]


def projectwm_last(data: bytes, name: str, encoding: str) -> bytes:
    """PROJECTwm with `name`'s entry moved to the end (before the terminator), as with_module_last does."""
    entry = name.encode(encoding) + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
    at = data.find(entry)
    if at < 0 or (at and data[at - 2:at] != b"\x00\x00"):
        return data
    rest = data[:at] + data[at + len(entry):]
    return rest[:-2] + entry + b"\x00\x00"


def without_module(records: list[Record], name: str, encoding: str) -> list[Record]:
    """The records with module `name`'s group taken out and PROJECTMODULES counting one fewer."""
    first, last = module_spans(records)[name.encode(encoding)]
    count = next(i for i, (ident, _) in enumerate(records) if ident == PROJECTMODULES)
    records = list(records)
    records[count] = (PROJECTMODULES, struct.pack("<H", struct.unpack("<H", records[count][1])[0] - 1))
    return records[:first] + records[last:]


def projectwm_without(data: bytes, name: str, encoding: str) -> bytes:
    entry = name.encode(encoding) + b"\x00" + name.encode("utf-16-le") + b"\x00\x00"
    at = data.find(entry)
    return data if at < 0 else data[:at] + data[at + len(entry):]

"""A compound file (MS-CFB) holding given storages and streams: version 3, 512-byte sectors.

Small on purpose: one FAT of at most 109 sectors (the header's DIFAT, 2.2; about 6.9 MB, far above a VBA
project), no DIFAT sectors, every directory entry black (2.6.4 allows it: "the simplest implementation ...
would be to mark every node as black, in which case the tree is simply a binary tree"), timestamps zero so
the same input gives the same bytes. olefile reads the result back in the tests.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512  # 2.2 SectorShift 9, major version 3
MINI_SECTOR = 64  # 2.2 MiniSectorShift 6
MINI_CUTOFF = 4096  # 2.2 MiniStreamCutoffSize: smaller streams live in the mini stream
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
HEADER_DIFAT = 109
STORAGE, STREAM, ROOT = 1, 2, 5  # 2.6.1 Object Type
BLACK = 1
ZERO_CLSID = bytes(16)


@dataclass
class Storage:
    """A storage: its streams (name -> bytes), its child storages, and its CLSID (a UserForm's has one)."""
    streams: dict[str, bytes] = field(default_factory=dict)
    storages: dict[str, "Storage"] = field(default_factory=dict)
    clsid: bytes = ZERO_CLSID


@dataclass
class _Entry:
    name: str
    kind: int
    clsid: bytes = ZERO_CLSID
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN


def _sort_key(name: str) -> tuple[int, str]:
    # 2.6.4: shorter names first, then by upper-cased UTF-16 code points
    return len(name.encode("utf-16-le")), name.upper()


def _flatten(root: Storage) -> list[_Entry]:
    entries = [_Entry("Root Entry", ROOT, root.clsid)]

    def add(storage: Storage, parent: int) -> None:  # sorted: the same tree gives the same bytes
        for name, data in sorted(storage.streams.items()):
            entries[parent].children.append(len(entries))
            entries.append(_Entry(name, STREAM, data=data))
        for name, child in sorted(storage.storages.items()):
            entries[parent].children.append(len(entries))
            entries.append(_Entry(name, STORAGE, child.clsid))
            add(child, len(entries) - 1)

    add(root, 0)
    for entry in entries:
        if len(entry.name) > 31:
            raise ValueError(f"compound file entry name {entry.name!r} is longer than 31 characters (MS-CFB 2.6.1)")
        entry.child = _tree(entries, sorted(entry.children, key=lambda i: _sort_key(entries[i].name)))
    return entries


def _tree(entries: list[_Entry], ordered: list[int]) -> int:
    """A balanced binary search tree over siblings in 2.6.4 order; returns its root (NOSTREAM if none)."""
    if not ordered:
        return NOSTREAM
    middle = len(ordered) // 2
    node = entries[ordered[middle]]
    node.left = _tree(entries, ordered[:middle])
    node.right = _tree(entries, ordered[middle + 1:])
    return ordered[middle]


def _sectors(size: int, unit: int) -> int:
    return -(-size // unit)


def compound_file(root: Storage) -> bytes:
    """The bytes of a compound file holding `root`'s streams and storages."""
    entries = _flatten(root)
    fat: list[int] = []
    body = bytearray()

    def chain(data: bytes) -> int:  # append data as a chain of whole sectors; return its first sector
        count = _sectors(len(data), SECTOR)
        if not count:
            return ENDOFCHAIN
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(ENDOFCHAIN)
        body.extend(data.ljust(count * SECTOR, b"\x00"))
        return first

    mini_stream, mini_fat = bytearray(), []
    for entry in entries:
        if entry.kind == STREAM and 0 < len(entry.data) < MINI_CUTOFF:  # 2.6.3: the mini stream
            entry.start = len(mini_fat)
            count = _sectors(len(entry.data), MINI_SECTOR)
            mini_fat.extend(range(entry.start + 1, entry.start + count))
            mini_fat.append(ENDOFCHAIN)
            mini_stream.extend(entry.data.ljust(count * MINI_SECTOR, b"\x00"))
        elif entry.kind == STREAM:
            entry.start = chain(entry.data)
    entries[0].start = chain(bytes(mini_stream))  # the root entry's stream is the mini stream
    entries[0].data = bytes(mini_stream)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_start = chain(mini_fat_bytes.ljust(_sectors(len(mini_fat_bytes), SECTOR) * SECTOR, b"\xff"))
    directory_start = chain(b"".join(_directory_entry(e) for e in entries)
                            + _empty_entry() * (-len(entries) % (SECTOR // 128)))
    fat_count = 0
    while _sectors((len(fat) + fat_count) * 4, SECTOR) > fat_count:  # the FAT maps its own sectors too
        fat_count += 1
    if fat_count > HEADER_DIFAT:
        raise ValueError(f"compound file of {len(fat)} sectors needs DIFAT sectors, which this writer omits")
    fat_start = len(fat)
    fat.extend([FATSECT] * fat_count)
    fat.extend([FREESECT] * (fat_count * SECTOR // 4 - len(fat)))
    body.extend(struct.pack(f"<{len(fat)}I", *fat))
    header = _header(fat_count, fat_start, directory_start, mini_fat_start, _sectors(len(mini_fat_bytes), SECTOR))
    return header + bytes(body)


def _header(fat_count: int, fat_start: int, directory_start: int, mini_fat_start: int, mini_fat_count: int) -> bytes:
    """2.2 Compound File Header, 512 bytes for version 3."""
    difat = list(range(fat_start, fat_start + fat_count)) + [FREESECT] * (HEADER_DIFAT - fat_count)
    return (bytes.fromhex("D0CF11E0A1B11AE1") + ZERO_CLSID
            + struct.pack("<HHHHH6sIIIIIIIII", 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6), 0, fat_count,
                          directory_start, 0, MINI_CUTOFF, mini_fat_start if mini_fat_count else ENDOFCHAIN,
                          mini_fat_count, ENDOFCHAIN, 0)
            + struct.pack(f"<{HEADER_DIFAT}I", *difat))


def _directory_entry(entry: _Entry) -> bytes:
    """2.6.1 Compound File Directory Entry, 128 bytes."""
    name = (entry.name + "\x00").encode("utf-16-le")
    size = len(entry.data) if entry.kind in (STREAM, ROOT) else 0
    start = entry.start if entry.kind in (STREAM, ROOT) and size else (0 if entry.kind == STORAGE else ENDOFCHAIN)
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), entry.kind, BLACK, entry.left, entry.right,
                       entry.child, entry.clsid, 0, 0, 0, start, size)


def _empty_entry() -> bytes:
    """2.6.3: an unused entry: no name, type 0, NOSTREAM siblings and child."""
    return struct.pack("<64sHBBIII16sIQQIQ", bytes(64), 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, ZERO_CLSID,
                       0, 0, 0, 0, 0)

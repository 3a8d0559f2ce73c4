"""MS-OVBA 2.4.1 compression (2.4.1.3.6 to 2.4.1.3.19).

Any matcher that emits valid CopyTokens is a valid compressor; this one takes the longest match and, on a
tie, the farthest. That is what made xlwings' shipped project: compressing the decompressed `dir` stream and
`xlwings` module of quickstart_standalone.xlsm gives their bytes back exactly (tests/test_vba_project.py).
Excel's own matcher finds fewer matches (its streams are a little longer); oletools reads both alike.
"""

from __future__ import annotations

CHUNK = 4096  # decompressed bytes per CompressedChunk (2.4.1.1.4)


def compress(data: bytes) -> bytes:
    """A CompressedContainer (2.4.1.1.1): the signature byte 0x01, then one chunk per 4096 bytes."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data, start, min(start + CHUNK, len(data)))
    return bytes(out)


def _chunk(data: bytes, start: int, end: int) -> bytes:
    """2.4.1.3.7 Compressing a DecompressedChunk; a raw chunk when compressing does not shrink it."""
    body = bytearray()
    current = start
    positions: dict[bytes, list[int]] = {}
    while current < end:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):  # 2.4.1.3.8 Compressing a TokenSequence
            if current >= end:
                break
            offset, length = _match(data, start, current, end, positions)
            if length:
                flags |= 1 << bit
                bits = max((current - start - 1).bit_length(), 4)  # 2.4.1.3.19.1 CopyToken Help
                body += (((offset - 1) << (16 - bits)) | (length - 3)).to_bytes(2, "little")
            else:
                length = 1
                body.append(data[current])
            for position in range(current, current + length):
                positions.setdefault(data[position:position + 3], []).append(position)
            current += length
        body[flag_at] = flags
    if len(body) > CHUNK:  # 2.4.1.3.10 Compressing a raw chunk: 4096 bytes, padded with zeros
        raw = data[start:end].ljust(CHUNK, b"\x00")
        return (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + raw
    header = 0x8000 | 0x3000 | (len(body) + 2 - 3)  # 2.4.1.1.5: flag, signature 0b011, size - 3
    return header.to_bytes(2, "little") + bytes(body)


def _match(data: bytes, start: int, current: int, end: int, positions: dict[bytes, list[int]]) -> tuple[int, int]:
    """2.4.1.3.19.4 Matching: the longest earlier match in the chunk, the farthest one on a tie.

    Only candidates sharing the next three bytes can reach the minimum length 3, so the search walks
    those instead of every earlier position.
    """
    best_length, best = 0, None
    for candidate in reversed(positions.get(data[current:current + 3], ())):
        if data[candidate:candidate + best_length] != data[current:current + best_length]:
            continue  # shorter than the best so far: cannot win, and comparing slices is fast
        length = best_length
        while current + length < end and data[candidate + length] == data[current + length]:
            length += 1
        if length >= best_length:
            best_length, best = length, candidate
    if best_length < 3:
        return 0, 0
    bits = max((current - start - 1).bit_length(), 4)
    return current - best, min(best_length, (0xFFFF >> bits) + 3)

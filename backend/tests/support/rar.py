"""Write a RAR 4 archive with stored (uncompressed) files, as scene releases pack a film.

No free tool writes RAR, so the tests build their archives from the format's public technical notes: a
marker block, the archive header, one file header (CRC-16 of the header, CRC-32 of the data) plus the data
per file, and the end-of-archive block. The Unarchiver (`unar`, `lsar`) reads them like any RAR 4 set.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

MARKER = b"Rar!\x1a\x07\x00"
MAIN_HEAD, FILE_HEAD, END_HEAD = 0x73, 0x74, 0x7B
LONG_BLOCK = 0x8000  # a file header is followed by its data (PACK_SIZE bytes)
STORED = 0x30
WINDOWS, ARCHIVE_ATTRIBUTE = 2, 0x20
# 2020-01-01 00:00:00 as a DOS date and time.
DOS_TIME = (((2020 - 1980) << 9) | (1 << 5) | 1) << 16


def _block(head_type: int, flags: int, body: bytes) -> bytes:
    fields = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(fields) & 0xFFFF) + fields


def stored_rar(files: Mapping[str, bytes]) -> bytes:
    """A RAR 4 archive holding `files` (name → content) without compression."""
    out = bytearray(MARKER)
    out += _block(MAIN_HEAD, 0, bytes(6))
    for name, data in files.items():
        raw = name.replace("/", "\\").encode()
        header = struct.pack(
            "<IIBIIBBHI",
            len(data),
            len(data),
            WINDOWS,
            zlib.crc32(data),
            DOS_TIME,
            29,
            STORED,
            len(raw),
            ARCHIVE_ATTRIBUTE,
        )
        out += _block(FILE_HEAD, LONG_BLOCK, header + raw) + data
    out += _block(END_HEAD, 0x4000, b"")
    return bytes(out)

"""Bounded gzip decompression: a small file must never turn into unbounded work.

A gzip bomb (a few kilobytes that inflate to gigabytes) is read through a stream that
counts what it produces and stops with ``decompression_bomb`` once the output passes a
budget. Multi-member gzip (one member per WARC record) is read member after member.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from loaders.errors import DocumentError

__all__ = ["GunzipStream", "is_gzip"]

_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(head: bytes) -> bool:
    """Return True when ``head`` starts with the gzip magic number."""
    return head.startswith(_GZIP_MAGIC)


class GunzipStream(io.RawIOBase):
    """The decompressed bytes of ``raw``, refusing to produce more than the budget.

    The budget is ``max(floor, max_ratio * compressed bytes read so far)``: a document
    may always inflate up to ``floor``; an archive may inflate further only in proportion
    to its size on disk (ordinary HTML compresses 4-20 times; a bomb about 1000 times).
    """

    def __init__(self, raw: BinaryIO, *, uri: str, floor: int, max_ratio: int = 0) -> None:
        super().__init__()
        self._raw = raw
        self._uri = uri
        self._floor = floor
        self._max_ratio = max_ratio
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._out = b""
        self._eof = False
        self.compressed = 0
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        self._fill()
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size

    def _fill(self) -> None:
        while not self._out:
            if not self._pending:
                if self._eof:
                    return
                chunk = self._raw.read(_CHUNK)
                if not chunk:
                    self._eof = True
                    if self.compressed and not self._inflater.eof:
                        # The data stops inside a gzip member: what is missing would
                        # otherwise vanish without a word (a cut-short download or copy).
                        raise DocumentError(
                            "truncated_gzip",
                            f"{self._uri}: the gzip data stops before its end (cut short "
                            f"after {self.compressed} bytes)",
                            uri=self._uri,
                        )
                    return
                self.compressed += len(chunk)
                self._pending = chunk
            if self._inflater.eof:  # the previous member ended; the next one starts here
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                out = self._inflater.decompress(self._pending, _CHUNK)
            except zlib.error as exc:
                raise DocumentError(
                    "corrupt_gzip", f"{self._uri}: not valid gzip data ({exc})", uri=self._uri
                ) from None
            self._pending = (
                self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail
            )
            self.produced += len(out)
            budget = max(self._floor, self._max_ratio * self.compressed)
            if self.produced > budget:
                raise DocumentError(
                    "decompression_bomb",
                    f"{self._uri}: {self.compressed} compressed bytes inflate past "
                    f"{budget} bytes; stopped reading",
                    uri=self._uri,
                    compressed=self.compressed,
                    limit=budget,
                )
            self._out = out

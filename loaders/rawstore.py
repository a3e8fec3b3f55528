"""Raw captures kept as received, addressed by their SHA-256 (``ingest --keep-raw DIR``).

A dossier cites documents by hash; keeping the bytes lets it carry them, so a reader
can check years later that the quoted evidence is in what was read, after the page
has changed or gone. Files are named by hash, so the same bytes are kept once however
often and from wherever they are ingested, and a file is complete or absent (written
beside, then renamed).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from graph.provenance import sha256_hex

__all__ = ["RawStore"]

_HASH = re.compile(r"^[0-9a-f]{64}$")


class RawStore:
    """A folder of captures: ``<dir>/ab/abcdef…`` for the bytes whose SHA-256 is ``abcdef…``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not _HASH.match(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, raw: bytes) -> str:
        """Keep ``raw`` (once) and return its SHA-256."""
        digest = sha256_hex(raw)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes | None:
        """Return the kept bytes with this hash, or None when they were not kept."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

"""The persistent reuse index: MinHash LSH bands and the texts they came from, in SQLite.

datasketch computes the MinHash signatures. Its own ``MinHashLSH`` keeps buckets in
memory (or Redis/Cassandra), so a corpus would have to be re-hashed or unpickled whole
at every ingest; here each band's bucket is one indexed SQLite row instead, so a batch
costs one lookup per band and one insert per band, whatever the corpus size.

Two band tables: ``text_bands`` over word shingles (same-language copies) and
``fp_bands`` over the translation fingerprints (cross-language candidates). The text
itself is kept, compressed, because alignment needs it and the store keeps none.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import numpy as np
from datasketch import LeanMinHash, MinHash

from graph.errors import StoreUnavailable

__all__ = ["IndexedDocument", "ReuseIndex", "signatures"]

VERSION = "1"
# Text shingles: 64 bands of 2 rows from 128 permutations. A 40% excerpt padded with as
# much new text has a Jaccard near 0.25, found with probability 1-(1-0.25^2)^64 = 0.98;
# candidates are verified by alignment, so false candidates cost time, not precision.
TEXT_PERM, TEXT_BANDS, TEXT_ROWS = 128, 64, 2
# Fingerprint sets are small (tens of tokens): 32 bands of 2 rows.
FP_PERM, FP_BANDS, FP_ROWS = 64, 32, 2

Table = Literal["text_bands", "fp_bands"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    article TEXT PRIMARY KEY, document TEXT NOT NULL, language TEXT, published TEXT,
    url TEXT, text BLOB NOT NULL, text_bands BLOB NOT NULL, fp_bands BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS text_bands (h INTEGER NOT NULL, article TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS text_bands_h ON text_bands (h);
CREATE TABLE IF NOT EXISTS fp_bands (h INTEGER NOT NULL, article TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS fp_bands_h ON fp_bands (h);
"""


@dataclass(frozen=True)
class IndexedDocument:
    article: str
    document: str
    text: str
    url: str | None
    language: str | None
    published: datetime | None


def signatures(sets: Sequence[list[bytes]], num_perm: int) -> list[LeanMinHash]:
    """Return one MinHash per set of shingles (datasketch, shared permutations)."""
    return list(MinHash.bulk(sets, num_perm=num_perm))


def band_hashes(sig: LeanMinHash | None, bands: int, rows: int) -> list[int]:
    """Return one signed 64-bit bucket id per band (band number included).

    MinHash values fit in 32 bits, so two rows pack into 64 bits exactly; the band
    number is mixed in with a multiplicative constant so bands do not share buckets.
    """
    if sig is None:
        return []
    if rows != 2:
        raise ValueError("buckets pack exactly two 32-bit rows")
    values = np.asarray(sig.hashvalues[: bands * 2], dtype=np.uint64).reshape(bands, 2)
    packed = (values[:, 0] << np.uint64(32)) | values[:, 1]
    mixed = packed ^ (np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    return [int(h) for h in mixed.view(np.int64)]


def _pack(hashes: list[int]) -> bytes:
    return np.asarray(hashes, dtype=np.int64).tobytes()


def _unpack(blob: bytes) -> list[int]:
    return [int(h) for h in np.frombuffer(blob, dtype=np.int64)]


class ReuseIndex:
    """An LSH index of every ingested article's text, in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            params = (
                f"{VERSION}:{TEXT_PERM}/{TEXT_BANDS}x{TEXT_ROWS}:{FP_PERM}/{FP_BANDS}x{FP_ROWS}"
            )
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('params', ?)", (params,))
            (stored,) = self._db.execute("SELECT value FROM meta WHERE name='params'").fetchone()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the reuse index {self.path}: {exc}") from exc
        if stored != params:
            raise StoreUnavailable(
                f"the reuse index {self.path} was built with other parameters "
                f"({stored}); delete it to rebuild it on the next ingest"
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReuseIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def candidates(self, table: Table, hashes: Iterable[int], limit: int) -> set[str]:
        """Return the ``limit`` articles sharing the most buckets with ``hashes``.

        Without a limit a story told by many pages (shared names, numbers and dates)
        makes every page a candidate of every other, and detection turns quadratic:
        the first 1,000 pages of the ingest benchmark's corpus ran for over ten minutes.
        True copies share the most buckets, so they rank first; ties go to the earliest
        publication, the likely original.
        """
        wanted = list(hashes)
        if not wanted:
            return set()
        marks = ",".join("?" * len(wanted))
        # ``table`` is a Literal, never user text.
        rows = self._db.execute(
            f"SELECT b.article FROM {table} b JOIN docs d ON d.article = b.article "
            f"WHERE b.h IN ({marks}) GROUP BY b.article "
            "ORDER BY COUNT(*) DESC, d.published IS NULL, d.published, b.article LIMIT ?",
            [*wanted, limit],
        )
        return {a for (a,) in rows}

    def documents(self, articles: Iterable[str]) -> dict[str, IndexedDocument]:
        keys = sorted(set(articles))
        out: dict[str, IndexedDocument] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(
                "SELECT article, document, text, url, language, published FROM docs "
                f"WHERE article IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for article, document, text, url, language, published in rows:
                out[article] = IndexedDocument(
                    article,
                    document,
                    zlib.decompress(text).decode(),
                    url,
                    language,
                    datetime.fromisoformat(published) if published else None,
                )
        return out

    def document_id(self, article: str) -> str | None:
        row = self._db.execute("SELECT document FROM docs WHERE article = ?", (article,)).fetchone()
        return row[0] if row else None

    def begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self._db.execute("COMMIT")

    def rollback(self) -> None:
        self._db.execute("ROLLBACK")

    def add(self, doc: IndexedDocument, text_hashes: list[int], fp_hashes: list[int]) -> None:
        """Index ``doc``, replacing what its article had before (call inside begin/commit)."""
        old = self._db.execute(
            "SELECT text_bands, fp_bands FROM docs WHERE article = ?", (doc.article,)
        ).fetchone()
        if old is not None:
            for table, blob in (("text_bands", old[0]), ("fp_bands", old[1])):
                self._db.executemany(
                    f"DELETE FROM {table} WHERE h = ? AND article = ?",
                    [(h, doc.article) for h in _unpack(blob)],
                )
        self._db.execute(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.article,
                doc.document,
                doc.language,
                doc.published.isoformat() if doc.published else None,
                doc.url,
                zlib.compress(doc.text.encode(), 6),
                _pack(text_hashes),
                _pack(fp_hashes),
            ),
        )
        self._db.executemany(
            "INSERT INTO text_bands VALUES (?, ?)", [(h, doc.article) for h in text_hashes]
        )
        self._db.executemany(
            "INSERT INTO fp_bands VALUES (?, ?)", [(h, doc.article) for h in fp_hashes]
        )

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
from datetime import UTC, datetime
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
CREATE TABLE IF NOT EXISTS fp_bands (h INTEGER NOT NULL, article TEXT NOT NULL);
"""
# Layout 2: each bucket row also carries its article's language ('' when unknown) and
# publication time (UTC epoch seconds, UNDATED when unknown), so a bucket is read in
# order of publication, in one language, from a covering index, and never past
# BUCKET_READ rows. Layout 1 indexes are upgraded in place (the texts live only here).
_LAYOUT = "2"
_LAYOUT_2 = """
ALTER TABLE text_bands ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE text_bands ADD COLUMN published INTEGER NOT NULL DEFAULT {undated};
ALTER TABLE fp_bands ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE fp_bands ADD COLUMN published INTEGER NOT NULL DEFAULT {undated};
UPDATE text_bands SET (language, published) = (
    SELECT coalesce(d.language, ''), coalesce(unixepoch(d.published), {undated})
    FROM docs d WHERE d.article = text_bands.article);
UPDATE fp_bands SET (language, published) = (
    SELECT coalesce(d.language, ''), coalesce(unixepoch(d.published), {undated})
    FROM docs d WHERE d.article = fp_bands.article);
DROP INDEX IF EXISTS text_bands_h;
DROP INDEX IF EXISTS fp_bands_h;
CREATE INDEX text_bands_h ON text_bands (h, language, published, article);
CREATE INDEX fp_bands_h ON fp_bands (h, published, language, article);
"""
# Sorts after every real date.
UNDATED = 2**62
# Rows read per bucket: its earliest articles in the wanted language(s). A bucket shared
# by hundreds of pages is stock text or a story copied hundreds of times; either way
# its earliest members are the likely sources, and reading all of them made every
# lookup cost as much as the corpus.
BUCKET_READ = 100


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


def _epoch(value: datetime | None) -> int:
    if value is None:
        return UNDATED
    # Metadata dates come with and without a zone; a naive one is taken as UTC.
    return int((value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp())


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
            self._upgrade()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the reuse index {self.path}: {exc}") from exc
        if stored != params:
            raise StoreUnavailable(
                f"the reuse index {self.path} was built with other parameters "
                f"({stored}); delete it to rebuild it on the next ingest"
            )

    def _upgrade(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE name='layout'").fetchone()
        if row is not None and row[0] == _LAYOUT:
            return
        # One transaction: a killed upgrade leaves layout 1 and runs again next time.
        script = _LAYOUT_2.format(undated=UNDATED)
        try:
            self._db.executescript(
                f"BEGIN IMMEDIATE;{script}"
                f"INSERT OR REPLACE INTO meta VALUES ('layout', '{_LAYOUT}');COMMIT;"
            )
        except sqlite3.Error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReuseIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def candidates(
        self, table: Table, hashes: Iterable[int], limit: int, *, language: str | None
    ) -> set[str]:
        """Return the ``limit`` articles sharing the most buckets with ``hashes``.

        Text buckets look for copies, so only articles in ``language`` (or of unknown
        language, or any when ``language`` is None) are returned; fingerprint buckets
        look for translations, so only articles in another known language. Names and
        numbers shared across languages would otherwise fill the limit with pairs that
        the other check rejects anyway.

        Without a limit a story told by many pages (shared names, numbers and dates)
        makes every page a candidate of every other, and detection turns quadratic.
        True copies share the most buckets, so they rank first; ties go to the earliest
        publication, the likely original. Each bucket is read up to BUCKET_READ rows.
        """
        wanted = sorted(set(hashes))
        if not wanted or (table == "fp_bands" and language is None):
            return set()
        params: list[tuple[object, ...]]
        if table == "fp_bands":
            query = (
                "SELECT article, published FROM fp_bands WHERE h = ? AND language != '' "
                "AND language != ? ORDER BY published, article LIMIT ?"
            )
            params = [(h, language) for h in wanted]
        elif language is None:  # any language: the whole bucket
            query = (
                "SELECT article, published FROM text_bands WHERE h = ? "
                "ORDER BY published, article LIMIT ?"
            )
            params = [(h,) for h in wanted]
        else:  # this language, and articles whose language is unknown
            query = (
                "SELECT article, published FROM text_bands WHERE h = ? AND language = ? "
                "ORDER BY published, article LIMIT ?"
            )
            params = [(h, lang) for h in wanted for lang in ("", language)]
        shared: dict[str, int] = {}
        published: dict[str, int] = {}
        for p in params:
            for article, when in self._db.execute(query, (*p, BUCKET_READ)):
                shared[article] = shared.get(article, 0) + 1
                published[article] = when
        best = sorted(shared, key=lambda a: (-shared[a], published[a], a))
        return set(best[:limit])

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
        lang, when = doc.language or "", _epoch(doc.published)
        for table, hashes in (("text_bands", text_hashes), ("fp_bands", fp_hashes)):
            self._db.executemany(
                f"INSERT INTO {table} (h, article, language, published) VALUES (?, ?, ?, ?)",
                [(h, doc.article, lang, when) for h in hashes],
            )

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

import functools
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

from graph.errors import StoreUnavailable
from loaders.reuse.normalise import PREPARED_FORMAT

__all__ = ["IndexedDocument", "ReuseIndex", "pack_signature", "signatures"]

VERSION = "1"
# Text shingles: 64 bands of 2 rows from 128 permutations. A 40% excerpt padded with as
# much new text has a Jaccard near 0.25, found with probability 1-(1-0.25^2)^64 = 0.98;
# candidates are verified by alignment, so false candidates cost time, not precision.
TEXT_PERM, TEXT_BANDS, TEXT_ROWS = 128, 64, 2
# Fingerprint sets are small (tens of tokens): 32 bands of 2 rows.
FP_PERM, FP_BANDS, FP_ROWS = 64, 32, 2

Table = Literal["text_bands", "fp_bands", "passage_bands"]

# Layout 4. Each bucket row holds its document's integer id, language ('' when unknown)
# and publication time (UTC epoch seconds, UNDATED when unknown), in a WITHOUT ROWID
# table keyed for the lookup: a bucket is read in order of publication, in the
# languages wanted, from the table itself, and never past BUCKET_READ rows. Layout 1
# repeated the article key in every row (four fifths of the file) and read whole
# buckets; older files are rebuilt in place from the band hashes kept with each text.
# Layout 4 adds each text's prepared form (normalise.pack), so a candidate met again
# after it left the detector's cache is decoded, not prepared again: at 50k pages,
# re-preparing candidates was a quarter of the writer's time. Layout 5 adds each
# text's MinHash signature, to drop candidates that share a bucket by chance before
# they are verified (see ``resembling``). Layout 3 and 4 files gain the columns, empty;
# their texts are prepared, and kept as candidates, as before. Layout 6 adds each
# text's lead vector (loaders.reuse.encoder) and the sequence number of its last
# write, from which the nearest-neighbour files (loaders.reuse.vectors) catch up;
# older entries have none and are found by fingerprints only, until re-ingested. It
# also adds passage anchors (loaders.reuse.passages: ``passage_bands``, and each text's
# own in ``docs.passage_bands``), which find a few paragraphs shared by two otherwise
# different texts; older entries have none until re-ingested.
_LAYOUT = "6"
_SIX = ("lead BLOB", "lead_seq INTEGER", "passage_bands BLOB")
_WIDEN = {
    "3": ("prepared BLOB", "text_sig BLOB", *_SIX),
    "4": ("text_sig BLOB", *_SIX),
    "5": _SIX,
}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, article TEXT NOT NULL UNIQUE, document TEXT NOT NULL,
    language TEXT, published TEXT, url TEXT, text BLOB NOT NULL,
    text_bands BLOB NOT NULL, fp_bands BLOB NOT NULL, prepared BLOB, text_sig BLOB,
    lead BLOB, lead_seq INTEGER, passage_bands BLOB
);
CREATE INDEX IF NOT EXISTS docs_lead_seq ON docs (language, lead_seq) WHERE lead IS NOT NULL;
CREATE TABLE IF NOT EXISTS text_bands (
    h INTEGER NOT NULL, language TEXT NOT NULL, published INTEGER NOT NULL,
    doc INTEGER NOT NULL, PRIMARY KEY (h, language, published, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS passage_bands (
    h INTEGER NOT NULL, language TEXT NOT NULL, published INTEGER NOT NULL,
    doc INTEGER NOT NULL, PRIMARY KEY (h, language, published, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fp_bands (
    h INTEGER NOT NULL, published INTEGER NOT NULL, language TEXT NOT NULL,
    doc INTEGER NOT NULL, PRIMARY KEY (h, published, language, doc)
) WITHOUT ROWID;
"""
_DOC_COLUMNS = "article, document, language, published, url, text, text_bands, fp_bands"
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
    # The quantised lead vector (loaders.reuse.encoder), b"" or None when there is none.
    lead: bytes | None = field(default=None, repr=False)


def signatures(sets: Sequence[list[bytes]], num_perm: int) -> list[MinHash]:
    """Return one MinHash per set of shingles (datasketch, shared permutations).

    What ``MinHash.bulk`` does, with its initial state kept between calls: workers
    hash one text at a time, and drawing the permutations again for each took as long
    as the hashing.
    """
    template = _template(num_perm)
    out = []
    for shingles in sets:
        sig = template.copy()
        sig.update_batch(shingles)
        out.append(sig)
    return out


@functools.cache
def _template(num_perm: int) -> MinHash:
    # Imported here: datasketch loads scipy (0.4 s), which commands that only read the
    # graph never need.
    from datasketch import MinHash

    return MinHash(num_perm=num_perm)


def band_hashes(sig: MinHash | None, bands: int, rows: int) -> list[int]:
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


def _stored_date(value: str | None) -> datetime | None:
    """Return a publication date as the docs table keeps it (ISO text, or NULL)."""
    return datetime.fromisoformat(value) if value else None


def _epoch(value: datetime | None) -> int:
    if value is None:
        return UNDATED
    # Metadata dates come with and without a zone; a naive one is taken as UTC.
    return int((value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp())


def _pack(hashes: Sequence[int]) -> bytes:
    return np.asarray(hashes, dtype=np.int64).tobytes()


def pack_signature(signature: MinHash) -> bytes:
    """Return a MinHash signature as stored: datasketch keeps its values under 2**32."""
    return np.asarray(signature.hashvalues, dtype=np.uint32).tobytes()


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
            self._prepare_layout()
            self._check_prepared_format()
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

    def _prepare_layout(self) -> None:
        """Create the tables, widen a layout-3 or 4 file, or rebuild an older one, at once."""
        db = self._db
        has_docs = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'docs'").fetchone()
        layout = None
        if has_docs:
            row = db.execute("SELECT value FROM meta WHERE name = 'layout'").fetchone()
            layout = row[0] if row else "1"
        if layout == _LAYOUT:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            if layout in _WIDEN:
                for column in _WIDEN[layout]:
                    db.execute(f"ALTER TABLE docs ADD COLUMN {column}")
            elif has_docs:
                db.execute("ALTER TABLE docs RENAME TO docs_old")
                db.execute("DROP TABLE IF EXISTS text_bands")
                db.execute("DROP TABLE IF EXISTS fp_bands")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            if has_docs and layout not in _WIDEN:
                db.execute(
                    f"INSERT INTO docs ({_DOC_COLUMNS}) "
                    f"SELECT {_DOC_COLUMNS} FROM docs_old ORDER BY article"
                )
                db.execute("DROP TABLE docs_old")
                rows = db.execute(
                    "SELECT id, language, published, text_bands, fp_bands FROM docs"
                ).fetchall()
                for doc, language, published, text_blob, fp_blob in rows:
                    when = _epoch(_stored_date(published))
                    self._insert_bands(doc, language or "", when, _unpack(text_blob), "text_bands")
                    self._insert_bands(doc, language or "", when, _unpack(fp_blob), "fp_bands")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (_LAYOUT,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _check_prepared_format(self) -> None:
        """Forget stored prepared forms of another format (see normalise.PREPARED_FORMAT)."""
        row = self._db.execute("SELECT value FROM meta WHERE name = 'prepared'").fetchone()
        if row is not None and row[0] == str(PREPARED_FORMAT):
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if row is not None:
                self._db.execute("UPDATE docs SET prepared = NULL")
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('prepared', ?)", (str(PREPARED_FORMAT),)
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _insert_bands(
        self, doc: int, language: str, published: int, hashes: Sequence[int], table: Table
    ) -> None:
        self._db.executemany(
            f"INSERT OR IGNORE INTO {table} (h, language, published, doc) VALUES (?, ?, ?, ?)",
            [(h, language, published, doc) for h in hashes],
        )

    def _remove_bands(
        self,
        doc: int,
        text_blob: bytes,
        fp_blob: bytes,
        language: str | None,
        published: str | None,
        passage_blob: bytes | None = None,
    ) -> None:
        """Delete a document's bucket rows, found by their whole key.

        By band hash and document alone, each delete scanned its whole bucket, and a
        crowded bucket holds thousands of rows: re-ingesting 1,000 pages of the 100k
        benchmark corpus spent 9% of its time here. A row written otherwise than
        ``add`` writes it (none should be) is still found by the slow way.
        """
        when = _epoch(_stored_date(published))
        tables = (
            ("text_bands", text_blob),
            ("fp_bands", fp_blob),
            ("passage_bands", passage_blob or b""),
        )
        for table, blob in tables:
            hashes = set(_unpack(blob))
            if not hashes:
                continue
            keyed = self._db.executemany(
                f"DELETE FROM {table} WHERE h = ? AND language = ? AND published = ? AND doc = ?",
                [(h, language or "", when, doc) for h in hashes],
            )
            if keyed.rowcount < len(hashes):
                self._db.executemany(
                    f"DELETE FROM {table} WHERE h = ? AND doc = ?", [(h, doc) for h in hashes]
                )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReuseIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def candidates(
        self,
        table: Table,
        hashes: Iterable[int],
        limit: int,
        *,
        language: str | None,
        min_shared: int = 1,
    ) -> set[str]:
        """Return the ``limit`` articles sharing the most buckets with ``hashes`` (and at
        least ``min_shared`` of them).

        Text and passage buckets look for copies, so only articles in ``language`` (or of unknown
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
            bucket = "fp_bands WHERE h = ? AND language != '' AND language != ?"
            params = [(h, language) for h in wanted]
        elif language is None:  # any language: the whole bucket
            bucket = f"{table} WHERE h = ?"
            params = [(h,) for h in wanted]
        else:  # this language, and articles whose language is unknown
            bucket = f"{table} WHERE h = ? AND language = ?"
            params = [(h, lang) for h in wanted for lang in ("", language)]
        shared: dict[int, int] = {}
        published: dict[int, int] = {}
        for doc, when in self._bucket_rows(bucket, params):
            shared[doc] = shared.get(doc, 0) + 1
            published[doc] = when
        ranked = sorted(
            (d for d in shared if shared[d] >= min_shared), key=lambda d: (-shared[d], published[d])
        )
        if len(ranked) <= limit:
            return set(self._articles(ranked).values())
        # Ties at the cut go to the smaller article key, as with the key in each row:
        # the same candidates whatever order the corpus was ingested in.
        edge = (-shared[ranked[limit - 1]], published[ranked[limit - 1]])
        sure = [d for d in ranked if (-shared[d], published[d]) < edge]
        tied = [d for d in ranked if (-shared[d], published[d]) == edge]
        names = self._articles(tied)
        picked = sorted(names.values())[: limit - len(sure)]
        return set(self._articles(sure).values()) | set(picked)

    def _bucket_rows(self, bucket: str, params: list[tuple[object, ...]]) -> list[tuple[int, int]]:
        """Return the first BUCKET_READ rows of each bucket: ``bucket`` bound to each of
        ``params``.

        The buckets are read in one statement, a UNION ALL of one bounded read each (up
        to 400 of them, under SQLite's limit of 500 terms): one query per bucket cost
        more in the calls than in the reading, and 160 buckets are looked up per text.
        """
        one = (
            f"SELECT * FROM (SELECT doc, published FROM {bucket} "
            f"ORDER BY published, doc LIMIT {int(BUCKET_READ)})"
        )
        rows: list[tuple[int, int]] = []
        for i in range(0, len(params), 400):
            chunk = params[i : i + 400]
            query = " UNION ALL ".join([one] * len(chunk))
            rows += self._db.execute(query, [v for p in chunk for v in p]).fetchall()
        return rows

    def _docs_where_in(
        self, columns: str, key: str, values: Sequence[object]
    ) -> Iterator[tuple[Any, ...]]:
        """Yield ``columns`` of the docs rows whose ``key`` is in ``values``, 500 at a time
        (SQLite binds at most 999 parameters a statement)."""
        for i in range(0, len(values), 500):
            chunk = list(values[i : i + 500])
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                f"SELECT {columns} FROM docs WHERE {key} IN ({marks})", chunk
            )

    def _articles(self, ids: Sequence[int]) -> dict[int, str]:
        return dict(self._docs_where_in("id, article", "id", ids))

    def resembling(self, articles: Iterable[str], text_sig: bytes, floor: float) -> set[str]:
        """Return the ``articles`` whose signature agrees with ``text_sig`` on at least
        ``floor`` of its values (an estimate of the texts' shingle Jaccard), and those
        indexed without a signature (older files).

        One shared bucket is all that makes most candidates: at 100k benchmark pages
        two thirds of the same-language candidates shared one of 64 buckets, estimated
        at most 0.06 and never verified as a copy; copies estimated 0.5 and more.
        """
        keys = sorted(set(articles))
        mine = np.frombuffer(text_sig, dtype=np.uint32)
        needed = floor * len(mine)
        kept: set[str] = set()
        for article, sig in self._docs_where_in("article, text_sig", "article", keys):
            theirs = np.frombuffer(sig or b"", dtype=np.uint32)
            if theirs.shape != mine.shape or np.count_nonzero(theirs == mine) >= needed:
                kept.add(article)
        return kept

    def documents(self, articles: Iterable[str]) -> dict[str, IndexedDocument]:
        return {article: doc for article, (doc, _packed) in self.entries(articles).items()}

    def entries(self, articles: Iterable[str]) -> dict[str, tuple[IndexedDocument, bytes | None]]:
        """Return each indexed article's document and its packed prepared form, if kept."""
        keys = sorted(set(articles))
        out: dict[str, tuple[IndexedDocument, bytes | None]] = {}
        columns = "article, document, text, url, language, published, prepared, lead"
        for row in self._docs_where_in(columns, "article", keys):
            article, document, text, url, language, published, packed, lead = row
            doc = IndexedDocument(
                article,
                document,
                zlib.decompress(text).decode(),
                url,
                language,
                _stored_date(published),
                lead,
            )
            out[article] = (doc, packed)
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

    def add(
        self,
        doc: IndexedDocument,
        text_hashes: Sequence[int],
        fp_hashes: Sequence[int],
        prepared: bytes | None = None,
        text_sig: bytes | None = None,
        passage_hashes: Sequence[int] = (),
    ) -> int:
        """Index ``doc``, replacing what its article had before (call inside begin/commit);
        return its document id in the index.

        ``prepared`` is the text's packed prepared form (normalise.pack), kept so that
        the text need not be prepared again when it is a candidate; ``text_sig`` its
        packed word-shingle signature (pack_signature).
        """
        old = self._db.execute(
            "SELECT id, text_bands, fp_bands, language, published, passage_bands FROM docs "
            "WHERE article = ?",
            (doc.article,),
        ).fetchone()
        if old is not None:
            self._remove_bands(*old)
        lead = doc.lead or None
        values = (
            doc.document,
            doc.language,
            doc.published.isoformat() if doc.published else None,
            doc.url,
            zlib.compress(doc.text.encode(), 6),
            _pack(text_hashes),
            _pack(fp_hashes),
            prepared,
            text_sig,
            lead,
            self._next_lead_seq() if lead else None,
            _pack(passage_hashes),
        )
        if old is None:
            cursor = self._db.execute(
                f"INSERT INTO docs ({_DOC_COLUMNS}, prepared, text_sig, lead, lead_seq, "
                "passage_bands) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.article, *values),
            )
            doc_id = cursor.lastrowid
            assert doc_id is not None
        else:
            doc_id = old[0]
            self._db.execute(
                "UPDATE docs SET document = ?, language = ?, published = ?, url = ?, text = ?, "
                "text_bands = ?, fp_bands = ?, prepared = ?, text_sig = ?, lead = ?, "
                "lead_seq = ?, passage_bands = ? WHERE id = ?",
                (*values, doc_id),
            )
        lang, when = doc.language or "", _epoch(doc.published)
        self._insert_bands(doc_id, lang, when, text_hashes, "text_bands")
        self._insert_bands(doc_id, lang, when, fp_hashes, "fp_bands")
        self._insert_bands(doc_id, lang, when, passage_hashes, "passage_bands")
        return doc_id

    def _next_lead_seq(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE name = 'lead_seq'").fetchone()
        seq = int(row[0]) + 1 if row else 1
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('lead_seq', ?)", (str(seq),))
        return seq

    def lead_rows(self, language: str, after: int) -> list[tuple[int, int, bytes]]:
        """Return ``(doc id, write sequence, lead vector)`` of the texts in ``language``
        whose lead was written after sequence number ``after``, in write order."""
        return self._db.execute(
            "SELECT id, lead_seq, lead FROM docs WHERE language = ? AND lead IS NOT NULL "
            "AND lead_seq > ? ORDER BY lead_seq",
            (language, after),
        ).fetchall()

    def lead_languages(self) -> list[str]:
        """Return the languages of the texts indexed with a lead vector."""
        rows = self._db.execute(
            "SELECT DISTINCT language FROM docs WHERE lead IS NOT NULL AND language != ''"
        )
        return sorted(r[0] for r in rows if r[0])

    def articles_of(self, ids: Sequence[int]) -> dict[int, str]:
        """Return the article key of each indexed document id."""
        return self._articles(ids)

    def meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

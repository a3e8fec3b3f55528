"""The reuse index on its own: layout upgrade, candidate choice, bounded bucket reads."""

from __future__ import annotations

import sqlite3
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loaders.reuse import index as reuse_index
from loaders.reuse.index import BUCKET_READ, IndexedDocument, ReuseIndex

LAYOUT_1 = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    article TEXT PRIMARY KEY, document TEXT NOT NULL, language TEXT, published TEXT,
    url TEXT, text BLOB NOT NULL, text_bands BLOB NOT NULL, fp_bands BLOB NOT NULL
);
CREATE TABLE text_bands (h INTEGER NOT NULL, article TEXT NOT NULL);
CREATE INDEX text_bands_h ON text_bands (h);
CREATE TABLE fp_bands (h INTEGER NOT NULL, article TEXT NOT NULL);
CREATE INDEX fp_bands_h ON fp_bands (h);
"""
T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _doc(n: int, language: str | None, published: datetime | None) -> IndexedDocument:
    return IndexedDocument(f"article:{n}", f"doc{n}", f"text {n}", None, language, published)


def _params() -> str:
    r = reuse_index
    return (
        f"{r.VERSION}:{r.TEXT_PERM}/{r.TEXT_BANDS}x{r.TEXT_ROWS}:"
        f"{r.FP_PERM}/{r.FP_BANDS}x{r.FP_ROWS}"
    )


def test_a_layout_1_index_is_upgraded_in_place_and_keeps_its_texts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(LAYOUT_1)
    db.execute("INSERT INTO meta VALUES ('params', ?)", (_params(),))
    rows = [
        ("article:early", "fr", "2026-03-01T10:00:00+02:00"),
        ("article:late", "fr", "2026-03-02T08:00:00+00:00"),
        ("article:undated", "fr", None),
        ("article:english", "en", "2026-02-01T00:00:00"),
    ]
    for article, lang, published in rows:
        db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, NULL, ?, x'', x'')",
            (article, "d-" + article, lang, published, zlib.compress(b"kept text")),
        )
        db.execute("INSERT INTO text_bands VALUES (7, ?)", (article,))
        db.execute("INSERT INTO fp_bands VALUES (9, ?)", (article,))
    db.commit()
    db.close()

    with ReuseIndex(path) as index:
        # Same language only, dated before undated, earliest first among equals.
        assert index.candidates("text_bands", [7], 2, language="fr") == {
            "article:early",
            "article:late",
        }
        assert index.candidates("text_bands", [7], 10, language="fr") == {
            "article:early",
            "article:late",
            "article:undated",
        }
        assert index.candidates("fp_bands", [9], 10, language="fr") == {"article:english"}
        assert index.documents(["article:late"])["article:late"].text == "kept text"
    with ReuseIndex(path):  # opening again does not run the upgrade twice
        pass
    layout = sqlite3.connect(path).execute("SELECT value FROM meta WHERE name='layout'")
    assert layout.fetchone() == ("2",)


def test_candidates_rank_by_shared_buckets_then_date(tmp_path: Path) -> None:
    with ReuseIndex(tmp_path / "i.sqlite") as index:
        index.begin()
        index.add(_doc(1, "en", T0 + timedelta(days=2)), [1, 2, 3], [])
        index.add(_doc(2, "en", T0 + timedelta(days=1)), [1], [])
        index.add(_doc(3, "en", T0), [1], [])
        index.add(_doc(4, None, None), [1, 2], [])
        index.add(_doc(5, "de", T0), [1, 2, 3], [50])
        index.commit()
        # 1 shares three buckets, 4 (unknown language) two, then 3 is older than 2.
        assert index.candidates("text_bands", [1, 2, 3], 3, language="en") == {
            "article:1",
            "article:4",
            "article:3",
        }
        # Fingerprint buckets only lead to other known languages.
        assert index.candidates("fp_bands", [50], 5, language="en") == {"article:5"}
        assert index.candidates("fp_bands", [50], 5, language="de") == set()
        assert index.candidates("fp_bands", [50], 5, language=None) == set()
        # No language: any article of the bucket.
        assert len(index.candidates("text_bands", [1], 10, language=None)) == 5


def test_a_crowded_bucket_is_read_only_up_to_its_earliest_members(tmp_path: Path) -> None:
    with ReuseIndex(tmp_path / "i.sqlite") as index:
        index.begin()
        crowd = BUCKET_READ + 40
        for n in range(crowd):  # inserted latest first, so insertion order is no help
            index.add(_doc(n, "en", T0 - timedelta(hours=n)), [77], [])
        index.commit()
        got = index.candidates("text_bands", [77], 1000, language="en")
        assert got == {f"article:{n}" for n in range(crowd - BUCKET_READ, crowd)}

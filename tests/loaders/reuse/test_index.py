"""The reuse index on its own: layout upgrade, candidate choice, bounded bucket reads."""

from __future__ import annotations

import sqlite3
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from datasketch import MinHash

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


def test_a_layout_1_index_is_rebuilt_in_place_and_keeps_its_texts(tmp_path: Path) -> None:
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
        db.execute(  # the band hashes are also kept with the text, as add() writes them
            "INSERT INTO docs VALUES (?, ?, ?, ?, NULL, ?, ?, ?)",
            (
                article,
                "d-" + article,
                lang,
                published,
                zlib.compress(b"kept text"),
                np.asarray([7], dtype=np.int64).tobytes(),
                np.asarray([9], dtype=np.int64).tobytes(),
            ),
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
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE name='layout'").fetchone() == (
        reuse_index._LAYOUT,
    )
    assert db.execute("SELECT count(*) FROM text_bands").fetchone() == (4,)


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


def test_ties_at_the_cut_go_to_the_smaller_key_whatever_the_ingest_order(
    tmp_path: Path,
) -> None:
    with ReuseIndex(tmp_path / "i.sqlite") as index:
        index.begin()
        for n in (9, 7, 5, 3, 1):  # undated, one shared bucket: all tied
            index.add(_doc(n, "en", None), [5], [])
        index.commit()
        assert index.candidates("text_bands", [5], 2, language="en") == {
            "article:1",
            "article:3",
        }


def test_adding_an_article_again_replaces_its_buckets(tmp_path: Path) -> None:
    with ReuseIndex(tmp_path / "i.sqlite") as index:
        index.begin()
        index.add(_doc(1, "en", T0), [1, 2], [3])
        index.add(_doc(1, "fr", T0), [2, 4], [])  # re-ingested, text and language changed
        index.commit()
        assert index.candidates("text_bands", [1], 5, language="en") == set()
        assert index.candidates("text_bands", [2, 4], 5, language="fr") == {"article:1"}
        assert index.candidates("fp_bands", [3], 5, language="de") == set()
        assert index.documents(["article:1"])["article:1"].language == "fr"


def test_replacing_an_article_removes_every_bucket_row_it_had(tmp_path: Path) -> None:
    """Rows are deleted by their whole key (undated, unknown language and naive dates
    included), and a row keyed otherwise than add writes it is still found."""
    path = tmp_path / "i.sqlite"
    with ReuseIndex(path) as index:
        index.begin()
        index.add(_doc(1, None, None), [1, 2, 2, 5], [3])
        index.add(_doc(2, "en", datetime(2026, 3, 1, 12)), [1], [3])
        index.add(_doc(3, "en", datetime(2026, 3, 1, 12)), [7], [8])
        index.commit()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE text_bands SET published = 5 WHERE h = 5")
    with ReuseIndex(path) as index:
        index.begin()
        index.add(_doc(1, "fr", T0), [4], [])
        index.add(_doc(3, "en", datetime(2026, 3, 2)), [7], [8])
        index.commit()
    ids = dict(db.execute("SELECT article, id FROM docs"))
    one, two, three = ids["article:1"], ids["article:2"], ids["article:3"]
    assert sorted(db.execute("SELECT h, doc FROM text_bands")) == sorted(
        [(1, two), (4, one), (7, three)]
    )
    assert sorted(db.execute("SELECT h, doc, published FROM fp_bands")) == sorted(
        [(3, two, int(datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp())),
         (8, three, int(datetime(2026, 3, 2, tzinfo=UTC).timestamp()))]
    )  # fmt: skip
    db.close()


def test_a_layout_3_index_gains_packed_forms_and_a_changed_format_drops_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "i.sqlite"
    with ReuseIndex(path) as index:
        index.begin()
        index.add(_doc(1, "en", T0), [1], [], b"packed one")
        index.commit()
    db = sqlite3.connect(path)  # back to layout 3: no column for packed forms
    db.execute("DROP INDEX docs_lead_seq")
    for column in ("prepared", "text_sig", "lead", "lead_seq", "passage_bands"):
        db.execute(f"ALTER TABLE docs DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '3' WHERE name = 'layout'")
    db.commit()
    db.close()
    with ReuseIndex(path) as index:
        assert index.entries(["article:1"]) == {"article:1": (_doc(1, "en", T0), None)}
        index.begin()
        index.add(_doc(2, "en", T0), [1], [], b"packed two")
        index.commit()
        assert index.entries(["article:2"])["article:2"][1] == b"packed two"
        assert index.candidates("text_bands", [1], 5, language="en") == {
            "article:1",
            "article:2",
        }
    db = sqlite3.connect(path)  # as if written by a version that packed differently
    db.execute("UPDATE meta SET value = 'older' WHERE name = 'prepared'")
    db.commit()
    db.close()
    with ReuseIndex(path) as index:
        assert index.entries(["article:2"])["article:2"][1] is None
        index.begin()
        index.add(_doc(3, "en", T0), [1], [], b"packed three")
        index.commit()
    with ReuseIndex(path) as index:  # forms of the current format are kept
        assert index.entries(["article:3"])["article:3"][1] == b"packed three"


def _sig(*values: int) -> bytes:
    return np.asarray(values, dtype=np.uint32).tobytes()


def test_candidates_that_do_not_resemble_the_text_are_dropped_and_old_entries_kept(
    tmp_path: Path,
) -> None:
    """``resembling`` keeps a candidate whose signature agrees on enough values, or
    that has none (indexed by layout 4, which kept no signatures)."""
    path = tmp_path / "i.sqlite"
    with ReuseIndex(path) as index:
        index.begin()
        index.add(_doc(1, "en", T0), [1], [], None, _sig(1, 2, 3, 4))
        index.commit()
    db = sqlite3.connect(path)  # back to layout 4: no signatures (and no leads)
    db.execute("DROP INDEX docs_lead_seq")
    for column in ("text_sig", "lead", "lead_seq", "passage_bands"):
        db.execute(f"ALTER TABLE docs DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '4' WHERE name = 'layout'")
    db.commit()
    db.close()
    with ReuseIndex(path) as index:
        index.begin()
        index.add(_doc(2, "en", T0), [1], [], None, _sig(1, 2, 3, 4))
        index.add(_doc(3, "en", T0), [1], [], None, _sig(1, 2, 0, 0))
        index.add(_doc(4, "en", T0), [1], [], None, _sig(1, 0, 0, 0))
        index.add(_doc(5, "en", T0), [1], [], None, _sig(1, 2))  # another signature size
        index.commit()
        every = index.candidates("text_bands", [1], 10, language="en")
        assert len(every) == 5
        mine = _sig(1, 2, 3, 9)
        assert index.resembling(every, mine, 0.5) == {f"article:{n}" for n in (1, 2, 3, 5)}
        assert index.resembling(every, mine, 0.75) == {"article:1", "article:2", "article:5"}
        assert index.resembling(every, mine, 0.0) == every
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE name = 'layout'").fetchone() == (
        reuse_index._LAYOUT,
    )
    db.close()


def test_signatures_equal_datasketch_bulk_and_keep_no_state_between_calls() -> None:
    """Band hashes stored by earlier versions must still meet the new ones."""
    sets = [[b"a b c", b"b c d"], [b"x y z"], []]
    expected = [m.hashvalues.tolist() for m in MinHash.bulk(sets, num_perm=64)]
    for _ in range(2):
        assert [s.hashvalues.tolist() for s in reuse_index.signatures(sets, 64)] == expected

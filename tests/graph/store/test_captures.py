"""Capture provenance is stored with each document record, on both backends, and
records written before captures existed read back as unknown (None), never a guess."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from graph.provenance import Capture
from graph.schema import CaptureTime, CaptureVia
from graph.store import DocumentRecord, Store
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry

_CAPTURE = Capture(
    via=CaptureVia.URL,
    input="https://example.org/a",
    url="https://example.org/a",
    final_url="https://www.example.org/a/",
    http_status=200,
    content_type="text/html; charset=utf-8",
    captured_at=datetime(2026, 3, 19, 9, 2, tzinfo=UTC),
    captured_at_kind=CaptureTime.FETCHED,
    sha256="ab" * 32,
    size=1234,
)


def test_a_capture_is_stored_and_read_back_whole(store: Store) -> None:
    with_capture = DocumentRecord(id="doc:1", uri="a", status="ok", capture=_CAPTURE)
    without = DocumentRecord(id="doc:2", uri="b", status="ok")
    store.record_documents([with_capture, without])
    assert store.document("doc:1") == with_capture
    assert store.documents(["doc:1", "doc:2"]) == {"doc:1": with_capture, "doc:2": without}
    assert store.document("doc:2").capture is None  # type: ignore[union-attr]


def test_ingest_records_each_documents_capture(
    store: Store, seeds_dir: Path, registry: Registry
) -> None:
    report = ingest([str(seeds_dir)], store, registry)
    ids = [item.document for item in report.items if item.status == "ok"]
    assert len(ids) == 2
    for doc_id, record in store.documents(ids).items():
        capture = record.capture
        assert capture is not None and capture.via is CaptureVia.FILE
        raw = (seeds_dir / Path(capture.input).name).read_bytes()
        assert doc_id == "doc:" + capture.sha256[:20] and capture.size == len(raw)
        assert capture.captured_at_kind is CaptureTime.FILE_MTIME
        mtime = (seeds_dir / Path(capture.input).name).stat().st_mtime
        assert capture.captured_at == datetime.fromtimestamp(mtime, UTC)


def test_an_older_embedded_store_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # The documents table as stores created it before captures were recorded.
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE documents (id TEXT PRIMARY KEY, uri TEXT NOT NULL, "
            "status TEXT NOT NULL, detail TEXT, nodes INTEGER, edges INTEGER)"
        )
        db.execute("INSERT INTO documents VALUES ('doc:old', 'old.txt', 'ok', NULL, 3, 2)")
    with EmbeddedStore(path) as store:
        old = store.document("doc:old")
        assert old == DocumentRecord(id="doc:old", uri="old.txt", status="ok", nodes=3, edges=2)
        assert old is not None and old.capture is None
        new = DocumentRecord(id="doc:new", uri="a", status="ok", capture=_CAPTURE)
        store.record_documents([new])
    with EmbeddedStore(path) as store:  # opened again: the upgrade is not repeated
        assert store.document("doc:new") == new
        assert store.document("doc:old").capture is None  # type: ignore[union-attr]


def test_older_neo4j_records_read_as_unknown(neo4j_credentials: tuple[str, str, str]) -> None:
    from graph.store.neo4j import Neo4jStore

    uri, user, password = neo4j_credentials
    with Neo4jStore(uri, user=user, password=password) as store:
        store.clear()
        # A record as older versions wrote it: no capture property at all.
        with store._session() as session:
            session.run(
                "CREATE (:Document {id: 'doc:old', uri: 'old.txt', status: 'ok', "
                "nodes: 3, edges: 2})"
            ).consume()
        old = store.document("doc:old")
        assert old == DocumentRecord(id="doc:old", uri="old.txt", status="ok", nodes=3, edges=2)
        store.record_documents([DocumentRecord(id="doc:old", uri="old.txt", status="ok")])
        assert store.document("doc:old").capture is None  # type: ignore[union-attr]
        store.clear()

"""Counts by kind, which GET /health reports: right on both stores after upserts, repeated
upserts and stub merges, and read on the embedded store from its counts table alone."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from graph.models import Edge, Evidence, Node
from graph.schema import EdgeKind, NodeKind
from graph.store import Store
from graph.store.embedded import EmbeddedStore

_EV = Evidence(text="selon", start=0, end=5, document="doc:c", method="pattern", confidence=0.8)


def _node(key: str, kind: NodeKind = NodeKind.ARTICLE, **kw: object) -> Node:
    return Node(key=key, kind=kind, name=key, **kw)  # type: ignore[arg-type]


def _edge(kind: EdgeKind, source: str, target: str) -> Edge:
    return Edge(type=kind, source=source, target=target, evidence=[_EV])


def _recount(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    nodes = Counter(n.kind.value for n in store.iter_nodes())
    edges = Counter(e.type.value for e in store.iter_edges())
    return dict(nodes), dict(edges)


def _write_some(store: Store) -> None:
    nodes = [
        _node("outlet:rt", NodeKind.OUTLET),
        _node("article:a"),
        _node("article:b"),
        _node("article:stub", stub=True),
        _node("person:x", NodeKind.PERSON),
    ]
    edges = [
        _edge(EdgeKind.CITES, "article:a", "article:stub"),
        _edge(EdgeKind.QUOTES, "article:a", "person:x"),
        _edge(EdgeKind.REPUBLISHES, "article:b", "article:a"),
    ]
    store.upsert(nodes, edges)
    store.upsert(nodes[:3], edges[:2])  # again: nothing new to count


def test_counts_follow_upserts_and_merges(store: Store) -> None:
    _write_some(store)
    counts = store.counts()
    assert counts.nodes == {"Article": 3, "Outlet": 1, "Person": 1}
    assert counts.edges == {"CITES": 1, "QUOTES": 1, "REPUBLISHES": 1}
    store.merge_stubs([("article:stub", "article:b")])  # deletes a node and moves an edge
    counts = store.counts()
    assert (counts.nodes, counts.edges) == _recount(store)
    assert counts.nodes["Article"] == 2 and counts.total_edges == 3


def test_embedded_counts_read_the_counts_table_only(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "c.db") as store:
        _write_some(store)
        read: set[str] = set()

        def watch(action: int, table: str | None, *_: object) -> int:
            if action == sqlite3.SQLITE_READ and table:
                read.add(table)
            return sqlite3.SQLITE_OK

        store._db.set_authorizer(watch)
        try:
            counts = store.counts()
        finally:
            store._db.set_authorizer(None)
        assert read == {"counts"}  # no scan of nodes or edges, however large they grow
        assert counts.total_nodes == 5


def test_an_older_embedded_file_gains_its_counts_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with EmbeddedStore(path) as store:
        _write_some(store)
        expected = store.counts()
    # A file written before the counts table existed.
    with sqlite3.connect(path) as db:
        for trigger in ("nodes_counted", "nodes_uncounted", "edges_counted", "edges_uncounted"):
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DROP TABLE counts")
    with EmbeddedStore(path) as store:
        assert store.counts() == expected
        store.upsert([_node("article:new")], [])
        assert store.counts().nodes["Article"] == expected.nodes["Article"] + 1
    with EmbeddedStore(path) as store:  # opened again: filled once, not twice
        assert store.counts().nodes["Article"] == expected.nodes["Article"] + 1

"""The embedded store's networkx view follows writes made through other connections."""

from __future__ import annotations

from pathlib import Path

from graph.models import Edge, Evidence, Node
from graph.queries import find_paths
from graph.results import dump
from graph.schema import EdgeKind, NodeKind
from graph.store.embedded import EmbeddedStore


def _article(key: str) -> Node:
    return Node(key=key, kind=NodeKind.ARTICLE, name=key)


def test_a_second_connection_sees_new_edges(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    server, writer = EmbeddedStore(db), EmbeddedStore(db)
    try:
        writer.upsert([_article("article:a"), _article("article:b")], [])
        assert dump(find_paths(server, "article:a", "article:b"))["paths"] == []  # view built
        evidence = Evidence(
            text="copied from a",
            start=0,
            end=13,
            document="doc:x",
            method="pattern",
            confidence=0.9,
        )
        writer.upsert(
            [],
            [
                Edge(
                    type=EdgeKind.REPUBLISHES,
                    source="article:b",
                    target="article:a",
                    evidence=[evidence],
                )
            ],
        )
        [path] = dump(find_paths(server, "article:a", "article:b"))["paths"]
        assert [h["type"] for h in path["hops"]] == ["republishes"]
    finally:
        server.close()
        writer.close()


def _edge(kind: EdgeKind, source: str, target: str) -> Edge:
    evidence = Evidence(
        text="x", start=0, end=1, document="doc:x", method="pattern", confidence=0.9
    )
    return Edge(type=kind, source=source, target=target, evidence=[evidence])


def test_edges_touching_gives_the_same_answer_without_building_the_view(
    tmp_path: Path,
) -> None:
    """After a write the view is stale; a lookup reads SQLite instead of rebuilding it."""
    store = EmbeddedStore(tmp_path / "s.db")
    try:
        store.upsert(
            [_article(f"article:{k}") for k in "abcd"],
            [
                _edge(EdgeKind.REPUBLISHES, "article:b", "article:a"),
                _edge(EdgeKind.TRANSLATES, "article:c", "article:a"),
                _edge(EdgeKind.CITES, "article:d", "article:a"),
                _edge(EdgeKind.REPUBLISHES, "article:d", "article:b"),
            ],
        )
        asks = [
            (["article:a"], [EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES], True),
            (["article:d", "article:b", "article:zz"], [EdgeKind.REPUBLISHES], False),
            (["article:a", "article:d"], [EdgeKind.CITES], True),
        ]
        without = [store.edges_touching(k, types=t, incoming=i) for k, t, i in asks]
        assert store._graph is None  # answered without the view
        store.graph()
        with_view = [store.edges_touching(k, types=t, incoming=i) for k, t, i in asks]
        assert without == with_view
        assert [[e.source for e in got] for got in without][1] == ["article:b", "article:d"]
    finally:
        store.close()

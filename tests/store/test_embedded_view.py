"""The embedded store's networkx view follows writes made through other connections."""

from __future__ import annotations

from pathlib import Path

from graph.models import Edge, Evidence, Node
from graph.queries import find_paths
from graph.schema import EdgeKind, NodeKind
from graph.store.embedded import EmbeddedStore


def _article(key: str) -> Node:
    return Node(key=key, kind=NodeKind.ARTICLE, name=key)


def test_a_second_connection_sees_new_edges(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    server, writer = EmbeddedStore(db), EmbeddedStore(db)
    try:
        writer.upsert([_article("article:a"), _article("article:b")], [])
        assert find_paths(server, "article:a", "article:b")["paths"] == []  # view built
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
        [path] = find_paths(server, "article:a", "article:b")["paths"]
        assert [h["type"] for h in path["hops"]] == ["republishes"]
    finally:
        server.close()
        writer.close()

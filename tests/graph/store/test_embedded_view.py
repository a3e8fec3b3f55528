"""The embedded store's networkx view follows writes made through other connections."""

from __future__ import annotations

from pathlib import Path

from graph.models import Edge, Evidence, Node
from graph.queries import (
    AmplificationOptions,
    PathOptions,
    amplification,
    find_paths,
)
from graph.results import dump
from graph.schema import EdgeKind, NodeKind
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.support.paths import CORPUS


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


def test_a_one_question_store_answers_as_the_viewed_one_without_the_view(
    tmp_path: Path, registry: Registry
) -> None:
    """``keep_view=False`` (the CLI) reads each hop through the indexes; path and
    amplification answers are the ones the networkx view gives, on the demo corpus."""
    db = tmp_path / "demo.db"
    with EmbeddedStore(db) as store:
        ingest([str(CORPUS)], store, registry)
    asks = [
        lambda st: find_paths(st, "Northwind Agency", "Klartext-Bote"),
        lambda st: find_paths(st, "Northwind Agency", "Klartext-Bote", options=PathOptions(k=5)),
        lambda st: amplification(st, "VTV International"),
        lambda st: amplification(
            st, "Northwind Agency", options=AmplificationOptions(undirected_reuse=True)
        ),
    ]
    with EmbeddedStore(db) as viewed:
        expected = [dump(ask(viewed)) for ask in asks]
        assert viewed._graph is not None
    with EmbeddedStore(db, keep_view=False) as one_shot:
        got = [dump(ask(one_shot)) for ask in asks]
        assert one_shot._graph is None  # no whole-store view was built
    assert got == expected
    assert expected[0]["paths"] and expected[2]["size"] > 1

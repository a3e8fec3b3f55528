"""Exports say which edges have no known direction, in every format."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from graph.export import export
from graph.models import Edge, Evidence, Node, ReuseDetail
from graph.schema import EdgeKind, NodeKind, ReuseDirection
from graph.store.embedded import EmbeddedStore


def _reuse(direction: ReuseDirection) -> Evidence:
    return Evidence(
        text="The walkout began at the Pivdennyi terminal",
        start=0,
        end=43,
        document="doc:copy",
        method="text_reuse",
        pattern="reuse:sentence_alignment",
        confidence=0.9,
        reuse=ReuseDetail(score=0.9, share=0.6, direction=direction, target_document="doc:o"),
    )


def _store(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "s.db")
    nodes = [Node(key=f"article:{k}", kind=NodeKind.ARTICLE, name=k) for k in "abc"]
    edges = [
        Edge(
            type=EdgeKind.REPUBLISHES,
            source="article:b",
            target="article:a",
            evidence=[_reuse(ReuseDirection.UNKNOWN)],
        ),
        Edge(
            type=EdgeKind.TRANSLATES,
            source="article:c",
            target="article:a",
            evidence=[_reuse(ReuseDirection.DATED)],
        ),
    ]
    store.upsert(nodes, edges)
    return store


def test_csv_and_json_carry_the_direction(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = {r["source"]: r for r in csv.DictReader(io.StringIO(export(store, "csv")))}
    assert rows["article:b"]["direction"] == "unknown"
    assert rows["article:c"]["direction"] == "known"


def test_gexf_edges_are_directed_or_not_and_keep_their_relation(tmp_path: Path) -> None:
    """GEXF's edge ``type`` is directed/undirected; the relation used to be written there
    ("republishes"), which no GEXF reader accepts."""
    root = ET.fromstring(export(_store(tmp_path), "gexf"))
    ns = {"g": root.tag.split("}")[0].strip("{")}
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attributes/g:attribute", ns)}
    edges = {}
    for e in root.iterfind(".//g:edge", ns):
        values = {titles[v.get("for")]: v.get("value") for v in e.iterfind(".//g:attvalue", ns)}
        edges[e.get("source")] = (e.get("type"), values["relation"], values["direction"])
    assert edges == {
        "article:b": ("undirected", "republishes", "unknown"),
        "article:c": ("directed", "translates", "known"),
    }


def test_graphml_carries_the_direction(tmp_path: Path) -> None:
    graphml = export(_store(tmp_path), "graphml")
    assert 'attr.name="direction"' in graphml
    assert ">unknown</data>" in graphml and ">known</data>" in graphml

"""The flow view shared by path and amplification queries.

Edges point from the derived article to its source, so content flows against them.
This module turns a store's edges into a networkx DiGraph whose edges point in flow
direction (source article -> derived article), expanding from a set of start nodes
one hop at a time. Both stores answer the same ``edges_touching`` calls, so the
flow graph, and every answer computed from it, is the same on either backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import BadInput
from graph.models import Edge, Node
from graph.schema import FLOW_EDGES, EdgeKind, NodeKind, ReviewStatus
from graph.store.base import Store

__all__ = [
    "FlowOptions",
    "end_nodes",
    "expand_flow",
    "hop_json",
    "node_json",
    "start_nodes",
    "with_outlets",
]


@dataclass(frozen=True, kw_only=True)
class FlowOptions:
    """Which edges carry a story, and how far to follow them."""

    types: tuple[EdgeKind, ...] = FLOW_EDGES
    max_hops: int = 6
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        if not 1 <= self.max_hops <= 20:
            raise BadInput("max_hops must be between 1 and 20", max_hops=self.max_hops)
        if not 0.0 <= self.min_confidence <= 1.0:
            raise BadInput(
                "min_confidence must be between 0 and 1", min_confidence=self.min_confidence
            )
        if not self.types:
            raise BadInput("at least one relation type is needed")


def start_nodes(store: Store, node: Node) -> list[str]:
    """Return the keys a story starts from: an outlet's articles and the outlet itself."""
    if node.kind is NodeKind.OUTLET:
        published = store.edges_touching([node.key], types=[EdgeKind.PUBLISHED_BY], incoming=True)
        return sorted({e.source for e in published} | {node.key})
    return [node.key]


def end_nodes(store: Store, node: Node) -> set[str]:
    """Return the keys where a story counts as having reached ``node``."""
    if node.kind is NodeKind.OUTLET:
        published = store.edges_touching([node.key], types=[EdgeKind.PUBLISHED_BY], incoming=True)
        return {e.source for e in published}
    return {node.key}


def _usable(edge: Edge, options: FlowOptions) -> bool:
    return edge.review is not ReviewStatus.REJECTED and edge.confidence >= options.min_confidence


def expand_flow(store: Store, starts: Iterable[str], options: FlowOptions) -> nx.DiGraph:
    """Return the flow graph reachable from ``starts`` within ``options.max_hops``.

    Each node carries ``depth`` (fewest hops from a start); each edge carries the
    stored ``edge`` it came from. Edges are added in id order so that graph
    algorithms that depend on insertion order break ties identically on every backend.
    """
    flow = nx.DiGraph()
    frontier = sorted(set(starts))
    for key in frontier:
        flow.add_node(key, depth=0)
    for depth in range(1, options.max_hops + 1):
        if not frontier:
            break
        edges = store.edges_touching(frontier, types=options.types, incoming=True)
        nxt: set[str] = set()
        for edge in sorted(edges, key=lambda e: e.id):
            if not _usable(edge, options):
                continue
            if edge.source not in flow:
                flow.add_node(edge.source, depth=depth)
                nxt.add(edge.source)
            if not flow.has_edge(edge.target, edge.source):
                flow.add_edge(edge.target, edge.source, edge=edge)
        frontier = sorted(nxt)
    return flow


def hop_json(edge: Edge, source: str, target: str) -> dict[str, Any]:
    """Return one hop in flow order (``from`` is upstream) with all its evidence."""
    return {
        "type": edge.type.wire,
        "from": source,
        "to": target,
        "edge": edge.id,
        "confidence": round(edge.confidence, 4),
        "review": edge.review.value,
        "evidence": [e.model_dump(mode="json") for e in edge.evidence],
    }


def node_json(node: Node, outlets: dict[str, Node]) -> dict[str, object]:
    """Return a node's wire shape with its outlet's name resolved."""
    data = node.to_json()
    if node.kind is NodeKind.OUTLET:
        data["outlet"], data["outlet_key"] = node.name, node.key
        if node.outlet_kind:
            data["outlet_kind"] = node.outlet_kind.value
    elif node.outlet:
        outlet = outlets.get(node.outlet)
        data["outlet_key"] = node.outlet
        data["outlet"] = outlet.name if outlet else node.outlet
        if outlet and outlet.outlet_kind:
            data["outlet_kind"] = outlet.outlet_kind.value
    return data


def with_outlets(store: Store, keys: Iterable[str]) -> tuple[dict[str, Node], dict[str, Node]]:
    """Fetch nodes and the outlets they name, in two round trips."""
    nodes = store.get_nodes(keys)
    outlets = store.get_nodes({n.outlet for n in nodes.values() if n.outlet})
    outlets.update({k: n for k, n in nodes.items() if n.kind is NodeKind.OUTLET})
    return nodes, outlets

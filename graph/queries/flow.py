"""The flow view shared by path and amplification queries.

Edges point from the derived article to its source, so content flows against them.
This module turns a store's edges into a networkx DiGraph whose edges point in flow
direction (source article -> derived article), expanding from a set of start nodes
one hop at a time. Both stores answer the same ``edges_touching`` calls, so the
flow graph, and every answer computed from it, is the same on either backend.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx

from graph.errors import BadInput, QueryTimeout
from graph.limits import MAX_HOPS
from graph.models import Edge, Evidence, Node
from graph.results import WireNode
from graph.schema import (
    EDGE_SPECS,
    FLOW_EDGES,
    NODE_SPECS,
    EdgeDirection,
    EdgeKind,
    EvidenceMethod,
    NodeKind,
    ReviewStatus,
)
from graph.store.base import EdgeRef, EvidenceRef, Store

__all__ = [
    "MAX_HOPS",
    "Deadline",
    "FlowOptions",
    "end_nodes",
    "expand_flow",
    "full_edges",
    "hop_json",
    "lag_hours",
    "node_json",
    "start_nodes",
    "wire_node",
    "with_outlets",
]


# Relations text reuse detects, whose direction may be unknown.
REUSE_EDGES = (EdgeKind.REPUBLISHES, EdgeKind.TRANSLATES)


@dataclass(frozen=True, kw_only=True)
class FlowOptions:
    """Which edges carry a story, and how far to follow them.

    ``exclude_methods`` drops evidence read by those methods (for example
    ``{"text_reuse"}`` keeps only attributed edges); an edge none of whose evidence is
    left is not followed. Text reuse between texts that cannot be ordered (no dates, or
    the same date) says nothing of who copied whom, so such evidence is ignored unless
    ``undirected_reuse``; then an edge resting on it alone is followed both ways, and
    its hops say ``"direction": "unknown"``. ``timeout`` (seconds) bounds the whole
    query: :class:`~graph.errors.QueryTimeout` is raised when it runs out.
    """

    types: tuple[EdgeKind, ...] = FLOW_EDGES
    max_hops: int = 6
    min_confidence: float = 0.0
    exclude_methods: frozenset[EvidenceMethod] = frozenset()
    undirected_reuse: bool = False
    timeout: float | None = None

    def __post_init__(self) -> None:
        # A method named by a string (the CLI, a notebook) must be one the schema
        # knows: a typo would otherwise exclude nothing, silently.
        try:
            methods = frozenset(EvidenceMethod.parse(m) for m in self.exclude_methods)
        except ValueError as exc:
            raise BadInput(str(exc), exclude_methods=sorted(self.exclude_methods)) from None
        object.__setattr__(self, "exclude_methods", methods)
        if not 1 <= self.max_hops <= MAX_HOPS:
            raise BadInput(f"max_hops must be between 1 and {MAX_HOPS}", max_hops=self.max_hops)
        if not 0.0 <= self.min_confidence <= 1.0:
            raise BadInput(
                "min_confidence must be between 0 and 1", min_confidence=self.min_confidence
            )
        if not self.types:
            raise BadInput("at least one relation type is needed")
        if self.timeout is not None and not self.timeout > 0:
            raise BadInput("timeout must be positive", timeout=self.timeout)

    def hop_confidence(self, edge: Edge | EdgeRef) -> float | None:
        """Return the confidence ``edge`` is followed with, or None if it is not followed."""
        if edge.review is ReviewStatus.REJECTED:
            return None
        evidence = self._followed(edge)
        if evidence is None:
            return None
        if edge.review is ReviewStatus.CONFIRMED:
            confidence = 1.0
        else:
            confidence = max((e.confidence for e in evidence), default=0.0)
        return confidence if confidence >= self.min_confidence else None

    def _followed(self, edge: Edge | EdgeRef) -> Sequence[Evidence | EvidenceRef] | None:
        """Return the evidence a query reads of ``edge``, or None if none is left."""
        evidence: Sequence[Evidence | EvidenceRef] = edge.evidence
        if not evidence:
            return evidence
        if self.exclude_methods:
            evidence = [e for e in evidence if e.method not in self.exclude_methods]
        if not self.undirected_reuse:
            evidence = [e for e in evidence if not e.undirected]
        return evidence or None

    def undirected(self, edge: Edge | EdgeRef) -> bool:
        """Whether all the evidence the query follows of ``edge`` leaves its direction
        unknown (it is then followed both ways)."""
        evidence = self._followed(edge)
        return bool(evidence) and all(e.undirected for e in evidence or ())


class Deadline:
    """A query's time budget, checked between store round trips and path candidates.

    Python cannot interrupt a running thread, so queries check cooperatively; every
    loop that can grow with the graph calls :meth:`check`.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self._end is not None and time.monotonic() > self._end:
            raise QueryTimeout(
                f"the query ran longer than {self.seconds:g} s; narrow it "
                "(fewer hops, fewer relation types, a higher min_confidence)",
                timeout=self.seconds,
            )


def _is_outlet(key: str) -> bool:
    return key.startswith(NODE_SPECS[NodeKind.OUTLET].key_prefix + ":")


def start_nodes(store: Store, node: Node) -> list[str]:
    """Return the keys a story starts from: an outlet's articles and the outlet itself."""
    if node.kind is NodeKind.OUTLET:
        published = store.adjacent_keys([node.key], types=[EdgeKind.PUBLISHED_BY], incoming=True)
        return sorted({*published, node.key})
    return [node.key]


def end_nodes(store: Store, node: Node, options: FlowOptions | None = None) -> set[str]:
    """Return the keys where a story counts as having reached ``node``.

    An outlet is reached through its articles; also through itself when ``options``
    follow an outlet-to-outlet relation (SHARES_INFRASTRUCTURE), the only edges that
    lead into an outlet in flow direction.
    """
    if node.kind is NodeKind.OUTLET:
        ends = set(store.adjacent_keys([node.key], types=[EdgeKind.PUBLISHED_BY], incoming=True))
        if options is not None and any(not EDGE_SPECS[t].directed for t in options.types):
            ends.add(node.key)
        return ends
    return {node.key}


def full_edges(store: Store, flow: nx.DiGraph, pairs: Iterable[tuple[str, str]]) -> dict[str, Edge]:
    """Return the full stored edges (with evidence text) behind some flow-graph edges."""
    refs: list[EdgeRef] = [flow.edges[a, b]["edge"] for a, b in pairs]
    found = {r.id: r.edge for r in refs if r.edge is not None}
    missing = [r.id for r in refs if r.id not in found]
    if missing:
        found.update(store.get_edges(missing))
    return found


def expand_flow(
    store: Store,
    starts: Iterable[str],
    options: FlowOptions,
    *,
    deadline: Deadline | None = None,
    upstream: bool = False,
    max_hops: int | None = None,
) -> nx.DiGraph:
    """Return the flow graph reachable from ``starts`` within ``max_hops`` (default:
    ``options.max_hops``).

    Downstream (the default) follows content from ``starts`` to the articles that
    derive from them; ``upstream=True`` walks back from ``starts`` to their sources.
    Either way the returned edges point in flow direction (source -> derived). Each
    node carries ``depth`` (fewest hops from a start); each edge carries the stored
    edge's :class:`~graph.store.base.EdgeRef` as ``edge`` (see :func:`full_edges` for
    its evidence) and the ``confidence`` it is followed with. Edges are added in id order so
    that graph algorithms that depend on insertion order break ties identically on
    every backend.
    """
    deadline = deadline or Deadline(options.timeout)
    hops = options.max_hops if max_hops is None else max_hops
    flow = nx.DiGraph()
    frontier = sorted(set(starts))
    for key in frontier:
        flow.add_node(key, depth=0)
    # A symmetric relation (SHARES_INFRASTRUCTURE) is stored once and followed both
    # ways, and only when asked for: content does not travel along it.
    symmetric = [t for t in options.types if not EDGE_SPECS[t].directed]
    # Edges whose direction may be unknown (text reuse), read against their direction too.
    both_ways = [t for t in options.types if t in REUSE_EDGES] if options.undirected_reuse else []
    for depth in range(1, hops + 1):
        if not frontier:
            break
        deadline.check()
        # Derived articles point at their sources: downstream means incoming edges.
        edges = store.edge_refs(frontier, types=options.types, incoming=not upstream)
        if symmetric:
            edges += store.edge_refs(frontier, types=symmetric, incoming=upstream)
            # An outlet reached through shared infrastructure stands for its articles,
            # as an origin outlet does: publication links the two, both ways.
            ends = [k for k in frontier if _is_outlet(k) != upstream]
            if ends:
                published = [EdgeKind.PUBLISHED_BY]
                edges += store.edge_refs(ends, types=published, incoming=not upstream)
        steps = [(edge, False) for edge in edges]
        if both_ways:
            steps += [
                (edge, True)
                for edge in store.edge_refs(frontier, types=both_ways, incoming=upstream)
                if options.undirected(edge)
            ]
        here = set(frontier)
        nxt: set[str] = set()
        for edge, against in steps:
            confidence = options.hop_confidence(edge)
            if confidence is None:
                continue
            if against:  # text reuse of unknown direction, taken the other way
                a, b = edge.source, edge.target
                new = a if upstream else b
            elif EDGE_SPECS[edge.type].directed:
                new = edge.target if upstream else edge.source
                a, b = edge.target, edge.source
            else:
                new = edge.target if edge.source in here else edge.source
                near = edge.source if new == edge.target else edge.target
                a, b = (new, near) if upstream else (near, new)
                if flow.has_edge(b, a):
                    continue  # already followed the other way: one hop, not a cycle
            if new not in flow:
                flow.add_node(new, depth=depth)
                nxt.add(new)
            undirected = options.undirected_reuse and options.undirected(edge)
            if not flow.has_edge(a, b) or confidence > flow.edges[a, b]["confidence"]:
                # Of parallel relations between two articles, keep the most confident.
                flow.add_edge(a, b, edge=edge, confidence=confidence, undirected=undirected)
        frontier = sorted(nxt)
    return flow


def hop_json(
    edge: Edge,
    source: str,
    target: str,
    *,
    confidence: float | None = None,
    undirected: bool = False,
) -> dict[str, Any]:
    """Return one hop in flow order (``from`` is upstream) with all its evidence.

    ``confidence`` is the one the query followed the edge with (after excluded
    methods); it defaults to the stored edge's. ``direction`` is ``unknown`` when the
    hop was followed on text reuse that cannot tell which text came first (then
    ``from`` and ``to`` are only the order the path took), else ``known``.
    """
    return {
        "type": edge.type.wire,
        "from": source,
        "to": target,
        "edge": edge.id,
        "confidence": round(edge.confidence if confidence is None else confidence, 4),
        "review": edge.review.value,
        "direction": (EdgeDirection.UNKNOWN if undirected else EdgeDirection.KNOWN).value,
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


W = TypeVar("W", bound=WireNode)


def wire_node(node: Node, outlets: dict[str, Node], model: type[W], **extra: object) -> W:
    """Return :func:`node_json` as ``model`` (a :class:`WireNode`), with ``extra`` fields
    after the node's own."""
    return model.model_validate(node_json(node, outlets) | extra)


def with_outlets(store: Store, keys: Iterable[str]) -> tuple[dict[str, Node], dict[str, Node]]:
    """Fetch nodes and the outlets they name, in two round trips."""
    nodes = store.get_nodes(keys)
    outlets = store.get_nodes({n.outlet for n in nodes.values() if n.outlet})
    outlets.update({k: n for k, n in nodes.items() if n.kind is NodeKind.OUTLET})
    return nodes, outlets


def lag_hours(upstream: Node | None, derived: Node | None) -> float | None:
    """Hours between two articles' publication, when both are dated."""
    if upstream is None or derived is None or not upstream.published or not derived.published:
        return None
    return round((derived.published - upstream.published).total_seconds() / 3600, 2)

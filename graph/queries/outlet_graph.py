"""The outlet graph: article-level flow aggregated to outlet -> outlet edges."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from graph.schema import FLOW_EDGES, EdgeKind, NodeKind, ReviewStatus
from graph.store.base import Store

__all__ = ["outlet_graph"]


def outlet_graph(store: Store, *, min_confidence: float = 0.0) -> dict[str, Any]:
    """Return outlets and flow-direction outlet edges with counts per relation type.

    An edge ``A -> B`` means content travelled from outlet A to outlet B: B's articles
    republish, translate or cite A's (or cite A itself). Each outlet also gets its
    PageRank in that graph (who the flow converges on as a source).
    """
    outlets = {n.key: n for n in store.iter_nodes(NodeKind.OUTLET)}
    publisher: dict[str, str] = {}
    for edge in store.iter_edges([EdgeKind.PUBLISHED_BY]):
        publisher.setdefault(edge.source, edge.target)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for edge in store.iter_edges(FLOW_EDGES):
        if edge.review is ReviewStatus.REJECTED or edge.confidence < min_confidence:
            continue
        derived = publisher.get(edge.source)
        origin = edge.target if edge.target in outlets else publisher.get(edge.target)
        if derived and origin and derived != origin:
            counts[(origin, derived)][edge.type.wire] += 1
    graph = nx.DiGraph()
    graph.add_nodes_from(outlets)
    for (a, b), c in counts.items():
        graph.add_edge(a, b, weight=sum(c.values()))
    # PageRank on the reversed graph ranks sources: flow points away from them.
    rank = nx.pagerank(graph.reverse(), weight="weight") if graph.number_of_edges() else {}
    active = {k for pair in counts for k in pair}
    return {
        "order": "flow",
        "outlets": [
            outlets[k].to_json()
            | {
                "source_rank": round(rank.get(k, 0.0), 4),
                "out_degree": graph.out_degree(k),
                "in_degree": graph.in_degree(k),
            }
            for k in sorted(active)
        ],
        "edges": [
            {"from": a, "to": b, "count": sum(c.values()), "types": dict(sorted(c.items()))}
            for (a, b), c in sorted(counts.items())
        ],
    }

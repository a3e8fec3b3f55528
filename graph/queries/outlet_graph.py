"""The outlet graph: article-level flow aggregated to outlet -> outlet edges."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from graph.queries.flow import FlowOptions
from graph.results import OutletGraphOut
from graph.schema import FLOW_EDGES, EdgeKind, NodeKind
from graph.store.base import Store

__all__ = ["EXACT_BETWEENNESS_LIMIT", "outlet_graph", "outlet_network"]

# Exact betweenness is O(V·E); above this many active outlets it is estimated from a
# fixed sample of pivots (seeded, so still identical on both backends).
EXACT_BETWEENNESS_LIMIT = 2000
_PIVOTS = 500


def outlet_network(
    store: Store, *, options: FlowOptions | None = None
) -> tuple[nx.DiGraph, dict[tuple[str, str], Counter[str]]]:
    """Return the outlet flow graph and the per-relation counts behind each edge.

    An edge ``A -> B`` means content travelled from outlet A to outlet B: B's articles
    republish, translate or cite A's (or cite A itself). Edges follow the same rules as
    path queries (rejected edges, ``min_confidence``, ``exclude_methods``, ``types``,
    and text reuse of unknown direction counted both ways only with ``undirected_reuse``).
    """
    options = options or FlowOptions()
    outlets = {n.key for n in store.iter_nodes(NodeKind.OUTLET)}
    publisher: dict[str, str] = {}
    for edge in store.iter_edges([EdgeKind.PUBLISHED_BY]):
        publisher.setdefault(edge.source, edge.target)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for edge in store.iter_edges([t for t in FLOW_EDGES if t in options.types]):
        if options.hop_confidence(edge) is None:
            continue
        derived = publisher.get(edge.source)
        origin = edge.target if edge.target in outlets else publisher.get(edge.target)
        if derived and origin and derived != origin:
            counts[(origin, derived)][edge.type.wire] += 1
            if options.undirected(edge):  # only followed when undirected_reuse is asked
                counts[(derived, origin)][edge.type.wire] += 1
    graph = nx.DiGraph()
    # Sorted insertion: networkx's iteration order, hence every tie, is then the same
    # whichever backend produced the counts.
    graph.add_nodes_from(sorted({k for pair in counts for k in pair}))
    for (a, b), c in sorted(counts.items()):
        graph.add_edge(a, b, weight=sum(c.values()))
    return graph, counts


def outlet_graph(
    store: Store, *, min_confidence: float = 0.0, options: FlowOptions | None = None
) -> OutletGraphOut:
    """Return the outlets that exchange content and the flow edges between them.

    Each edge has its ``count`` and its counts per relation type. Each outlet has its
    in- and out-degree (how many outlets it takes from / gives to), ``pagerank`` (where
    flow converges: the big amplifiers), ``source_rank`` (PageRank against the flow:
    the sources everything leads back to) and ``betweenness`` (how often it sits on
    the shortest route between two other outlets: the brokers and launderers).
    ``min_confidence`` is kept for callers that predate ``options``.
    """
    if options is None:
        options = FlowOptions(min_confidence=min_confidence)
    graph, counts = outlet_network(store, options=options)
    nodes = store.get_nodes(graph.nodes)
    has_edges = graph.number_of_edges() > 0
    rank = nx.pagerank(graph, weight="weight") if has_edges else {}
    source_rank = nx.pagerank(graph.reverse(), weight="weight") if has_edges else {}
    if graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT:
        between = nx.betweenness_centrality(graph, k=_PIVOTS, seed=0)
    else:
        between = nx.betweenness_centrality(graph)
    return OutletGraphOut.model_validate(
        {
            "order": "flow",
            "outlets": [
                nodes[k].to_json()
                | {
                    "in_degree": graph.in_degree(k),
                    "out_degree": graph.out_degree(k),
                    "pagerank": round(rank.get(k, 0.0), 4),
                    "source_rank": round(source_rank.get(k, 0.0), 4),
                    "betweenness": round(between.get(k, 0.0), 4),
                }
                for k in sorted(graph.nodes)
                if k in nodes
            ],
            "edges": [
                {"from": a, "to": b, "count": sum(c.values()), "types": dict(sorted(c.items()))}
                for (a, b), c in sorted(counts.items())
            ],
        }
    )

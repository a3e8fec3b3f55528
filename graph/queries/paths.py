"""Path queries: how did a story get from an origin to a destination?"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import BadInput
from graph.models import Edge, Node
from graph.queries.cascade import (
    FlowOptions,
    end_nodes,
    expand_flow,
    hop_json,
    node_json,
    start_nodes,
    with_outlets,
)
from graph.schema import EDGE_SPECS, NodeKind
from graph.store.base import Store

__all__ = ["PathOptions", "find_paths"]

_SOURCE, _SINK = "\x00source", "\x00sink"
# Candidates examined per requested path before giving up on filters such as time order.
_CANDIDATES_PER_PATH = 50


@dataclass(frozen=True, kw_only=True)
class PathOptions(FlowOptions):
    k: int = 3
    time_respecting: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.k <= 50:
            raise BadInput("k must be between 1 and 50", k=self.k)


def find_paths(
    store: Store, origin: str, destination: str, *, options: PathOptions | None = None
) -> dict[str, Any]:
    """Return up to ``k`` paths from ``origin`` to ``destination`` in flow order.

    ``origin`` and ``destination`` are names, domains, URLs or keys. Paths are ranked
    by number of hops, then by their weakest hop's confidence (strongest first), then
    by node keys, so the answer is deterministic.

    Examples
    --------
    After ingesting the seeds, ``find_paths(store, "RT", "Mondialisation.ca")``
    gives one path whose nodes are RT's article, Réseau International's translation
    and Mondialisation.ca's page, with hops ``translates`` then ``republishes``.
    """
    options = options or PathOptions()
    src = store.resolve(origin)[0]
    dst = store.resolve(destination)[0]
    starts = start_nodes(store, src)
    ends = end_nodes(store, dst)
    flow = expand_flow(store, starts, options)
    paths = _ranked_paths(flow, starts, ends, options, store)
    nodes, outlets = with_outlets(store, {k for p in paths for k in p})
    return {
        "origin": node_json(src, outlets),
        "destination": node_json(dst, outlets),
        "order": "flow",
        "paths": [_path_json(p, flow, nodes, outlets) for p in paths],
    }


def _ranked_paths(
    flow: nx.DiGraph, starts: list[str], ends: set[str], options: PathOptions, store: Store
) -> list[list[str]]:
    reachable_ends = sorted(e for e in ends if e in flow)
    if not reachable_ends:
        return []
    graph = flow.copy()
    for s in starts:
        graph.add_edge(_SOURCE, s)
    for e in reachable_ends:
        graph.add_edge(e, _SINK)
    candidates: list[list[str]] = []
    limit = options.k * _CANDIDATES_PER_PATH
    published: dict[str, Node] = {}
    for _a, _b, data in graph.edges(data=True):
        edge = data.get("edge")
        # Enumerate by the product of confidences: -log turns it into a path length.
        data["cost"] = -math.log(max(_hop_strength(edge), 1e-6)) if edge else 0.0
    for raw in itertools.islice(
        nx.shortest_simple_paths(graph, _SOURCE, _SINK, weight="cost"), limit
    ):
        path = raw[1:-1]
        if len(path) - 1 > options.max_hops:
            break
        # A path that passes through another end or start is a longer copy of a shorter one.
        if any(k in ends for k in path[:-1]) or any(k in starts for k in path[1:]):
            continue
        if options.time_respecting:
            missing = [k for k in path if k not in published]
            published.update(store.get_nodes(missing))
            if not _time_ordered([published[k] for k in path if k in published]):
                continue
        candidates.append(path)
    candidates.sort(key=lambda p: (-round(_strength(flow, p), 9), len(p), p))
    return candidates[: options.k]


def _hop_strength(edge: Edge) -> float:
    return edge.confidence * EDGE_SPECS[edge.type].flow_weight


def _strength(flow: nx.DiGraph, path: list[str]) -> float:
    """How much the whole chain can be trusted: the product of its hops' strengths."""
    return math.prod(_hop_strength(flow.edges[a, b]["edge"]) for a, b in itertools.pairwise(path))


def _weakest(flow: nx.DiGraph, path: list[str]) -> float:
    return min(
        (flow.edges[a, b]["edge"].confidence for a, b in itertools.pairwise(path)), default=1.0
    )


def _time_ordered(nodes: list[Node]) -> bool:
    """Each dated article must not predate the previous dated one."""
    dates = [n.published for n in nodes if n.kind is NodeKind.ARTICLE and n.published]
    return all(a <= b for a, b in itertools.pairwise(dates))


def _path_json(
    path: list[str], flow: nx.DiGraph, nodes: dict[str, Node], outlets: dict[str, Node]
) -> dict[str, Any]:
    hops = [hop_json(flow.edges[a, b]["edge"], a, b) for a, b in itertools.pairwise(path)]
    return {
        "nodes": [node_json(nodes[k], outlets) for k in path if k in nodes],
        "hops": hops,
        "length": len(hops),
        "confidence": round(_weakest(flow, path), 4),
        "strength": round(_strength(flow, path), 4),
    }

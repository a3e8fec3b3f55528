"""Path queries: how did a story get from an origin to a destination?"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import BadInput
from graph.limits import MAX_PATHS
from graph.models import Edge, Node
from graph.queries import flow
from graph.results import PathsOut
from graph.schema import EDGE_SPECS, EdgeDirection, EdgeKind, NodeKind
from graph.store.base import Store

__all__ = ["MAX_PATHS", "PathOptions", "find_paths"]

_SOURCE, _SINK = "\x00source", "\x00sink"
# Candidates examined per requested path before giving up on filters such as time order.
_CANDIDATES_PER_PATH = 50
_EPS = 1e-9


@dataclass(frozen=True, kw_only=True)
class PathOptions(flow.FlowOptions):
    """Options of :func:`find_paths`: ``k`` alternative paths, and ``time_respecting``
    (each dated article published no earlier than the previous dated one)."""

    k: int = 3
    time_respecting: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.k <= MAX_PATHS:
            raise BadInput(f"k must be between 1 and {MAX_PATHS}", k=self.k)


def find_paths(
    store: Store, origin: str, destination: str, *, options: PathOptions | None = None
) -> PathsOut:
    """Return up to ``k`` paths from ``origin`` to ``destination`` in flow order.

    ``origin`` and ``destination`` are names, aliases, domains, URLs or keys of outlets
    or articles. An outlet stands for all its articles (and, as an origin, for itself,
    since an article may cite the outlet rather than one of its pieces). Paths are
    ranked by strength (the product of their hops' confidences, weighted by how much
    content a relation carries: a citation less than a copy), then by number of hops,
    then by node keys, so the answer is deterministic and the same on every backend.

    Each path lists its article ``nodes`` and its ``hops`` (relation, evidence, and the
    lag in hours when both ends are dated), and ``outlet_hops``: the same path at the
    outlet level, each outlet hop naming the article hops that make it.
    ``outlet_chains`` groups the article paths by the outlet chain they support.

    Examples
    --------
    >>> from graph.store.embedded import EmbeddedStore
    >>> from loaders.ingest import ingest
    >>> from loaders.registry import load_registry
    >>> store = EmbeddedStore(DEMO_STORE)
    >>> _ = ingest([SEEDS], store, load_registry([DEMO_REGISTRY]))
    >>> [chain.outlets for chain in find_paths(store, "RT", "Mondialisation.ca").outlet_chains]
    [['RT', 'Réseau International', 'Mondialisation.ca']]
    """
    options = options or PathOptions()
    deadline = flow.Deadline(options.timeout)
    src = store.resolve(origin)[0]
    dst = store.resolve(destination)[0]
    starts = flow.start_nodes(store, src)
    ends = flow.end_nodes(store, dst, options)
    space = _search_space(store, starts, ends, options, deadline)
    published: dict[str, Node] = {}
    paths = _ranked_paths(space, starts, ends, options, store, deadline, published)
    nodes, outlets = flow.with_outlets(store, {k for p in paths for k in p})
    edges = flow.full_edges(store, space, (pair for p in paths for pair in itertools.pairwise(p)))
    rendered = [_path_json(p, space, nodes, outlets, edges) for p in paths]
    return PathsOut.model_validate(
        {
            "origin": flow.node_json(src, outlets),
            "destination": flow.node_json(dst, outlets),
            "order": "flow",
            "paths": rendered,
            "outlet_chains": _outlet_chains(rendered),
        }
    )


def _search_space(
    store: Store, starts: list[str], ends: set[str], options: PathOptions, deadline: flow.Deadline
) -> nx.DiGraph:
    """Return a flow graph holding every path of at most ``max_hops`` hops.

    Bidirectional: it grows a ball downstream from the starts and one upstream from
    the ends, always the one with the smaller frontier, until their radii add up to
    ``max_hops``. A path of length L <= max_hops then has its first ``r_down`` hops in
    the downstream ball and the rest in the upstream one, so the union holds it, at a
    fraction of the cost of following everything the origin reached for max_hops.
    """
    down = nx.DiGraph()
    up = nx.DiGraph()
    front_down, front_up = sorted(set(starts)), sorted(ends)
    seen_down, seen_up = set(front_down), set(front_up)
    radius = 0
    while radius < options.max_hops and front_down and front_up:
        upstream = len(front_up) < len(front_down)
        frontier, seen, graph = (
            (front_up, seen_up, up) if upstream else (front_down, seen_down, down)
        )
        layer = flow.expand_flow(
            store, frontier, options, deadline=deadline, upstream=upstream, max_hops=1
        )
        graph.add_edges_from(layer.edges(data=True))
        nxt = sorted(k for k in layer if k not in seen)
        seen.update(nxt)
        if upstream:
            front_up = nxt
        else:
            front_down = nxt
        radius += 1
    # Between two articles keep the strongest relation (a copy over a mere citation);
    # ties go to the lower edge id, so both backends pick the same one.
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for g in (down, up):
        for a, b, data in g.edges(data=True):
            held = best.get((a, b))
            if held is None or (-_hop_strength(data), data["edge"].id) < (
                -_hop_strength(held),
                held["edge"].id,
            ):
                best[(a, b)] = data
    space = nx.DiGraph()
    for (a, b), data in sorted(best.items()):
        space.add_edge(a, b, **data)
    return _prune(space, starts, ends, options.max_hops)


def _prune(space: nx.DiGraph, starts: list[str], ends: set[str], max_hops: int) -> nx.DiGraph:
    """Keep the nodes that lie on some start -> end walk of at most ``max_hops`` hops."""
    starts_in = [s for s in starts if s in space]
    ends_in = [e for e in sorted(ends) if e in space]
    if not starts_in or not ends_in:
        return nx.DiGraph()
    after = _hop_distances(space, starts_in, max_hops)
    before = _hop_distances(space.reverse(copy=False), ends_in, max_hops)
    keep = [k for k in space if k in after and k in before and after[k] + before[k] <= max_hops]
    return space.subgraph(keep).copy()


def _hop_distances(graph: nx.DiGraph, sources: list[str], cutoff: int) -> dict[str, int]:
    dist = dict.fromkeys(sources, 0)
    frontier = list(sources)
    for depth in range(1, cutoff + 1):
        nxt = []
        for key in frontier:
            for other in graph.successors(key):
                if other not in dist:
                    dist[other] = depth
                    nxt.append(other)
        frontier = nxt
    return dist


def _ranked_paths(
    space: nx.DiGraph,
    starts: list[str],
    ends: set[str],
    options: PathOptions,
    store: Store,
    deadline: flow.Deadline,
    published: dict[str, Node],
) -> list[list[str]]:
    reachable_ends = sorted(e for e in ends if e in space)
    if not reachable_ends:
        return []
    graph = space.copy()
    for _a, _b, data in graph.edges(data=True):
        # Enumerate by the product of strengths: -log turns it into a path length.
        data["cost"] = -math.log(max(_hop_strength(data), 1e-6))
    for s in starts:
        if s in graph:
            graph.add_edge(_SOURCE, s, cost=0.0)
    for e in reachable_ends:
        graph.add_edge(e, _SINK, cost=0.0)
    if _SOURCE not in graph:
        return []
    candidates: list[tuple[float, list[str]]] = []
    limit = options.k * _CANDIDATES_PER_PATH
    try:
        for raw in itertools.islice(
            nx.shortest_simple_paths(graph, _SOURCE, _SINK, weight="cost"), limit
        ):
            deadline.check()
            path = raw[1:-1]
            cost = sum(graph.edges[a, b]["cost"] for a, b in itertools.pairwise(path))
            # Enumeration is in order of cost: once k paths are in hand, stop at the
            # first strictly weaker candidate (equal ones are kept for the tie-break).
            if len(candidates) >= options.k and cost > candidates[-1][0] + _EPS:
                break
            if len(path) < 2 or len(path) - 1 > options.max_hops:
                continue
            # A path through another end or start is a longer copy of a shorter one.
            if any(k in ends for k in path[:-1]) or any(k in starts for k in path[1:]):
                continue
            if options.time_respecting:
                published.update(store.get_nodes(k for k in path if k not in published))
                if not _time_ordered([published[k] for k in path if k in published]):
                    continue
            candidates.append((cost, path))
    except nx.NetworkXNoPath:
        return []
    ranked = sorted(candidates, key=lambda c: (-round(_strength(space, c[1]), 9), len(c[1]), c[1]))
    return [p for _cost, p in ranked[: options.k]]


def _hop_strength(data: dict[str, Any]) -> float:
    kind: EdgeKind = data["edge"].type
    return float(data["confidence"]) * EDGE_SPECS[kind].flow_weight


def _strength(space: nx.DiGraph, path: list[str]) -> float:
    """How much the whole chain can be trusted: the product of its hops' strengths."""
    return math.prod(_hop_strength(space.edges[a, b]) for a, b in itertools.pairwise(path))


def _weakest(space: nx.DiGraph, path: list[str]) -> float:
    return min(
        (float(space.edges[a, b]["confidence"]) for a, b in itertools.pairwise(path)),
        default=1.0,
    )


def _time_ordered(nodes: list[Node]) -> bool:
    """Each dated article must not predate the previous dated one."""
    dates = [n.published for n in nodes if n.kind is NodeKind.ARTICLE and n.published]
    return all(a <= b for a, b in itertools.pairwise(dates))


def _outlet_of(key: str, nodes: dict[str, Node]) -> str | None:
    node = nodes.get(key)
    if node is None:
        return None
    return node.key if node.kind is NodeKind.OUTLET else node.outlet


def _path_json(
    path: list[str],
    space: nx.DiGraph,
    nodes: dict[str, Node],
    outlets: dict[str, Node],
    edges: dict[str, Edge],
) -> dict[str, Any]:
    hops = []
    for a, b in itertools.pairwise(path):
        data = space.edges[a, b]
        hop = flow.hop_json(
            edges[data["edge"].id],
            a,
            b,
            confidence=data["confidence"],
            undirected=data.get("undirected", False),
        )
        hop["lag_hours"] = flow.lag_hours(nodes.get(a), nodes.get(b))
        hops.append(hop)
    return {
        "nodes": [flow.node_json(nodes[k], outlets) for k in path if k in nodes],
        "hops": hops,
        "length": len(hops),
        "confidence": round(_weakest(space, path), 4),
        "strength": round(_strength(space, path), 4),
        "outlet_hops": _outlet_hops(path, hops, nodes, outlets),
    }


def _outlet_hops(
    path: list[str],
    hops: list[dict[str, Any]],
    nodes: dict[str, Node],
    outlets: dict[str, Node],
) -> list[dict[str, Any]]:
    """Collapse article hops into outlet hops; hops inside one outlet (or from an
    article whose outlet is unknown) join the next hop that changes outlet."""
    out: list[dict[str, Any]] = []
    pending: list[int] = []
    current = _outlet_of(path[0], nodes)
    for i, hop in enumerate(hops):
        pending.append(i)
        nxt = _outlet_of(hop["to"], nodes)
        if nxt is None or nxt == current:
            continue
        if current is not None:
            out.append(
                {
                    "from": current,
                    "to": nxt,
                    "from_name": outlets[current].name if current in outlets else current,
                    "to_name": outlets[nxt].name if nxt in outlets else nxt,
                    "types": sorted({hops[j]["type"] for j in pending}),
                    "hops": pending,
                    "direction": (
                        EdgeDirection.UNKNOWN
                        if any(hops[j]["direction"] == EdgeDirection.UNKNOWN for j in pending)
                        else EdgeDirection.KNOWN
                    ).value,
                }
            )
        pending = []
        current = nxt
    return out


def _outlet_chains(paths: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group article paths by the chain of outlets they travel through."""
    chains: dict[tuple[str, ...], dict[str, Any]] = {}
    for i, p in enumerate(paths):
        if not p["outlet_hops"]:
            continue
        keys = (p["outlet_hops"][0]["from"], *(h["to"] for h in p["outlet_hops"]))
        names = [p["outlet_hops"][0]["from_name"], *(h["to_name"] for h in p["outlet_hops"])]
        chains.setdefault(keys, {"keys": list(keys), "outlets": names, "paths": []})
        chains[keys]["paths"].append(i)
    return list(chains.values())

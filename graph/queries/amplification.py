"""Amplification: who spreads a source's content, how far and how fast."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import networkx as nx

from graph.dates import utc
from graph.errors import BadInput
from graph.models import Node
from graph.queries.flow import (
    Deadline,
    FlowOptions,
    expand_flow,
    full_edges,
    hop_json,
    lag_hours,
    node_json,
    start_nodes,
    with_outlets,
)
from graph.results import AmplificationOut
from graph.schema import NodeKind
from graph.store.base import Store

__all__ = ["MAX_LISTED", "AmplificationOptions", "amplification"]

MAX_LISTED = 5000
_ROOT = "\x00root"


@dataclass(frozen=True, kw_only=True)
class AmplificationOptions(FlowOptions):
    """Options of :func:`amplification`.

    ``since`` / ``until`` keep the reached articles published in that window (an
    undated article is left out once a window is set); the cascade is still followed
    through articles outside it, so a late copy of an early copy is found. ``top``
    bounds the amplifier and bridge lists, ``limit`` the listed articles and edges
    (the statistics always cover the whole cascade).
    """

    top: int = 10
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 1000
    # Also list the source's own articles the cascade starts from (a drawing needs
    # them to anchor its first hops); they are read anyway, so this costs no query.
    start_nodes: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.top <= 100:
            raise BadInput("top must be between 1 and 100", top=self.top)
        if not 0 <= self.limit <= MAX_LISTED:
            raise BadInput(f"limit must be between 0 and {MAX_LISTED}", limit=self.limit)
        if self.since and self.until and utc(self.since) > utc(self.until):
            raise BadInput("since is after until", since=str(self.since), until=str(self.until))

    def in_window(self, node: Node) -> bool:
        if self.since is None and self.until is None:
            return True
        if node.published is None:
            return False
        when = utc(node.published)
        return (self.since is None or when >= utc(self.since)) and (
            self.until is None or when <= utc(self.until)
        )


def amplification(
    store: Store, source: str, *, options: AmplificationOptions | None = None
) -> AmplificationOut:
    """Return the downstream cascade of ``source`` (an outlet, article or actor).

    The cascade is every article that republishes, translates or cites the source,
    directly or through others, within ``max_hops``. Reported: ``size``, ``depth``,
    ``breadth`` (the most articles at one depth), the ``outlets`` reached (with the hop
    at which each first appears) and ``languages``; ``lag_hours``, the delay of each
    hop whose two ends are dated (min and median, overall and per depth);
    ``top_amplifiers`` (outlets by articles in the cascade); ``bridges``, the
    intermediaries that carry the flow: for an article or an outlet, the share of the
    cascade's articles that the source reaches *only* through it (computed on the
    dominator tree of the cascade, so an article reached by two independent routes
    counts for neither); and a daily ``timeline``.

    Examples
    --------
    The seeds: RT's article, translated by Réseau International, whose translation
    Mondialisation.ca republishes.

    >>> from loaders.ingest import ingest
    >>> from loaders.registry import load_registry
    >>> from graph.store.embedded import EmbeddedStore
    >>> with EmbeddedStore(DEMO_STORE) as seeds:
    ...     report = ingest([SEEDS], seeds, load_registry([DEMO_REGISTRY]))
    ...     cascade = amplification(seeds, "RT")
    >>> [(o.name, o.first_depth) for o in cascade.outlets]
    [('Réseau International', 1), ('Mondialisation.ca', 2)]
    """
    options = options or AmplificationOptions()
    deadline = Deadline(options.timeout)
    src = store.resolve(source)[0]
    starts = start_nodes(store, src)
    flow = expand_flow(store, starts, options, deadline=deadline)
    deadline.check()
    nodes, outlets = with_outlets(store, flow.nodes)
    start_set = set(starts)
    cascade = sorted(
        (
            k
            for k in flow.nodes
            if k not in start_set and k in nodes and nodes[k].kind is NodeKind.ARTICLE
        ),
        key=lambda k: (flow.nodes[k]["depth"], k),
    )
    reached = [k for k in cascade if options.in_window(nodes[k])]
    depth_of = {k: flow.nodes[k]["depth"] for k in reached}
    depths = Counter(depth_of.values())
    own_outlet = src.key if src.kind is NodeKind.OUTLET else src.outlet

    per_outlet: dict[str, dict[str, Any]] = {}
    for key in reached:
        node = nodes[key]
        okey = node.outlet or "unknown"
        if okey == own_outlet:
            continue
        entry = per_outlet.setdefault(
            okey,
            {
                "key": okey,
                "name": outlets[okey].name if okey in outlets else okey,
                "kind": _kind(outlets.get(okey)),
                "articles": 0,
                "first_depth": depth_of[key],
                "languages": set(),
            },
        )
        entry["articles"] += 1
        entry["first_depth"] = min(entry["first_depth"], depth_of[key])
        if node.language:
            entry["languages"].add(node.language)
    for entry in per_outlet.values():
        entry["languages"] = sorted(entry["languages"])

    deadline.check()
    through_article, through_outlet = _bridges(flow, starts, reached, nodes, own_outlet)
    size = len(reached)
    amplifiers = sorted(
        per_outlet.values(),
        key=lambda o: (-o["articles"], -through_outlet.get(o["key"], 0), o["key"]),
    )
    article_bridges = sorted(through_article.items(), key=lambda kv: (-kv[1], kv[0]))
    outlet_bridges = sorted(through_outlet.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = reached[: options.limit]
    # Outlets the cascade passed through (shared infrastructure, when asked for) are
    # drawn with it; hops among the source's own start nodes are not part of it.
    passed = {k for k in flow.nodes if k in nodes and nodes[k].kind is NodeKind.OUTLET}
    listed_set = set(listed) | start_set | passed
    listed_edges = [
        (a, b, data)
        for a, b, data in sorted(flow.edges(data=True))
        if a in listed_set and b in listed_set and not (a in start_set and b in start_set)
    ]
    edges = full_edges(store, flow, ((a, b) for a, b, _ in listed_edges))
    result = {
        "source": node_json(src, outlets),
        "order": "flow",
        "size": size,
        "depth": max(depths, default=0),
        "breadth": max(depths.values(), default=0),
        "per_depth": [{"depth": d, "articles": depths[d]} for d in sorted(depths)],
        "outlets": sorted(per_outlet.values(), key=lambda o: (o["first_depth"], o["key"])),
        "languages": dict(
            sorted(Counter(nodes[k].language for k in reached if nodes[k].language).items())
        ),
        "lag_hours": _lag_summary(flow, nodes, set(reached)),
        "top_amplifiers": amplifiers[: options.top],
        "bridges": [
            node_json(nodes[k], outlets) | {"through": n, "share": _share(n, size)}
            for k, n in article_bridges[: options.top]
        ],
        "bridge_outlets": [
            {
                "key": k,
                "name": outlets[k].name if k in outlets else k,
                "kind": _kind(outlets.get(k)),
                "through": n,
                "share": _share(n, size),
            }
            for k, n in outlet_bridges[: options.top]
        ],
        "timeline": _timeline([nodes[k] for k in reached]),
        "articles_total": size,
        "articles": [node_json(nodes[k], outlets) | {"depth": depth_of[k]} for k in listed],
        "edges": [
            hop_json(
                edges[data["edge"].id],
                a,
                b,
                confidence=data["confidence"],
                undirected=data.get("undirected", False),
            )
            for a, b, data in listed_edges
        ],
    }
    if options.start_nodes:
        drawn = ({a for a, _b, _data in listed_edges} & start_set) - {src.key}
        result["start_nodes"] = [
            node_json(nodes[k], outlets) | {"depth": 0} for k in sorted(drawn) if k in nodes
        ]
    return AmplificationOut.model_validate(result)


def _kind(outlet: Node | None) -> str:
    return outlet.outlet_kind.value if outlet and outlet.outlet_kind else "unknown"


def _share(n: int, size: int) -> float:
    return round(n / size, 4) if size else 0.0


def _lag_summary(flow: nx.DiGraph, nodes: dict[str, Node], reached: set[str]) -> dict[str, Any]:
    """Lag (hours) of every hop into a reached article whose two ends are dated."""
    by_depth: dict[int, list[float]] = defaultdict(list)
    for a, b in flow.edges:
        if b not in reached:
            continue
        lag = lag_hours(nodes.get(a), nodes.get(b))
        if lag is not None:
            by_depth[flow.nodes[b]["depth"]].append(lag)
    lags = sorted(x for values in by_depth.values() for x in values)
    return {
        "hops_dated": len(lags),
        "min": min(lags) if lags else None,
        "median": round(statistics.median(lags), 2) if lags else None,
        "per_depth": [
            {
                "depth": d,
                "hops_dated": len(by_depth[d]),
                "min": min(by_depth[d]),
                "median": round(statistics.median(by_depth[d]), 2),
            }
            for d in sorted(by_depth)
        ],
    }


def _bridges(
    flow: nx.DiGraph,
    starts: list[str],
    reached: list[str],
    nodes: dict[str, Node],
    own_outlet: str | None,
) -> tuple[dict[str, int], dict[str, int]]:
    """Count, per intermediary article and per intermediary outlet, the reached
    articles that every route from the source passes through it.

    An article X dominates Y when every flow path from the source to Y passes through
    X. Walking up each article's dominator chain (at most ``max_hops`` long) counts
    what each intermediary carries exclusively, in O(articles x hops).
    """
    if not reached:
        return {}, {}
    graph = nx.DiGraph()
    graph.add_edges_from((_ROOT, s) for s in starts if s in flow)
    graph.add_edges_from(flow.edges)
    idom = nx.immediate_dominators(graph, _ROOT)
    start_set = set(starts)
    by_article: Counter[str] = Counter()
    by_outlet: Counter[str] = Counter()
    for key in reached:
        own = nodes[key].outlet
        seen_outlets: set[str] = set()
        up = idom.get(key, _ROOT)
        while up != _ROOT and up not in start_set:
            by_article[up] += 1
            outlet = nodes[up].outlet if up in nodes else None
            if outlet and outlet not in (own, own_outlet) and outlet not in seen_outlets:
                seen_outlets.add(outlet)
                by_outlet[outlet] += 1
            up = idom[up]
    return dict(by_article), dict(by_outlet)


def _timeline(articles: list[Node]) -> list[dict[str, Any]]:
    days: dict[str, int] = defaultdict(int)
    for node in articles:
        if node.published:
            days[node.published.date().isoformat()] += 1
    return [{"date": d, "articles": n} for d, n in sorted(days.items())]

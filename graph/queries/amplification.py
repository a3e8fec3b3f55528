"""Amplification: who spreads a source's content, how far and how fast."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.errors import BadInput
from graph.models import Node
from graph.queries.cascade import (
    FlowOptions,
    expand_flow,
    hop_json,
    node_json,
    start_nodes,
    with_outlets,
)
from graph.schema import NodeKind
from graph.store.base import Store

__all__ = ["AmplificationOptions", "amplification"]


@dataclass(frozen=True, kw_only=True)
class AmplificationOptions(FlowOptions):
    top: int = 10

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.top <= 100:
            raise BadInput("top must be between 1 and 100", top=self.top)


def amplification(
    store: Store, source: str, *, options: AmplificationOptions | None = None
) -> dict[str, Any]:
    """Return the downstream cascade of ``source`` (an outlet, article or actor).

    The cascade is every article that republishes, translates or cites the source,
    directly or through others, within ``max_hops``. Reported: size, depth, breadth,
    outlets reached (with the hop at which each first appears), languages, lag per hop
    in hours (min and median, where both ends are dated), top amplifiers, bridges and
    a daily timeline.

    Examples
    --------
    After ingesting the seeds, ``amplification(store, "RT")["outlets"]`` lists
    Réseau International at depth 1 and Mondialisation.ca at depth 2.
    """
    options = options or AmplificationOptions()
    src = store.resolve(source)[0]
    starts = start_nodes(store, src)
    flow = expand_flow(store, starts, options)
    nodes, outlets = with_outlets(store, flow.nodes)
    start_set = set(starts)
    reached = sorted(
        (
            k
            for k in flow.nodes
            if k not in start_set and k in nodes and nodes[k].kind is NodeKind.ARTICLE
        ),
        key=lambda k: (flow.nodes[k]["depth"], k),
    )
    depths = Counter(flow.nodes[k]["depth"] for k in reached)
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
                "first_depth": flow.nodes[key]["depth"],
                "languages": set(),
            },
        )
        entry["articles"] += 1
        entry["first_depth"] = min(entry["first_depth"], flow.nodes[key]["depth"])
        if node.language:
            entry["languages"].add(node.language)

    lags = _lags(flow, nodes)
    carried = _descendants(flow, reached)
    amplifiers = sorted(
        per_outlet.values(),
        key=lambda o: (
            -o["articles"],
            -sum(carried.get(k, 0) for k in reached if nodes[k].outlet == o["key"]),
            o["key"],
        ),
    )
    bridges = sorted(
        ((k, n) for k, n in carried.items() if n > 0),
        key=lambda kv: (-kv[1], kv[0]),
    )[: options.top]
    return {
        "source": node_json(src, outlets),
        "order": "flow",
        "size": len(reached),
        "depth": max(depths, default=0),
        "breadth": max(depths.values(), default=0),
        "per_depth": [{"depth": d, "articles": depths[d]} for d in sorted(depths)],
        "outlets": [
            o | {"languages": sorted(o["languages"])}
            for o in sorted(per_outlet.values(), key=lambda o: (o["first_depth"], o["key"]))
        ],
        "languages": dict(
            sorted(Counter(nodes[k].language for k in reached if nodes[k].language).items())
        ),
        "lag_hours": {
            "hops_dated": len(lags),
            "min": round(min(lags), 2) if lags else None,
            "median": round(statistics.median(lags), 2) if lags else None,
        },
        "top_amplifiers": [
            o | {"languages": sorted(o["languages"])} for o in amplifiers[: options.top]
        ],
        "bridges": [
            node_json(nodes[k], outlets) | {"downstream": n} for k, n in bridges if k in nodes
        ],
        "timeline": _timeline([nodes[k] for k in reached]),
        "articles": [
            node_json(nodes[k], outlets) | {"depth": flow.nodes[k]["depth"]} for k in reached
        ],
        "edges": [hop_json(data["edge"], a, b) for a, b, data in sorted(flow.edges(data=True))],
    }


def _kind(outlet: Node | None) -> str:
    return outlet.outlet_kind.value if outlet and outlet.outlet_kind else "unknown"


def _lags(flow: nx.DiGraph, nodes: dict[str, Node]) -> list[float]:
    lags = []
    for a, b in flow.edges:
        pa, pb = nodes.get(a), nodes.get(b)
        if pa and pb and pa.published and pb.published:
            lags.append((pb.published - pa.published).total_seconds() / 3600)
    return sorted(lags)


def _descendants(flow: nx.DiGraph, reached: list[str]) -> dict[str, int]:
    """Articles downstream of each intermediary: how much of the flow passes through it."""
    return {k: len(nx.descendants(flow, k)) for k in reached}


def _timeline(articles: list[Node]) -> list[dict[str, Any]]:
    days: dict[str, int] = defaultdict(int)
    for node in articles:
        if node.published:
            days[node.published.date().isoformat()] += 1
    return [{"date": d, "articles": n} for d, n in sorted(days.items())]

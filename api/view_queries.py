"""The one place where views and explorer pages call graph queries and JSON routes.

The query layer is evolving (options, result shapes); views and pages go through these
thin functions so that a signature change is fixed here once, not in every page.
"""

from __future__ import annotations

from typing import Any

from graph.errors import NotFound
from graph.queries import (
    AmplificationOptions,
    PathOptions,
    amplification,
    find_paths,
    outlet_graph,
)
from graph.queries.flow import node_json
from graph.queries.infrastructure import OperatorsOut, shared_links
from graph.queries.infrastructure import operators as infrastructure_operators
from graph.queries.lookup import article_detail
from graph.queries.lookup import outlet_profile as lookup_outlet_profile
from graph.queries.lookup import search as lookup_search
from graph.schema import NodeKind
from graph.store import Store

__all__ = [
    "article_page",
    "cascade",
    "operators",
    "outlet_flow_graph",
    "outlet_key",
    "outlet_node",
    "outlet_profile",
    "outlets",
    "paths",
    "search",
    "shared",
]


def paths(store: Store, origin: str, destination: str, options: PathOptions) -> dict[str, Any]:
    """``find_paths``: paths in flow order, each hop with its evidence."""
    return find_paths(store, origin, destination, options=options)


def cascade(store: Store, source: str, options: AmplificationOptions) -> dict[str, Any]:
    """``amplification`` plus ``start_nodes``: the source's own articles (depth 0).

    The amplification result lists only the articles reached downstream; a drawing
    also needs the articles the cascade starts from, or its first hops dangle.
    """
    result = amplification(store, source, options=options)
    known = {result["source"]["key"]} | {a["key"] for a in result["articles"]}
    missing = {e["from"] for e in result["edges"]} - known
    found = store.get_nodes(missing)
    owners = store.get_nodes({n.outlet for n in found.values() if n.outlet})
    result["start_nodes"] = [node_json(found[k], owners) | {"depth": 0} for k in sorted(found)]
    return result


def outlet_flow_graph(store: Store, min_confidence: float = 0.0) -> dict[str, Any]:
    """``outlet_graph``: outlet -> outlet flow edges with counts per relation type."""
    return outlet_graph(store, min_confidence=min_confidence)


def outlets(store: Store) -> list[dict[str, Any]]:
    """Every outlet's wire shape, by name."""
    return sorted(
        (n.to_json() for n in store.iter_nodes(NodeKind.OUTLET)),
        key=lambda o: str(o["name"]).lower(),
    )


def search(store: Store, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """The ``/search`` route's answer (names, aliases, titles; accents ignored)."""
    result: list[dict[str, Any]] = lookup_search(store, q, limit=limit)["data"]
    return result


def outlet_profile(store: Store, key: str) -> dict[str, Any]:
    """The ``/outlets/{key}`` route's answer: the outlet and its articles."""
    return lookup_outlet_profile(store, key)


def article_page(store: Store, key: str) -> dict[str, Any]:
    """The ``/articles/{key}`` route's answer plus the nodes its edges point to."""
    data = article_detail(store, key)
    others = {e["target"] for e in data["edges_out"]} | {e["source"] for e in data["edges_in"]}
    nodes = store.get_nodes(others)
    owners = store.get_nodes({n.outlet for n in nodes.values() if n.outlet})
    data["neighbours"] = {k: node_json(n, owners) for k, n in nodes.items()}
    return data


def outlet_node(store: Store, key: str) -> dict[str, Any] | None:
    """One outlet's wire shape (drawn even when no flow touches it yet)."""
    node = store.get_node(key)
    return node.to_json() if node else None


def outlet_key(store: Store, ref: str) -> str:
    """The outlet a user means by ``ref`` (an outlet, or an article's publisher)."""
    for node in store.resolve(ref):
        if node.kind is NodeKind.OUTLET:
            return node.key
        if node.outlet:
            return node.outlet
    raise NotFound(f"{ref!r} names no outlet")


def shared(store: Store, outlet: str | None = None) -> dict[str, Any]:
    """``shared_links``: shared-infrastructure links (of one outlet key, or all)."""
    return shared_links(store, [outlet] if outlet else None)


def operators(store: Store, key: str) -> OperatorsOut:
    """The ``/outlets/{key}/infrastructure`` route's answer."""
    return infrastructure_operators(store, key)

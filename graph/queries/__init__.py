"""Queries over any store: paths, amplification cascades, the outlet graph and lookups.

Every function takes a :class:`~graph.store.Store` first, so the same call works in a
notebook, the CLI and the API, on either backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports
from graph.limits import MAX_HOPS

if TYPE_CHECKING:
    from graph.queries.amplification import AmplificationOptions, amplification
    from graph.queries.flow import FlowOptions
    from graph.queries.infrastructure import OperatorsOut, operators
    from graph.queries.lookup import (
        article_detail,
        autocomplete,
        list_nodes,
        outlet_profile,
        search,
    )
    from graph.queries.outlet_graph import outlet_graph
    from graph.queries.paths import PathOptions, find_paths

__all__ = [
    "MAX_HOPS",
    "AmplificationOptions",
    "FlowOptions",
    "OperatorsOut",
    "PathOptions",
    "amplification",
    "article_detail",
    "autocomplete",
    "find_paths",
    "list_nodes",
    "operators",
    "outlet_graph",
    "outlet_profile",
    "search",
]

# Each query's module is loaded on first use (PEP 562): a command that runs one query
# should not pay for importing the others (ARCHITECTURE.md, "Start-up").
_HOMES = {
    "AmplificationOptions": "amplification",
    "amplification": "amplification",
    "FlowOptions": "flow",
    "OperatorsOut": "infrastructure",
    "operators": "infrastructure",
    "article_detail": "lookup",
    "autocomplete": "lookup",
    "list_nodes": "lookup",
    "outlet_profile": "lookup",
    "search": "lookup",
    "outlet_graph": "outlet_graph",
    "PathOptions": "paths",
    "find_paths": "paths",
}


__getattr__ = lazy_exports(__name__, _HOMES)

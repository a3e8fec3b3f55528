"""Queries over any store: paths, amplification cascades, the outlet graph and lookups.

Every function takes a :class:`~graph.store.Store` first, so the same call works in a
notebook, the CLI and the API, on either backend.
"""

from graph.limits import MAX_HOPS
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

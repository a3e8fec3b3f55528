"""Queries over any store: paths, amplification cascades, and whole-graph export."""

from graph.queries.amplification import AmplificationOptions, amplification
from graph.queries.outlet_graph import outlet_graph
from graph.queries.paths import PathOptions, find_paths

__all__ = ["AmplificationOptions", "PathOptions", "amplification", "find_paths", "outlet_graph"]

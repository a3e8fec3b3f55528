"""Bounds the query interfaces enforce (CLI options, API parameters, the queries).

Kept apart from the query modules, which import networkx and the stores, so that a
command can declare its options without loading them.
"""

from __future__ import annotations

__all__ = ["MAX_HOPS", "MAX_PATHS"]

MAX_HOPS = 10
"""The most hops any query follows. Beyond ten hops a "chain" is mostly noise, and the
search space grows exponentially with the hops; the API answers 422 above the cap."""

MAX_PATHS = 20
"""The most alternative paths one path query returns."""

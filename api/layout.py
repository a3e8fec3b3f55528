"""Server-side layouts for the views: positions computed once, sent to the browser.

With pyvis's default physics a 1,000-node graph takes minutes to settle in a browser;
positions computed here (layers, or igraph's force layouts) draw at once with physics
off. Coordinates are in vis-network canvas pixels, spaced so that labels of
neighbouring nodes do not overlap at the default zoom.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

import igraph

__all__ = ["COLUMN", "ROW", "force", "layered"]

Position = tuple[float, float]

# A column is wider than the widest label (labels are capped at 150 px) and a row
# taller than a label line, so layered layouts never overlap.
COLUMN = 230.0
ROW = 70.0


def layered(layers: Mapping[str, float], edges: Iterable[tuple[str, str]]) -> dict[str, Position]:
    """Place each node in the column of its layer, ordered to limit edge crossings.

    ``layers`` maps a node to its (integer or fractional) layer: hop depth, or a time
    bucket. Within a column nodes are sorted by the mean row of their upstream
    neighbours (one barycentre sweep), then centred vertically.
    """
    upstream: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a in layers and b in layers:
            upstream[b].append(a)
    columns: dict[float, list[str]] = defaultdict(list)
    for key, layer in layers.items():
        columns[layer].append(key)
    rows: dict[str, float] = {}
    positions: dict[str, Position] = {}
    for index, layer in enumerate(sorted(columns)):
        members = columns[layer]

        def barycentre(key: str) -> tuple[float, str]:
            ups = [rows[u] for u in upstream[key] if u in rows]
            return (sum(ups) / len(ups) if ups else math.inf, key)

        members.sort(key=barycentre)
        for i, key in enumerate(members):
            rows[key] = i - (len(members) - 1) / 2
            positions[key] = (index * COLUMN, rows[key] * ROW)
    return positions


def force(
    keys: list[str], edges: Iterable[tuple[str, str]], *, spacing: float = 160.0, seed: int = 7
) -> dict[str, Position]:
    """igraph force-directed layout, scaled to about ``spacing`` px per node.

    Fruchterman-Reingold (grid-accelerated) up to a few thousand nodes, DrL above:
    both lay out 10,000 nodes in seconds where networkx takes minutes.
    """
    if not keys:
        return {}
    if len(keys) == 1:
        return {keys[0]: (0.0, 0.0)}
    index = {k: i for i, k in enumerate(keys)}
    pairs = sorted({(index[a], index[b]) for a, b in edges if a in index and b in index})
    graph = igraph.Graph(n=len(keys), edges=pairs, directed=False)
    import random

    random.seed(seed)  # igraph draws its start positions from Python's RNG
    if len(keys) > 3000:
        coords = graph.layout_drl().coords
    else:
        coords = graph.layout_fruchterman_reingold(niter=500, grid="auto").coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    width = (max(xs) - min(xs)) or 1.0
    height = (max(ys) - min(ys)) or 1.0
    scale = math.sqrt(len(keys) * spacing * spacing / (width * height))
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {k: ((coords[i][0] - cx) * scale, (coords[i][1] - cy) * scale) for k, i in index.items()}


def by_key(positions: Mapping[Hashable, Position]) -> dict[str, Position]:
    return {str(k): v for k, v in positions.items()}

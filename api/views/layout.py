"""Server-side layouts for the views: positions computed once, sent to the browser.

With pyvis's default physics a 1,000-node graph takes minutes to settle in a browser;
positions computed here (layers, or igraph's force layouts) draw at once with physics
off. Coordinates are in vis-network canvas pixels, spaced so that labels of
neighbouring nodes do not overlap at the default zoom.
"""

from __future__ import annotations

import math
import random
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import igraph

__all__ = ["COLUMN", "ROW", "force", "layered", "longest_path", "remove_overlaps"]

Position = tuple[float, float]

# A column is wider than the widest label (labels are capped at 150 px) and a row
# taller than a label line, so layered layouts never overlap.
COLUMN = 230.0
ROW = 70.0

_IGRAPH_RNG = threading.Lock()


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
    """igraph force-directed layout, each connected component packed next to the others.

    Fruchterman-Reingold, grid-accelerated above a few hundred nodes: 10,000 nodes in
    about 2 s where networkx's spring_layout takes minutes. A force layout pushes
    separate components far apart, so the default zoom would shrink everything; each
    component is laid out on its own, scaled to about ``spacing`` px per node, and the
    components are packed in rows, largest first.
    """
    import igraph  # half a second of start-up (it loads matplotlib): only when drawing

    if not keys:
        return {}
    index = {k: i for i, k in enumerate(keys)}
    pairs = sorted({(index[a], index[b]) for a, b in edges if a in index and b in index})
    graph = igraph.Graph(n=len(keys), edges=pairs, directed=False)
    # igraph draws start positions and every step's jitter from its generator, by
    # default Python's global one. Seeding that before each layout still gave another
    # layout in another thread (the server draws views in worker threads), so the same
    # graph came out differently from request to request. A generator of its own per
    # layout, under a lock (igraph's generator is process-wide), makes the layout a
    # function of the graph alone.
    boxes = []
    with _IGRAPH_RNG:
        igraph.set_random_number_generator(random.Random(seed))
        for members in sorted(graph.connected_components(), key=lambda c: (-len(c), c[0])):
            boxes.append(_component(graph.subgraph(members), members, spacing))
    area = sum((w + spacing) * (h + spacing) for _, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.3, boxes[0][1] + spacing)
    positions: dict[str, Position] = {}
    x = y = row_height = 0.0
    for coords, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + spacing, 0.0
        for i, (cx, cy) in coords.items():
            positions[keys[i]] = (x + cx, y + cy)
        x += w + spacing
        row_height = max(row_height, h)
    return positions


def _component(
    graph: igraph.Graph, members: list[int], spacing: float
) -> tuple[dict[int, Position], float, float]:
    """One component's layout, shifted to start at (0, 0), with its width and height."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}, 0.0, 0.0
    small = len(members) <= 300
    coords = graph.layout_fruchterman_reingold(
        niter=500 if small else 300, grid="nogrid" if small else "grid"
    ).coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = spacing * math.sqrt(len(members)) / extent
    placed = {
        m: ((coords[i][0] - min(xs)) * scale, (coords[i][1] - min(ys)) * scale)
        for i, m in enumerate(members)
    }
    return placed, (max(xs) - min(xs)) * scale, (max(ys) - min(ys)) * scale


def longest_path(keys: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Layer = the longest chain of hops leading to the node, so every edge points right.

    Hop depth (shortest distance from the source) puts a republisher of a republisher
    in the same column as its source when both are one hop from the origin; the edge
    between them then runs vertically through labels. Cycles (rare: two articles citing
    each other) are broken by ignoring the edges that close them.
    """
    import igraph

    graph = igraph.Graph(directed=True)
    names = list(dict.fromkeys(keys))
    index = {k: i for i, k in enumerate(names)}
    graph.add_vertices(len(names))
    pairs = [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b]
    graph.add_edges(sorted(set(pairs)))
    if not graph.is_dag():
        graph.delete_edges(graph.feedback_arc_set())
    layer = [0] * len(names)
    for v in graph.topological_sorting():
        for w in graph.successors(v):
            layer[w] = max(layer[w], layer[v] + 1)
    return {k: layer[i] for k, i in index.items()}


def remove_overlaps(
    positions: dict[str, Position],
    sizes: Mapping[str, tuple[float, float]],
    *,
    gap: float = 12.0,
    rounds: int = 60,
) -> dict[str, Position]:
    """Push apart nodes whose label boxes (width, height) overlap, for small graphs.

    Force layouts place connected nodes close; boxed labels then cover each other.
    Each round moves both nodes of every overlapping pair apart along the axis that
    needs the smaller move. Quadratic: meant for the few hundred nodes that show labels.
    """
    pos = {k: list(v) for k, v in positions.items()}
    keys = sorted(pos)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(keys):
            wa, ha = sizes[a]
            for b in keys[i + 1 :]:
                wb, hb = sizes[b]
                dx = pos[b][0] - pos[a][0]
                dy = pos[b][1] - pos[a][1]
                ox = (wa + wb) / 2 + gap - abs(dx)
                oy = (ha + hb) / 2 + gap - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox < oy:
                    step = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                    pos[a][0] -= step
                    pos[b][0] += step
                else:
                    step = (oy / 2 + 0.5) * (1 if dy >= 0 else -1)
                    pos[a][1] -= step
                    pos[b][1] += step
        if not moved:
            break
    return {k: (v[0], v[1]) for k, v in pos.items()}

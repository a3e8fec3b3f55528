"""The static SVG of a view, for PDFs: same positions, colours and legend as the page."""

from __future__ import annotations

import math

from api.views.html import TEMPLATES
from api.views.model import (
    LABELS_AT_FIT,
    View,
    edge_undirected,
    line_style,
    node_colour,
    node_label,
    tooltip,
    view_legend,
)
from graph.schema import EDGE_SPECS, EdgeKind

__all__ = ["render_svg"]

_DASHARRAY = {"solid": None, "dashed": "5 3", "dotted": "2 6"}


def render_svg(view: View) -> str:
    """A static SVG of the same drawing (same positions, colours, legend) for PDFs."""
    margin = 40.0
    xs = [p[0] for p in view.positions.values()] or [0.0]
    ys = [p[1] for p in view.positions.values()] or [0.0]
    legend = view_legend(view)
    legend_rows = len(legend["kinds"]) + len(legend["relations"]) + len(legend["notes"])
    top = margin + 18 * (legend_rows + 2)
    width = max(xs) - min(xs) + 2 * margin + 160
    height = max(ys) - min(ys) + top + margin + 30
    ox, oy = margin + 80 - min(xs), top - min(ys)
    large = len(view.nodes) > LABELS_AT_FIT
    pos = {k: (x + ox, y + oy) for k, (x, y) in view.positions.items()}
    shapes = [
        {
            "x": round(pos[k][0], 1),
            "y": round(pos[k][1], 1),
            "r": 4 if large else 9,
            "colour": node_colour(n),
            "label": "" if large else node_label(n),
            "title": tooltip(n),
        }
        for k, n in view.nodes.items()
        if k in pos
    ]
    lines = []
    for e in view.edges:
        if e["from"] not in pos or e["to"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        cut = 6 if large else 12  # stop at the target's rim so the arrow head shows
        kind = EdgeKind.parse(e["type"])
        lines.append(
            {
                "x1": round(x1, 1),
                "y1": round(y1, 1),
                "x2": round(x2 - (x2 - x1) * cut / length, 1),
                "y2": round(y2 - (y2 - y1) * cut / length, 1),
                "relation": kind.wire,
                "colour": EDGE_SPECS[kind].colour,
                "dasharray": _DASHARRAY[line_style(EDGE_SPECS[kind].dashes)],
                "directed": EDGE_SPECS[kind].directed,
                "undirected": edge_undirected(e),
            }
        )
    return TEMPLATES.get_template("view.svg").render(
        view=view,
        width=round(width),
        height=round(height),
        nodes=shapes,
        edges=lines,
        legend=legend,
        relations=sorted({line["relation"] for line in lines}),
        colours={k.wire: s.colour for k, s in EDGE_SPECS.items()},
    )

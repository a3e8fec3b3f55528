"""What a view is (:class:`View`) and how its nodes look: colours, labels, legend."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from graph.results import dump
from graph.schema import (
    EDGE_SPECS,
    NODE_SPECS,
    OUTLET_KIND_COLOURS,
    EdgeDirection,
    EdgeKind,
    NodeKind,
    OutletKind,
)

__all__ = [
    "LABELS_AT_FIT",
    "LABEL_CHARS",
    "Record",
    "View",
    "edge_undirected",
    "label_box",
    "node_colour",
    "node_details",
    "node_label",
    "record",
    "tooltip",
    "view_legend",
]

# Above this many nodes labels are drawn only once the reader zooms in, and nodes
# become plain dots (boxes sized by their label are slow and unreadable by the
# thousand).
LABELS_AT_FIT = 250
LABEL_CHARS = 28

# A node or an edge as the page draws it: the JSON document of a query result's node
# or hop (plus what a builder adds: depth, article counts), read by view.js.
Record = dict[str, Any]
_UNKNOWN = OutletKind.UNKNOWN.value
# Nodes coloured by their outlet's kind; other kinds by their own colour.
_BY_OUTLET = (NodeKind.ARTICLE.value, NodeKind.OUTLET.value)


def record(result: BaseModel) -> Record:
    """The drawable record of a node or hop result: its JSON document, as the API has it."""
    data: Record = dump(result)
    return data


@dataclass
class View:
    """A drawable graph: nodes and flow-ordered edges (``from`` is upstream)."""

    kind: str
    title: str
    subtitle: str
    nodes: dict[str, Record]
    edges: list[Record]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    time_filter: bool = False
    # Label each node with its publication day (the time layout's x axis).
    dated_labels: bool = False
    notes: list[str] = field(default_factory=list)

    def _repr_html_(self) -> str:
        """The interactive page in an iframe, for Jupyter: inside it the page keeps its
        own CSP, and its scripts run whether or not the notebook is trusted."""
        from api.views.html import render_html  # html.py imports this module

        page = render_html(self, embed=True)
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" width="100%" height="520" '
            f'style="border:0" title="{html.escape(self.title)}"></iframe>'
        )


# --------------------------------------------------------------------------- looks


def node_colour(node: Record) -> str:
    """Articles and outlets by outlet kind (the schema's palette); actors by node kind."""
    kind = node.get("kind", NodeKind.ARTICLE.value)
    if kind in _BY_OUTLET:
        try:
            return OUTLET_KIND_COLOURS[OutletKind(node.get("outlet_kind") or _UNKNOWN)]
        except ValueError:
            return OUTLET_KIND_COLOURS[OutletKind.UNKNOWN]
    return NODE_SPECS[NodeKind(kind)].colour


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def node_label(node: Record) -> str:
    if node.get("kind") == NodeKind.ARTICLE.value:
        outlet = node.get("outlet") or node.get("domain") or "?"
        lang = node.get("language")
        return _short(str(outlet)) + (f" ({lang})" if lang else "")
    return _short(str(node.get("name") or node.get("key")))


def label_box(node: Record, *, small: bool) -> tuple[float, float]:
    """Approximate width and height (px) a node and its label take at zoom 1."""
    text = node_label(node)
    lines = 1 if len(text) * 7.5 <= 150 else 2
    width = min(len(text) * 7.5, 150) + (20 if small else 0)
    return (max(width, 24.0), 20.0 + 18 * lines)


def tooltip(node: Record) -> str:
    # Plain text on purpose: vis-network 9 shows string titles as text, so escaping
    # here would print entities; tests/api/test_browser.py hovers a hostile title.
    lines = [
        str(node.get("title") or node.get("name") or node["key"]),
        str(node.get("outlet") or ""),
        str(node.get("published") or "")[:10],
        str(node.get("url") or ""),
    ]
    if node.get("articles"):
        lines.append(f"{node['articles']} article(s)")
    if node.get("stub"):
        lines.append("stub: known only from a citation")
    return "\n".join(x for x in lines if x)


def node_details(node: Record) -> Record:
    """What the click panel shows for a node (all rendered as text by view.js)."""
    keep = ("key", "kind", "name", "title", "url", "outlet", "outlet_key", "outlet_kind")
    out = {k: node[k] for k in keep if node.get(k)}
    for k in ("language", "published", "domain", "country", "articles", "depth", "stub"):
        if node.get(k) not in (None, "", []):
            out[k] = node[k]
    return out


def edge_undirected(edge: dict[str, Any]) -> bool:
    """Whether a drawn edge is a hop of unknown direction (drawn without an arrowhead)."""
    return bool(edge.get("direction") == EdgeDirection.UNKNOWN)


def view_legend(view: View) -> dict[str, list[dict[str, str]]]:
    present = {
        (
            n.get("outlet_kind") or _UNKNOWN
            if n.get("kind", NodeKind.ARTICLE.value) in _BY_OUTLET
            else n["kind"]
        )
        for n in view.nodes.values()
    }
    kinds = [
        {"name": k.value.replace("_", " "), "colour": c}
        for k, c in OUTLET_KIND_COLOURS.items()
        if k.value in present
    ]
    kinds += [
        {"name": k.value.lower(), "colour": NODE_SPECS[k].colour}
        for k in NodeKind
        if k.value in present
    ]
    wires = {EdgeKind.parse(e["type"]).wire for e in view.edges}
    relations = [
        {
            "name": k.wire,
            "colour": EDGE_SPECS[k].colour,
            "style": line_style(EDGE_SPECS[k].dashes),
            "arrow": "→" if EDGE_SPECS[k].directed else "—",
        }
        for k in EdgeKind
        if k.wire in wires
    ]
    notes = []
    if any(edge_undirected(e) for e in view.edges):
        notes.append({"name": "no arrowhead: direction unknown (undated text reuse)"})
    return {"kinds": kinds, "relations": relations, "notes": notes}


def line_style(dashes: bool | tuple[int, ...]) -> str:
    """The CSS border style (and SVG dash) name of a relation's line: solid, dashed,
    or dotted for a pattern (a symmetric relation's own style)."""
    if isinstance(dashes, tuple):
        return "dotted"
    return "dashed" if dashes else "solid"

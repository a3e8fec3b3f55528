"""Interactive HTML views (pyvis / vis-network), self-contained and offline.

pyvis's in-line mode still links Bootstrap from a CDN; those tags are removed, so the
page makes no external request. Data reaches the page through pyvis's ``tojson``
(which escapes ``<``, ``>`` and ``&``, so no text can close the script); the bundled
vis-network shows string tooltips as text, and the evidence panel uses
``textContent``. The legend is the only HTML built here, and it escapes its text.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from typing import Any

from pyvis.network import Network

from graph.schema import EDGE_SPECS, NODE_SPECS, OUTLET_KIND_COLOURS, EdgeKind, NodeKind, OutletKind

__all__ = ["amplification_view", "outlet_graph_view", "path_view"]

_REMOTE_TAG = re.compile(
    r"<(?:link|script)[^>]+(?:href|src)=\"https?://[^\"]+\"[^>]*>(?:\s*</script>)?", re.I
)


def _kind_colour(node: dict[str, Any]) -> str:
    kind = node.get("outlet_kind") or "unknown"
    try:
        return OUTLET_KIND_COLOURS[OutletKind(kind)]
    except ValueError:
        return OUTLET_KIND_COLOURS[OutletKind.UNKNOWN]


def _label(node: dict[str, Any]) -> str:
    if node["kind"] == NodeKind.ARTICLE.value:
        outlet = node.get("outlet") or "?"
        lang = node.get("language") or "?"
        return f"{outlet} ({lang})"
    return str(node["name"])


def _tooltip(node: dict[str, Any]) -> str:
    lines = [node.get("title") or node["name"], node.get("url") or "", node.get("published") or ""]
    if node.get("stub"):
        lines.append("stub: known only from a citation")
    # Plain text on purpose: the bundled vis-network renders string titles as text
    # (tests/test_browser.py checks that a hostile title shows literally), so escaping
    # here would print "&#x27;" for every apostrophe.
    return "\n".join(x for x in lines if x)


def _legend(kinds: set[str], types: set[str]) -> str:
    items = [
        f'<span class="sw" style="background:{OUTLET_KIND_COLOURS[k]}"></span>'
        f"{html.escape(k.value)}"
        for k in OutletKind
        if k.value in kinds
    ]
    items += [
        f'<span class="ln" style="border-color:{EDGE_SPECS[t].colour};'
        f'border-style:{"dashed" if EDGE_SPECS[t].dashes else "solid"}"></span>{t.wire}'
        for t in EdgeKind
        if t.wire in types
    ]
    return "<br>".join(items)


# Legend, evidence panel and the physics switch-off, appended to pyvis's page.
_PANEL = resources.files("api").joinpath("static/view_panel.html").read_text("utf-8")


def _render(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], *, title: str, embed: bool
) -> str:
    net = Network(
        height="100vh" if embed else "92vh",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        notebook=False,
    )
    kinds: set[str] = set()
    for node in nodes:
        spec = NODE_SPECS[NodeKind(node["kind"])]
        colour = _kind_colour(node) if node["kind"] in ("Article", "Outlet") else spec.colour
        kinds.add(node.get("outlet_kind") or "unknown")
        net.add_node(
            node["key"],
            label=_label(node),
            title=_tooltip(node),
            color=colour,
            shape=spec.shape,
            borderWidth=3 if node.get("depth") == 0 else 1,
            shapeProperties={"borderDashes": bool(node.get("stub"))},
        )
    types: set[str] = set()
    for edge in edges:
        kind = EdgeKind.parse(edge["type"])
        edge_spec = EDGE_SPECS[kind]
        types.add(kind.wire)
        net.add_edge(
            edge["from"],
            edge["to"],
            color=edge_spec.colour,
            dashes=edge_spec.dashes,
            title=kind.wire,
            relation=kind.wire,
            confidence=edge.get("confidence", ""),
            evidence_json=json.dumps(edge.get("evidence", []), ensure_ascii=False),
            width=1 + 2 * float(edge.get("confidence") or 0.5),
        )
    net.set_options(
        json.dumps(
            {
                "physics": {
                    "stabilization": {"iterations": 200},
                    "barnesHut": {"springLength": 160},
                },
                "edges": {"arrows": {"to": {"enabled": True}}, "smooth": {"type": "dynamic"}},
                "interaction": {"hover": True, "tooltipDelay": 150},
            }
        )
    )
    page = _REMOTE_TAG.sub("", net.generate_html())
    panel = _PANEL.replace("__LEGEND__", _legend(kinds, types)).replace(
        "__TITLE__", json.dumps(title)
    )
    if embed:
        panel = panel.replace('<div id="cg-head">', '<div id="cg-head" style="display:none">')
    return page.replace("</body>", panel + "</body>", 1)


def path_view(result: dict[str, Any], *, embed: bool = False) -> str:
    """Return the HTML page drawing the paths of a ``find_paths`` result."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for p in result["paths"]:
        for i, node in enumerate(p["nodes"]):
            nodes.setdefault(node["key"], node | {"depth": i})
        for hop in p["hops"]:
            edges[(hop["from"], hop["to"])] = hop
    title = (
        f"{result['origin']['name']} ⇒ {result['destination']['name']}: "
        f"{len(result['paths'])} path(s)"
    )
    return _render(list(nodes.values()), list(edges.values()), title=title, embed=embed)


def amplification_view(
    result: dict[str, Any], cascade_edges: list[dict[str, Any]], *, embed: bool = False
) -> str:
    """Return the HTML page drawing an amplification cascade."""
    source = result["source"] | {"depth": 0}
    nodes = [source, *result["articles"]]
    keys = {n["key"] for n in nodes}
    edges = [e for e in cascade_edges if e["from"] in keys and e["to"] in keys]
    title = f"Amplification of {source['name']}: {result['size']} articles, depth {result['depth']}"
    return _render(nodes, edges, title=title, embed=embed)


def outlet_graph_view(result: dict[str, Any], *, embed: bool = False) -> str:
    """Return the HTML page drawing the outlet graph (edge width = number of articles)."""
    nodes = [o | {"outlet_kind": o.get("outlet_kind", "unknown")} for o in result["outlets"]]
    edges = []
    for e in result["edges"]:
        # Draw the relation that carries the most content: a copy beats a citation.
        dominant = max(
            e["types"], key=lambda t: (EDGE_SPECS[EdgeKind.parse(t)].flow_weight, e["types"][t])
        )
        edges.append(
            {
                "from": e["from"],
                "to": e["to"],
                "type": dominant,
                "confidence": min(1.0, 0.3 + 0.2 * e["count"]),
                "evidence": [
                    {
                        "text": f"{n} {t} edge(s)",
                        "start": 0,
                        "end": 0,
                        "document": "aggregate",
                        "method": "aggregate",
                    }
                    for t, n in e["types"].items()
                ],
            }
        )
    return _render(nodes, edges, title="Outlet graph: who carries whose content", embed=embed)

"""Interactive HTML views (vis-network via pyvis), self-contained, offline and escaped.

pyvis builds the node and edge records; the page comes from our own Jinja template
(autoescaped) because pyvis 0.3.2's template links Bootstrap and vis-network from
CDNs, renders ``heading`` unescaped and switches to an ``innerHTML`` popup when a
title contains "href". The template inlines the vis-network 9.1.2 build shipped in
the pinned pyvis wheel, so a view opens from disk, from an email or in an iframe with
no network. Graph data travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped; the page's own script fills every panel
with ``textContent``. Positions are computed here (api/layout.py) and physics is off,
so even large graphs are interactive at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.edge import Edge as PyvisEdge
from pyvis.node import Node as PyvisNode

from api import layout
from graph.schema import EDGE_SPECS, NODE_SPECS, OUTLET_KIND_COLOURS, EdgeKind, NodeKind, OutletKind

__all__ = [
    "TEMPLATES",
    "VIEW_CSP",
    "View",
    "cascade",
    "neighbourhood",
    "overview",
    "path",
    "render_html",
    "render_svg",
]

# Above this many nodes labels are drawn only once the reader zooms in, and nodes
# become plain dots (boxes sized by their label are slow and unreadable by the
# thousand).
LABELS_AT_FIT = 250
# Above this many nodes arrowheads are drawn only once zoomed in past ARROWS_FROM_SCALE:
# at the zoom that fits thousands of nodes they are sub-pixel, yet placing them costs
# a large share of the first frame.
ARROWS_DEFERRED_ABOVE = 5000  # nodes
ARROWS_FROM_SCALE = 0.35
# A cascade with more articles than this is drawn as outlets (one node per outlet).
AGGREGATE_ABOVE = 1500
LABEL_CHARS = 28

TEMPLATES = Environment(
    loader=PackageLoader("api", "templates"),
    autoescape=select_autoescape(["html", "svg", "xml"], default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _pyvis_asset(name: str) -> str:
    return (
        resources.files("pyvis")
        .joinpath(f"templates/lib/vis-9.1.2/{name}")
        .read_text(encoding="utf-8")
    )


def _static(name: str) -> str:
    return resources.files("api").joinpath(f"static/{name}").read_text(encoding="utf-8")


_VIS_JS = _pyvis_asset("vis-network.min.js")
_VIS_CSS = _pyvis_asset("vis-network.css")
_VIEW_JS = _static("view.js")
_VIEW_CSS = _static("view.css")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# The only scripts a view runs are the two inline blocks below, pinned by hash; the
# data block is JSON, which CSP does not execute. Styles may be inline (vis-network
# sets element styles); images only from data: URIs (vis-network's CSS icons).
VIEW_CSP = (
    "default-src 'none'; "
    f"script-src {_sha256(_VIS_JS)} {_sha256(_VIEW_JS)}; "
    "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


@dataclass
class View:
    """A drawable graph: nodes and flow-ordered edges (``from`` is upstream)."""

    kind: str
    title: str
    subtitle: str
    nodes: dict[str, dict[str, Any]]
    edges: list[dict[str, Any]]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    time_filter: bool = False
    # Label each node with its publication day (the time layout's x axis).
    dated_labels: bool = False
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- looks


def node_colour(node: dict[str, Any]) -> str:
    """Articles and outlets by outlet kind (the schema's palette); actors by node kind."""
    kind = node.get("kind", NodeKind.ARTICLE.value)
    if kind in (NodeKind.ARTICLE.value, NodeKind.OUTLET.value):
        try:
            return OUTLET_KIND_COLOURS[OutletKind(node.get("outlet_kind") or "unknown")]
        except ValueError:
            return OUTLET_KIND_COLOURS[OutletKind.UNKNOWN]
    return NODE_SPECS[NodeKind(kind)].colour


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def node_label(node: dict[str, Any]) -> str:
    if node.get("kind") == NodeKind.ARTICLE.value:
        outlet = node.get("outlet") or node.get("domain") or "?"
        lang = node.get("language")
        return _short(str(outlet)) + (f" ({lang})" if lang else "")
    return _short(str(node.get("name") or node.get("key")))


def label_box(node: dict[str, Any], *, small: bool) -> tuple[float, float]:
    """Approximate width and height (px) a node and its label take at zoom 1."""
    text = node_label(node)
    lines = 1 if len(text) * 7.5 <= 150 else 2
    width = min(len(text) * 7.5, 150) + (20 if small else 0)
    return (max(width, 24.0), 20.0 + 18 * lines)


def _tooltip(node: dict[str, Any]) -> str:
    # Plain text on purpose: vis-network 9 shows string titles as text, so escaping
    # here would print entities; tests/test_browser.py hovers a hostile title.
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


def _details(node: dict[str, Any]) -> dict[str, Any]:
    """What the click panel shows for a node (all rendered as text by view.js)."""
    keep = ("key", "kind", "name", "title", "url", "outlet", "outlet_key", "outlet_kind")
    out = {k: node[k] for k in keep if node.get(k)}
    for k in ("language", "published", "domain", "country", "articles", "depth", "stub"):
        if node.get(k) not in (None, "", []):
            out[k] = node[k]
    return out


# ------------------------------------------------------------------------- builders


def path(result: dict[str, Any]) -> View:
    """The paths of a ``find_paths`` result, origin on the left."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    depth: dict[str, int] = {}
    for p in result["paths"]:
        for i, node in enumerate(p["nodes"]):
            nodes.setdefault(node["key"], node)
            depth[node["key"]] = min(depth.get(node["key"], i), i)
        for hop in p["hops"]:
            edges[(hop["from"], hop["to"])] = hop
    for key, d in depth.items():
        nodes[key] = nodes[key] | {"depth": d}
    view = View(
        kind="path",
        title=f"{result['origin']['name']} ⇒ {result['destination']['name']}",
        subtitle=f"{len(result['paths'])} path(s), origin on the left",
        nodes=nodes,
        edges=list(edges.values()),
    )
    if not result["paths"]:
        view.notes.append("No path found with these options.")
    view.positions = layout.layered(layout.longest_path(depth, edges), edges)
    return view


def cascade(
    result: dict[str, Any],
    *,
    by: str = "depth",
    since: str | None = None,
    until: str | None = None,
    aggregate_above: int = AGGREGATE_ABOVE,
) -> View:
    """An amplification cascade, laid out by hop depth or by publication time.

    ``result`` is an amplification result (with ``start_nodes``, see
    api/view_queries.py). ``since``/``until`` (ISO dates) keep the articles published
    in that window; undated ones stay. Above ``aggregate_above`` articles the cascade
    is drawn per outlet.
    """
    nodes: dict[str, dict[str, Any]] = {}
    for n in [*result.get("start_nodes", []), *result["articles"]]:
        nodes.setdefault(n["key"], n)
    if result["source"]["key"] in {e["from"] for e in result["edges"]}:
        nodes.setdefault(result["source"]["key"], result["source"] | {"depth": 0})

    def dated_in(n: dict[str, Any]) -> bool:
        day = str(n.get("published") or "")[:10]
        return not day or n.get("depth") == 0 or ((since or "") <= day <= (until or "9999"))

    nodes = {k: n for k, n in nodes.items() if dated_in(n)}
    edges = [e for e in result["edges"] if e["from"] in nodes and e["to"] in nodes]
    notes = []
    if since or until:
        notes.append(f"Published between {since or 'the start'} and {until or 'now'}.")
    if len(nodes) > aggregate_above:
        nodes, edges = _aggregate(nodes, edges)
        notes.append(f"{result['size']} articles drawn as {len(nodes)} outlets.")
    view = View(
        kind="cascade",
        title=f"Amplification of {result['source']['name']}",
        subtitle=f"{result['size']} articles downstream, depth {result['depth']}, "
        f"laid out by {'publication day' if by == 'time' else 'hops'}",
        nodes=nodes,
        edges=edges,
        time_filter=any(n.get("published") for n in nodes.values()),
        dated_labels=by == "time",
        notes=notes,
    )
    pairs = [(e["from"], e["to"]) for e in edges]
    chain = layout.longest_path(nodes, pairs)
    columns = _time_columns(nodes, chain) if by == "time" else chain
    view.positions = layout.layered(columns, pairs)
    return view


def _time_columns(nodes: dict[str, dict[str, Any]], chain: dict[str, int]) -> dict[str, float]:
    """Columns in day order (undated nodes first); within a day, by position in the chain.

    A day with a copy of a copy gets two columns, so edges within a day still point
    right instead of running vertically through labels.
    """
    days = sorted({str(n.get("published"))[:10] for n in nodes.values() if n.get("published")})
    column = {d: i + 1 for i, d in enumerate(days)}
    return {
        k: column.get(str(n.get("published") or "")[:10], 0) + min(chain.get(k, 0), 999) / 1000
        for k, n in nodes.items()
    }


def _aggregate(
    nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Collapse articles into their outlets; edges count the article hops they carry."""
    owner = {k: n.get("outlet_key") or n.get("outlet") or k for k, n in nodes.items()}
    outlets: dict[str, dict[str, Any]] = {}
    for k, n in nodes.items():
        o = owner[k]
        entry = outlets.setdefault(
            o,
            {
                "key": o,
                "kind": NodeKind.OUTLET.value,
                "name": n.get("outlet") or o,
                "outlet_kind": n.get("outlet_kind", "unknown"),
                "depth": n.get("depth", 0),
                "articles": 0,
            },
        )
        entry["articles"] += 1
        entry["depth"] = min(entry["depth"], n.get("depth", 0))
    return outlets, _merge_edges(
        [e | {"from": owner[e["from"]], "to": owner[e["to"]]} for e in edges]
    )


def _merge_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One edge per outlet pair, typed by the relation that carries the most content."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in edges:
        if e["from"] != e["to"]:
            groups[(e["from"], e["to"])].append(e)
    merged = []
    for (a, b), group in sorted(groups.items()):
        counts: dict[str, int] = defaultdict(int)
        for e in group:
            counts[e["type"]] += 1
        merged.append(_aggregate_edge(a, b, dict(counts), group[:3]))
    return merged


def _aggregate_edge(
    a: str, b: str, types: dict[str, int], samples: list[dict[str, Any]]
) -> dict[str, Any]:
    dominant = max(types, key=lambda t: (EDGE_SPECS[EdgeKind.parse(t)].flow_weight, types[t]))
    return {
        "from": a,
        "to": b,
        "type": dominant,
        "count": sum(types.values()),
        "types": types,
        "confidence": max((float(s.get("confidence") or 0) for s in samples), default=None),
        "evidence": [ev for s in samples for ev in s.get("evidence", [])[:1]],
    }


def _outlet_nodes(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        o["key"]: o | {"outlet_kind": o.get("outlet_kind", "unknown")} for o in result["outlets"]
    }


def _outlet_edges(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [_aggregate_edge(e["from"], e["to"], e["types"], []) for e in result["edges"]]


def overview(result: dict[str, Any], *, types: set[str] | None = None) -> View:
    """The outlet graph (``outlet_graph`` result), force-directed with igraph."""
    nodes = _outlet_nodes(result)
    edges = [e for e in _outlet_edges(result) if not types or set(e["types"]) & types]
    view = View(
        kind="overview",
        title="Outlet graph",
        subtitle=f"{len(nodes)} outlets, {len(edges)} flows; arrows point where content went",
        nodes=nodes,
        edges=edges,
    )
    positions = layout.force(sorted(nodes), [(e["from"], e["to"]) for e in edges], spacing=200)
    if len(nodes) <= LABELS_AT_FIT:
        positions = layout.remove_overlaps(
            positions, {k: label_box(n, small=True) for k, n in nodes.items()}
        )
    view.positions = positions
    return view


def neighbourhood(
    result: dict[str, Any], key: str, *, hops: int = 1, outlet: dict[str, Any] | None = None
) -> View:
    """An outlet with the outlets it takes from (left) and feeds (right).

    ``outlet`` (the outlet's wire shape) lets an outlet with no flow yet be drawn alone.
    """
    nodes = _outlet_nodes(result)
    if key not in nodes and outlet:
        nodes[key] = outlet | {"outlet_kind": outlet.get("outlet_kind", "unknown")}
    edges = _outlet_edges(result)
    ups: dict[str, list[str]] = defaultdict(list)
    downs: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        downs[e["from"]].append(e["to"])
        ups[e["to"]].append(e["from"])
    column = {key: 0}
    for sign, links in ((-1, ups), (1, downs)):
        frontier = [key]
        for step in range(1, hops + 1):
            nxt = [n for f in frontier for n in links[f] if n not in column]
            for n in nxt:
                column[n] = sign * step
            frontier = nxt
    name = nodes[key]["name"] if key in nodes else key
    kept = {k: nodes[k] | {"depth": abs(c)} for k, c in column.items() if k in nodes}
    view = View(
        kind="outlet",
        title=f"Neighbourhood of {name}",
        subtitle="sources on the left, outlets it feeds on the right",
        nodes=kept,
        edges=[e for e in edges if e["from"] in kept and e["to"] in kept],
    )
    if len(kept) <= 1:
        view.notes.append("No flow to or from this outlet yet.")
    view.positions = layout.layered(
        {k: float(c) for k, c in column.items() if k in kept},
        [(e["from"], e["to"]) for e in view.edges],
    )
    return view


# ------------------------------------------------------------------------ rendering


def _vis_records(view: View) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Node and edge records built with pyvis's own Node/Edge option classes.

    (``Network.add_node``/``add_edge`` check membership in a list, which is
    quadratic: minutes for 10,000 nodes.)
    """
    large = len(view.nodes) > LABELS_AT_FIT
    nodes = []
    for key, n in view.nodes.items():
        kind = NodeKind(n.get("kind", NodeKind.ARTICLE.value))
        shape = "dot" if large or kind is NodeKind.ARTICLE else NODE_SPECS[kind].shape
        x, y = view.positions.get(key, (0.0, 0.0))
        options: dict[str, Any] = {
            "title": _tooltip(n),
            "x": round(x, 1),
            "y": round(y, 1),
            "cg": _details(n),
        }
        # Only what differs from the defaults in _options: vis-network merges every
        # option of every node, which dominates start-up for 10,000 nodes.
        if n.get("articles"):
            options["size"] = round(10 + 4 * math.log2(1 + float(n["articles"])), 1)
        if n.get("depth") == 0:
            options["borderWidth"] = 3
        if n.get("stub"):
            options["shapeProperties"] = {"borderDashes": [4, 3]}
        if n.get("published"):
            options["published"] = str(n["published"])[:10]
        if shape == "box":
            options["font"] = {"color": "#ffffff"}
        nodes.append(
            PyvisNode(key, shape, label=node_label(n), color=node_colour(n), **options).options
        )
    crossing = set() if large else _edges_through_nodes(view)
    deferred = len(view.nodes) > ARROWS_DEFERRED_ABOVE
    edges = []
    for i, e in enumerate(view.edges):
        relation = EdgeKind.parse(e["type"])
        spec = EDGE_SPECS[relation]
        count = int(e.get("count") or 1)
        conf = e.get("confidence")
        width = 1 + 1.5 * math.log2(count) if e.get("count") else 1 + 2 * float(conf or 0.5)
        if large:  # thick strokes cost most of the first frame with tens of thousands
            width = min(width, 2.0)
        tip = relation.wire + (f" · {count} article hop(s)" if e.get("count") else "")
        if conf is not None and not e.get("count"):
            tip += f" · confidence {conf}"
        details = {
            "relation": relation.wire,
            "confidence": conf,
            "review": e.get("review"),
            "edge": e.get("edge"),
            "count": e.get("count"),
            "types": e.get("types"),
            "evidence": e.get("evidence", []),
        }
        edges.append(
            PyvisEdge(
                e["from"],
                e["to"],
                True,
                id=f"e{i}",
                color=spec.colour,
                width=round(width, 2),
                title=tip,
                cg=details,
                **({"dashes": True} if spec.dashes else {}),
                **({"smooth": _CURVED} if i in crossing else {}),
            ).options
        )
        if deferred:
            del edges[-1]["arrows"]  # the global option decides (see view.js)
    return nodes, edges


_CURVED = {"enabled": True, "type": "curvedCW", "roundness": 0.25}


def _edges_through_nodes(view: View) -> set[int]:
    """Edges whose straight line passes over a third node (drawn curved instead)."""
    found = set()
    pos = view.positions
    for i, e in enumerate(view.edges):
        if e["from"] not in pos or e["to"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        length2 = (x2 - x1) ** 2 + (y2 - y1) ** 2 or 1.0
        for key, (x, y) in pos.items():
            if key in (e["from"], e["to"]):
                continue
            t = max(0.0, min(1.0, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / length2))
            if math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1))) < 30:
                found.add(i)
                break
    return found


def _options(view: View) -> dict[str, Any]:
    large = len(view.nodes) > LABELS_AT_FIT
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {
            "smooth": False,
            "arrows": {
                "to": {"enabled": len(view.nodes) <= ARROWS_DEFERRED_ABOVE, "scaleFactor": 0.7}
            },
            "selectionWidth": 2,
        },
        "nodes": {
            "shape": "dot",
            "size": 10,
            "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, sans-serif"},
            "widthConstraint": {"maximum": 150},
            # Labels shrink with the zoom; below this many screen pixels they are not
            # drawn, so a large graph at the default zoom shows no overlapping text.
            "scaling": {"label": {"enabled": False, "drawThreshold": 9 if large else 3}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
    }


def _legend(view: View) -> dict[str, list[dict[str, str]]]:
    present = {
        (
            n.get("outlet_kind") or "unknown"
            if n.get("kind", "Article") in ("Article", "Outlet")
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
            "style": "dashed" if EDGE_SPECS[k].dashes else "solid",
        }
        for k in EdgeKind
        if k.wire in wires
    ]
    return {"kinds": kinds, "relations": relations}


def _data_json(data: dict[str, Any]) -> Markup:
    """JSON safe inside a script element: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_html(
    view: View,
    *,
    embed: bool = False,
    links: dict[str, str] | None = None,
    snippet: str | None = None,
) -> str:
    """The standalone page. ``links`` (served views only) adds download/SVG/explorer links."""
    nodes, edges = _vis_records(view)
    data = {
        "kind": view.kind,
        "nodes": nodes,
        "edges": edges,
        "options": _options(view),
        "timeFilter": view.time_filter,
        "arrowsFromScale": ARROWS_FROM_SCALE if len(view.nodes) > ARROWS_DEFERRED_ABOVE else 0,
        # None: no explorer to link to (a saved file); "" links relative to the server.
        "explorer": links.get("explorer") if links else None,
    }
    return TEMPLATES.get_template("view.html").render(
        view=view,
        embed=embed,
        links=links or {},
        snippet=snippet,
        legend=_legend(view),
        csp=VIEW_CSP,
        vis_css=Markup(_VIS_CSS),
        view_css=Markup(_VIEW_CSS),
        vis_js=Markup(_VIS_JS),
        view_js=Markup(_VIEW_JS),
        data=_data_json(data),
    )


def render_svg(view: View) -> str:
    """A static SVG of the same drawing (same positions, colours, legend) for PDFs."""
    margin = 40.0
    xs = [p[0] for p in view.positions.values()] or [0.0]
    ys = [p[1] for p in view.positions.values()] or [0.0]
    legend = _legend(view)
    legend_rows = len(legend["kinds"]) + len(legend["relations"])
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
            "title": _tooltip(n),
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
                "dashed": EDGE_SPECS[kind].dashes,
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
